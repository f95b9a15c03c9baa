import { DateTime } from 'luxon';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/access.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import { type Locale, messageFor, PlatformErrors } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { BUILTIN_CATEGORIES, BUILTIN_CODE_SETS, BUILTIN_CROSSWALK, BUILTIN_VALID_FROM } from './taxonomy.builtin.ts';
import { TaxonomyErrors, taxonomyPolicy } from './taxonomy.policy.ts';
import {
  type CategoryFilter,
  type CategoryRow,
  type CodeSetRow,
  type NewCategoryRow,
  taxonomyRepo,
} from './taxonomy.repo.ts';
import { LIMIT_AMOUNT_MAX } from './taxonomy.schemas.ts';
import type { CategoryLimit, CategoryRules, CodeSetKind, UrgencyLevel } from './taxonomy.tables.ts';

export {
  BUILTIN_VALID_FROM,
  CJT214_COMPONENT,
  CJT214_EVENT,
  DEMAND_12345,
  GBT47678_MATTER,
} from './taxonomy.builtin.ts';
export type { CategoryLimit, CategoryRules, CodeSetKind, UrgencyLevel } from './taxonomy.tables.ts';

/** A classification the city uses (分类代码集). */
export type CodeSet = CodeSetRow;
/** One version of a class (大类) or subclass (小类): `[validFrom, validTo)`, never rewritten. */
export type CategoryVersion = CategoryRow;
export type CategoryLevel = CategoryVersion['level'];
export type CategoryQuery = CategoryFilter;

export interface TaxonomyDeps {
  db: Db;
  time: BusinessTime;
  audit: AuditService;
}

export interface NewCodeSetInput {
  /** Lower case and dotted: `cjt214.event`, `12345.demand`. */
  key: string;
  kind: CodeSetKind;
  nameZh: string;
  nameEn: string;
  /** The standard it comes from; null or absent for a local set. */
  standard?: string | null;
  /** Whether new cases may be classified with it (default true). */
  active?: boolean;
}

export interface NewCategoryInput {
  code: string;
  /** The class of a new subclass; absent or null for a new class. */
  parentCode?: string | null;
  nameZh: string;
  nameEn: string;
  /** A subclass's rules (required); a class has none. */
  rules?: CategoryRules | null;
  /** Display order within its parent (default: after its siblings). */
  position?: number;
  /** The first day in force (YYYY-MM-DD): today (the default) or later. */
  validFrom?: string;
}

export interface CategoryRevisionInput {
  /** The first day of the new version: today or later, and after the day the latest version begins. */
  effectiveFrom: string;
  nameZh: string;
  nameEn: string;
  rules?: CategoryRules | null;
  /** Default: the position of the version revised. */
  position?: number;
}

export interface CrosswalkInput {
  fromSet: string;
  code: string;
  toSet: string;
  /** Every code of `toSet` that corresponds to `code`; [] removes the correspondence. */
  codes: readonly string[];
}

/** A category with the history of its code. */
export interface CategoryWithVersions {
  category: CategoryVersion;
  /** Every version of the code, oldest first. */
  versions: CategoryVersion[];
}

/** One thing wrong with a category (`TAXONOMY_CATEGORY_INVALID` lists them in `details.problems`). */
export interface CategoryProblem {
  /** JSON pointer into the request body: `/code`, `/rules/limits/handle/amount`. */
  path: string;
  problem:
    | 'CODE_FORMAT'
    | 'CLASS_CODE_LENGTH'
    | 'SUBCLASS_CODE_LENGTH'
    | 'SUBCLASS_CODE_PREFIX'
    | 'PARENT_NOT_FOUND'
    | 'RULES_REQUIRED'
    | 'RULES_ON_CLASS'
    | 'NAME_EMPTY'
    | 'TEXT_EMPTY'
    | 'LIMIT_MISSING'
    | 'LIMIT_AMOUNT'
    | 'LIMIT_UNIT'
    | 'STAGE_UNKNOWN'
    | 'URGENCY_LEVEL'
    | 'URGENCY_DUPLICATE';
  message: string;
}

