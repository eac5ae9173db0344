import { Alert, Button, Card, Flex, Form, type FormInstance, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { usePageTitle } from '../../../ui/usePageTitle.ts';
import { clearFieldErrors } from '../../../ui/formErrors.ts';

type Props<V> = {
  form: FormInstance<V>;
  name: string;
  title: string;
  intro?: ReactNode;
  initialValues: Partial<V>;
  submit: { label: string; danger?: boolean };
  state: { busy: boolean; error: unknown; extra: string[]; stale: boolean };
  onFinish: (values: V) => void;
  onReload?: () => void;
  cancelTo: string;
  children: ReactNode;
};

/** What the unit forms share: the heading, the API's answers above the fields, Save and Cancel. */
export function UnitFormFrame<V extends object>(p: Props<V>) {
  const { t } = useTranslation();
  usePageTitle(p.title);
  return (
    <article aria-labelledby={`${p.name}-title`} style={{ maxWidth: 760 }}>
      <Typography.Title level={1} id={`${p.name}-title`} style={{ fontSize: 24, marginBlockStart: 0 }}>
        <bdi>{p.title}</bdi>
      </Typography.Title>
      {p.intro && <Typography.Paragraph>{p.intro}</Typography.Paragraph>}
      {p.state.stale && (
        <Alert type="warning" showIcon role="alert" title={t('ui.unitForm.stale')} style={{ marginBlockEnd: 16 }}
          action={p.onReload ? <Button size="small" onClick={p.onReload}>{t('ui.member.reload')}</Button> : undefined} />
      )}
      <ErrorAlert error={p.state.error} extra={p.state.extra} />
      <Form<V> form={p.form} onValuesChange={clearFieldErrors(p.form)} layout="vertical" name={p.name} initialValues={p.initialValues} onFinish={p.onFinish} scrollToFirstError>
        <Card size="small">{p.children}</Card>
        <Flex gap={8} style={{ marginBlockStart: 16 }}>
          <Button type="primary" danger={p.submit.danger} htmlType="submit" loading={p.state.busy}>{p.submit.label}</Button>
          <ButtonLink to={p.cancelTo}>{t('ui.member.cancel')}</ButtonLink>
        </Flex>
      </Form>
    </article>
  );
}
