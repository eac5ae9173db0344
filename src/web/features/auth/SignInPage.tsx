import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiSend } from '../../api/client.ts';
import { AuthCard } from '../../ui/AuthCard.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { showFieldErrors } from '../../ui/formErrors.ts';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { switchSession, type Me } from './session.ts';

type Values = { username: string; password: string; totpCode?: string };

export function SignInPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [extra, setExtra] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [needTotp, setNeedTotp] = useState(false);
  const totpRef = useRef<InputRef>(null);
  usePageTitle(t('ui.signIn.title'));

  useEffect(() => {
    if (needTotp) totpRef.current?.focus();
  }, [needTotp]);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    setExtra([]);
    try {
      const me = await apiSend<Me>('POST', '/auth/sign-in', {
        username: values.username, password: values.password, ...(needTotp && values.totpCode ? { totpCode: values.totpCode } : {}),
      });
      switchSession(queryClient, me);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'auth_totp_required') {
        setNeedTotp(true);
      } else {
        setExtra(showFieldErrors(form, e, ['username', 'password', 'totpCode']));
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  const required = (field: 'username' | 'password' | 'totpCode') => ({
    required: true, message: t('rules.required', { field: t(`fields.${field}`) }),
  });

  return (
    <AuthCard title={t('ui.signIn.title')} intro={t('ui.signIn.intro')}>
      <ErrorAlert error={error} extra={extra} />
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)} name="sign-in">
        <Form.Item name="username" label={t('fields.username')} rules={[required('username')]}>
          <Input autoComplete="username" autoFocus autoCapitalize="none" spellCheck={false} />
        </Form.Item>
        <Form.Item name="password" label={t('fields.password')} rules={[required('password')]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        {needTotp && (
          <>
            <Alert type="info" showIcon title={t('ui.signIn.totpHint')} style={{ marginBlockEnd: 16 }} />
            <Form.Item name="totpCode" label={t('fields.totpCode')} rules={[required('totpCode')]}>
              <Input ref={totpRef} autoComplete="one-time-code" inputMode="numeric" maxLength={6} />
            </Form.Item>
          </>
        )}
        <Button type="primary" htmlType="submit" block loading={busy}>{t('ui.signIn.submit')}</Button>
      </Form>
    </AuthCard>
  );
}