export interface BuiltinInstallResult {
  codeSets: number;
  categories: number;
  crosswalk: number;
}

const CODE = /^[0-9A-Za-z]{1,16}$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const STAGES = ['verify', 'dispatch', 'handle', 'check'] as const;
const UNITS: readonly string[] = ['working_hours', 'working_days', 'natural_hours'];
const URGENCY_LEVELS: readonly string[] = ['normal', 'urgent', 'emergency'];

/**
 * The taxonomy (分类): CJ/T 214-2007 events and components, GB/T 47678.5 matters, 12345 demand types and any
 * other code set, as editable, dated data. A subclass carries its rules: 立案条件 and 结案条件, the limits of
 * its stages (核实 verify, 派遣 dispatch, 处置 handle, 核查 check) and its urgency levels (紧急程度).
 *
 * A category is never rewritten: a revision closes the version in force on its effective date (exclusive) and
 * opens the next, so a case keeps the rules of the day it was registered and last year's figures keep last
 * year's names. Past days are never changed: a revision or retirement takes effect today or later. Code sets of
 * different standards are read across with a crosswalk (对照), stored once and read both ways round.
 *
 * Reading is for any signed-in user and takes no actor; writes take `taxonomy.manage`, run in one transaction
 * with their audit record, and take the code set's row lock first, so concurrent edits of a set queue.
 */
export class TaxonomyService {
  constructor(private readonly deps: TaxonomyDeps) {}

  // ------------------------------------------------------------------ reading

  /** Every code set, by key. */
  async codeSets(db: Db = this.deps.db): Promise<CodeSet[]> {
    return taxonomyRepo.listCodeSets(db);
  }

  /** One code set, or null. */
  async codeSet(key: string, db: Db = this.deps.db): Promise<CodeSet | null> {
    return taxonomyRepo.findCodeSet(db, key);
  }

  /** As `codeSet`, but an unknown key is a 404 `TAXONOMY_CODE_SET_NOT_FOUND`. */
  async requireCodeSet(key: string, db: Db = this.deps.db): Promise<CodeSet> {
    const set = await taxonomyRepo.findCodeSet(db, key);
    if (!set) throw TaxonomyErrors.TAXONOMY_CODE_SET_NOT_FOUND({ set: key });
    return set;
  }

  /** The version of a category in force on a business date (YYYY-MM-DD), or null. */
  async categoryAt(
    codeSet: string,
    code: string,
    date: string,
    db: Db = this.deps.db,
  ): Promise<CategoryVersion | null> {
    return taxonomyRepo.findAt(db, codeSet, code, calendarDate(date));
  }

  /**
   * The categories of a set in force on a business date, each class followed by its subclasses (in position
   * order); optionally one level, the subclasses of one class, or those whose code starts with `q` or whose
   * Chinese or English name contains it. An unknown set has none.
   */
  async categoriesAt(
    codeSet: string,
    date: string,
    options: CategoryQuery = {},
    db: Db = this.deps.db,
  ): Promise<CategoryVersion[]> {
    const q = options.q?.trim();
    return taxonomyRepo.listAt(db, codeSet, calendarDate(date), {
      level: options.level,
      parent: options.parent,
      q: q === undefined || q === '' ? undefined : q,
    });
  }

  /** Every version of a code, oldest first (empty when the set has no such code). */
  async versions(codeSet: string, code: string, db: Db = this.deps.db): Promise<CategoryVersion[]> {
    return taxonomyRepo.versions(db, codeSet, code);
  }

