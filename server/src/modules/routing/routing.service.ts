import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/access.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import { DIVISION_CODE_PATTERN, divisionLineage, normalizeDivisionCode } from '../../platform/divisions.ts';
import { LOCALES, type Locale, messageFor, PlatformErrors } from '../../platform/errors.ts';
import { isDate } from '../../platform/formats.ts';
import { newId } from '../../platform/ids.ts';
import type { PageOf, PageRequest } from '../../platform/paging.ts';
import type { AccessService, OrgUnitKind } from '../access/access.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { RegionsService } from '../regions/regions.service.ts';
import { RoutingErrors, routingPolicy } from './routing.policy.ts';
import { type RoutingRuleRow, type RuleSortField, routingRepo } from './routing.repo.ts';
import {
  ASSIST_MAX,
  CATEGORY_CODE_PATTERN,
  CODE_SET_PATTERN,
  MINUTE_MAX,
  NOTE_MAX,
  PRIORITY_MAX,
} from './routing.schemas.ts';

export type { RoutingRuleRow, RuleSortField } from './routing.repo.ts';

/**
 * Whether a category exists in a code set on a date. Wired in context.ts to the taxonomy module
 * (`taxonomy.categoryAt(...) !== null`); without it, category codes are checked for their form only.
 */
export interface CategoryLookup {
  exists(codeSet: string, code: string, date: string, db: Db): Promise<boolean>;
}

export interface RoutingDeps {
  db: Db;
  time: BusinessTime;
  audit: AuditService;
  /** Which units are active, and which unit serves a town (the territorial fallback). */
  access: Pick<AccessService, 'activeUnitIds' | 'unitsServing'>;
  /** Whether a division exists, and the names of a division's lineage (for explanations). */
  regions: Pick<RegionsService, 'get' | 'lineage'>;
  categories?: CategoryLookup;
}

/** A rule as written: the content of one version. */
export interface RuleInput {
  codeSet: string;
  categoryCode: string;
  divisionCode: string;
  /** Minutes after local midnight, [from, to); both absent (or null): all day. from > to crosses midnight. */
  fromMinute?: number | null;
  toMinute?: number | null;
  leadUnitId: string;
  assistUnitIds?: readonly string[];
  priority?: number;
  note?: string | null;
  /** The first day the rule applies (default today). */
  effectiveFrom?: string;
}

/** A new version of a rule, from its effective date. */
export interface RuleRevision extends RuleInput {
  effectiveFrom: string;
}

export interface RuleDetail {
  ruleId: string;
  /** The date `current` is read for. */
  at: string;
  /** The version in force on `at`, if any. */
  current: RoutingRuleRow | null;
  /** Every version, the first first. */
  versions: RoutingRuleRow[];
}

export interface RuleListFilter {
  at?: string;
  codeSet?: string;
  category?: string;
  division?: string;
  unit?: string;
}

export interface SuggestInput {
  codeSet: string;
  categoryCode: string;
  /** The case's division (a community, a town…). */
  divisionCode: string;
  /** When the problem is dispatched: its business date picks the versions, its local time the windows. */
  at: Date;
}

export type SuggestionSource =
  | { kind: 'rule'; ruleId: string; version: number; divisionCode: string }
  | { kind: 'fallback'; divisionCode: string };

export interface SkippedRule {
  ruleId: string;
  version: number;
  inactiveUnitIds: string[];
}

export interface Suggestion {
  leadUnitId: string;
  assistUnitIds: string[];
  source: SuggestionSource;
  explanation: Record<Locale, string>;
  /** Rules that ranked above the one used (or above the fallback) but name a unit that is gone. */
  skipped: SkippedRule[];
}

/** One thing wrong with a rule; `message` in the caller's language. */
export interface RuleProblem {
  field: string;
  problem: string;
  message: string;
}

/** The kinds of unit that answer for their own town or street when no rule applies (属地兜底), in that order. */
export const FALLBACK_UNIT_KINDS: readonly OrgUnitKind[] = ['street_office', 'government'];

