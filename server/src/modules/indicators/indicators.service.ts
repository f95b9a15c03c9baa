import type { Logger } from 'pino';
import type { Db, Tx } from '../../db/database.ts';
import { actionsOfCases } from '../../engine/engine.repo.ts';
import type { DurableConsumer, EngineEvent } from '../../engine/events.ts';
import type { Actor } from '../../platform/access.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import { CompositeScoreWeights } from '../config/config.registry.ts';
import type { ConfigService } from '../config/config.service.ts';
import {
  childLength,
  compositeScore,
  INDICATOR_BY_KEY,
  INDICATORS,
  type IndicatorDefinition,
  type IndicatorKey,
  MEASURES,
  type MeasureKey,
  type Period,
  type PeriodKind,
  periodOf,
  rate,
} from './indicators.definitions.ts';
import { byCase, type CaseFacts, type Derived, deriveCase, type Mark, MEASURED_WORKFLOW } from './indicators.facts.ts';
import { IndicatorErrors, indicatorsPolicy } from './indicators.policy.ts';
import { type Dimension, indicatorsRepo, type MarkFilter, rowKey } from './indicators.repo.ts';

export { INDICATORS, MEASURES } from './indicators.definitions.ts';
export type { CaseFacts, Mark } from './indicators.facts.ts';

/** The rollups' durable consumer of the engine's outbox (its position in `event_consumer`). */
export const INDICATORS_CONSUMER = 'indicators';

/** Events after which a case's facts may have changed: every log entry of a case makes one of these. */
const CASE_EVENTS = new Set(['case.opened', 'case.action', 'case.deadline.status']);

const BATCH = 500;

export interface FigureQuery {
  period: PeriodKind;
  /** Any date inside the period (default today). */
  date?: string;
  by: Dimension;
  division?: string;
}

export interface Figure {
  key: IndicatorKey;
  numerator: number;
  denominator: number;
  /** numerator / denominator, 4 decimals; null when nothing is due. */
  rate: number | null;
}

export interface FigureRow {
  /** The unit id, division code or grid code ('' = no unit, or no grid). */
  key: string;
  name: string | null;
  figures: Figure[];
  composite: number | null;
}

export interface FigureTable {
  period: Period;
  by: Dimension;
  division: string;
  rows: FigureRow[];
  total: FigureRow;
  weights: {
    values: Record<string, number>;
    /** The configuration version in force on the period's first day (null: the key's default). */
    versionId: string | null;
    divisionCode: string | null;
    effectiveFrom: string | null;
    at: string;
  };
}

export interface CaseBehind {
  caseId: string;
  ref: string;
  day: string;
  rowKey: string;
  number: string | null;
  state: string;
  categoryCode: string | null;
  categoryName: CaseFacts['categoryName'];
  ownerDivision: string;
  gridCode: string | null;
  leadUnit: string | null;
  reportedAt: Date;
  handleDueAt: Date | null;
  handledAt: Date | null;
  closedAt: Date | null;
  /** 结案类型 as the duty chief chose it (shown, not counted). */
  closureType: string | null;
}

export interface VerifyReport {
  cases: number;
  marks: number;
  differences: string[];
}

/**
 * The indicators (考核指标) of the urban-management loop: figures by lead unit, division or grid and period,
 * counted from rollups of the action log (per-case facts and marks) that a durable consumer keeps current, a
 * rebuild makes from scratch, and a check compares with a full recomputation.
 */
export class IndicatorsService {
  constructor(
    private readonly deps: {
      db: Db;
      time: BusinessTime;
      config: ConfigService;
      log: Logger;
      /** Names of org units (the access module), for the rows by unit. */
      unitNames(ids: readonly string[]): Promise<Map<string, string>>;
      /** The name of a division, or null (the regions module). */
      divisionName(code: string): Promise<string | null>;
    },
  ) {}

  definitions(): { indicators: readonly IndicatorDefinition[]; measures: typeof MEASURES } {
    return { indicators: INDICATORS, measures: MEASURES };
  }

