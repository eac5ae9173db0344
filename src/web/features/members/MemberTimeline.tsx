import { useQuery } from '@tanstack/react-query';
import { Card, Table, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Exemption } from '../../../shared/schemas/exemptions.ts';
import { apiGet } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { useTimeline, type Timeline as MemberTimelineData } from './members.api.ts';

/** Periods of exemption from work and meetings, shown when there are any. */
function Exemptions({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const list = useQuery({
    queryKey: ['members', 'exemptions', memberId],
    queryFn: ({ signal }) => apiGet<Exemption[]>(`/members/${memberId}/exemptions`, undefined, signal),
  });
  if (!list.data || list.data.length === 0) return null;
  return (
    <Card size="small" style={{ marginBlockEnd: 16 }} data-testid="member-exemptions"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.exemption.heading')}</h2>}>
      <Table<Exemption>
        size="small" pagination={false} rowKey="id" dataSource={list.data} scroll={{ x: 640 }}
        columns={[
          { title: t('ui.member.from'), dataIndex: 'validFrom', render: (d: string) => fmt.date(d) },
          { title: t('ui.member.to'), dataIndex: 'validTo', render: (d: string | null) => (d ? fmt.date(d) : t('ui.member.now')) },
          { title: t('fields.reason'), dataIndex: 'reason', render: (r: string) => labels.enumValue('exemptionReason', r) },
          { title: t('fields.resolutionNo'), dataIndex: 'resolutionNo', render: (v: string) => <bdi>{v}</bdi> },
        ]}
      />
    </Card>
  );
}

type Span = MemberTimelineData['spans'][number];
type Event = MemberTimelineData['events'][number];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Where and as what the member has been over time (spans), and the events that wrote them. */
export function MemberTimeline() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const memberId = Number(useParams().memberId);
  const timeline = useTimeline(memberId);

  if (timeline.isError) return <ErrorAlert error={timeline.error} onRetry={() => void timeline.refetch()} />;
  if (!timeline.data) return <PageSpinner />;

  const describe = (e: Event): string[] => {
    if (e.kind === 'profile_updated') {
      const after = (e.details.after ?? {}) as Record<string, unknown>;
      return [t('ui.member.changedFields', { fields: Object.keys(after).map((f) => labels.field(f)).join(', ') })];
    }
    return Object.entries(e.details)
      .filter(([key, value]) => value !== null && value !== undefined && key !== 'fromUnitId')
      .map(([key, value]) => `${labels.field(key)}: ${
        key === 'reason' && e.kind === 'deleted' ? labels.enumValue('deletionReason', String(value))
          : typeof value === 'string' && ISO_DATE.test(value) ? fmt.date(value) : String(value)}`);
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
      <Exemptions memberId={memberId} />
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.member.events')}</h2>}>
        <Timeline
          items={events.map((e) => ({
            key: e.id,
            content: (
              <div>
                <Typography.Text strong>{fmt.date(e.effectiveOn)} · {labels.enumValue('eventKind', e.kind)}</Typography.Text>
                {describe(e).map((line) => <div key={line}>{line}</div>)}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('ui.member.recordedAt', { at: fmt.instant(e.recordedAt) })}</Typography.Text>
              </div>
            ),
          }))}
        />
      </Card>
    </div>
  );
}