  /**
   * The version in force on a date and every version of the code: 404 `TAXONOMY_CODE_SET_NOT_FOUND`,
   * `TAXONOMY_CATEGORY_NOT_FOUND` (no version ever) or `TAXONOMY_CATEGORY_NOT_IN_FORCE` (none on that date;
   * the versions in `details`).
   */
  async detail(codeSet: string, code: string, date: string, db: Db = this.deps.db): Promise<CategoryWithVersions> {
    const at = calendarDate(date);
    await this.requireCodeSet(codeSet, db);
    const versions = await taxonomyRepo.versions(db, codeSet, code);
    if (versions.length === 0) throw TaxonomyErrors.TAXONOMY_CATEGORY_NOT_FOUND({ set: codeSet, code });
    const category = versions.find((v) => v.validFrom <= at && (v.validTo === null || v.validTo > at));
    if (!category) {
      throw TaxonomyErrors.TAXONOMY_CATEGORY_NOT_IN_FORCE(
        { set: codeSet, code, at },
        { versions: versions.map((v) => ({ version: v.version, validFrom: v.validFrom, validTo: v.validTo })) },
      );
    }
    return { category, versions };
  }

  /**
   * The codes of `toSet` that correspond to `code` of `fromSet` (GB/T 47678.5 06010 → CJ/T 214 0102 and back),
   * sorted. A pair is stored once and read both ways round.
   */
  async crosswalk(fromSet: string, code: string, toSet: string, db: Db = this.deps.db): Promise<string[]> {
    return taxonomyRepo.crosswalk(db, fromSet, code, toSet);
  }

  // ------------------------------------------------------------------ changes

  /** A new code set (409 `TAXONOMY_CODE_SET_EXISTS` when the key is taken); its categories come next. */
  async createCodeSet(actor: Actor, input: NewCodeSetInput, db: Db = this.deps.db): Promise<CodeSet> {
    taxonomyPolicy.manage(actor);
    const now = this.deps.time.now();
    return db.transaction(async (tx) => {
      const row = await taxonomyRepo.insertCodeSet(tx, {
        key: input.key,
        kind: input.kind,
        nameZh: input.nameZh.trim(),
        nameEn: input.nameEn.trim(),
        standard: input.standard?.trim() || null,
        active: input.active ?? true,
        ownerDivision: '',
        createdAt: now,
        updatedAt: now,
      });
      if (!row) throw TaxonomyErrors.TAXONOMY_CODE_SET_EXISTS({ set: input.key });
      await this.deps.audit.record(
        {
          actor,
          action: 'taxonomy.code-set.created',
          target: { type: 'taxonomy_code_set', id: row.key },
          ownerDivision: '',
          details: { key: row.key, kind: row.kind, standard: row.standard, active: row.active },
        },
        tx,
      );
      return row;
    });
  }

