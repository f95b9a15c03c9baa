import { DateTime } from 'luxon';

/**
 * The indicators of the urban-management loop (domain-standards §4), written once, as data. Every figure is
 * a count of **marks**: a mark says that one item (a case, a dispatch, a check round, a visit) counts in one
 * **measure** on one business date, for one lead unit, owning division and grid. Marks are derived from the
 * action log (indicators.facts.ts) and stored (`indicator_mark`); an indicator is a numerator measure over a
 * denominator measure, both counted over the same period and dimension. docs/indicators.md explains each.
 */

export interface Text {
  'zh-CN': string;
  'en-US': string;
}
const t = (zh: string, en: string): Text => ({ 'zh-CN': zh, 'en-US': en });

/** What a measure counts, and by which date an item falls into a period. */
export interface MeasureDefinition {
  key: MeasureKey;
  name: Text;
  /** The item counted: one per case, per lead task (dispatch), per check task, per visit (follow-up entry). */
  item: 'case' | 'dispatch' | 'check' | 'visit';
  /** The date that places the item in a period. */
  date: Text;
}

export const MEASURE_KEYS = [
  // denominators
  'due',
  'reported',
  'dispatched',
  'checkDue',
  'visited',
  'closedDispatched',
  // numerators
  'handled',
  'handledOnTime',
  'closed',
  'closedOnTime',
  'closedLate',
  'reworked',
  'extended',
  'overduePending',
  'returned',
  'checkedOnTime',
  'valid',
  'satisfied',
  'firstTime',
] as const;
export type MeasureKey = (typeof MEASURE_KEYS)[number];

const HANDLE_DUE = t('处置时限到期日(最后一次处置计时的到期时间)', 'the due date of the last handling clock');
const due = (key: MeasureKey, zh: string, en: string): MeasureDefinition => ({
  key,
  name: t(zh, en),
  item: 'case',
  date: HANDLE_DUE,
});

export const MEASURES: Record<MeasureKey, MeasureDefinition> = {
  due: due('due', '应处置案件', 'cases due'),
  handled: due('handled', '已处置', 'handled'),
  handledOnTime: due('handledOnTime', '按期处置', 'handled on time'),
  closed: due('closed', '已结案', 'closed'),
  closedOnTime: due('closedOnTime', '按期结案', 'closed, handled on time'),
  closedLate: due('closedLate', '超期结案', 'closed, handled late'),
  reworked: due('reworked', '返工', 'reworked'),
  extended: due('extended', '延期', 'extended'),
  overduePending: due('overduePending', '超期待处置', 'overdue, not handled'),
  reported: { key: 'reported', name: t('上报', 'reports'), item: 'case', date: t('上报日', 'the report date') },
  valid: { key: 'valid', name: t('有效上报', 'valid reports'), item: 'case', date: t('上报日', 'the report date') },
  dispatched: {
    key: 'dispatched',
    name: t('派遣(主办任务)', 'dispatches (lead tasks)'),
    item: 'dispatch',
    date: t('派遣日', 'the dispatch date'),
  },
  returned: {
    key: 'returned',
    name: t('退单', 'returned'),
    item: 'dispatch',
    date: t('派遣日', 'the dispatch date'),
  },
  checkDue: {
    key: 'checkDue',
    name: t('应核查', 'checks due'),
    item: 'check',
    date: t('核查时限到期日', 'the due date of the check clock'),
  },
  checkedOnTime: {
    key: 'checkedOnTime',
    name: t('按期核查', 'checked on time'),
    item: 'check',
    date: t('核查时限到期日', 'the due date of the check clock'),
  },
  visited: { key: 'visited', name: t('回访', 'visits'), item: 'visit', date: t('回访日', 'the visit date') },
  satisfied: {
    key: 'satisfied',
    name: t('满意(含基本满意)', 'satisfied (or basically)'),
    item: 'visit',
    date: t('回访日', 'the visit date'),
  },
  closedDispatched: {
    key: 'closedDispatched',
    name: t('派遣后结案', 'closed after dispatch'),
    item: 'case',
    date: t('结案日', 'the closure date'),
  },
  firstTime: {
    key: 'firstTime',
    name: t('一次办结', 'closed at the first dispatch'),
    item: 'case',
    date: t('结案日', 'the closure date'),
  },
};

export interface IndicatorDefinition {
  key: IndicatorKey;
  /** The name people use (按期结案率) and its English. */
  name: Text;
  numerator: MeasureKey;
  denominator: MeasureKey;
  /** Lower is better (返工率, 延期率…): the composite score takes 1 − rate. */
  lowerIsBetter?: boolean;
}

