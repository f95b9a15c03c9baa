import { Empty, Spin } from 'antd';
import { lazy, Suspense, useMemo } from 'react';
import { useT } from '../../locales';
import type { FigureTable, Situation } from './command-api';

/** ECharts comes in its own chunk, only with the command centre. */
const EChart = lazy(() => import('./echart'));

const box = (height: number | string) => ({ height, width: '100%' });

/** New and closed cases on each of the last 30 days (`[data-testid="chart-trend"]`). */
export function TrendChart({
  situation,
  dark,
  height,
}: {
  situation: Situation | undefined;
  dark?: boolean;
  height: number | string;
}) {
  const t = useT();
  const option = useMemo(() => {
    const trend = situation?.trend ?? [];
    return {
      backgroundColor: 'transparent',
      tooltip: { trigger: 'axis' },
      legend: { data: [t('command.trendOpened'), t('command.trendClosed')], top: 0 },
      grid: { left: 36, right: 12, top: 30, bottom: 24 },
      xAxis: { type: 'category', data: trend.map((d) => d.date.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('command.trendOpened'),
          type: 'bar',
          data: trend.map((d) => d.opened),
          itemStyle: { color: '#4c8bf5' },
        },
        {
          name: t('command.trendClosed'),
          type: 'line',
          smooth: true,
          data: trend.map((d) => d.closed),
          itemStyle: { color: '#37b24d' },
        },
      ],
    };
  }, [situation, t]);
  return (
    <div data-testid="chart-trend" data-days={situation?.trend.length ?? 0} style={box(height)}>
      <Suspense fallback={<Spin />}>
        <EChart option={option} theme={dark ? 'dark' : null} style={box(height)} />
      </Suspense>
    </div>
  );
}

/** The month's departments by composite score, best on top (`[data-testid="chart-ranking"]`, `data-rows`). */
export function RankingChart({
  figures,
  dark,
  height,
}: {
  figures: FigureTable | undefined;
  dark?: boolean;
  height: number | string;
}) {
  const t = useT();
  const ranked = useMemo(
    () =>
      (figures?.rows ?? [])
        .filter((r) => r.key !== '' && r.composite !== null)
        .slice(0, 10)
        .reverse(),
    [figures],
  );
  const option = useMemo(
    () => ({
      backgroundColor: 'transparent',
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 100 },
      yAxis: { type: 'category', data: ranked.map((r) => r.name), axisLabel: { width: 150, overflow: 'truncate' } },
      series: [
        {
          name: t('command.rankingScore'),
          type: 'bar',
          data: ranked.map((r) => Number((r.composite ?? 0).toFixed(1))),
          label: { show: true, position: 'right' },
          itemStyle: { color: '#f08c00' },
        },
      ],
    }),
    [ranked, t],
  );
  return (
    <div data-testid="chart-ranking" data-rows={ranked.length} style={box(height)}>
      {figures && ranked.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('command.rankingEmpty')} />
      ) : (
        <Suspense fallback={<Spin />}>
          <EChart option={option} theme={dark ? 'dark' : null} style={box(height)} />
        </Suspense>
      )}
    </div>
  );
}
