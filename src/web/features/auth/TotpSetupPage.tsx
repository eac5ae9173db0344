import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Flex, Form, Input, QRCode, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../api/client.ts';
import { AuthCard } from '../../ui/AuthCard.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { showFieldErrors } from '../../ui/formErrors.ts';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { ME_KEY } from './session.ts';

/** A role that requires a second factor: enrol before anything else. */
export function TotpSetupPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ code: string }>();
  const [extra, setExtra] = useState<string[]>([]);
  usePageTitle(t('ui.totp.title'));
  const setup = useQuery({
    queryKey: ['totp-setup'],
    queryFn: () => apiSend<{ secret: string; uri: string }>('POST', '/auth/totp/setup'),
    staleTime: Infinity, retry: false,
  });
  const enable = useMutation({
    mutationFn: (code: string) => apiSend('POST', '/auth/totp/enable', { code }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ME_KEY }),
    onError: (e) => setExtra(showFieldErrors(form, e, ['code'])),
  });

  return (
    <AuthCard title={t('ui.totp.title')} intro={t('ui.totp.intro')}>
      <ErrorAlert error={setup.error ?? enable.error} extra={extra} />
      {setup.isPending ? <PageSpinner /> : setup.data && (
        <Flex vertical align="center" gap={8} style={{ marginBlockEnd: 16 }}>
          <QRCode value={setup.data.uri} aria-label={t('ui.totp.qr')} />
          <Typography.Text type="secondary">{t('ui.totp.secret')}</Typography.Text>
          <Typography.Text code copyable>{setup.data.secret}</Typography.Text>
        </Flex>
      )}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => enable.mutate(v.code)} name="totp">
        <Form.Item name="code" label={t('fields.totpCode')}
          rules={[{ required: true, message: t('rules.required', { field: t('fields.totpCode') }) }]}>
          <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={enable.isPending}>{t('ui.totp.submit')}</Button>
      </Form>
    </AuthCard>
  );
}
