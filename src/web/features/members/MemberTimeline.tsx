import { Card, Table, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Exemption } from '../../../shared/schemas/exemptions.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { useCan } from '../auth/session.ts';
import { MemberTransfersCard } from '../transfers/MemberTransfersCard.tsx';
import { isCorrectable, latestStandingEvent } from './memberEvents.ts';
import { useExemptions, useTimeline, type Timeline as MemberTimelineData } from './members.api.ts';

/** Periods of exemption from work and meetings, shown when there are any; an open one can be ended. */
function Exemptions({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const canEdit = useCan('members.write');
  const list = useExemptions(memberId);
  if (!list.data || list.data.length === 0) return null;
  return (
    <Card size="small" style={{ marginBlockEnd: 16 }} data-testid="member-exemptions"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.exemption.heading')}</h2>}>
      <Table<Exemption>
        size="small" pagination={false} rowKey="id" dataSource={list.data} scroll={{ x: 640 }}
        columns={[
          { title: t('ui.member.from'), dataIndex: 'validFrom', render: (d: string) => fmt.date(d) },
          {
            title: t('ui.member.to'), dataIndex: 'validTo',
            render: (d: string | null, x) => (d ? <>{fmt.date(d)}{x.endedByResolution && <div><Typography.Text type="secondary"><bdi>{x.endedByResolution}</bdi></Typography.Text></div>}</> : t('ui.member.now')),
          },
          { title: t('fields.reason'), dataIndex: 'reason', render: (r: string) => labels.enumValue('exemptionReason', r) },
          { title: t('fields.resolutionNo'), dataIndex: 'resolutionNo', render: (v: string) => <bdi>{v}</bdi> },
          ...(canEdit ? [{
            key: 'end', title: t('ui.transfers.actionsColumn'),
            render: (_: unknown, x: Exemption) => (x.validTo === null
              ? <ButtonLink size="small" to={`/members/${memberId}/exemptions/${x.id}/end`}>{t('ui.exemption.end')}</ButtonLink> : null),
          }] : []),
        ]}
      />
    </Card>
  );
}

type Span = MemberTimelineData['spans'][number];
type Event = MemberTimelineData['events'][number];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Details that are references for the server, not for the reader. */
const HIDDEN_DETAILS = new Set(['fromUnitId', 'transferId', 'annulledEventId', 'voidedEventId', 'exemptionId']);

/** Where and as what the member has been over time (spans), and the events that wrote them. */
export function MemberTimeline() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const memberId = Number(useParams().memberId);
  const timeline = useTimeline(memberId);
  const canEdit = useCan('members.write');

  if (timeline.isError) return <ErrorAlert error={timeline.error} onRetry={() => void timeline.refetch()} />;
  if (!timeline.data) return <PageSpinner />;

  const all = timeline.data.events;
  const byId = new Map(all.map((e) => [e.id, e]));
  const kindLabel = (kind: unknown) => labels.enumValue('eventKind', String(kind));
  const describe = (e: Event): string[] => {
    if (e.kind === 'profile_updated') {
      const after = (e.details.after ?? {}) as Record<string, unknown>;
      return [t('ui.member.changedFields', { fields: Object.keys(after).map((f) => labels.field(f)).join(', ') })];
    }
    if (e.kind === 'corrected') {
      const voided = byId.get(Number(e.details.voidedEventId));
      return [
        t('ui.correction.voided', { kind: kindLabel(e.details.voidedKind), date: voided ? fmt.date(voided.effectiveOn) : '' }),
        `${labels.field('reason')}: ${String(e.details.reason ?? '')}`,
        ...(e.details.decisionNo ? [`${labels.field('decisionNo')}: ${String(e.details.decisionNo)}`] : []),
      ];
    }
    return Object.entries(e.details)
      .filter(([key, value]) => value !== null && value !== undefined && !HIDDEN_DETAILS.has(key))
      .map(([key, value]) => (key === 'annulledKind'
        ? t('ui.memberEvent.annulled', { kind: kindLabel(value) })
        : `${labels.field(key)}: ${
          key === 'reason' && e.kind === 'deleted' ? labels.enumValue('deletionReason', String(value))
            : typeof value === 'string' && ISO_DATE.test(value) ? fmt.date(value) : String(value)}`));
  };
  // Only the latest standing event can be voided; the others are undone one step at a time.
  const latest = latestStandingEvent(all);
  const correctable = canEdit && isCorrectable(latest) ? latest : null;
  const entry = (e: Event): ReactNode => {
    const correction = e.voidedBy !== null ? byId.get(e.voidedBy) : undefined;
    const heading = `${fmt.date(e.effectiveOn)} · ${kindLabel(e.kind)}`;
    return (
      <div data-testid={e.voidedBy !== null ? 'voided-event' : undefined}>
        <Typography.Text strong delete={e.voidedBy !== null}>{heading}</Typography.Text>
        {e.voidedBy !== null && <Tag style={{ marginInlineStart: 8 }}>{t('ui.correction.voidedTag')}</Tag>}
        {describe(e).map((line) => (
          <div key={line}>{e.voidedBy !== null ? <Typography.Text delete>{line}</Typography.Text> : line}</div>
        ))}
        {correction && (
          <div><Typography.Text type="secondary">{t('ui.correction.voidedBecause', {
            date: fmt.date(correction.effectiveOn), reason: String(correction.details.reason ?? ''),
          })}</Typography.Text></div>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('ui.member.recordedAt', { at: fmt.instant(e.recordedAt) })}</Typography.Text>
        {correctable?.id === e.id && (
          <div style={{ marginBlockStart: 4 }}>
            <ButtonLink size="small" to={`/members/${memberId}/correct/${e.id}`} data-testid="correct-event">{t('ui.correction.action')}</ButtonLink>
          </div>
        )}
      </div>
    );
  };

  const events = [...timeline.data.events].reverse();
  return (
    <div data-testid="member-timeline">
      <Card size="small" style={{ marginBlockEnd: 16 }} title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.member.spans')}</h2>}>
        <Table<Span>
          size="small"
          pagination={false}
          rowKey={(s) => `${s.validFrom}-${s.unitId}-${s.status}`}
          dataSource={[...timeline.data.spans].reverse()}
          scroll={{ x: 640 }}
          columns={[
            { title: t('ui.member.from'), dataIndex: 'validFrom', render: (d: string) => fmt.date(d) },
            { title: t('ui.member.to'), dataIndex: 'validTo', render: (d: string | null) => (d ? fmt.date(d) : t('ui.member.now')) },
            { title: t('ui.member.unit'), dataIndex: 'unitName', render: (name: string, s) => <Link to={`/units/${s.unitId}`}><bdi>{name}</bdi></Link> },
            { title: t('fields.status'), dataIndex: 'status', render: (v: string) => <Tag color={v === 'official' ? 'red' : 'blue'}>{labels.enumValue('status', v)}</Tag> },
            { title: t('ui.member.reason'), dataIndex: 'reason', render: (r: string) => labels.enumValue('spanReason', r) },
          ]}
        />
      </Card>
      <MemberTransfersCard memberId={memberId} />
      <Exemptions memberId={memberId} />
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.member.events')}</h2>}>
        <Timeline
          items={events.map((e) => ({
            key: e.id,
            content: entry(e),
          }))}
        />
      </Card>
    </div>
  );
}