  /**
   * A new class or subclass of a set, in force from `validFrom` (today by default; never earlier). 404 for an
   * unknown set, 409 `TAXONOMY_CATEGORY_EXISTS` when the code has versions already (revise it instead), 400
   * `TAXONOMY_CATEGORY_INVALID` with every problem: the code's form, its parent class, the rules.
   */
  async createCategory(
    actor: Actor,
    codeSet: string,
    input: NewCategoryInput,
    locale: Locale = 'zh-CN',
    db: Db = this.deps.db,
  ): Promise<CategoryVersion> {
    taxonomyPolicy.manage(actor);
    const today = this.deps.time.today();
    const validFrom = input.validFrom === undefined ? today : calendarDate(input.validFrom);
    if (validFrom < today) throw TaxonomyErrors.TAXONOMY_PAST_DATE({ effectiveFrom: validFrom, today });
    const now = this.deps.time.now();
    return db.transaction(async (tx) => {
      const [set] = await taxonomyRepo.lockCodeSets(tx, [codeSet]);
      if (!set) throw TaxonomyErrors.TAXONOMY_CODE_SET_NOT_FOUND({ set: codeSet });
      if ((await taxonomyRepo.existingCodes(tx, codeSet, [input.code])).size > 0)
        throw TaxonomyErrors.TAXONOMY_CATEGORY_EXISTS({ set: codeSet, code: input.code });
      const parentCode = input.parentCode ?? null;
      const problems = categoryProblems(set, { ...input, parentCode }, locale);
      if (parentCode !== null && CODE.test(parentCode)) {
        const parent = await taxonomyRepo.findAt(tx, codeSet, parentCode, validFrom);
        if (parent?.level !== 'class')
          problems.push(problem('/parentCode', 'PARENT_NOT_FOUND', locale, { parent: parentCode, at: validFrom }));
      }
      if (problems.length > 0) throw invalid(problems);
      const position = input.position ?? ((await taxonomyRepo.maxPosition(tx, codeSet, parentCode)) ?? 0) + 1;
      const [row] = await taxonomyRepo.insertCategories(tx, [
        {
          id: newId(),
          codeSet,
          code: input.code,
          parentCode,
          level: parentCode === null ? 'class' : 'subclass',
          nameZh: input.nameZh.trim(),
          nameEn: input.nameEn.trim(),
          rules: parentCode === null ? null : cleanRules(input.rules!),
          position,
          validFrom,
          validTo: null,
          version: 1,
          updatedAt: now,
          updatedBy: actorId(actor),
          ownerDivision: '',
        },
      ]);
      await this.deps.audit.record(
        {
          actor,
          action: 'taxonomy.category.created',
          target: { type: 'taxonomy_category', id: `${codeSet}:${input.code}` },
          ownerDivision: '',
          details: { codeSet, code: input.code, level: row!.level, parentCode, validFrom },
        },
        tx,
      );
      return row!;
    });
  }

  /**
   * A new version of a category from `effectiveFrom`: the latest version is closed on that day and the new one
   * opens then (a retirement scheduled after it stays). 404 when the code has no version, 409
   * `TAXONOMY_EFFECTIVE_TOO_EARLY` on or before the day the latest version begins, 409 `TAXONOMY_PAST_DATE`
   * before today, 400 with every problem of the new content. A retired code is revived this way too, from a
   * day on or after its retirement.
   */
  async reviseCategory(
    actor: Actor,
    codeSet: string,
    code: string,
    input: CategoryRevisionInput,
    locale: Locale = 'zh-CN',
    db: Db = this.deps.db,
  ): Promise<CategoryWithVersions> {
    taxonomyPolicy.manage(actor);
    const effectiveFrom = calendarDate(input.effectiveFrom);
    const today = this.deps.time.today();
    const now = this.deps.time.now();
    return db.transaction(async (tx) => {
      const { set, latest } = await this.#lockLatest(tx, codeSet, code);
      if (effectiveFrom <= latest.validFrom)
        throw TaxonomyErrors.TAXONOMY_EFFECTIVE_TOO_EARLY({ effectiveFrom, code, current: latest.validFrom });
      if (effectiveFrom < today) throw TaxonomyErrors.TAXONOMY_PAST_DATE({ effectiveFrom, today });
      const problems = categoryProblems(
        set,
        { code, parentCode: latest.parentCode, nameZh: input.nameZh, nameEn: input.nameEn, rules: input.rules },
        locale,
      );
      if (problems.length > 0) throw invalid(problems);
      // Closed first: at most one open version per code (taxonomy_category_current_uq).
      const endsLater = latest.validTo !== null && latest.validTo > effectiveFrom;
      if (latest.validTo === null || endsLater) await taxonomyRepo.close(tx, latest.id, effectiveFrom);
      const [row] = await taxonomyRepo.insertCategories(tx, [
        {
          id: newId(),
          codeSet,
          code,
          parentCode: latest.parentCode,
          level: latest.level,
          nameZh: input.nameZh.trim(),
          nameEn: input.nameEn.trim(),
          rules: latest.level === 'class' ? null : cleanRules(input.rules!),
          position: input.position ?? latest.position,
          validFrom: effectiveFrom,
          validTo: endsLater ? latest.validTo : null,
          version: latest.version + 1,
          updatedAt: now,
          updatedBy: actorId(actor),
          ownerDivision: '',
        },
      ]);
      await this.deps.audit.record(
        {
          actor,
          action: 'taxonomy.category.revised',
          target: { type: 'taxonomy_category', id: `${codeSet}:${code}` },
          ownerDivision: '',
          details: { codeSet, code, version: row!.version, effectiveFrom, previousVersion: latest.version },
        },
        tx,
      );
      return { category: row!, versions: await taxonomyRepo.versions(tx, codeSet, code) };
    });
  }

