import { Card } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnitStats } from '../../../shared/schemas/units.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { RTL_LOCALES } from '../../../shared/reference.ts';
import { EChart, type EChartOption } from '../../ui/EChart.tsx';

type Props = { title: string; years: UnitStats['byYear'] };

const SERIES = [
  { key: 'admitted', color: '#c0392b' },
  { key: 'recognizedOfficial', color: '#2f6fbf' },
  { key: 'died', color: '#7f8c8d' },
] as const;

const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** Admissions, recognitions and deaths in each of the last ten years, as bars and as a table for screen readers. */
export function YearChartCard({ title, years }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const locale = useLocale();
  const rtl = RTL_LOCALES.has(locale);

  const option = useMemo<EChartOption>(() => ({
    animation: !reducedMotion(),
    textStyle: { fontFamily: 'inherit' },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => fmt.number(Number(v)) },
    legend: { bottom: 0, itemGap: 16 },
    grid: { [rtl ? 'right' : 'left']: 48, [rtl ? 'left' : 'right']: 16, top: 16, bottom: 56 },
    // The years run in the reader's direction: right to left in Arabic and Persian.
    xAxis: {
      type: 'category', inverse: rtl, data: years.map((y) => String(y.year)),
      axisLabel: { formatter: (v: string) => fmt.year(Number(v)), hideOverlap: true },
    },
    yAxis: {
      type: 'value', position: rtl ? 'right' : 'left', minInterval: 1,
      axisLabel: { formatter: (v: number) => fmt.number(v) },
    },
    series: SERIES.map((s) => ({
      type: 'bar', name: t(`ui.dashboard.${s.key}`), barMaxWidth: 18, itemStyle: { color: s.color },
      data: years.map((y) => y[s.key]),
    })),
  }), [years, fmt, rtl, t]);

  const headingId = `chart-${title.replace(/\W+/g, '-')}`;
  return (
    <Card title={<h2 id={headingId} style={{ fontSize: 16, margin: 0 }}>{title}</h2>} size="small" style={{ height: '100%' }}>
      <figure aria-labelledby={headingId} style={{ margin: 0 }} data-testid="chart-by-year">
        <EChart option={option} />
        <table className="visually-hidden">
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ui.dashboard.year')}</th>
              {SERIES.map((s) => <th key={s.key} scope="col">{t(`ui.dashboard.${s.key}`)}</th>)}
            </tr>
          </thead>
          <tbody>
            {years.map((y) => (
              <tr key={y.year}>
                <th scope="row">{fmt.year(y.year)}</th>
                {SERIES.map((s) => <td key={s.key}>{fmt.number(y[s.key])}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </figure>
    </Card>
  );
}