const CODE_SET = new RegExp(CODE_SET_PATTERN);
const CATEGORY = new RegExp(CATEGORY_CODE_PATTERN);
const DIVISION = new RegExp(DIVISION_CODE_PATTERN);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A town/street code has 9 digits; a case above that level falls back to its own division. */
const TOWN_DIGITS = 9;

/** A rule after its form was checked: what a version row holds. */
interface CleanRule {
  codeSet: string;
  categoryCode: string;
  divisionCode: string;
  fromMinute: number | null;
  toMinute: number | null;
  leadUnitId: string;
  assistUnitIds: string[];
  priority: number;
  note: string | null;
  effectiveFrom: string | null;
}

/**
 * Dispatch routing (派遣规则): which unit leads (主办) and which assist (协办) on a problem of a category in a
 * division, optionally only at certain times of day; with no rule, the town or street the problem lies in
 * answers for it (属地兜底). Rules are versioned: a revision closes the version in force on its effective date
 * and opens the next; retiring closes the last. A suggestion names the rule version it came from, or the
 * fallback, in both languages — the dispatcher sees it and may choose otherwise (the case workflow's business).
 */
export class RoutingService {
  constructor(private readonly deps: RoutingDeps) {}

  // ------------------------------------------------------------------ suggesting

  /**
   * Where a problem should go. Rules in force on the business date of `at`, for the category or its class
   * (a code prefix), for the division or an ancestor, whose window contains the local time of `at`; the most
   * specific division wins, then a subclass over a class, then a window over all day, then the higher
   * priority, then the later version start. A rule naming a unit that is not active is skipped. No rule:
   * the active street office or town government of the town (first 9 digits), else 422
   * `ROUTING_NO_RESPONSIBLE_UNIT`.
   */
  async suggest(input: SuggestInput, db: Db = this.deps.db): Promise<Suggestion> {
    const division = caseDivision(input.divisionCode);
    const categoryCode = input.categoryCode.trim();
    if (!CATEGORY.test(categoryCode)) throw PlatformErrors.BAD_REQUEST({ reason: `category code ${categoryCode}` });
    const local = this.deps.time.local(input.at);
    const date = local.toISODate();
    if (date === null) throw PlatformErrors.BAD_REQUEST({ reason: 'the time asked about is not valid' });
    const minute = local.hour * 60 + local.minute;

    const candidates = (
      await routingRepo.candidates(db, {
        codeSet: input.codeSet,
        categoryCodes: prefixesOf(categoryCode),
        divisionCodes: divisionLineage(division).filter((c) => c !== ''),
        at: date,
      })
    )
      .filter((r) => windowContains(r, minute))
      .sort(compareRules);
    const active = await this.deps.access.activeUnitIds(
      [...new Set(candidates.flatMap((r) => [r.leadUnitId, ...r.assistUnitIds]))],
      db,
    );
    const skipped: SkippedRule[] = [];
    let chosen: RoutingRuleRow | null = null;
    for (const rule of candidates) {
      const inactive = [rule.leadUnitId, ...rule.assistUnitIds].filter((id) => !active.has(id));
      if (inactive.length === 0) {
        chosen = rule;
        break;
      }
      skipped.push({ ruleId: rule.ruleId, version: rule.version, inactiveUnitIds: inactive });
    }
    const names = new Map((await this.deps.regions.lineage(division, { at: date }, db)).map((d) => [d.code, d.name]));
    const nameOf = (code: string) => names.get(code) ?? code;
    const skippedText = explainSkipped(skipped);

    if (chosen) {
      const window = windowText(chosen.fromMinute, chosen.toMinute);
      const crosses = chosen.fromMinute !== null && chosen.toMinute !== null && chosen.fromMinute > chosen.toMinute;
      const isClass = chosen.categoryCode !== categoryCode;
      const params = {
        ruleId: chosen.ruleId,
        version: chosen.version,
        validFrom: chosen.validFrom,
        divisionName: nameOf(chosen.divisionCode),
        divisionCode: chosen.divisionCode,
        priority: chosen.priority,
        categoryZh: isClass
          ? `${chosen.codeSet} 大类 ${chosen.categoryCode}(含 ${categoryCode})`
          : `${chosen.codeSet} 类别 ${categoryCode}`,
        categoryEn: isClass
          ? `${chosen.codeSet} class ${chosen.categoryCode} (which covers ${categoryCode})`
          : `${chosen.codeSet} category ${categoryCode}`,
        windowZh: window ? `每日 ${window}${crosses ? '(跨午夜)' : ''}` : '全天',
        windowEn: window ? `daily ${window}${crosses ? ' (across midnight)' : ''}` : 'all day',
        skippedZh: skippedText['zh-CN'],
        skippedEn: skippedText['en-US'],
      };
      return {
        leadUnitId: chosen.leadUnitId,
        assistUnitIds: [...chosen.assistUnitIds],
        source: { kind: 'rule', ruleId: chosen.ruleId, version: chosen.version, divisionCode: chosen.divisionCode },
        explanation: bilingual('ROUTING_EXPLAIN_RULE', params),
        skipped,
      };
    }

    const town = division.slice(0, TOWN_DIGITS);
    const [unit] = await this.deps.access.unitsServing(town, FALLBACK_UNIT_KINDS, db);
    if (!unit) throw RoutingErrors.ROUTING_NO_RESPONSIBLE_UNIT({ town, townName: nameOf(town) }, { town, skipped });
    return {
      leadUnitId: unit.id,
      assistUnitIds: [],
      source: { kind: 'fallback', divisionCode: town },
      explanation: bilingual('ROUTING_EXPLAIN_FALLBACK', {
        town,
        townName: nameOf(town),
        unitName: unit.name,
        skippedZh: skippedText['zh-CN'],
        skippedEn: skippedText['en-US'],
      }),
      skipped,
    };
  }

