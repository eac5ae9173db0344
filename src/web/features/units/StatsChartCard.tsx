import { Card } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { RTL_LOCALES } from '../../../shared/reference.ts';
import { EChart, type EChartOption } from '../../ui/EChart.tsx';

export type ChartRow = { key: string; label: string; count: number };

type Props = { title: string; rows: readonly ChartRow[]; kind: 'pie' | 'bar'; total: number };

const PALETTE = ['#c0392b', '#2f6fbf', '#e8a33d', '#3a9d6a', '#8e44ad', '#7f8c8d', '#16a2b8'];

const MAX_LABEL_WIDTH = 190;
let measure: CanvasRenderingContext2D | null = null;

/** The width the longest axis label needs, in ECharts's default 12px font, within a maximum. */
function labelWidth(labels: readonly string[]): number {
  measure ??= document.createElement('canvas').getContext('2d');
  if (!measure) return MAX_LABEL_WIDTH;
  measure.font = '12px sans-serif';
  return Math.min(MAX_LABEL_WIDTH, Math.ceil(Math.max(0, ...labels.map((l) => measure?.measureText(l).width ?? 0))));
}

const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** One breakdown as a chart, and the same figures as a table for screen readers. */
export function StatsChartCard({ title, rows, kind, total }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const locale = useLocale();
  const rtl = RTL_LOCALES.has(locale);

  const option = useMemo<EChartOption>(() => {
    const tooltip = { trigger: 'item', valueFormatter: (v: unknown) => fmt.number(Number(v)) };
    const base = { animation: !reducedMotion(), color: PALETTE, textStyle: { fontFamily: 'inherit' } };
    if (kind === 'pie') {
      const byName = new Map(rows.map((r) => [r.label, r.count]));
      return {
        ...base,
        tooltip,
        legend: { bottom: 0, itemGap: 16, formatter: (name: string) => `${name}: ${fmt.number(byName.get(name) ?? 0)}` },
        series: [{
          type: 'pie', radius: ['38%', '64%'], center: ['50%', '44%'], avoidLabelOverlap: true,
          label: { formatter: (p: { value: number }) => fmt.percent(p.value, total) },
          data: rows.map((r) => ({ name: r.label, value: r.count })),
        }],
      };
    }
    return {
      ...base,
      tooltip: { ...tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
      // The category names stay whole: the bars start after the longest one.
      grid: { [rtl ? 'right' : 'left']: labelWidth(rows.map((r) => r.label)) + 16, [rtl ? 'left' : 'right']: 56, top: 8, bottom: 24 },
      xAxis: { type: 'value', inverse: rtl, axisLabel: { formatter: (v: number) => fmt.number(v), hideOverlap: true } },
      yAxis: {
        type: 'category', inverse: true, position: rtl ? 'right' : 'left', data: rows.map((r) => r.label),
        axisLabel: { width: MAX_LABEL_WIDTH, overflow: 'truncate' },
      },
      series: [{
        type: 'bar', data: rows.map((r) => r.count), barMaxWidth: 28, itemStyle: { color: '#c0392b' },
        label: { show: true, position: rtl ? 'left' : 'right', formatter: (p: { value: number }) => fmt.number(p.value) },
      }],
    };
  }, [kind, rows, total, fmt, rtl]);

  const headingId = `chart-${title.replace(/\W+/g, '-')}`;
  return (
    <Card title={<h2 id={headingId} style={{ fontSize: 16, margin: 0 }}>{title}</h2>} size="small" style={{ height: '100%' }}>
      <figure aria-labelledby={headingId} style={{ margin: 0 }}>
        <EChart option={option} />
        <table className="visually-hidden">
          <caption>{title}</caption>
          <thead><tr><th scope="col">{t('ui.dashboard.category')}</th><th scope="col">{t('ui.dashboard.count')}</th></tr></thead>
          <tbody>
            {rows.map((r) => <tr key={r.key}><th scope="row">{r.label}</th><td>{fmt.number(r.count)}</td></tr>)}
          </tbody>
        </table>
      </figure>
    </Card>
  );
}
