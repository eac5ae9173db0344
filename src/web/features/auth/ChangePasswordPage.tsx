import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../api/client.ts';
import { AuthCard } from '../../ui/AuthCard.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { showFieldErrors } from '../../ui/formErrors.ts';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { ME_KEY } from './session.ts';

type Values = { currentPassword: string; newPassword: string; confirm: string };

/** A temporary password must be replaced before anything else (the API refuses all else with 403). */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [extra, setExtra] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  usePageTitle(t('ui.password.title'));

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    setExtra([]);
    try {
      await apiSend('PUT', '/auth/me/password', { currentPassword: values.currentPassword, newPassword: values.newPassword });
      void message.success(t('ui.password.changed'));
      await queryClient.invalidateQueries({ queryKey: ME_KEY });
    } catch (e) {
      setExtra(showFieldErrors(form, e, ['currentPassword', 'newPassword']));
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title={t('ui.password.title')} intro={t('ui.password.intro')}>
      <ErrorAlert error={error} extra={extra} />
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)} name="change-password">
        <Form.Item name="currentPassword" label={t('fields.currentPassword')}
          rules={[{ required: true, message: t('rules.required', { field: t('fields.currentPassword') }) }]}>
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <Form.Item name="newPassword" label={t('fields.newPassword')}
          rules={[
            { required: true, message: t('rules.required', { field: t('fields.newPassword') }) },
            { min: 12, message: t('rules.password_too_short', { field: t('fields.newPassword') }) },
          ]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="confirm" label={t('ui.password.confirm')} dependencies={['newPassword']}
          rules={[
            { required: true, message: t('rules.required', { field: t('ui.password.confirm') }) },
            ({ getFieldValue }) => ({
              validator: (_rule, value) =>
                !value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(t('ui.password.mismatch'))),
            }),
          ]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>{t('ui.password.submit')}</Button>
      </Form>
    </AuthCard>
  );
}