  /**
   * Ends a category from `effectiveFrom` (default today; never earlier, and after its latest version begins):
   * its latest version gets `validTo`. 404 when unknown, 409 `TAXONOMY_CATEGORY_RETIRED` when it is retired
   * (or scheduled to be) already, 409 `TAXONOMY_CLASS_HAS_SUBCLASSES` for a class whose subclasses would
   * outlive it. Cases classified with it keep it; new ones cannot use it from that day.
   */
  async retireCategory(
    actor: Actor,
    codeSet: string,
    code: string,
    effectiveFrom?: string,
    db: Db = this.deps.db,
  ): Promise<CategoryWithVersions> {
    taxonomyPolicy.manage(actor);
    const today = this.deps.time.today();
    const from = effectiveFrom === undefined ? today : calendarDate(effectiveFrom);
    return db.transaction(async (tx) => {
      const { latest } = await this.#lockLatest(tx, codeSet, code);
      if (latest.validTo !== null) throw TaxonomyErrors.TAXONOMY_CATEGORY_RETIRED({ code, validTo: latest.validTo });
      if (from <= latest.validFrom)
        throw TaxonomyErrors.TAXONOMY_EFFECTIVE_TOO_EARLY({ effectiveFrom: from, code, current: latest.validFrom });
      if (from < today) throw TaxonomyErrors.TAXONOMY_PAST_DATE({ effectiveFrom: from, today });
      if (latest.level === 'class') {
        const subclasses = await taxonomyRepo.subclassesFrom(tx, codeSet, code, from);
        if (subclasses.length > 0)
          throw TaxonomyErrors.TAXONOMY_CLASS_HAS_SUBCLASSES(
            { code, effectiveFrom: from, subclasses: abbreviate(subclasses) },
            { subclasses },
          );
      }
      await taxonomyRepo.close(tx, latest.id, from);
      await this.deps.audit.record(
        {
          actor,
          action: 'taxonomy.category.retired',
          target: { type: 'taxonomy_category', id: `${codeSet}:${code}` },
          ownerDivision: '',
          details: { codeSet, code, version: latest.version, validTo: from },
        },
        tx,
      );
      const versions = await taxonomyRepo.versions(tx, codeSet, code);
      return { category: versions.find((v) => v.id === latest.id)!, versions };
    });
  }

