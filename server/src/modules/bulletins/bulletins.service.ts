import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../../db/database.ts';
import { pgErrorCode, UNIQUE_VIOLATION } from '../../db/errors.ts';
import { type Actor, inScope, operatorActor } from '../../platform/access.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import type { FilesService, ReceivedContent } from '../files/files.service.ts';
import type { FigureRow, IndicatorsService } from '../indicators/indicators.service.ts';
import {
  type BulletinFigures,
  type BulletinOverdue,
  type BulletinRankRow,
  periodText,
  renderDocx,
} from './bulletins.document.ts';
import { BulletinErrors, bulletinsPolicy } from './bulletins.policy.ts';
import { bulletinsRepo } from './bulletins.repo.ts';
import type { BulletinRow } from './bulletins.tables.ts';
import { renderXlsx } from './bulletins.workbook.ts';

export type { BulletinFigures } from './bulletins.document.ts';
export type { BulletinRow } from './bulletins.tables.ts';

export type BulletinKind = 'half-month' | 'month';

/** A bulletin rendered and numbered, not yet filed (`BulletinsService.prepare`, then `store`). */
export interface PreparedBulletin {
  input: { kind: BulletinKind; date: string; division: string };
  generatedAt: Date;
  generatedBy: string;
  figures: BulletinFigures;
  sequence: number;
  docx: { content: ReceivedContent; sha256: string };
  xlsx: { content: ReceivedContent; sha256: string };
}

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Who the scheduler issues bulletins as. */
export const SCHEDULER = 'scheduler';
const OVERDUE_MAX = 500;
const DAY_MS = 86_400_000;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export interface RegenerateReport {
  identical: boolean;
  docx: { sha256: string; archived: string; matches: boolean };
  xlsx: { sha256: string; archived: string; matches: boolean };
}

/**
 * Bulletins (通报: 半月一督查、一月一通报): the figures of a half-month or a month for a division, frozen in the
 * archive with the .docx and the .xlsx appendix made from them. The files are a pure function of the archived
 * figures and the instant of issue, so a bulletin can be made again byte for byte.
 */
export class BulletinsService {
  constructor(
    private readonly deps: {
      db: Db;
      time: BusinessTime;
      indicators: IndicatorsService;
      files: FilesService;
      log: Logger;
      /** The name of a division, or null (the regions module). */
      divisionName(code: string): Promise<string | null>;
    },
  ) {}

  /** Issues a bulletin now: the figures as they stand, a new number, the files, the archive row. */
  async generate(
    actor: Actor,
    input: { kind: BulletinKind; date: string; division: string },
    generatedBy: string = actor.id ?? SCHEDULER,
  ): Promise<BulletinRow> {
    const prepared = await this.prepare(actor, input, generatedBy);
    return this.deps.db.transaction((tx) => this.store(prepared, tx));
  }

  /**
   * Everything a bulletin needs before its transaction: the figures (read on the database's own connections —
   * the embedded engine has one, so not inside a transaction), the next number of the division's year, and the
   * rendered files. Nothing is taken yet: the number is claimed by `store`'s unique index.
   */
  async prepare(
    actor: Actor,
    input: { kind: BulletinKind; date: string; division: string },
    generatedBy: string = actor.id ?? SCHEDULER,
  ): Promise<PreparedBulletin> {
    bulletinsPolicy.issue(actor, input.division);
    const { db, time, files } = this.deps;
    const generatedAt = time.now();
    const figures = await this.#figures(actor, input, generatedAt);
    const year = time.local(generatedAt).toFormat('yyyy');
    const prefix = `${abbreviation(figures.divisionName)}城管${input.kind === 'month' ? '通' : '督'}`;
    const sequence = await bulletinsRepo.nextSequence(db, input.division, `${prefix}〔${year}〕`);
    figures.number = `${prefix}〔${year}〕${sequence}号`;
    const docx = await renderDocx(figures, generatedAt);
    const xlsx = await renderXlsx(figures, generatedAt);
    const system = operatorActor();
    return {
      input,
      generatedAt,
      generatedBy,
      figures,
      sequence,
      docx: { content: await files.receive(system, docx), sha256: sha256(docx) },
      xlsx: { content: await files.receive(system, xlsx), sha256: sha256(xlsx) },
    };
  }

