import ExcelJS from 'exceljs';
import { type BulletinFigures, type BulletinRankRow, KEY_RATES, periodText } from './bulletins.document.ts';
import { normalizeOoxml } from './bulletins.zip.ts';

const PERCENT = '0.00%';

/** The .xlsx appendix (附件): the rankings, every indicator with its numerator and denominator, the overdue cases. */
export async function renderXlsx(f: BulletinFigures, generatedAt: Date): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = f.issuer;
  book.lastModifiedBy = f.issuer;
  book.title = `${f.title}(附件)`;
  book.created = generatedAt;
  book.modified = generatedAt;
  book.lastPrinted = generatedAt;
  const name = (k: string) => f.indicators.find((i) => i.key === k)?.name ?? k;

  const ranking = (title: string, what: string, rows: BulletinRankRow[]) => {
    const sheet = book.addWorksheet(title);
    sheet.addRow([`${f.title} — ${title}(${periodText(f)})`]).font = { bold: true };
    const header = sheet.addRow(['排名', what, '应处置', ...KEY_RATES.map(name), '综合得分']);
    header.font = { bold: true };
    rows.forEach((r, i) => {
      sheet.addRow([
        i + 1,
        r.name,
        r.figures.handlingRate?.denominator ?? 0,
        ...KEY_RATES.map((k) => r.figures[k]?.rate ?? null),
        r.composite,
      ]);
    });
    KEY_RATES.forEach((_k, i) => {
      sheet.getColumn(4 + i).numFmt = PERCENT;
      sheet.getColumn(4 + i).width = 12;
    });
    sheet.getColumn(2).width = 24;
    sheet.getColumn(4 + KEY_RATES.length).numFmt = '0.00';
    sheet.views = [{ state: 'frozen', ySplit: 2 }];
    landscape(sheet);
  };
  ranking('单位排名', '单位', f.units);
  ranking('区域排名', '区域', f.divisions);

  const all = book.addWorksheet('指标明细');
  all.addRow([`${f.title} — 指标明细(${periodText(f)})`]).font = { bold: true };
  all.addRow(['范围', '指标', '分子', '分子数', '分母', '分母数', '比率']).font = { bold: true };
  const scopes: [string, BulletinRankRow][] = [
    [`${f.divisionName}(合计)`, f.total],
    ...f.units.map((u): [string, BulletinRankRow] => [u.name, u]),
    ...f.divisions.map((d): [string, BulletinRankRow] => [d.name, d]),
  ];
  for (const [label, row] of scopes)
    for (const i of f.indicators) {
      const v = row.figures[i.key];
      all.addRow([
        label,
        i.name,
        i.numeratorName,
        v?.numerator ?? 0,
        i.denominatorName,
        v?.denominator ?? 0,
        v?.rate ?? null,
      ]);
    }
  all.getColumn(7).numFmt = PERCENT;
  landscape(all);
  for (const [c, w] of [
    [1, 24],
    [2, 14],
    [3, 14],
    [5, 14],
  ] as const)
    all.getColumn(c).width = w;

  const overdue = book.addWorksheet('超期案件');
  overdue.addRow([`${f.title} — 超期未处置案件`]).font = { bold: true };
  overdue.addRow(['序号', '案件编号', '问题类别', '主办单位', '所属区划', '应处置时间', '超期天数']).font = {
    bold: true,
  };
  f.overdue.forEach((o, i) => {
    overdue.addRow([i + 1, o.number, o.category, o.unit, o.division, o.dueAt, o.daysOverdue]);
  });
  for (const [c, w] of [
    [2, 16],
    [3, 16],
    [4, 22],
    [6, 18],
  ] as const)
    overdue.getColumn(c).width = w;

  landscape(overdue);

  return normalizeOoxml(Buffer.from(await book.xlsx.writeBuffer()), generatedAt);
}

/** A4 landscape, one page wide: a printed sheet (and its PDF) keeps each row on one line. */
function landscape(sheet: ExcelJS.Worksheet): void {
  sheet.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
}
