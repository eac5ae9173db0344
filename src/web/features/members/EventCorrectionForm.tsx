import { useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { apiSend } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { MemberCommandFrame } from './MemberCommandFrame.tsx';
import { memberKeys, useMember, useTimeline, type Timeline } from './members.api.ts';
import { filledValues } from '../../ui/formValues.ts';

type Values = { reason?: string; decisionNo?: string };
const FIELDS = ['reason', 'decisionNo'];

/**
 * Voids the member's latest event, recorded wrongly, so that it can be recorded again as it
 * should have been: the event stays on the timeline, struck through, with the reason given here.
 * Only the latest event can be voided (the server refuses any other, saying which is the latest).
 */
export function EventCorrectionForm() {
  const { t } = useTranslation();
  const labels = useLabels();
  const fmt = useFormat();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const params = useParams();
  const memberId = Number(params.memberId);
  const eventId = Number(params.eventId);
  const record = useMember(memberId);
  const timeline = useTimeline(memberId);
  const [form] = Form.useForm<Values>();
  const state = useFormSubmit(form, FIELDS);
  const name = record.data?.member.fullName ?? '';
  const title = t('ui.correction.title', { name });
  usePageTitle(record.data ? title : null);

  const failed = record.error ?? timeline.error;
  if (failed) return <ErrorAlert error={failed} onRetry={() => { void record.refetch(); void timeline.refetch(); }} />;
  if (!record.data || !timeline.data) return <PageSpinner />;
  const event = timeline.data.events.find((e) => e.id === eventId);
  if (!event) return <ErrorAlert error={new Error(String(eventId))} />;

  const onFinish = (v: Values) => void state.run(async () => {
    const body = filledValues(v);
    const updated = await apiSend<Timeline>('POST', `/members/${memberId}/events/${eventId}/void`, body);
    queryClient.setQueryData(memberKeys.timeline(memberId), updated);
    await queryClient.invalidateQueries({ queryKey: memberKeys.detail(memberId) });
    void queryClient.invalidateQueries({ queryKey: ['members', 'transfers', memberId] });
    void queryClient.invalidateQueries({ queryKey: ['members', 'list'] });
    void queryClient.invalidateQueries({ queryKey: ['units'] });
    void queryClient.invalidateQueries({ queryKey: ['audit'] });
    void message.success(t('ui.correction.done', { kind: labels.enumValue('eventKind', event.kind), name }));
    void navigate(`/members/${memberId}/timeline`);
  });

  return (
    <MemberCommandFrame<Values> name="correction" title={title} memberId={memberId} form={form} state={state} onFinish={onFinish}
      intro={(
        <Typography.Paragraph data-testid="corrected-event">
          {t('ui.correction.event', { kind: labels.enumValue('eventKind', event.kind), date: fmt.date(event.effectiveOn) })}
        </Typography.Paragraph>
      )}
      warning={t('ui.correction.warning')} submit={t('ui.correction.submit')} danger>
      <Form.Item name="reason" label={labels.field('reason')} required extra={t('ui.correction.reasonHint')}>
        <Input.TextArea rows={3} dir="auto" />
      </Form.Item>
      <Form.Item name="decisionNo" label={labels.field('decisionNo')} extra={t('ui.correction.decisionHint')}>
        <Input autoComplete="off" dir="auto" />
      </Form.Item>
    </MemberCommandFrame>
  );
}