  /**
   * Files a prepared bulletin in the caller's transaction. Two issued at the same time for one division read the
   * same next number; they meet at the number's unique index, and the later is told to try again.
   */
  async store(p: PreparedBulletin, tx: Db): Promise<BulletinRow> {
    const { files } = this.deps;
    const system = operatorActor();
    const base = fileBase(p.figures);
    const d = await files.upload(
      system,
      { content: p.docx.content, filename: `${base}.docx`, ownerDivision: p.input.division },
      tx,
    );
    const x = await files.upload(
      system,
      { content: p.xlsx.content, filename: `${base}(附件).xlsx`, ownerDivision: p.input.division },
      tx,
    );
    const row = await bulletinsRepo
      .insert(tx, {
        id: newId(),
        kind: p.input.kind,
        periodFrom: p.figures.from,
        periodTo: p.figures.to,
        division: p.input.division,
        number: p.figures.number,
        sequence: p.sequence,
        generatedAt: p.generatedAt,
        generatedBy: p.generatedBy,
        figures: p.figures,
        weightsVersionId: p.figures.weights.versionId,
        docxFileId: d.id,
        xlsxFileId: x.id,
        docxSha256: p.docx.sha256,
        xlsxSha256: p.xlsx.sha256,
        ownerDivision: p.input.division,
      })
      .catch((err: unknown) => {
        if (pgErrorCode(err) !== UNIQUE_VIOLATION) throw err;
        throw BulletinErrors.BULLETIN_NUMBER_TAKEN({ division: p.figures.divisionName, number: p.figures.number });
      });
    this.deps.log.info({ id: row.id, number: row.number, kind: row.kind, from: row.periodFrom }, 'bulletin issued');
    return row;
  }

  /**
   * The scheduler's bulletin of the period that contains `date`, for `division`: issued once (a repeated run
   * finds the one it made).
   */
  async generateScheduled(kind: BulletinKind, date: string, division: string): Promise<BulletinRow> {
    const actor = operatorActor();
    const table = await this.deps.indicators.table(actor, { period: kind, date, by: 'unit', division });
    const existing = await bulletinsRepo.findIssued(this.deps.db, division, kind, table.period.from);
    if (existing && existing.generatedBy === SCHEDULER) return existing;
    return this.generate(actor, { kind, date, division }, SCHEDULER);
  }

  async list(
    actor: Actor,
    q: { kind?: BulletinKind; division?: string; page: number; pageSize: number },
  ): Promise<{ items: BulletinRow[]; total: number; page: number; pageSize: number }> {
    const scope = bulletinsPolicy.list(actor);
    const found = await bulletinsRepo.list(this.deps.db, {
      scope,
      kind: q.kind,
      division: q.division,
      offset: (q.page - 1) * q.pageSize,
      limit: q.pageSize,
    });
    return { ...found, page: q.page, pageSize: q.pageSize };
  }

  async get(actor: Actor, id: string): Promise<BulletinRow> {
    const row = await bulletinsRepo.findById(this.deps.db, id);
    if (!bulletinsPolicy.read(actor, row)) throw BulletinErrors.BULLETIN_NOT_FOUND({ id });
    return row as BulletinRow;
  }

  /** The archived .docx or .xlsx, with the file name people see. */
  async file(
    actor: Actor,
    id: string,
    which: 'docx' | 'xlsx',
  ): Promise<{ bytes: Buffer; filename: string; mediaType: string; sha256: string }> {
    const row = await this.get(actor, id);
    const content = await this.deps.files
      .open(operatorActor(), which === 'docx' ? row.docxFileId : row.xlsxFileId, 'original')
      .catch(() => {
        throw BulletinErrors.BULLETIN_FILE_MISSING({ number: row.number });
      });
    const chunks: Buffer[] = [];
    for await (const chunk of await content.read()) chunks.push(Buffer.from(chunk as Uint8Array));
    const base = fileBase(row.figures);
    return {
      bytes: Buffer.concat(chunks),
      filename: which === 'docx' ? `${base}.docx` : `${base}(附件).xlsx`,
      mediaType: which === 'docx' ? DOCX_MEDIA_TYPE : XLSX_MEDIA_TYPE,
      sha256: content.sha256,
    };
  }

  /** Makes the files again from the archived figures and says whether the bytes are the archived ones. */
  async regenerate(actor: Actor, id: string): Promise<RegenerateReport> {
    bulletinsPolicy.regenerate(actor);
    const row = await bulletinsRepo.findById(this.deps.db, id);
    if (!row || !inScope(actor, row.ownerDivision)) throw BulletinErrors.BULLETIN_NOT_FOUND({ id });
    const { docx, xlsx } = await render(row);
    const d = sha256(docx);
    const x = sha256(xlsx);
    return {
      identical: d === row.docxSha256 && x === row.xlsxSha256,
      docx: { sha256: d, archived: row.docxSha256, matches: d === row.docxSha256 },
      xlsx: { sha256: x, archived: row.xlsxSha256, matches: x === row.xlsxSha256 },
    };
  }

