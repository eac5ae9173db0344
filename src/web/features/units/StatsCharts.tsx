import { Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UnitStats } from '../../../shared/schemas/units.ts';
import { useLabels, type EnumGroup } from '../../i18n/useLabels.ts';
import { StatsChartCard, type ChartRow } from './StatsChartCard.tsx';
import { YearChartCard } from './YearChartCard.tsx';

/** The breakdowns a committee reports, drawn with ECharts (loaded only with this screen). */
export function StatsCharts({ stats }: { stats: UnitStats }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const rows = (list: UnitStats['byStatus'], group: EnumGroup, dropEmptyUnknown = true): ChartRow[] =>
    list
      .filter((r) => !(dropEmptyUnknown && r.key === 'unknown' && r.count === 0))
      .map((r) => ({ key: r.key, label: labels.enumValue(group, r.key), count: r.count }));

  const charts = [
    { title: t('ui.dashboard.byStatus'), kind: 'pie' as const, rows: rows(stats.byStatus, 'status') },
    { title: t('ui.dashboard.byGender'), kind: 'pie' as const, rows: rows(stats.byGender, 'gender') },
    { title: t('ui.dashboard.byAgeBand'), kind: 'bar' as const, rows: rows(stats.byAgeBand, 'ageBand') },
    { title: t('ui.dashboard.byTheoryLevel'), kind: 'bar' as const, rows: rows(stats.byTheoryLevel, 'theoryLevel') },
    { title: t('ui.dashboard.byEducation'), kind: 'bar' as const, rows: rows(stats.byEducation, 'education') },
    { title: t('ui.dashboard.byQualification'), kind: 'bar' as const, rows: rows(stats.byQualification, 'qualification') },
  ];
  return (
    <Row gutter={[16, 16]}>
      {charts.map((c) => (
        <Col key={c.title} xs={24} xl={12} xxl={8}>
          <StatsChartCard title={c.title} kind={c.kind} rows={c.rows} total={stats.total} />
        </Col>
      ))}
      <Col xs={24} xl={12} xxl={8}>
        <YearChartCard title={t('ui.dashboard.byYear')} years={stats.byYear} />
      </Col>
    </Row>
  );
}