  /** The consumer that keeps the rollups current; registered with the event bus in context.ts. */
  consumer(): DurableConsumer {
    return {
      name: INDICATORS_CONSUMER,
      batchSize: 200,
      handle: (events, tx) => this.#handle(events, tx),
    };
  }

  async #handle(events: EngineEvent[], tx: Tx): Promise<void> {
    const ids = new Set<string>();
    for (const e of events) {
      if (!CASE_EVENTS.has(e.type) || !e.caseId) continue;
      if (e.payload.workflow !== undefined && e.payload.workflow !== MEASURED_WORKFLOW) continue;
      ids.add(e.caseId);
    }
    if (ids.size === 0) return;
    await indicatorsRepo.lock(tx);
    await this.refresh([...ids], tx);
  }

  /** Derives these cases' facts again from their whole log and replaces their rows (idempotent). */
  async refresh(caseIds: readonly string[], db: Db): Promise<Derived[]> {
    const derived = await this.#derive(db, caseIds);
    await indicatorsRepo.replace(db, caseIds, derived);
    return derived;
  }

  async #derive(db: Db, caseIds: readonly string[]): Promise<Derived[]> {
    const entries = await actionsOfCases(db, [...caseIds]);
    const out: Derived[] = [];
    for (const list of byCase(entries).values()) {
      const d = deriveCase(list, this.deps.time.zone);
      if (d) out.push(d);
    }
    return out;
  }

  /**
   * Refreshes the cases whose open handling clock moved without an event (a recomputation after a calendar
   * change); returns how many. Run by the job `indicators.catch-up`, a batch at a time.
   */
  async catchUp(db: Db, limit = 5000): Promise<number> {
    await indicatorsRepo.lock(db);
    const ids = await indicatorsRepo.drifted(db, limit);
    if (ids.length) await this.refresh(ids, db);
    return ids.length;
  }

  /** Throws the rollups away and derives them again from the whole log, in one transaction. */
  async rebuild(actor: Actor): Promise<{ cases: number; marks: number }> {
    indicatorsPolicy.manage(actor);
    return this.rebuildAll();
  }

  async rebuildAll(): Promise<{ cases: number; marks: number }> {
    return this.deps.db.transaction(async (tx) => {
      await indicatorsRepo.lock(tx);
      await indicatorsRepo.clear(tx);
      let cases = 0;
      let marks = 0;
      let after: string | null = null;
      for (;;) {
        const ids = await indicatorsRepo.caseIdsAfter(tx, after, BATCH);
        if (ids.length === 0) break;
        const derived = await this.#derive(tx, ids);
        await indicatorsRepo.insert(tx, derived);
        cases += derived.length;
        marks += derived.reduce((n, d) => n + d.marks.length, 0);
        after = ids[ids.length - 1] as string;
        if (ids.length < BATCH) break;
      }
      this.deps.log.info({ cases, marks }, 'indicator rollups rebuilt');
      return { cases, marks };
    });
  }

  /**
   * Compares the rollups with a full recomputation from the log: every case's facts and marks. Events the
   * consumer has not handled yet show as differences (call it after the consumer caught up).
   */
  async verify(actor: Actor): Promise<VerifyReport> {
    indicatorsPolicy.manage(actor);
    return this.verifyAll();
  }

  async verifyAll(): Promise<VerifyReport> {
    const { db } = this.deps;
    const report: VerifyReport = { cases: 0, marks: 0, differences: [] };
    const logged = new Set<string>();
    let after: string | null = null;
    for (;;) {
      const ids = await indicatorsRepo.caseIdsAfter(db, after, BATCH);
      if (ids.length === 0) break;
      const derived = await this.#derive(db, ids);
      const stored = await indicatorsRepo.stored(db, ids);
      report.differences.push(...compareRollups(derived, stored));
      report.cases += derived.length;
      report.marks += derived.reduce((n, d) => n + d.marks.length, 0);
      for (const id of ids) logged.add(id);
      after = ids[ids.length - 1] as string;
      if (ids.length < BATCH) break;
    }
    // Rows for cases the log does not measure (none should exist).
    let afterFact: string | null = null;
    for (;;) {
      const ids = await indicatorsRepo.factIdsAfter(db, afterFact, 5000);
      for (const id of ids)
        if (!logged.has(id)) report.differences.push(`case ${id}: in the rollups but not in the log`);
      if (ids.length < 5000) break;
      afterFact = ids[ids.length - 1] as string;
    }
    return report;
  }

  /** Every indicator by row for a period, with the composite score under the weights in force then. */
  async table(actor: Actor, q: FigureQuery): Promise<FigureTable> {
    const scope = indicatorsPolicy.read(actor, q.division);
    const period = periodOf(q.period, q.date ?? this.deps.time.today());
    const base = q.division ?? (scope.length === 1 ? (scope[0] as string) : '');
    const filter: MarkFilter = { from: period.from, to: period.to, scope, division: q.division };
    const counts = await indicatorsRepo.counts(this.deps.db, filter, rowKey(q.by, childLength(base)));
    const byRow = new Map<string, Map<string, number>>();
    const total = new Map<string, number>();
    for (const c of counts) {
      const m = byRow.get(c.row) ?? new Map<string, number>();
      byRow.set(c.row, m);
      m.set(c.measure, (m.get(c.measure) ?? 0) + c.n);
      total.set(c.measure, (total.get(c.measure) ?? 0) + c.n);
    }
    const resolved = await this.deps.config.resolveKey(CompositeScoreWeights.key, base, period.from);
    const weights = resolved.value as typeof CompositeScoreWeights.default;
    const names = await this.#names(q.by, [...byRow.keys()]);
    const rows = [...byRow.entries()]
      .map(([key, m]) => figureRow(key, names.get(key) ?? null, m, weights))
      .sort((a, b) => (b.composite ?? -1) - (a.composite ?? -1) || a.key.localeCompare(b.key));
    return {
      period,
      by: q.by,
      division: base,
      rows,
      total: figureRow('', null, total, weights),
      weights: {
        values: weights,
        versionId: resolved.source.versionId,
        divisionCode: resolved.source.divisionCode,
        effectiveFrom: resolved.source.effectiveFrom,
        at: period.from,
      },
    };
  }

  /** The cases behind one figure: the numerator's or the denominator's items, of one row or all. */
  async casesBehind(
    actor: Actor,
    key: string,
    q: FigureQuery & { row?: string; part: 'numerator' | 'denominator'; page: number; pageSize: number },
  ): Promise<{
    items: CaseBehind[];
    total: number;
    page: number;
    pageSize: number;
    period: Period;
    measure: MeasureKey;
  }> {
    const scope = indicatorsPolicy.read(actor, q.division);
    const def = INDICATOR_BY_KEY.get(key);
    if (!def) throw IndicatorErrors.INDICATOR_UNKNOWN({ key, known: INDICATORS.map((d) => d.key).join(', ') });
    const period = periodOf(q.period, q.date ?? this.deps.time.today());
    const base = q.division ?? (scope.length === 1 ? (scope[0] as string) : '');
    const len = childLength(base);
    if (q.row !== undefined && q.by === 'division' && q.row !== '' && !q.row.startsWith(base))
      throw IndicatorErrors.INDICATOR_ROW_INVALID({ row: q.row, byZh: '行政区划', byEn: 'division' });
    const keySql = rowKey(q.by, len);
    const measure = q.part === 'numerator' ? def.numerator : def.denominator;
    const found = await indicatorsRepo.marked(
      this.deps.db,
      { from: period.from, to: period.to, scope, division: q.division },
      measure,
      q.row === undefined ? null : { key: keySql, value: q.row },
      { offset: (q.page - 1) * q.pageSize, limit: q.pageSize },
    );
    const at = (v: string | null) => (v ? new Date(v) : null);
    const rowOf = (m: Mark) => (q.by === 'unit' ? m.unit : q.by === 'grid' ? m.grid : m.division.slice(0, len));
    return {
      items: found.items.map((m) => ({
        caseId: m.caseId,
        ref: m.ref,
        day: m.day,
        rowKey: rowOf(m),
        number: m.facts.number,
        state: m.facts.state,
        categoryCode: m.facts.categoryCode,
        categoryName: m.facts.categoryName,
        ownerDivision: m.facts.ownerDivision,
        gridCode: m.facts.gridCode,
        leadUnit: m.facts.leadUnit,
        reportedAt: new Date(m.facts.reportedAt),
        handleDueAt: at(m.facts.handleDueAt),
        handledAt: at(m.facts.handledAt),
        closedAt: at(m.facts.closedAt),
        closureType: m.facts.closureType,
      })),
      total: found.total,
      page: q.page,
      pageSize: q.pageSize,
      period,
      measure,
    };
  }

  async #names(by: Dimension, keys: string[]): Promise<Map<string, string>> {
    const real = keys.filter((k) => k !== '');
    if (by === 'unit') return this.deps.unitNames(real);
    if (by === 'division') {
      const out = new Map<string, string>();
      for (const code of real) {
        const name = await this.deps.divisionName(code);
        if (name) out.set(code, name);
      }
      return out;
    }
    return new Map();
  }
}

