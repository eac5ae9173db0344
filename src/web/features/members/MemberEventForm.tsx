import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { DELETION_REASONS } from '../../../shared/reference.ts';
import { apiSend } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { DateField } from '../../ui/DateField.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { todayInVietnam } from '../../ui/today.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { UnitPicker } from '../units/UnitPicker.tsx';
import { unitName, useUnit } from '../units/units.api.ts';
import { isExit, latestStandingEvent, type EventKind } from './memberEvents.ts';
import { memberKeys, useMember, useTimeline } from './members.api.ts';
import { clearFieldErrors } from '../../ui/formErrors.ts';

type Field = { name: string; kind: 'text' | 'unit' | 'reason' | 'note'; required?: boolean };

/** What each event records besides its date, as the API takes it. */
const FIELDS: Record<EventKind, Field[]> = {
  recognized_official: [{ name: 'decisionNo', kind: 'text' }, { name: 'cardNumber', kind: 'text' }],
  transferred: [{ name: 'toUnitId', kind: 'unit', required: true }, { name: 'letterNo', kind: 'text' }],
  died: [],
  deleted: [{ name: 'reason', kind: 'reason', required: true }, { name: 'decisionNo', kind: 'text' }, { name: 'note', kind: 'note' }],
  expelled: [{ name: 'decisionNo', kind: 'text', required: true }, { name: 'issuer', kind: 'text', required: true }, { name: 'note', kind: 'note' }],
  probation_removed: [{ name: 'decisionNo', kind: 'text' }, { name: 'note', kind: 'note' }],
  reinstated: [
    { name: 'unitId', kind: 'unit', required: true }, { name: 'decisionNo', kind: 'text', required: true },
    { name: 'issuer', kind: 'text', required: true }, { name: 'note', kind: 'note' },
  ],
};

/**
 * Records one membership event (recognition, transfer, an exit, a reinstatement) from a date,
 * which may be in the past. The server checks it against the member's state and answers in the
 * reader's language; an exit is final, so its button says so. A reinstatement names the cell the
 * member returns to, the one they left by default.
 */
export function MemberEventForm() {
  const { t } = useTranslation();
  const labels = useLabels();
  const fmt = useFormat();
  const locale = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const params = useParams();
  const memberId = Number(params.memberId);
  const kind = params.kind as EventKind;
  const record = useMember(memberId);
  const reinstating = kind === 'reinstated';
  const timeline = useTimeline(memberId, reinstating);
  // The cell the member left, offered first (it may have closed since: then none is).
  const lastSpan = reinstating ? timeline.data?.spans.at(-1) : undefined;
  const lastUnit = useUnit(lastSpan ? lastSpan.unitId : null);
  const fields = FIELDS[kind] ?? [];
  const [form] = Form.useForm<Record<string, string | number | null>>();
  const state = useFormSubmit(form, ['effectiveOn', ...fields.map((f) => f.name)]);
  const title = t(`ui.memberEvent.${kind}.title`, { name: record.data?.member.fullName ?? '' });
  usePageTitle(record.data ? title : null);

  if (!(kind in FIELDS)) return <ErrorAlert error={new Error(kind)} />;
  if (record.isError) return <ErrorAlert error={record.error} onRetry={() => void record.refetch()} />;
  if (!record.data || (reinstating && !timeline.data && !timeline.isError) || (lastSpan && lastUnit.isPending)) return <PageSpinner />;
  const m = record.data.member;
  const exit = isExit(kind);
  const left = reinstating ? latestStandingEvent(timeline.data?.events ?? []) : null;
  const lastCell = lastUnit.data && lastUnit.data.validTo === null
    ? { id: lastUnit.data.id, name: unitName(lastUnit.data, locale), typeCode: lastUnit.data.typeCode } : null;

  const onFinish = (values: Record<string, string | number | null>) => void state.run(async () => {
    const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== undefined && v !== ''));
    await apiSend('POST', `/members/${memberId}/events`, { kind, ...body });
    await queryClient.invalidateQueries({ queryKey: memberKeys.detail(memberId) });
    void queryClient.invalidateQueries({ queryKey: memberKeys.timeline(memberId) });
    void queryClient.invalidateQueries({ queryKey: ['members', 'list'] });
    void queryClient.invalidateQueries({ queryKey: ['units'] });
    void queryClient.invalidateQueries({ queryKey: ['members', 'transfers', memberId] });
    void queryClient.invalidateQueries({ queryKey: ['audit'] });
    void message.success(t(`ui.memberEvent.${kind}.done`, { name: m.fullName }));
    void navigate(`/members/${memberId}/timeline`);
  });

  const control = (f: Field) => {
    if (f.kind === 'unit') return <UnitPicker initial={reinstating ? lastCell : null} />;
    if (f.kind === 'reason') {
      return <Select options={DELETION_REASONS.map((r) => ({ value: r, label: labels.enumValue('deletionReason', r) }))} />;
    }
    if (f.kind === 'note') return <Input.TextArea rows={3} dir="auto" />;
    return <Input autoComplete="off" dir="auto" />;
  };

  return (
    <article aria-labelledby="event-title" style={{ maxWidth: 760 }}>
      <Typography.Title level={1} id="event-title" style={{ fontSize: 24, marginBlockStart: 0 }}><bdi>{title}</bdi></Typography.Title>
      {m.membership && (
        <Typography.Paragraph>
          {t('ui.memberEvent.now', { status: labels.enumValue('status', m.membership.status), unit: m.membership.unitName, since: fmt.date(m.membership.since) })}
          {m.officialDue ? ` ${t('ui.memberEvent.due', { date: fmt.date(m.officialDue) })}` : ''}
        </Typography.Paragraph>
      )}
      {left && (
        <Typography.Paragraph>
          {t('ui.memberEvent.left', { kind: labels.enumValue('eventKind', left.kind), date: fmt.date(left.effectiveOn) })}
        </Typography.Paragraph>
      )}
      {exit && <Alert type="warning" showIcon title={t('ui.memberEvent.exitWarning')} style={{ marginBlockEnd: 16 }} />}
      <ErrorAlert error={state.error} extra={state.extra} />
      <Form form={form} onValuesChange={clearFieldErrors(form)} layout="vertical" name={`event-${kind}`} onFinish={onFinish} scrollToFirstError
        initialValues={{ effectiveOn: todayInVietnam(), ...(reinstating && lastCell ? { unitId: lastCell.id } : {}) }}>
        <Card size="small">
          <Form.Item name="effectiveOn" label={labels.field('effectiveOn')} required extra={t('ui.memberEvent.dateHint')}>
            <DateField allowClear={false} max={todayInVietnam()} />
          </Form.Item>
          {fields.map((f) => (
            <Form.Item key={f.name} name={f.name} label={labels.field(f.name)} required={f.required}
              extra={reinstating && f.kind === 'unit' ? t('ui.memberEvent.reinstateUnitHint') : undefined}>
              {control(f)}
            </Form.Item>
          ))}
        </Card>
        <Flex gap={8} style={{ marginBlockStart: 16 }}>
          <Button type="primary" danger={exit} htmlType="submit" loading={state.busy}>{t(`ui.memberEvent.${kind}.submit`)}</Button>
          <ButtonLink to={`/members/${memberId}`}>{t('ui.member.cancel')}</ButtonLink>
        </Flex>
      </Form>
    </article>
  );
}
