import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { type EChartsCoreOption, type EChartsType, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useRef } from 'react';

use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export interface EChartProps {
  option: EChartsCoreOption;
  /** `dark` for the big screen. */
  theme?: 'dark' | null;
  style?: CSSProperties;
  'data-testid'?: string;
}

/** One ECharts instance in a div: follows `option`, resizes with its box, disposed on unmount. */
export default function EChart({ option, theme = null, style, 'data-testid': testId }: EChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const instance = init(node, theme ?? undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.setOption(latest.current, { notMerge: true });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(node);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [theme]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={el} data-testid={testId} style={{ width: '100%', height: 260, ...style }} />;
}