  /**
   * Sets what `code` of `fromSet` corresponds to in `toSet`, replacing what was there (whichever way round it
   * was stored). Codes must have a version in their set (retired ones included: old cases are read across
   * too). Returns the codes now corresponding.
   */
  async setCrosswalk(actor: Actor, input: CrosswalkInput, db: Db = this.deps.db): Promise<string[]> {
    taxonomyPolicy.manage(actor);
    const { fromSet, code, toSet } = input;
    if (fromSet === toSet) throw TaxonomyErrors.TAXONOMY_CROSSWALK_SAME_SET({ set: fromSet });
    const codes = [...new Set(input.codes)].sort();
    return db.transaction(async (tx) => {
      const locked = new Set((await taxonomyRepo.lockCodeSets(tx, [fromSet, toSet])).map((s) => s.key));
      for (const key of [fromSet, toSet])
        if (!locked.has(key)) throw TaxonomyErrors.TAXONOMY_CODE_SET_NOT_FOUND({ set: key });
      if ((await taxonomyRepo.existingCodes(tx, fromSet, [code])).size === 0)
        throw TaxonomyErrors.TAXONOMY_CATEGORY_NOT_FOUND({ set: fromSet, code });
      const known = await taxonomyRepo.existingCodes(tx, toSet, codes);
      const unknown = codes.filter((c) => !known.has(c));
      if (unknown.length > 0)
        throw TaxonomyErrors.TAXONOMY_CROSSWALK_CODES_UNKNOWN({ set: toSet, codes: abbreviate(unknown) }, { unknown });
      const before = await taxonomyRepo.crosswalk(tx, fromSet, code, toSet);
      await taxonomyRepo.replaceCrosswalk(tx, { fromSet, fromCode: code, toSet, toCodes: codes, ownerDivision: '' });
      await this.deps.audit.record(
        {
          actor,
          action: 'taxonomy.crosswalk.set',
          target: { type: 'taxonomy_crosswalk', id: `${fromSet}:${code}>${toSet}` },
          ownerDivision: '',
          details: { fromSet, code, toSet, codes, before },
        },
        tx,
      );
      return taxonomyRepo.crosswalk(tx, fromSet, code, toSet);
    });
  }

  /**
   * The taxonomy CivicGrid ships (taxonomy.builtin.ts), valid from 2000-01-01: code sets, classes, subclasses
   * and crosswalk pairs that are not there yet are added; nothing that is there is changed. For the seeder.
   */
  async installBuiltin(actor: Actor, db: Db = this.deps.db): Promise<BuiltinInstallResult> {
    taxonomyPolicy.manage(actor);
    const now = this.deps.time.now();
    return db.transaction(async (tx) => {
      const result: BuiltinInstallResult = { codeSets: 0, categories: 0, crosswalk: 0 };
      for (const set of BUILTIN_CODE_SETS) {
        const row = await taxonomyRepo.insertCodeSet(tx, { ...set, ownerDivision: '', createdAt: now, updatedAt: now });
        if (row) result.codeSets++;
      }
      await taxonomyRepo.lockCodeSets(
        tx,
        BUILTIN_CODE_SETS.map((s) => s.key),
      );
      const rows: NewCategoryRow[] = [];
      for (const set of BUILTIN_CODE_SETS) {
        const mine = BUILTIN_CATEGORIES.filter((c) => c.codeSet === set.key);
        const existing = await taxonomyRepo.existingCodes(
          tx,
          set.key,
          mine.map((c) => c.code),
        );
        for (const c of mine) {
          if (existing.has(c.code)) continue;
          rows.push({
            id: newId(),
            ...c,
            level: c.parentCode === null ? 'class' : 'subclass',
            validFrom: BUILTIN_VALID_FROM,
            validTo: null,
            version: 1,
            updatedAt: now,
            updatedBy: actorId(actor),
            ownerDivision: '',
          });
        }
      }
      result.categories = (await taxonomyRepo.insertCategories(tx, rows)).length;
      result.crosswalk = await taxonomyRepo.addCrosswalk(
        tx,
        BUILTIN_CROSSWALK.map((p) => ({ ...p, ownerDivision: '' })),
      );
      if (result.codeSets + result.categories + result.crosswalk > 0) {
        await this.deps.audit.record(
          {
            actor,
            action: 'taxonomy.builtin.installed',
            target: { type: 'taxonomy_code_set', id: null },
            ownerDivision: '',
            details: { ...result, validFrom: BUILTIN_VALID_FROM },
          },
          tx,
        );
      }
      return result;
    });
  }