  /** `suggest` for a caller: `routing.read` and the case's division in their scope. */
  async suggestFor(actor: Actor, input: SuggestInput, db: Db = this.deps.db): Promise<Suggestion> {
    routingPolicy.read(actor);
    routingPolicy.suggest(actor, caseDivision(input.divisionCode));
    return this.suggest(input, db);
  }

  // ------------------------------------------------------------------ reading

  /** Rule versions in force on a date (default today) that the caller sees, with the filters. */
  async list(
    actor: Actor,
    req: PageRequest<RuleSortField>,
    filter: RuleListFilter = {},
    db: Db = this.deps.db,
  ): Promise<PageOf<RoutingRuleRow> & { at: string }> {
    routingPolicy.read(actor);
    const at = filter.at ?? this.deps.time.today();
    if (!isDate(at)) throw PlatformErrors.BAD_REQUEST({ reason: `date ${at}` });
    if (filter.category !== undefined && !CATEGORY.test(filter.category))
      throw PlatformErrors.BAD_REQUEST({ reason: `category code ${filter.category}` });
    if (filter.unit !== undefined && !UUID.test(filter.unit))
      throw PlatformErrors.BAD_REQUEST({ reason: `unit ${filter.unit}` });
    const division = filter.division === undefined ? undefined : caseDivision(filter.division);
    const { items, total } = await routingRepo.page(db, req, {
      at,
      codeSet: filter.codeSet,
      category: filter.category,
      division,
      unit: filter.unit?.toLowerCase(),
      scopes: actor.scope.divisions,
    });
    return { items, total, page: req.page, pageSize: req.pageSize, at };
  }

  /** A rule with every version; 404 when unknown or out of the caller's sight. */
  async get(actor: Actor, ruleId: string, at?: string, db: Db = this.deps.db): Promise<RuleDetail> {
    routingPolicy.read(actor);
    const date = at ?? this.deps.time.today();
    if (!isDate(date)) throw PlatformErrors.BAD_REQUEST({ reason: `date ${date}` });
    const versions = UUID.test(ruleId) ? await routingRepo.versions(db, ruleId) : [];
    const latest = versions.at(-1);
    if (!latest || !routingPolicy.sees(actor, latest.divisionCode))
      throw RoutingErrors.ROUTING_RULE_NOT_FOUND({ ruleId });
    return detail(ruleId, versions, date);
  }

