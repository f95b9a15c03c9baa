import * as echarts from 'echarts';
import sharp from 'sharp';

export interface BarChart {
  title: string;
  categories: string[];
  series: { name: string; values: number[] }[];
}

/** The CJK font the server renders charts with (fonts-noto-cjk; .ci/run installs it), then generic families. */
const FONT = "'Noto Sans CJK SC', 'Noto Serif CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif";
export const CHART_SIZE = { width: 1120, height: 600 };

/** ECharts rendered on the server to SVG, without animation, so the same data gives the same image. */
export function renderChartSvg(c: BarChart): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, ...CHART_SIZE });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: FONT, fontSize: 18 },
      title: { text: c.title, left: 'center', textStyle: { fontFamily: FONT, fontSize: 22 } },
      legend: { top: 40, textStyle: { fontFamily: FONT, fontSize: 18 } },
      grid: { left: 70, right: 40, top: 90, bottom: 80 },
      xAxis: { type: 'category', data: c.categories, axisLabel: { fontFamily: FONT, fontSize: 16, interval: 0 } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { fontFamily: FONT, fontSize: 16 } },
      series: c.series.map((s, i) => ({
        type: 'bar',
        name: s.name,
        data: s.values,
        barMaxWidth: 60,
        itemStyle: { color: i === 0 ? '#c00000' : '#1f4e79' },
        label: { show: true, position: 'top', fontFamily: FONT, fontSize: 14 },
      })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The chart as a PNG (sharp rasterises the SVG; its text through fontconfig). */
export async function renderChartPng(c: BarChart): Promise<Buffer> {
  return sharp(Buffer.from(renderChartSvg(c)))
    .png({ compressionLevel: 9 })
    .toBuffer();
}
