import { Alert, Button, Card, Flex, Form, Typography, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { clearFieldErrors } from '../../ui/formErrors.ts';
import type { useFormSubmit } from '../../ui/useFormSubmit.ts';

/**
 * The page of one command on a member's record (void the latest event, end an exemption): the
 * title, what the command acts on, an optional warning, the form in a card, and submit / back
 * to the member's timeline.
 */
export function MemberCommandFrame<V extends object>(
  { name, title, intro, warning, form, state, onFinish, initialValues, submit, danger = false, memberId, children }: {
    name: string; title: string; intro: ReactNode; warning?: string; form: FormInstance<V>;
    state: ReturnType<typeof useFormSubmit>; onFinish: (values: V) => void; initialValues?: Partial<V>;
    submit: string; danger?: boolean; memberId: number; children: ReactNode;
  },
) {
  const { t } = useTranslation();
  const titleId = `${name}-title`;
  return (
    <article aria-labelledby={titleId} style={{ maxWidth: 760 }}>
      <Typography.Title level={1} id={titleId} style={{ fontSize: 24, marginBlockStart: 0 }}><bdi>{title}</bdi></Typography.Title>
      {intro}
      {warning && <Alert type="warning" showIcon title={warning} style={{ marginBlockEnd: 16 }} />}
      <ErrorAlert error={state.error} extra={state.extra} />
      <Form<V> form={form} onValuesChange={clearFieldErrors(form)} layout="vertical" name={name} onFinish={onFinish} scrollToFirstError
        {...(initialValues ? { initialValues } : {})}>
        <Card size="small">{children}</Card>
        <Flex gap={8} style={{ marginBlockStart: 16 }}>
          <Button type="primary" danger={danger} htmlType="submit" loading={state.busy}>{submit}</Button>
          <ButtonLink to={`/members/${memberId}/timeline`}>{t('ui.member.cancel')}</ButtonLink>
        </Flex>
      </Form>
    </article>
  );
}
