import { Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CandidateStage } from '../../../shared/schemas/candidates.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { daysBetween, isFinal, usePipeline } from './candidates.api.ts';

type Row = { key: string; stage: CandidateStage | null; count: number; oldestSince: string | null };

/**
 * The development pipeline of a unit and below on the dashboard's date: how many candidates are
 * at each stage and how long the one waiting longest has been there, each stage opening the list
 * filtered on it. Admitted and withdrawn candidates are counted apart: they no longer wait.
 */
export function PipelineCard({ unitId, asOf }: { unitId: number; asOf: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const pipeline = usePipeline(unitId, asOf);
  const p = pipeline.data;
  const rows: Row[] = p ? [
    ...p.stages.filter((s) => !isFinal(s.stage)).map((s) => ({ key: s.stage, ...s })),
    { key: 'total', stage: null, count: p.inDevelopment, oldestSince: null },
    ...p.stages.filter((s) => isFinal(s.stage)).map((s) => ({ key: s.stage, ...s })),
  ] : [];

  return (
    <Card size="small" style={{ marginBlockEnd: 16 }} data-testid="pipeline"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.development.cardTitle', { date: fmt.date(asOf) })}</h2>}
      extra={<ButtonLink type="link" size="small" to={`/candidates?unit=${unitId}`}>{t('ui.development.viewList')}</ButtonLink>}>
      <ErrorAlert error={pipeline.error} onRetry={() => void pipeline.refetch()} />
      <Table<Row>
        size="small"
        pagination={false}
        loading={pipeline.isPending}
        rowKey="key"
        dataSource={rows}
        columns={[
          {
            key: 'stage', title: t('ui.development.stage'),
            render: (_v, r) => (r.stage
              ? <Link to={`/candidates?unit=${unitId}&stage=${r.stage}`}>{labels.enumValue('candidateStage', r.stage)}</Link>
              : <strong>{t('ui.development.inDevelopment')}</strong>),
          },
          {
            key: 'count', title: t('ui.development.people'), align: 'end',
            render: (_v, r) => <span style={{ fontWeight: r.stage ? undefined : 600 }}>{fmt.number(r.count)}</span>,
          },
          {
            key: 'wait', title: t('ui.development.longestWait'), align: 'end',
            render: (_v, r) => (r.stage && !isFinal(r.stage) && r.oldestSince
              ? <span title={fmt.date(r.oldestSince)}>{fmt.number(daysBetween(r.oldestSince, asOf))}</span>
              : <Typography.Text type="secondary">—</Typography.Text>),
          },
        ]}
      />
    </Card>
  );
}
