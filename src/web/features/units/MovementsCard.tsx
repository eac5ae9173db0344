import { useQuery } from '@tanstack/react-query';
import { Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Movements, ProbationList } from '../../../shared/schemas/lifecycle.ts';
import { apiGet } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useCan } from '../auth/session.ts';
import { useUnitTransfers } from '../transfers/transfers.api.ts';

type Row = { key: string; label: string; sign: '' | '+' | '−'; count: number; strong?: boolean };

/**
 * The year's movements up to the date, as a review conference reports them: members at the
 * start, who came in and why, who left and why, members at the date (start + in − out = end).
 * With it, how many probationary members are due for recognition and how many transfer letters
 * wait to be received or forwarded here, each linking to its list.
 */
export function MovementsCard({ unitId, asOf }: { unitId: number; asOf: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const canReadMembers = useCan('members.read');
  const from = `${asOf.slice(0, 4)}-01-01`;
  const movements = useQuery({
    queryKey: ['units', 'movements', unitId, from, asOf],
    queryFn: ({ signal }) => apiGet<Movements>(`/units/${unitId}/movements`, { from, to: asOf }, signal),
  });
  const probation = useQuery({
    queryKey: ['units', 'probation', unitId, asOf, 'due'],
    queryFn: ({ signal }) => apiGet<ProbationList>(`/units/${unitId}/probation`, { asOf, state: 'due', limit: 1 }, signal),
    enabled: canReadMembers,
  });
  const incoming = useUnitTransfers(unitId, 'incoming', 'open', 1000, canReadMembers);
  const forwarding = useUnitTransfers(unitId, 'forwarding', 'open', 1000, canReadMembers);

  const m = movements.data;
  const rows: Row[] = m ? [
    { key: 'start', label: t('ui.movements.start', { date: fmt.date(from) }), sign: '', count: m.start, strong: true },
    ...Object.entries(m.in).map(([k, count]) => ({ key: `in-${k}`, label: t(`ui.movements.in.${k as keyof Movements['in']}`), sign: '+' as const, count })),
    ...Object.entries(m.out).map(([k, count]) => ({
      key: `out-${k}`, label: k === 'transferred' || k === 'restructured' ? t(`ui.movements.out.${k}`) : labels.enumValue('eventKind', k), sign: '−' as const, count,
    })),
    { key: 'end', label: t('ui.movements.end', { date: fmt.date(m.to) }), sign: '', count: m.end, strong: true },
  ] : [];

  return (
    <Card size="small" style={{ marginBlockEnd: 16 }} data-testid="movements"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.movements.title', { from: fmt.date(from), to: fmt.date(asOf) })}</h2>}>
      <ErrorAlert error={movements.error} onRetry={() => void movements.refetch()} />
      <Table<Row>
        size="small"
        pagination={false}
        loading={movements.isPending}
        rowKey="key"
        dataSource={rows.filter((r) => r.strong || r.count > 0)}
        showHeader={false}
        columns={[
          { key: 'label', render: (_v, r) => (r.strong ? <strong>{r.label}</strong> : r.label) },
          { key: 'count', align: 'end', render: (_v, r) => <span style={{ fontWeight: r.strong ? 600 : undefined }}>{r.sign} {fmt.number(r.count)}</span> },
        ]}
      />
      {m && (
        <Typography.Paragraph type="secondary" style={{ marginBlock: '8px 0' }}>
          {t('ui.movements.recognized', { total: fmt.number(m.recognizedOfficial) })}{' '}
          {t('ui.movements.badges', { total: fmt.number(m.badgesAwarded) })}
        </Typography.Paragraph>
      )}
      {probation.data && (
        <Typography.Paragraph style={{ marginBlock: '8px 0' }}>
          {t('ui.movements.probationDue', { due: fmt.number(probation.data.counts.due), overdue: fmt.number(probation.data.counts.overdue) })}{' '}
          <ButtonLink type="link" size="small" to={`/units/${unitId}/probation?asOf=${asOf}`}>{t('ui.movements.probationList')}</ButtonLink>
        </Typography.Paragraph>
      )}
      {incoming.data && forwarding.data && (
        <Typography.Paragraph style={{ marginBlock: '8px 0' }} data-testid="transfers-waiting">
          {t('ui.movements.transfersWaiting', { incoming: fmt.number(incoming.data.items.length), forwarding: fmt.number(forwarding.data.items.length) })}{' '}
          <ButtonLink type="link" size="small" to={`/units/${unitId}/transfers`}>{t('ui.movements.transfersList')}</ButtonLink>
        </Typography.Paragraph>
      )}
    </Card>
  );
}
