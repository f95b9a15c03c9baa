import {
  AlignmentType,
  BorderStyle,
  Document,
  ImageRun,
  type ITableCellOptions,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { renderChartPng } from './bulletins.chart.ts';
import { normalizeOoxml } from './bulletins.zip.ts';

/** One indicator of a row as printed: numerator, denominator and rate (4 decimals, null when nothing was due). */
export interface BulletinFigure {
  numerator: number;
  denominator: number;
  rate: number | null;
}

export interface BulletinRankRow {
  key: string;
  name: string;
  figures: Record<string, BulletinFigure>;
  composite: number | null;
}

export interface BulletinOverdue {
  number: string;
  category: string;
  unit: string;
  division: string;
  /** Local business time, 'yyyy-MM-dd HH:mm'. */
  dueAt: string;
  daysOverdue: number;
}

/**
 * Everything a bulletin prints, frozen when it was issued: the files are made from this alone (and the
 * generation instant), so the archive can make them again byte for byte.
 */
export interface BulletinFigures {
  kind: 'half-month' | 'month';
  from: string;
  to: string;
  division: string;
  divisionName: string;
  issuer: string;
  number: string;
  title: string;
  salutation: string;
  /** Local business date of issue, 'yyyy-MM-dd'. */
  issuedOn: string;
  /** The indicators in their order, with the names printed. */
  indicators: { key: string; name: string; numeratorName: string; denominatorName: string }[];
  total: BulletinRankRow;
  previous: { from: string; to: string; total: BulletinRankRow } | null;
  units: BulletinRankRow[];
  divisions: BulletinRankRow[];
  overdue: BulletinOverdue[];
  weights: { values: Record<string, number>; versionId: string | null };
}

/** The key figures of the summary and the ranking tables' columns. */
export const KEY_RATES = ['closedOnTimeRate', 'closureRate', 'handlingRate', 'reworkRate', 'satisfactionRate'] as const;

export const pct = (rate: number | null | undefined): string =>
  rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(2)}%`;
export const score = (v: number | null): string => (v === null ? '—' : v.toFixed(2));

// Official fonts (GB/T 9704): 方正小标宋 for the title, 仿宋_GB2312 for the text, 黑体 for headings. They are not on
// Linux; the font table names a Windows fallback for each (withFallbacks), and LibreOffice substitutes a CJK font.
export const FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading: '黑体',
  latin: 'Times New Roman',
} as const;

const RED = 'FF0000';
const run = (text: string, o: { font?: string; size?: number; bold?: boolean; color?: string } = {}) =>
  new TextRun({
    text,
    bold: o.bold,
    color: o.color,
    size: o.size ?? 32, // 三号 16 pt
    font: { ascii: FONTS.latin, hAnsi: FONTS.latin, eastAsia: o.font ?? FONTS.body, cs: FONTS.latin },
  });
const para = (text: string, o: { indent?: boolean; align?: 'center' | 'right'; font?: string; bold?: boolean } = {}) =>
  new Paragraph({
    alignment: o.align === 'center' ? AlignmentType.CENTER : o.align === 'right' ? AlignmentType.RIGHT : undefined,
    indent: o.indent === false ? undefined : { firstLine: 640 },
    spacing: { line: 560, lineRule: 'exact' },
    children: [run(text, { font: o.font, bold: o.bold })],
  });
const heading = (text: string) => para(text, { font: FONTS.heading });

const cellBorder = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const borders = {
  top: cellBorder,
  bottom: cellBorder,
  left: cellBorder,
  right: cellBorder,
  insideHorizontal: cellBorder,
  insideVertical: cellBorder,
};
function cell(text: string, header = false): TableCell {
  const o: ITableCellOptions = {
    verticalAlign: VerticalAlign.CENTER,
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [run(text, { size: 21, bold: header, font: header ? FONTS.heading : FONTS.body })],
      }),
    ],
  };
  return new TableCell(o);
}
function table(header: string[], rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders,
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) })),
    ],
  });
}

const chinaDate = (d: string) => {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
};
export const periodText = (f: Pick<BulletinFigures, 'from' | 'to'>) => `${chinaDate(f.from)}至${chinaDate(f.to)}`;

function rankRows(rows: BulletinRankRow[]): string[][] {
  return rows.map((r, i) => [
    String(i + 1),
    r.name,
    String(r.figures.handlingRate?.denominator ?? 0),
    ...KEY_RATES.map((k) => pct(r.figures[k]?.rate)),
    score(r.composite),
  ]);
}
function rankHeader(f: BulletinFigures, what: string): string[] {
  const name = (k: string) => f.indicators.find((i) => i.key === k)?.name ?? k;
  return ['排名', what, '应处置', ...KEY_RATES.map(name), '综合得分'];
}

/** The summary paragraph: the key figures of the period, against the previous one when there is one. */
export function summaryText(f: BulletinFigures): string {
  const t = f.total.figures;
  const due = t.handlingRate?.denominator ?? 0;
  const cmp = (k: string) => {
    const now = t[k]?.rate;
    const before = f.previous?.total.figures[k]?.rate;
    if (now === null || now === undefined || before === null || before === undefined) return '';
    const d = Math.round((now - before) * 10000) / 100;
    return d === 0 ? '(与上期持平)' : `(较上期${d > 0 ? '上升' : '下降'}${Math.abs(d).toFixed(2)}个百分点)`;
  };
  return (
    `${periodText(f)},${f.divisionName}应处置城市管理问题${due}件,已处置${t.handlingRate?.numerator ?? 0}件,` +
    `处置率${pct(t.handlingRate?.rate)}${cmp('handlingRate')};已结案${t.closureRate?.numerator ?? 0}件,结案率${pct(t.closureRate?.rate)}${cmp('closureRate')};` +
    `按期结案${t.closedOnTimeRate?.numerator ?? 0}件,按期结案率${pct(t.closedOnTimeRate?.rate)}${cmp('closedOnTimeRate')};` +
    `按期处置率${pct(t.handledOnTimeRate?.rate)};返工${t.reworkRate?.numerator ?? 0}件,返工率${pct(t.reworkRate?.rate)};` +
    `回访${t.satisfactionRate?.denominator ?? 0}次,满意率${pct(t.satisfactionRate?.rate)};` +
    `超期未处置${t.overduePendingRate?.numerator ?? 0}件。综合评价得分${score(f.total.composite)}分。`
  );
}

/** The chart: the composite score and 按期结案率 of each unit, as a PNG. */
export async function chartOf(f: BulletinFigures): Promise<Buffer> {
  return renderChartPng({
    title: `各单位综合评价得分与按期结案率(${periodText(f)})`,
    categories: f.units.map((u) => u.name),
    series: [
      { name: '综合评价得分', values: f.units.map((u) => u.composite ?? 0) },
      {
        name: '按期结案率(%)',
        values: f.units.map((u) => Math.round((u.figures.closedOnTimeRate?.rate ?? 0) * 10000) / 100),
      },
    ],
  });
}

/** The .docx: a pure function of the figures and the instant of issue. */
export async function renderDocx(f: BulletinFigures, generatedAt: Date): Promise<Buffer> {
  const png = await chartOf(f);
  const doc = new Document({
    creator: f.issuer,
    lastModifiedBy: f.issuer,
    title: f.title,
    description: f.number,
    styles: {
      default: {
        document: {
          run: { font: { ascii: FONTS.latin, hAnsi: FONTS.latin, eastAsia: FONTS.body }, size: 32 },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 }, // A4
            margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 }, // GB/T 9704: 37 mm, 35 mm, 28 mm, 26 mm
          },
        },
        children: [
          // 版头: the issuing unit in red, large, centred; the number; a red rule
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { before: 400, after: 400 },
            children: [run(f.issuer, { font: FONTS.title, size: 72, color: RED })],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 8 } },
            spacing: { after: 400 },
            children: [run(f.number)],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { before: 400, after: 400, line: 700, lineRule: 'exact' },
            children: [run(f.title, { font: FONTS.title, size: 44 })],
          }),
          para(f.salutation, { indent: false }),
          para(
            `现将${periodText(f)}${f.divisionName}城市管理问题处置情况通报如下(数据来源:数字化城市管理系统,统计口径见附件《指标明细》)。`,
          ),
          heading('一、总体情况'),
          para(summaryText(f)),
          heading('二、各单位处置情况排名'),
          para('按综合评价得分由高到低排列:'),
          table(rankHeader(f, '单位'), rankRows(f.units)),
          heading('三、各区域处置情况排名'),
          table(rankHeader(f, '区域'), rankRows(f.divisions)),
          heading('四、超期未处置案件'),
          f.overdue.length
            ? para(`截至通报日,以下${f.overdue.length}件案件超过处置时限仍未处置,请相关单位立即处置:`)
            : para('本期无超期未处置案件。'),
          ...(f.overdue.length
            ? [
                table(
                  ['序号', '案件编号', '问题类别', '主办单位', '应处置时间', '超期天数'],
                  f.overdue.map((o, i) => [
                    String(i + 1),
                    o.number,
                    o.category,
                    o.unit,
                    o.dueAt,
                    String(o.daysOverdue),
                  ]),
                ),
              ]
            : []),
          heading('五、图表'),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new ImageRun({ type: 'png', data: png, transformation: { width: 560, height: 300 } })],
          }),
          para('请各单位对照通报,认真查找问题,切实提高处置效率和质量。'),
          para('附件:城市管理问题处置情况指标明细.xlsx'),
          new Paragraph({ spacing: { before: 600 }, children: [] }),
          para(f.issuer, { align: 'right', indent: false }),
          para(chinaDate(f.issuedOn), { align: 'right', indent: false }),
        ],
      },
    ],
  });
  return normalizeOoxml(await Packer.toBuffer(doc), generatedAt, (name, xml) =>
    name === 'word/document.xml' ? renumberDrawings(xml) : name === 'word/fontTable.xml' ? withFallbacks(xml) : xml,
  );
}

/**
 * The font table names, for each official font, the one a Windows installation always has (w:altName: 仿宋, 宋体,
 * 黑体), with the GB2312 character set and the family, so Word and LibreOffice substitute a like font.
 */
const FALLBACKS: [name: string, alt: string, family: 'roman' | 'modern' | 'swiss'][] = [
  [FONTS.body, 'FangSong', 'modern'],
  [FONTS.title, 'SimSun', 'roman'],
  [FONTS.heading, 'SimHei', 'swiss'],
];
function withFallbacks(xml: string): string {
  const fonts = FALLBACKS.map(
    ([name, alt, family]) =>
      `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:charset w:val="86"/><w:family w:val="${family}"/><w:pitch w:val="variable"/></w:font>`,
  ).join('');
  return xml.endsWith('/>')
    ? `${xml.slice(0, -2)}>${fonts}</w:fonts>`
    : xml.replace('</w:fonts>', `${fonts}</w:fonts>`);
}

/** docx numbers drawings with a counter of the process: number them in the order of the document instead. */
function renumberDrawings(xml: string): string {
  let docPr = 0;
  let cNvPr = 0;
  return xml
    .replace(/<wp:docPr id="\d+"/g, () => `<wp:docPr id="${++docPr}"`)
    .replace(/<pic:cNvPr id="\d+"/g, () => `<pic:cNvPr id="${++cNvPr}"`);
}
