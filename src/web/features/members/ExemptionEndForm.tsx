import { useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { apiSend } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { DateField } from '../../ui/DateField.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { todayInVietnam } from '../../ui/today.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { MemberCommandFrame } from './MemberCommandFrame.tsx';
import { memberKeys, useExemptions, useMember } from './members.api.ts';
import { filledValues } from '../../ui/formValues.ts';

type Values = { validTo?: string | null; resolutionNo?: string };
const FIELDS = ['validTo', 'resolutionNo'];

/** Ends an open exemption: from the day given the member works and attends meetings again. */
export function ExemptionEndForm() {
  const { t } = useTranslation();
  const labels = useLabels();
  const fmt = useFormat();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const params = useParams();
  const memberId = Number(params.memberId);
  const exemptionId = Number(params.exemptionId);
  const record = useMember(memberId);
  const list = useExemptions(memberId);
  const [form] = Form.useForm<Values>();
  const state = useFormSubmit(form, FIELDS);
  const name = record.data?.member.fullName ?? '';
  const title = t('ui.exemption.endTitle', { name });
  usePageTitle(record.data ? title : null);

  const failed = record.error ?? list.error;
  if (failed) return <ErrorAlert error={failed} onRetry={() => { void record.refetch(); void list.refetch(); }} />;
  if (!record.data || !list.data) return <PageSpinner />;
  const exemption = list.data.find((x) => x.id === exemptionId);
  if (!exemption) return <ErrorAlert error={new Error(String(exemptionId))} />;

  const onFinish = (v: Values) => void state.run(async () => {
    const body = filledValues(v);
    await apiSend('POST', `/members/${memberId}/exemptions/${exemptionId}/end`, body);
    void queryClient.invalidateQueries({ queryKey: memberKeys.exemptions(memberId) });
    void queryClient.invalidateQueries({ queryKey: ['units'] });
    void queryClient.invalidateQueries({ queryKey: ['audit'] });
    void message.success(t('ui.exemption.ended', { name }));
    void navigate(`/members/${memberId}/timeline`);
  });

  return (
    <MemberCommandFrame<Values> name="exemption-end" title={title} memberId={memberId} form={form} state={state} onFinish={onFinish}
      intro={(
        <Typography.Paragraph>
          {t('ui.exemption.current', {
            reason: labels.enumValue('exemptionReason', exemption.reason), since: fmt.date(exemption.validFrom), resolution: exemption.resolutionNo,
          })}
        </Typography.Paragraph>
      )}
      initialValues={{ validTo: todayInVietnam() }} submit={t('ui.exemption.endSubmit')}>
      <Form.Item name="validTo" label={labels.field('validTo')} required extra={t('ui.exemption.backOnHint')}>
        <DateField allowClear={false} />
      </Form.Item>
      <Form.Item name="resolutionNo" label={labels.field('resolutionNo')} extra={t('ui.exemption.endResolutionHint')}>
        <Input autoComplete="off" dir="auto" />
      </Form.Item>
    </MemberCommandFrame>
  );
}