  // ------------------------------------------------------------------ changes

  /** A new rule, version 1 from its effective date (default today). */
  async create(actor: Actor, input: RuleInput, db: Db = this.deps.db, locale: Locale = 'zh-CN'): Promise<RuleDetail> {
    routingPolicy.manage(actor);
    const rule = checkForm(input, locale);
    routingPolicy.write(actor, rule.divisionCode);
    const today = this.deps.time.today();
    const effectiveFrom = rule.effectiveFrom ?? today;
    notPast(effectiveFrom, today);
    return db.transaction(async (tx) => {
      await this.#checkReferences(rule, effectiveFrom, tx, locale);
      const ruleId = newId();
      const row = await routingRepo.insert(tx, {
        ...versionRow(rule, actor, this.deps.time.now()),
        id: newId(),
        ruleId,
        version: 1,
        validFrom: effectiveFrom,
        validTo: null,
      });
      await this.#record(tx, actor, 'routing.rule.created', row, {});
      return detail(ruleId, [row], today);
    });
  }

  /**
   * A new version of a rule from `effectiveFrom`, which must be today or later and after the start of the
   * current (last) version; the current version closes that day. 404 unknown, 409 retired or too early.
   */
  async revise(
    actor: Actor,
    ruleId: string,
    input: RuleRevision,
    db: Db = this.deps.db,
    locale: Locale = 'zh-CN',
  ): Promise<RuleDetail> {
    routingPolicy.manage(actor);
    const rule = checkForm(input, locale, { effectiveFromRequired: true });
    const effectiveFrom = rule.effectiveFrom!;
    const today = this.deps.time.today();
    return db.transaction(async (tx) => {
      const versions = await this.#lockedVersions(tx, actor, ruleId);
      const latest = versions.at(-1)!;
      routingPolicy.write(actor, latest.divisionCode);
      routingPolicy.write(actor, rule.divisionCode);
      if (latest.validTo !== null) throw RoutingErrors.ROUTING_RULE_RETIRED({ ruleId, validTo: latest.validTo });
      notPast(effectiveFrom, today);
      if (effectiveFrom <= latest.validFrom) {
        throw RoutingErrors.ROUTING_REVISION_TOO_EARLY({
          effectiveFrom,
          version: latest.version,
          validFrom: latest.validFrom,
        });
      }
      await this.#checkReferences(rule, effectiveFrom, tx, locale);
      const now = this.deps.time.now();
      const closed = await routingRepo.close(tx, latest.id, {
        validTo: effectiveFrom,
        updatedAt: now,
        updatedBy: actorId(actor),
      });
      const row = await routingRepo.insert(tx, {
        ...versionRow(rule, actor, now),
        id: newId(),
        ruleId,
        version: latest.version + 1,
        validFrom: effectiveFrom,
        validTo: null,
      });
      await this.#record(tx, actor, 'routing.rule.revised', row, {
        previousVersion: latest.version,
        ...(latest.divisionCode !== row.divisionCode ? { divisionBefore: latest.divisionCode } : {}),
      });
      return detail(ruleId, [...versions.slice(0, -1), closed, row], today);
    });
  }

  /**
   * Retires a rule from `effectiveFrom` (default today; not in the past): the version in force then ends that
   * day, and a version that would only start later is withdrawn (its period becomes empty). 409 when already
   * retired.
   */
  async retire(
    actor: Actor,
    ruleId: string,
    effectiveFrom?: string,
    db: Db = this.deps.db,
    locale: Locale = 'zh-CN',
  ): Promise<RuleDetail> {
    routingPolicy.manage(actor);
    const today = this.deps.time.today();
    const date = effectiveFrom ?? today;
    if (!isDate(date)) {
      const problems = [problem(locale, 'effectiveFrom', 'DATE_INVALID', { value: clip(date) })];
      throw RoutingErrors.ROUTING_RULE_INVALID({ count: 1 }, { problems });
    }
    return db.transaction(async (tx) => {
      const versions = await this.#lockedVersions(tx, actor, ruleId);
      const latest = versions.at(-1)!;
      routingPolicy.write(actor, latest.divisionCode);
      if (latest.validTo !== null) throw RoutingErrors.ROUTING_RULE_RETIRED({ ruleId, validTo: latest.validTo });
      notPast(date, today);
      const now = this.deps.time.now();
      const after: RoutingRuleRow[] = [];
      const withdrawn: number[] = [];
      for (const v of versions) {
        if (v.validTo !== null && v.validTo <= date) {
          after.push(v);
          continue;
        }
        // In force on the date: it ends then. Starting on or after it: it never takes effect.
        const neverInForce = v.validFrom >= date;
        const validTo = neverInForce ? v.validFrom : date;
        if (neverInForce) withdrawn.push(v.version);
        after.push(await routingRepo.close(tx, v.id, { validTo, updatedAt: now, updatedBy: actorId(actor) }));
      }
      await this.#record(tx, actor, 'routing.rule.retired', latest, { effectiveFrom: date, withdrawn });
      return detail(ruleId, after, today);
    });
  }

  // ------------------------------------------------------------------ helpers

  /** The rule's versions under its lock; 404 when unknown or out of sight. */
  async #lockedVersions(tx: Db, actor: Actor, ruleId: string): Promise<RoutingRuleRow[]> {
    if (!UUID.test(ruleId)) throw RoutingErrors.ROUTING_RULE_NOT_FOUND({ ruleId: clip(ruleId) });
    await routingRepo.lockRule(tx, ruleId);
    const versions = await routingRepo.versions(tx, ruleId);
    const latest = versions.at(-1);
    if (!latest || !routingPolicy.sees(actor, latest.divisionCode))
      throw RoutingErrors.ROUTING_RULE_NOT_FOUND({ ruleId });
    return versions;
  }

  /** The division exists, the category exists in its set, the units exist and are active: else one 422 naming each. */
  async #checkReferences(rule: CleanRule, date: string, db: Db, locale: Locale): Promise<void> {
    const problems: (RuleProblem & { value: string })[] = [];
    const add = (field: string, code: string, params: Record<string, string>) =>
      problems.push({ ...problem(locale, field, code, params), value: params.value ?? '' });
    if (!(await this.deps.regions.get(rule.divisionCode, { at: date }, db))) {
      add('divisionCode', 'DIVISION_UNKNOWN', { value: rule.divisionCode, date });
    }
    if (this.deps.categories && !(await this.deps.categories.exists(rule.codeSet, rule.categoryCode, date, db))) {
      add('categoryCode', 'CATEGORY_UNKNOWN', { value: rule.categoryCode, codeSet: rule.codeSet, date });
    }
    const active = await this.deps.access.activeUnitIds([rule.leadUnitId, ...rule.assistUnitIds], db);
    if (!active.has(rule.leadUnitId)) add('leadUnitId', 'LEAD_UNIT_INACTIVE', { value: rule.leadUnitId });
    rule.assistUnitIds.forEach((id, i) => {
      if (!active.has(id)) add(`assistUnitIds/${i}`, 'ASSIST_UNIT_INACTIVE', { value: id });
    });
    if (problems.length > 0) {
      throw RoutingErrors.ROUTING_RULE_REFERENCES_INVALID(
        { count: problems.length, values: problems.map((p) => p.value).join(', ') },
        { problems: problems.map(({ value: _value, ...p }) => p) },
      );
    }
  }

  async #record(
    tx: Db,
    actor: Actor,
    action: string,
    row: RoutingRuleRow,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.audit.record(
      {
        actor,
        action,
        target: { type: 'routing_rule', id: row.ruleId },
        ownerDivision: row.divisionCode,
        details: {
          version: row.version,
          codeSet: row.codeSet,
          categoryCode: row.categoryCode,
          divisionCode: row.divisionCode,
          validFrom: row.validFrom,
          leadUnitId: row.leadUnitId,
          assistUnitIds: row.assistUnitIds,
          priority: row.priority,
          window: windowText(row.fromMinute, row.toMinute),
          ...details,
        },
      },
      tx,
    );
  }
}