export const INDICATOR_KEYS = [
  'closedOnTimeRate',
  'closureRate',
  'handlingRate',
  'handledOnTimeRate',
  'reworkRate',
  'closedLateRate',
  'extensionRate',
  'overduePendingRate',
  'returnRate',
  'satisfactionRate',
  'firstTimeRate',
  'checkedOnTimeRate',
  'validReportRate',
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export const INDICATORS: readonly IndicatorDefinition[] = [
  { key: 'closedOnTimeRate', name: t('按期结案率', 'closed on time'), numerator: 'closedOnTime', denominator: 'due' },
  { key: 'closureRate', name: t('结案率', 'closure rate'), numerator: 'closed', denominator: 'due' },
  { key: 'handlingRate', name: t('处置率', 'handling rate'), numerator: 'handled', denominator: 'due' },
  {
    key: 'handledOnTimeRate',
    name: t('按期处置率', 'handled on time'),
    numerator: 'handledOnTime',
    denominator: 'due',
  },
  {
    key: 'reworkRate',
    name: t('返工率', 'rework rate'),
    numerator: 'reworked',
    denominator: 'due',
    lowerIsBetter: true,
  },
  {
    key: 'closedLateRate',
    name: t('超期结案率', 'closed late'),
    numerator: 'closedLate',
    denominator: 'due',
    lowerIsBetter: true,
  },
  {
    key: 'extensionRate',
    name: t('延期率', 'extension rate'),
    numerator: 'extended',
    denominator: 'due',
    lowerIsBetter: true,
  },
  {
    key: 'overduePendingRate',
    name: t('超期待处置率', 'overdue and not handled'),
    numerator: 'overduePending',
    denominator: 'due',
    lowerIsBetter: true,
  },
  {
    key: 'returnRate',
    name: t('退单率', 'return rate'),
    numerator: 'returned',
    denominator: 'dispatched',
    lowerIsBetter: true,
  },
  { key: 'satisfactionRate', name: t('满意率', 'satisfaction rate'), numerator: 'satisfied', denominator: 'visited' },
  {
    key: 'firstTimeRate',
    name: t('一次办结率', 'closed at the first dispatch'),
    numerator: 'firstTime',
    denominator: 'closedDispatched',
  },
  {
    key: 'checkedOnTimeRate',
    name: t('按期核查率', 'checked on time'),
    numerator: 'checkedOnTime',
    denominator: 'checkDue',
  },
  { key: 'validReportRate', name: t('有效上报率', 'valid reports'), numerator: 'valid', denominator: 'reported' },
];

export const INDICATOR_BY_KEY: ReadonlyMap<string, IndicatorDefinition> = new Map(INDICATORS.map((d) => [d.key, d]));

/**
 * The composite score (综合评价得分, domain-standards §4, Chengdu Jinniu's scheme by default): weights from the
 * versioned configuration key `indicators.composite-weights`, each applied to a rate (or 1 − rate). The
 * score is Σ weight × term / Σ weight × 100 over the terms whose rate exists (denominator > 0): with the
 * default weights (summing to 100) it is the published formula; a row with no case due has no score.
 */
export const COMPOSITE_TERMS = [
  { weight: 'handlingRate', indicator: 'handlingRate', inverse: false },
  { weight: 'onTimeHandlingRate', indicator: 'handledOnTimeRate', inverse: false },
  { weight: 'reworkRate', indicator: 'reworkRate', inverse: true },
  { weight: 'overduePendingRate', indicator: 'overduePendingRate', inverse: true },
  { weight: 'extensionRate', indicator: 'extensionRate', inverse: true },
] as const satisfies readonly { weight: string; indicator: IndicatorKey; inverse: boolean }[];

export type CompositeWeights = Record<(typeof COMPOSITE_TERMS)[number]['weight'], number>;

export function compositeScore(
  rates: ReadonlyMap<IndicatorKey, number | null>,
  weights: CompositeWeights,
): number | null {
  let sum = 0;
  let weightSum = 0;
  for (const term of COMPOSITE_TERMS) {
    const rate = rates.get(term.indicator);
    const w = weights[term.weight];
    if (rate === null || rate === undefined || w === 0) continue;
    sum += w * (term.inverse ? 1 - rate : rate);
    weightSum += w;
  }
  if (weightSum === 0) return null;
  return round((sum / weightSum) * 100, 2);
}

export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? round(numerator / denominator, 4) : null;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

// ---- periods, in business time

export const PERIOD_KINDS = ['day', 'half-month', 'month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind;
  /** First and last business date, inclusive. */
  from: string;
  to: string;
}

/** The period of a kind that contains a local date: half-months are the 1st–15th and the 16th–end. */
export function periodOf(kind: PeriodKind, date: string): Period {
  const d = DateTime.fromISO(date, { zone: 'UTC' });
  if (!d.isValid) throw new RangeError(`not a date: ${date}`);
  const iso = (x: DateTime) => x.toISODate() as string;
  switch (kind) {
    case 'day':
      return { kind, from: iso(d), to: iso(d) };
    case 'half-month':
      return d.day <= 15
        ? { kind, from: iso(d.startOf('month')), to: iso(d.set({ day: 15 })) }
        : { kind, from: iso(d.set({ day: 16 })), to: iso(d.endOf('month')) };
    case 'month':
      return { kind, from: iso(d.startOf('month')), to: iso(d.endOf('month')) };
    case 'quarter':
      return { kind, from: iso(d.startOf('quarter')), to: iso(d.endOf('quarter')) };
    case 'year':
      return { kind, from: iso(d.startOf('year')), to: iso(d.endOf('year')) };
  }
}

/** The length of the division codes one level below a code ('' → provinces; a community has no level below). */
export function childLength(division: string): number {
  switch (division.length) {
    case 0:
      return 2;
    case 2:
      return 4;
    case 4:
      return 6;
    case 6:
      return 9;
    default:
      return 12;
  }
}
