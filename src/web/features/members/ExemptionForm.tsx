import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { EXEMPTION_REASONS } from '../../../shared/reference.ts';
import { apiSend } from '../../api/client.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { DateField } from '../../ui/DateField.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { todayInVietnam } from '../../ui/today.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { useMember } from './members.api.ts';
import { clearFieldErrors } from '../../ui/formErrors.ts';
import { filledValues } from '../../ui/formValues.ts';

type Values = { reason?: string; resolutionNo?: string; validFrom?: string | null; validTo?: string | null; note?: string };
const FIELDS = ['reason', 'resolutionNo', 'validFrom', 'validTo', 'note'];

/** Exempts a member from work and meetings (age or health) by the cell's resolution, from a date. */
export function ExemptionForm() {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const memberId = Number(useParams().memberId);
  const record = useMember(memberId);
  const [form] = Form.useForm<Values>();
  const state = useFormSubmit(form, FIELDS);
  const name = record.data?.member.fullName ?? '';
  usePageTitle(record.data ? t('ui.exemption.title', { name }) : null);

  if (record.isError) return <ErrorAlert error={record.error} onRetry={() => void record.refetch()} />;
  if (!record.data) return <PageSpinner />;

  const onFinish = (v: Values) => void state.run(async () => {
    const body = filledValues(v);
    await apiSend('POST', `/members/${memberId}/exemptions`, body);
    void queryClient.invalidateQueries({ queryKey: ['members', 'exemptions', memberId] });
    void queryClient.invalidateQueries({ queryKey: ['audit'] });
    void message.success(t('ui.exemption.done', { name }));
    void navigate(`/members/${memberId}/timeline`);
  });

  return (
    <article aria-labelledby="exemption-title" style={{ maxWidth: 760 }}>
      <Typography.Title level={1} id="exemption-title" style={{ fontSize: 24, marginBlockStart: 0 }}><bdi>{t('ui.exemption.title', { name })}</bdi></Typography.Title>
      <Typography.Paragraph>{t('ui.exemption.intro')}</Typography.Paragraph>
      <ErrorAlert error={state.error} extra={state.extra} />
      <Form<Values> form={form} onValuesChange={clearFieldErrors(form)} layout="vertical" name="exemption" onFinish={onFinish} scrollToFirstError initialValues={{ validFrom: todayInVietnam() }}>
        <Card size="small">
          <Form.Item name="reason" label={labels.field('reason')} required>
            <Select options={EXEMPTION_REASONS.map((r) => ({ value: r, label: labels.enumValue('exemptionReason', r) }))} />
          </Form.Item>
          <Form.Item name="resolutionNo" label={labels.field('resolutionNo')} required>
            <Input autoComplete="off" dir="auto" />
          </Form.Item>
          <Form.Item name="validFrom" label={labels.field('validFrom')} required>
            <DateField allowClear={false} max={todayInVietnam()} />
          </Form.Item>
          <Form.Item name="validTo" label={labels.field('validTo')} extra={t('ui.exemption.endHint')}>
            <DateField />
          </Form.Item>
          <Form.Item name="note" label={labels.field('note')}>
            <Input.TextArea rows={2} dir="auto" />
          </Form.Item>
        </Card>
        <Flex gap={8} style={{ marginBlockStart: 16 }}>
          <Button type="primary" htmlType="submit" loading={state.busy}>{t('ui.exemption.submit')}</Button>
          <ButtonLink to={`/members/${memberId}`}>{t('ui.member.cancel')}</ButtonLink>
        </Flex>
      </Form>
    </article>
  );
}