  /** Locks the set, then reads the latest version of the code: 404 for an unknown set or code. */
  async #lockLatest(tx: Db, codeSet: string, code: string): Promise<{ set: CodeSet; latest: CategoryVersion }> {
    const [set] = await taxonomyRepo.lockCodeSets(tx, [codeSet]);
    if (!set) throw TaxonomyErrors.TAXONOMY_CODE_SET_NOT_FOUND({ set: codeSet });
    const latest = (await taxonomyRepo.versions(tx, codeSet, code)).at(-1);
    if (!latest) throw TaxonomyErrors.TAXONOMY_CATEGORY_NOT_FOUND({ set: codeSet, code });
    return { set, latest };
  }
}

/**
 * Every problem of a category's content, in the caller's language, without the database: the code's form (a
 * CJ/T 214 set: class 2 digits, subclass its class and 2 more; any set: a subclass's code starts with its
 * class's), names, and the rules (a subclass must carry them, a class must not; limits more than 0 in a known
 * unit; urgency levels known and once each). Takes anything a caller may pass, not only what the API's schema
 * admits. Whether the parent class exists is the service's to check.
 */
export function categoryProblems(
  set: Pick<CodeSet, 'standard'>,
  input: { code: string; parentCode: string | null; nameZh: string; nameEn: string; rules?: unknown },
  locale: Locale = 'zh-CN',
): CategoryProblem[] {
  const out: CategoryProblem[] = [];
  const add = (path: string, kind: CategoryProblem['problem'], params: Record<string, string | number> = {}) =>
    out.push(problem(path, kind, locale, params));
  const { code, parentCode } = input;
  const standard = set.standard ?? '';
  const cjt214 = standard.startsWith('CJ/T 214');
  if (typeof code !== 'string' || !CODE.test(code)) add('/code', 'CODE_FORMAT', { value: shown(code) });
  else if (parentCode === null) {
    if (cjt214 && !/^[0-9]{2}$/.test(code)) add('/code', 'CLASS_CODE_LENGTH', { value: code, standard });
  } else if (typeof parentCode !== 'string' || !CODE.test(parentCode)) {
    add('/parentCode', 'CODE_FORMAT', { value: shown(parentCode) });
  } else if (!code.startsWith(parentCode) || code.length <= parentCode.length) {
    add('/code', 'SUBCLASS_CODE_PREFIX', { value: code, parent: parentCode });
  } else if (cjt214 && !/^[0-9]{4}$/.test(code)) {
    add('/code', 'SUBCLASS_CODE_LENGTH', { value: code, standard });
  }
  for (const field of ['nameZh', 'nameEn'] as const) {
    const name = input[field];
    if (typeof name !== 'string' || name.trim() === '') add(`/${field}`, 'NAME_EMPTY');
  }
  const rules = input.rules;
  if (parentCode === null) {
    if (rules !== undefined && rules !== null) add('/rules', 'RULES_ON_CLASS');
    return out;
  }
  if (!isObject(rules)) {
    add('/rules', 'RULES_REQUIRED');
    return out;
  }
  for (const field of ['registration', 'closing'] as const) {
    const text = rules[field];
    if (text === null || text === undefined) continue;
    if (!localText(text)) add(`/rules/${field}`, 'TEXT_EMPTY');
  }
  const limits = rules.limits;
  if (!isObject(limits)) add('/rules/limits/handle', 'LIMIT_MISSING');
  else {
    for (const stage of Object.keys(limits)) {
      if (!(STAGES as readonly string[]).includes(stage))
        add(`/rules/limits/${stage}`, 'STAGE_UNKNOWN', { value: stage });
    }
    for (const stage of STAGES) {
      const limit = limits[stage];
      if (limit === undefined) {
        if (stage === 'handle') add('/rules/limits/handle', 'LIMIT_MISSING');
        continue;
      }
      limitProblems(limit, `/rules/limits/${stage}`, add);
    }
  }
  const urgency = rules.urgency ?? [];
  if (!Array.isArray(urgency)) add('/rules/urgency', 'URGENCY_LEVEL', { value: shown(urgency) });
  else {
    const seen = new Set<string>();
    urgency.forEach((u: unknown, i) => {
      const path = `/rules/urgency/${i}`;
      if (!isObject(u)) {
        add(`${path}/level`, 'URGENCY_LEVEL', { value: shown(u) });
        return;
      }
      const level = u.level;
      if (typeof level !== 'string' || !URGENCY_LEVELS.includes(level))
        add(`${path}/level`, 'URGENCY_LEVEL', { value: shown(level) });
      else if (seen.has(level)) add(`${path}/level`, 'URGENCY_DUPLICATE', { value: level });
      else seen.add(level);
      if (!localText(u.name)) add(`${path}/name`, 'TEXT_EMPTY');
      limitProblems(u.handle, `${path}/handle`, add);
    });
  }
  return out;
}

