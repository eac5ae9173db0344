import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the charts and parts the dashboards draw: a fraction of the whole library.
echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type EChartOption = echarts.EChartsCoreOption;

/**
 * One ECharts chart that follows its container's size. Hidden from screen readers: whoever
 * draws one also gives the same figures as a table (see StatsChartCard).
 */
export function EChart({ option, height = 260 }: { option: EChartOption; height?: number }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const instance = echarts.init(element, undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  // ECharts lays out text itself (charts mirror through their options); an inherited
  // right-to-left direction would shift every label of its SVG, so the box stays left to right.
  return <div ref={container} dir="ltr" style={{ height, width: '100%' }} aria-hidden="true" data-testid="chart" />;
}