  async #figures(
    actor: Actor,
    input: { kind: BulletinKind; date: string; division: string },
    now: Date,
  ): Promise<BulletinFigures> {
    const { indicators, time } = this.deps;
    const { kind, date, division } = input;
    const units = await indicators.table(actor, { period: kind, date, by: 'unit', division });
    const divisions = await indicators.table(actor, { period: kind, date, by: 'division', division });
    const { from, to } = units.period;
    const dayBefore = time
      .local(new Date(`${from}T12:00:00Z`))
      .minus({ days: 1 })
      .toFormat('yyyy-MM-dd');
    const previous = await indicators.table(actor, { period: kind, date: dayBefore, by: 'unit', division });
    const overdue = await indicators.casesBehind(actor, 'overduePendingRate', {
      period: kind,
      date,
      by: 'unit',
      division,
      part: 'numerator',
      page: 1,
      pageSize: OVERDUE_MAX,
    });
    const defs = indicators.definitions();
    const divisionName = (await this.deps.divisionName(division)) ?? (division || '全市');
    const unitName = new Map(units.rows.map((r) => [r.key, r.name ?? r.key]));
    const rowOf = (r: FigureRow, fallback: string): BulletinRankRow => ({
      key: r.key,
      name: r.name ?? fallback,
      figures: Object.fromEntries(
        r.figures.map((f) => [f.key, { numerator: f.numerator, denominator: f.denominator, rate: f.rate }]),
      ),
      composite: r.composite,
    });
    const [y, m, d] = from.split('-').map(Number) as [number, number, number];
    const half = kind === 'half-month' ? (d === 1 ? '上半月' : '下半月') : '';
    const overdueRows: BulletinOverdue[] = overdue.items
      .filter((c) => c.handleDueAt !== null)
      .map((c) => ({
        number: c.number ?? c.caseId,
        category: c.categoryName?.['zh-CN'] ?? c.categoryCode ?? '',
        unit: (c.leadUnit && unitName.get(c.leadUnit)) || '',
        division: c.ownerDivision,
        dueAt: time.local(c.handleDueAt as Date).toFormat('yyyy-MM-dd HH:mm'),
        daysOverdue: Math.max(0, Math.floor((now.getTime() - (c.handleDueAt as Date).getTime()) / DAY_MS)),
      }))
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.number.localeCompare(b.number));
    return {
      kind,
      from,
      to,
      division,
      divisionName,
      issuer: `${divisionName}城市管理局`,
      number: '',
      title: `关于${y}年${m}月${half}城市管理问题处置情况的${kind === 'month' ? '通报' : '督查通报'}`,
      salutation:
        division.length <= 2
          ? '各市城市管理局、各相关单位:'
          : division.length === 4
            ? '各县区城市管理局、各相关单位:'
            : '各乡镇(街道)、各相关单位:',
      issuedOn: time.local(now).toFormat('yyyy-MM-dd'),
      indicators: defs.indicators.map((i) => ({
        key: i.key,
        name: i.name['zh-CN'],
        numeratorName: defs.measures[i.numerator].name['zh-CN'],
        denominatorName: defs.measures[i.denominator].name['zh-CN'],
      })),
      total: rowOf(units.total, divisionName),
      previous: {
        from: previous.period.from,
        to: previous.period.to,
        total: rowOf(previous.total, divisionName),
      },
      units: units.rows.filter((r) => r.key !== '').map((r) => rowOf(r, r.key)),
      divisions: divisions.rows.map((r) =>
        rowOf(r, r.key === '' ? '未定区域' : r.key === division ? `${divisionName}(本级)` : r.key),
      ),
      overdue: overdueRows,
      weights: { values: units.weights.values, versionId: units.weights.versionId },
    };
  }
}

/** The files of an archived bulletin, made again from its figures alone. */
export async function render(
  row: Pick<BulletinRow, 'figures' | 'generatedAt'>,
): Promise<{ docx: Buffer; xlsx: Buffer }> {
  return { docx: await renderDocx(row.figures, row.generatedAt), xlsx: await renderXlsx(row.figures, row.generatedAt) };
}

/** 长治市 → 长, 潞州区 → 潞: the first character of the division's name starts the 文号. */
function abbreviation(name: string): string {
  return [...name][0] ?? '';
}

function fileBase(f: BulletinFigures): string {
  return `${f.number} ${f.title}`.replace(/[\\/:*?"<>|]/g, '');
}

export { periodText };