function limitProblems(
  limit: unknown,
  path: string,
  add: (path: string, kind: CategoryProblem['problem'], params?: Record<string, string | number>) => void,
): void {
  if (!isObject(limit)) {
    add(path, 'LIMIT_MISSING');
    return;
  }
  const { amount, unit } = limit;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0 || amount > LIMIT_AMOUNT_MAX)
    add(`${path}/amount`, 'LIMIT_AMOUNT', { value: shown(amount), max: LIMIT_AMOUNT_MAX });
  if (typeof unit !== 'string' || !UNITS.includes(unit)) add(`${path}/unit`, 'LIMIT_UNIT', { value: shown(unit) });
}

function problem(
  path: string,
  kind: CategoryProblem['problem'],
  locale: Locale,
  params: Record<string, string | number> = {},
): CategoryProblem {
  return { path, problem: kind, message: messageFor(`TAXONOMY_PROBLEM_${kind}`, locale, params) };
}

function invalid(problems: CategoryProblem[]) {
  return TaxonomyErrors.TAXONOMY_CATEGORY_INVALID({ count: problems.length }, { problems });
}

/** Only the fields the rules have, trimmed (a caller may pass more). */
function cleanRules(rules: CategoryRules): CategoryRules {
  const text = (t: { 'zh-CN': string; 'en-US': string } | null | undefined) =>
    t ? { 'zh-CN': t['zh-CN'].trim(), 'en-US': t['en-US'].trim() } : null;
  const limit = (l: CategoryLimit): CategoryLimit => ({ amount: l.amount, unit: l.unit });
  const limits: CategoryRules['limits'] = { handle: limit(rules.limits.handle) };
  for (const stage of ['verify', 'dispatch', 'check'] as const) {
    const l = rules.limits[stage];
    if (l) limits[stage] = limit(l);
  }
  return {
    registration: text(rules.registration),
    closing: text(rules.closing),
    limits,
    urgency: (rules.urgency ?? []).map(
      (u): UrgencyLevel => ({ level: u.level, name: text(u.name)!, handle: limit(u.handle) }),
    ),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function localText(value: unknown): boolean {
  if (!isObject(value)) return false;
  const zh = value['zh-CN'];
  const en = value['en-US'];
  return typeof zh === 'string' && zh.trim() !== '' && typeof en === 'string' && en.trim() !== '';
}

/** A value as a message may quote it: short, whatever it is. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** At most ten codes in a message; `details` has them all. */
function abbreviate(codes: readonly string[]): string {
  return codes.length > 10 ? `${codes.slice(0, 10).join(', ')}…` : codes.join(', ');
}

function actorId(actor: Actor): string {
  return actor.id ?? actor.kind;
}

/** A real calendar date as YYYY-MM-DD (routes check the format; other callers may not). */
function calendarDate(value: string): string {
  if (typeof value !== 'string' || !DATE.test(value) || !DateTime.fromISO(value).isValid) {
    throw PlatformErrors.VALIDATION_FAILED({}, [{ field: 'date', value: shown(value) }]);
  }
  return value;
}