function figureRow(
  key: string,
  name: string | null,
  counts: ReadonlyMap<string, number>,
  weights: typeof CompositeScoreWeights.default,
): FigureRow {
  const figures = INDICATORS.map((d) => {
    const numerator = counts.get(d.numerator) ?? 0;
    const denominator = counts.get(d.denominator) ?? 0;
    return { key: d.key, numerator, denominator, rate: rate(numerator, denominator) };
  });
  // Exact rates for the score: rounding each rate first would move it by hundredths.
  const rates = new Map(figures.map((f) => [f.key, f.denominator > 0 ? f.numerator / f.denominator : null]));
  return { key, name, figures, composite: compositeScore(rates, weights) };
}

/** What differs between derived and stored rollups, one line each. */
export function compareRollups(derived: readonly Derived[], stored: { facts: CaseFacts[]; marks: Mark[] }): string[] {
  const out: string[] = [];
  const canon = (v: unknown) =>
    JSON.stringify(v, (_k, x) =>
      x && typeof x === 'object' && !Array.isArray(x)
        ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)))
        : x,
    );
  const facts = new Map(stored.facts.map((f) => [f.caseId, f]));
  const markKey = (m: Mark) => `${m.caseId} ${m.measure} ${m.ref}`;
  const marks = new Map(stored.marks.map((m) => [markKey(m), m]));
  const expectedCases = new Set<string>();
  for (const d of derived) {
    expectedCases.add(d.facts.caseId);
    const f = facts.get(d.facts.caseId);
    if (!f) out.push(`case ${d.facts.caseId}: facts missing from the rollups`);
    else if (canon(f) !== canon(d.facts))
      out.push(`case ${d.facts.caseId}: facts differ: log says ${canon(d.facts)}, rollups have ${canon(f)}`);
    for (const m of d.marks) {
      const s = marks.get(markKey(m));
      marks.delete(markKey(m));
      if (!s) out.push(`mark ${markKey(m)}: missing from the rollups (${m.day})`);
      else if (canon(s) !== canon(m)) out.push(`mark ${markKey(m)}: log says ${canon(m)}, rollups have ${canon(s)}`);
    }
  }
  for (const [key, m] of marks) out.push(`mark ${key}: in the rollups but not derived from the log (${m.day})`);
  for (const f of stored.facts)
    if (!expectedCases.has(f.caseId)) out.push(`case ${f.caseId}: in the rollups but not derived from the log`);
  return out;
}