// ------------------------------------------------------------------ pure helpers

/** `HH:MM–HH:MM` for a window, null for all day. */
export function windowText(fromMinute: number | null, toMinute: number | null): string | null {
  if (fromMinute === null || toMinute === null) return null;
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${hhmm(fromMinute)}–${hhmm(toMinute)}`;
}

/** Whether a rule's window contains the minute of the day (all-day rules contain every minute). */
export function windowContains(rule: Pick<RoutingRuleRow, 'fromMinute' | 'toMinute'>, minute: number): boolean {
  const { fromMinute: from, toMinute: to } = rule;
  if (from === null || to === null) return true;
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

/** The order rules are tried in: the first one whose units are active wins. */
export function compareRules(a: RoutingRuleRow, b: RoutingRuleRow): number {
  const windowed = (r: RoutingRuleRow) => (r.fromMinute !== null && r.toMinute !== null ? 1 : 0);
  return (
    b.divisionCode.length - a.divisionCode.length ||
    b.categoryCode.length - a.categoryCode.length ||
    windowed(b) - windowed(a) ||
    b.priority - a.priority ||
    (a.validFrom < b.validFrom ? 1 : a.validFrom > b.validFrom ? -1 : 0) ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}

/** The code and its classes: every non-empty prefix (`0102` → `0102`, `010`, `01`, `0`). */
function prefixesOf(code: string): string[] {
  const out: string[] = [];
  for (let n = code.length; n > 0; n--) out.push(code.slice(0, n));
  return out;
}

/** A case's division from a caller: normalised significant digits, not '' (the installation is not a place). */
function caseDivision(code: string): string {
  try {
    return normalizeDivisionCode(code);
  } catch (err) {
    throw PlatformErrors.BAD_REQUEST({ reason: (err as Error).message.slice(0, 120) });
  }
}

function detail(ruleId: string, versions: RoutingRuleRow[], at: string): RuleDetail {
  const current = versions.find((v) => v.validFrom <= at && (v.validTo === null || v.validTo > at)) ?? null;
  return { ruleId, at, current, versions };
}

function versionRow(rule: CleanRule, actor: Actor, now: Date) {
  return {
    codeSet: rule.codeSet,
    categoryCode: rule.categoryCode,
    divisionCode: rule.divisionCode,
    fromMinute: rule.fromMinute,
    toMinute: rule.toMinute,
    leadUnitId: rule.leadUnitId,
    assistUnitIds: rule.assistUnitIds,
    priority: rule.priority,
    note: rule.note,
    updatedAt: now,
    updatedBy: actorId(actor),
    ownerDivision: rule.divisionCode,
  };
}

function notPast(effectiveFrom: string, today: string): void {
  if (effectiveFrom < today) throw RoutingErrors.ROUTING_PAST_DATE({ effectiveFrom, today });
}

function actorId(actor: Actor): string {
  return (actor.id ?? actor.kind).slice(0, 64);
}

function clip(value: unknown): string {
  return String(value).slice(0, 60);
}

function problem(locale: Locale, field: string, code: string, params: Record<string, string | number>): RuleProblem {
  return { field, problem: code, message: messageFor(`ROUTING_PROBLEM_${code}`, locale, params) };
}

function bilingual(code: string, params: Record<string, string | number>): Record<Locale, string> {
  const out = {} as Record<Locale, string>;
  for (const locale of LOCALES) out[locale] = messageFor(code, locale, params);
  return out;
}

function explainSkipped(skipped: readonly SkippedRule[]): Record<Locale, string> {
  if (skipped.length === 0) return { 'zh-CN': '', 'en-US': '' };
  return bilingual('ROUTING_EXPLAIN_SKIPPED', {
    rules: skipped.map((s) => `${s.ruleId} v${s.version}`).join(', '),
  });
}

/**
 * The form of a rule, every problem at once (400 `ROUTING_RULE_INVALID`, each problem in `details.problems`):
 * codes, the window (both ends or neither, 0–1439, not empty), the units (ids, no duplicates, the lead not
 * also assisting, at most ASSIST_MAX), the priority, the note and the effective date.
 */
function checkForm(input: RuleInput, locale: Locale, options: { effectiveFromRequired?: boolean } = {}): CleanRule {
  const problems: RuleProblem[] = [];
  const add = (field: string, code: string, params: Record<string, string | number> = {}) =>
    problems.push(problem(locale, field, code, params));
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

  const codeSet = text(input.codeSet);
  if (!CODE_SET.test(codeSet)) add('codeSet', 'CODE_SET_INVALID', { value: clip(input.codeSet) });
  const categoryCode = text(input.categoryCode);
  if (!CATEGORY.test(categoryCode)) add('categoryCode', 'CATEGORY_INVALID', { value: clip(input.categoryCode) });
  let divisionCode = text(input.divisionCode);
  if (DIVISION.test(divisionCode)) divisionCode = normalizeDivisionCode(divisionCode);
  else add('divisionCode', 'DIVISION_INVALID', { value: clip(input.divisionCode) });

  const from = input.fromMinute ?? null;
  const to = input.toMinute ?? null;
  const minuteOk = (field: string, m: number | null) => {
    if (m === null) return true;
    if (Number.isInteger(m) && m >= 0 && m <= MINUTE_MAX) return true;
    add(field, 'MINUTE_RANGE', { field, value: clip(m) });
    return false;
  };
  const fromOk = minuteOk('fromMinute', from);
  const toOk = minuteOk('toMinute', to);
  if ((from === null) !== (to === null)) add(from === null ? 'fromMinute' : 'toMinute', 'WINDOW_INCOMPLETE');
  else if (from !== null && fromOk && toOk && from === to)
    add('toMinute', 'WINDOW_EMPTY', { value: windowText(from, to) ?? '' });

  const leadUnitId = text(input.leadUnitId).toLowerCase();
  if (!UUID.test(leadUnitId))
    add('leadUnitId', 'UNIT_ID_INVALID', { field: 'leadUnitId', value: clip(input.leadUnitId) });
  const assists = Array.isArray(input.assistUnitIds) ? input.assistUnitIds : [];
  const assistUnitIds: string[] = [];
  if (assists.length > ASSIST_MAX) add('assistUnitIds', 'ASSIST_TOO_MANY', { max: ASSIST_MAX });
  assists.forEach((raw, i) => {
    const id = text(raw).toLowerCase();
    const field = `assistUnitIds/${i}`;
    if (!UUID.test(id)) add(field, 'UNIT_ID_INVALID', { field, value: clip(raw) });
    else if (assistUnitIds.includes(id)) add(field, 'ASSIST_DUPLICATE', { value: id });
    else if (id === leadUnitId) add(field, 'LEAD_ALSO_ASSISTING', { value: id });
    else assistUnitIds.push(id);
  });

  const priority = input.priority ?? 0;
  if (!Number.isInteger(priority) || priority < 0 || priority > PRIORITY_MAX)
    add('priority', 'PRIORITY_RANGE', { max: PRIORITY_MAX, value: clip(priority) });
  const note = typeof input.note === 'string' && input.note.trim() !== '' ? input.note.trim() : null;
  if (note !== null && note.length > NOTE_MAX) add('note', 'NOTE_TOO_LONG', { max: NOTE_MAX });

  const effectiveFrom = input.effectiveFrom ?? null;
  if (effectiveFrom === null ? options.effectiveFromRequired : !isDate(effectiveFrom))
    add('effectiveFrom', 'DATE_INVALID', { value: clip(effectiveFrom ?? '') });

  if (problems.length > 0) throw RoutingErrors.ROUTING_RULE_INVALID({ count: problems.length }, { problems });
  return {
    codeSet,
    categoryCode,
    divisionCode,
    fromMinute: from,
    toMinute: to,
    leadUnitId,
    assistUnitIds,
    priority,
    note,
    effectiveFrom,
  };
}
