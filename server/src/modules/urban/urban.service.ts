import type { Static } from 'typebox';
import type { Db } from '../../db/database.ts';
import { describeLimit, type Limit } from '../../engine/deadlines.ts';
import type { ActionCheck, CheckContext, CheckResult } from '../../engine/workflow.ts';
import type { Actor } from '../../platform/access.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import { AppError, type Locale } from '../../platform/errors.ts';
import { distanceM } from '../../platform/geo/measure.ts';
import type { CaseDetailView, CasesService } from '../cases/cases.service.ts';
import type { ConfigService } from '../config/config.service.ts';
import type { GridsService } from '../grids/grids.service.ts';
import type { RoutingService, SuggestionSource } from '../routing/routing.service.ts';
import type { CategoryLimit, TaxonomyService } from '../taxonomy/taxonomy.service.ts';
import { UrbanErrors, urbanPolicy } from './urban.policy.ts';
import { DispatchOverride, DuplicateRules, ReturnLimit } from './urban.registry.ts';
import { urbanRepo } from './urban.repo.ts';
import type { NewUrbanCase } from './urban.schemas.ts';
import { URBAN_CHECKS } from './urban.workflow.ts';

export type NewUrbanCaseInput = Static<typeof NewUrbanCase>;

/** What the dispatcher is offered: the unit the rules name, and the limit the category and urgency give. */
export interface DispatchProposal {
  lead: string;
  assist: string[];
  limit: CategoryLimit;
  source: SuggestionSource;
  /** Why this unit, in the reader's language (the rule and its division, or the town as the fallback). */
  explanation: string;
  /** Where the limit comes from, e.g. "暴露垃圾 (0102): 处置时限 4 工作时". */
  limitSource: string;
}

/** A possible duplicate of a case, and how alike the two are. */
export interface DuplicateCandidate {
  id: string;
  number: string | null;
  state: string;
  description: string;
  openedAt: Date;
  distanceM: number;
  /** Character-bigram Dice coefficient of the two descriptions, 0–1 (works for Chinese without word splitting). */
  similarity: number;
  /** What the list is ranked by: mostly the words, then nearness. */
  score: number;
}

/** Dice coefficient of the character bigrams of two texts, ignoring spaces and punctuation. */
export function textSimilarity(a: string, b: string): number {
  const grams = (s: string) => {
    const clean = s.replace(/[\s\p{P}\p{S}]/gu, '');
    const out = new Map<string, number>();
    for (let i = 0; i < clean.length - 1; i++) {
      const g = clean.slice(i, i + 2);
      out.set(g, (out.get(g) ?? 0) + 1);
    }
    return out;
  };
  const ga = grams(a);
  const gb = grams(b);
  let total = 0;
  let shared = 0;
  for (const n of ga.values()) total += n;
  for (const n of gb.values()) total += n;
  for (const [g, n] of ga) shared += Math.min(n, gb.get(g) ?? 0);
  return total === 0 ? 0 : (2 * shared) / total;
}

/** A point on a grid's edge may be a few metres outside it after GPS noise: within this, the nearest grid owns it. */
const NEAREST_GRID_TOLERANCE_M = 50;

/** What intake worked out before the case's transaction: where it is, what it is, who owns it. */
export interface PlacedReport {
  action: 'report' | 'self-resolve';
  divisionCode: string;
  gridCode: string;
  data: Record<string, unknown>;
  description: string;
  note: string | undefined;
  attachments: string[];
  /** Where the worker stood (self-resolve): the action's `position` input. */
  position?: { lon: number; lat: number; accuracy?: number };
}

/** How often a category was reported in a grid lately (the phone app offers the most used first). */
export interface CategoryUsage {
  codeSet: string;
  code: string;
  name: string;
  nameZh: string;
  nameEn: string;
  count: number;
  lastReportedAt: Date;
}

/** The categories listed by `categoryUsage` at most. */
const CATEGORY_USAGE_MAX = 50;

/**
 * Intake of urban-management problems: the location fixes the grid and through it the owning community
 * (the case's division); the category must be a subclass in force today; the channel follows the role.
 */
export class UrbanService {
  constructor(
    private readonly deps: {
      db: Db;
      cases: CasesService;
      grids: GridsService;
      taxonomy: TaxonomyService;
      routing: RoutingService;
      config: ConfigService;
      time: BusinessTime;
    },
  ) {}

  /**
   * Everything a report needs that is read, not written: done before the transaction (the locator and the
   * taxonomy read on their own connection; the embedded engine's one connection is the transaction's).
   */
  async place(actor: Actor, input: NewUrbanCaseInput): Promise<PlacedReport> {
    const channel = urbanPolicy.channel(actor, input.channel);
    const { lng, lat, crs, address } = input.location;
    const located = await this.deps.grids.locate({ lng, lat, crs: crs ?? 'wgs84' });
    if (!located.grid) throw UrbanErrors.URBAN_NO_GRIDS();
    if (!located.inside && located.distanceM > NEAREST_GRID_TOLERANCE_M)
      throw UrbanErrors.URBAN_LOCATION_OUTSIDE({ nearest: located.grid.code, distance: Math.round(located.distanceM) });
    const codeSet = input.category.codeSet;
    const category = await this.deps.taxonomy.categoryAt(codeSet, input.category.code, this.deps.time.today());
    if (category?.level !== 'subclass')
      throw UrbanErrors.URBAN_CATEGORY_UNKNOWN({ codeSet, code: input.category.code });
    return {
      action: input.action ?? 'report',
      divisionCode: located.grid.communityCode,
      gridCode: located.grid.code,
      description: input.description,
      note: input.note,
      attachments: input.attachments ?? [],
      ...(input.position ? { position: input.position } : {}),
      data: {
        // The first words of the description name the case in lists and notifications.
        title: input.description.slice(0, 40),
        channel,
        category: {
          codeSet,
          code: category.code,
          version: category.version,
          nameZh: category.nameZh,
          nameEn: category.nameEn,
        },
        urgency: input.urgency ?? 'normal',
        location: {
          lng: located.wgs84.lng,
          lat: located.wgs84.lat,
          given: { lng, lat, crs: crs ?? 'wgs84' },
          ...(address ? { address } : {}),
        },
      },
    };
  }

  /**
   * The dispatch the rules propose for a case: routing's lead and assisting units for its category and
   * place now, and the handling limit of its category (the urgency's, when urgent) as in force today.
   */
  async dispatchProposal(actor: Actor, id: string, locale: Locale): Promise<DispatchProposal> {
    const c = await this.deps.cases.detail(actor, id, locale);
    const category = c.data.category as { codeSet?: string; code?: string } | undefined;
    if (c.workflow !== 'urban' || !category?.codeSet || !category.code)
      throw UrbanErrors.URBAN_NOT_AN_URBAN_CASE({ id });
    const suggestion = await this.deps.routing.suggestFor(actor, {
      codeSet: category.codeSet,
      categoryCode: category.code,
      divisionCode: c.divisionCode,
      at: this.deps.time.now(),
    });
    const version = await this.deps.taxonomy.categoryAt(category.codeSet, category.code, this.deps.time.today());
    if (!version?.rules) throw UrbanErrors.URBAN_CATEGORY_UNKNOWN({ codeSet: category.codeSet, code: category.code });
    const urgency = version.rules.urgency.find((u) => u.level === c.data.urgency);
    const limit = urgency && urgency.level !== 'normal' ? urgency.handle : version.rules.limits.handle;
    const name = locale === 'zh-CN' ? version.nameZh : version.nameEn;
    return {
      lead: suggestion.leadUnitId,
      assist: suggestion.assistUnitIds,
      limit,
      source: suggestion.source,
      explanation: suggestion.explanation[locale],
      limitSource:
        locale === 'zh-CN'
          ? `${name}(${version.code}):处置时限 ${describeLimit(limit, locale)}`
          : `${name} (${version.code}): handle within ${describeLimit(limit, locale)}`,
    };
  }

  /**
   * Open urban cases that may report the same problem (same subclass, within the configured radius and
   * window before this one), ranked by how alike the descriptions are and how near; and the reports
   * already merged into this case.
   */
  async duplicatesOf(
    actor: Actor,
    id: string,
    locale: Locale,
  ): Promise<{
    candidates: DuplicateCandidate[];
    merged: { id: string; number: string | null; openedBy: string; openedAt: Date }[];
  }> {
    const c = await this.deps.cases.detail(actor, id, locale);
    const category = c.data.category as { code?: string } | undefined;
    const location = c.data.location as { lng?: number; lat?: number } | undefined;
    if (c.workflow !== 'urban' || !category?.code || location?.lng === undefined || location.lat === undefined)
      throw UrbanErrors.URBAN_NOT_AN_URBAN_CASE({ id });
    const rules = await this.deps.config.get(DuplicateRules, c.divisionCode, this.deps.time.today(c.openedAt));
    const nearby = await this.deps.cases.openNear(actor, {
      workflow: 'urban',
      categoryCode: category.code,
      lng: location.lng,
      lat: location.lat,
      radiusM: rules.radiusM,
      since: new Date(c.openedAt.getTime() - rules.windowHours * 3600_000),
      excludeId: id,
    });
    const description = String(c.data.description ?? '');
    const candidates = nearby
      .map((n) => {
        const text = String(n.data.description ?? '');
        const similarity = textSimilarity(description, text);
        return {
          id: n.id,
          number: n.number,
          state: n.state,
          description: text,
          openedAt: n.openedAt,
          distanceM: Math.round(n.distanceM * 10) / 10,
          similarity: Math.round(similarity * 1000) / 1000,
          score: Math.round((0.7 * similarity + 0.3 * (1 - n.distanceM / rules.radiusM)) * 1000) / 1000,
        };
      })
      .sort((a, b) => b.score - a.score);
    return { candidates, merged: await this.deps.cases.mergedInto(actor, id) };
  }

  /**
   * Merges a duplicate report into the case that carries on (合并): the duplicate closes as `merged` naming
   * the other, the other logs that it took the duplicate in; both histories stay, in one transaction.
   */
  async merge(
    actor: Actor,
    id: string,
    into: string,
    note: string | undefined,
    locale: Locale,
    db: Db,
  ): Promise<CaseDetailView> {
    if (id === into) throw UrbanErrors.URBAN_MERGE_INTO_ITSELF({ id });
    const target = await this.deps.cases.detail(actor, into, locale, db);
    if (target.workflow !== 'urban') throw UrbanErrors.URBAN_NOT_AN_URBAN_CASE({ id: into });
    const merged = await this.deps.cases.apply(
      actor,
      id,
      'merge',
      { inputs: { into, ...(note ? { note } : {}) } },
      locale,
      db,
    );
    await this.deps.cases.apply(actor, into, 'link-duplicate', { inputs: { duplicate: id } }, locale, db);
    return merged;
  }

  /** Undoes a merge (拆分): the report goes back to be accepted on its own; the other case logs it let it go. */
  async split(actor: Actor, id: string, reason: string, locale: Locale, db: Db): Promise<CaseDetailView> {
    const c = await this.deps.cases.detail(actor, id, locale, db);
    const into = typeof c.data.duplicateOf === 'string' ? c.data.duplicateOf : null;
    const split = await this.deps.cases.apply(actor, id, 'split', { inputs: { reason } }, locale, db);
    if (into) {
      const target = await this.deps.cases.detail(actor, into, locale, db);
      if (!target.closed)
        await this.deps.cases.apply(actor, into, 'unlink-duplicate', { inputs: { duplicate: id, reason } }, locale, db);
    }
    return split;
  }

  /**
   * The rules of the urban workflow that need other modules' data, for the engine to run inside the action's
   * transaction (registered by the composition root): the dispatch against the routing proposal, the return
   * (退单) limit, and the distance of an on-site step from the case's location.
   */
  workflowChecks(): Record<string, ActionCheck> {
    return {
      [URBAN_CHECKS.dispatchSuggestion]: (c) => this.#checkDispatch(c),
      [URBAN_CHECKS.returnLimit]: (c) => this.#checkReturn(c),
      [URBAN_CHECKS.siteDistance]: async (c) => this.#siteDistance(c),
    };
  }

  /**
   * An on-site step (核实, 核查, 自行处置) taken with the worker's position: the log entry records how far from the
   * case's location they stood, in metres (`$distanceM` beside the inputs in the history). Without a position, or
   * for a case without a location, nothing is recorded; the distance never refuses the step.
   */
  #siteDistance(c: CheckContext): CheckResult {
    const position = c.inputs.position as { lon: number; lat: number } | undefined;
    const location = c.caseData.location as { lng?: unknown; lat?: unknown } | undefined;
    if (!position || typeof location?.lng !== 'number' || typeof location.lat !== 'number') return {};
    return { record: { $distanceM: Math.round(distanceM(position.lon, position.lat, location.lng, location.lat)) } };
  }

  /**
   * The categories reported in a grid in the last `days` days, with how many and when last, most used first:
   * the phone app puts them first. The grid must be in the caller's area (404 URBAN_GRID_NOT_FOUND otherwise).
   * Names are the codes' names in force today (a code since retired is named by its code).
   */
  async categoryUsage(
    actor: Actor,
    query: { grid: string; days?: number },
    locale: Locale,
  ): Promise<{ grid: string; days: number; since: Date; items: CategoryUsage[] }> {
    urbanPolicy.readUsage(actor);
    const grid = await this.deps.grids.visibleTo(actor, query.grid);
    if (!grid) throw UrbanErrors.URBAN_GRID_NOT_FOUND({ code: query.grid });
    const days = query.days ?? 90;
    const since = new Date(this.deps.time.now().getTime() - days * 86_400_000);
    const rows = await urbanRepo.categoryUsage(this.deps.db, grid.code, since, CATEGORY_USAGE_MAX);
    const today = this.deps.time.today();
    const items: CategoryUsage[] = [];
    for (const r of rows) {
      const version = await this.deps.taxonomy.categoryAt(r.codeSet, r.code, today);
      const nameZh = version?.nameZh ?? r.code;
      const nameEn = version?.nameEn ?? r.code;
      items.push({
        codeSet: r.codeSet,
        code: r.code,
        name: locale === 'zh-CN' ? nameZh : nameEn,
        nameZh,
        nameEn,
        count: r.count,
        lastReportedAt: r.lastAt ?? since,
      });
    }
    return { grid: grid.code, days, since, items };
  }

  /**
   * A dispatch to another lead unit than routing proposes needs `overrideReason` when the proposal came from
   * a source `urban.dispatch-override` names (a rule, by default); the log records the proposal and whether
   * it was followed. No proposal (no rule and no unit in the town) asks for no reason.
   */
  async #checkDispatch(c: CheckContext): Promise<{ record: Record<string, unknown> }> {
    const category = c.caseData.category as { codeSet?: string; code?: string } | undefined;
    const lead = c.inputs.lead as string;
    const none = { record: { $routing: { suggestedLead: null, suggestedAssist: [], source: null, followed: null } } };
    if (!category?.codeSet || !category.code) return none;
    let suggestion: Awaited<ReturnType<RoutingService['suggest']>>;
    try {
      suggestion = await this.deps.routing.suggest(
        { codeSet: category.codeSet, categoryCode: category.code, divisionCode: c.ownerDivision, at: c.now },
        c.db,
      );
    } catch (err) {
      if (err instanceof AppError && err.code === 'ROUTING_NO_RESPONSIBLE_UNIT') return none;
      throw err;
    }
    const followed = lead === suggestion.leadUnitId;
    if (!followed && !c.inputs.overrideReason) {
      const rule = await this.deps.config.get(DispatchOverride, c.ownerDivision, this.deps.time.today(c.now), c.db);
      if (rule.reasonRequiredFor.includes(suggestion.source.kind))
        throw UrbanErrors.URBAN_OVERRIDE_REASON_REQUIRED(
          {
            suggested: suggestion.leadUnitId,
            explanationZh: suggestion.explanation['zh-CN'],
            explanationEn: suggestion.explanation['en-US'],
          },
          { suggestedLead: suggestion.leadUnitId, chosenLead: lead, source: suggestion.source },
        );
    }
    return {
      record: {
        $routing: {
          suggestedLead: suggestion.leadUnitId,
          suggestedAssist: suggestion.assistUnitIds,
          source: suggestion.source,
          followed,
        },
      },
    };
  }

  /**
   * 退单 within its limit after the dispatch (the lead task's opening): the category's `return` stage limit
   * when its rules name one, else `urban.return-limit` for the case's division; counted on the working
   * calendar like the case's clocks. After it: 409 URBAN_RETURN_TOO_LATE.
   */
  async #checkReturn(c: CheckContext): Promise<{ record: Record<string, unknown> }> {
    if (!c.task) throw new Error('the return check needs the lead task');
    const dispatchedAt = c.task.openedAt;
    const { limit, source } = await this.returnLimit(c.caseData, c.ownerDivision, dispatchedAt, c.db);
    const expiresAt = await c.dueAt(limit, dispatchedAt);
    if (c.now.getTime() > expiresAt.getTime()) {
      const local = (d: Date) => this.deps.time.local(d).toFormat('yyyy-MM-dd HH:mm');
      throw UrbanErrors.URBAN_RETURN_TOO_LATE(
        {
          limitZh: describeLimit(limit, 'zh-CN'),
          limitEn: describeLimit(limit, 'en-US'),
          dispatchedAt: local(dispatchedAt),
          expiredAt: local(expiresAt),
        },
        {
          limit,
          limitSource: source,
          dispatchedAt: this.deps.time.format(dispatchedAt),
          expiredAt: this.deps.time.format(expiresAt),
        },
      );
    }
    return {
      record: {
        $returnLimit: { limit, source, dispatchedAt: dispatchedAt.toISOString(), expiresAt: expiresAt.toISOString() },
      },
    };
  }

  /** The return limit of a case dispatched at a time: its category's, else the configured one. */
  async returnLimit(
    caseData: Readonly<Record<string, unknown>>,
    divisionCode: string,
    dispatchedAt: Date,
    db?: Db,
  ): Promise<{ limit: Limit; source: 'category' | 'configuration' }> {
    const day = this.deps.time.today(dispatchedAt);
    const category = caseData.category as { codeSet?: string; code?: string } | undefined;
    if (category?.codeSet && category.code) {
      const version = await this.deps.taxonomy.categoryAt(category.codeSet, category.code, day, db);
      // The taxonomy's stage limits are verify, dispatch, handle and check today; a `return` stage, once
      // the taxonomy accepts it, wins over the configured default.
      const own = (version?.rules?.limits as Record<string, Limit | undefined> | undefined)?.return;
      if (own) return { limit: own, source: 'category' };
    }
    return { limit: await this.deps.config.get(ReturnLimit, divisionCode, day, db), source: 'configuration' };
  }

  /** Opens the case (numbered) in the caller's transaction when given one. */
  async open(actor: Actor, placed: PlacedReport, locale: Locale, db?: Db): Promise<CaseDetailView> {
    const inputs: Record<string, unknown> = { description: placed.description };
    if (placed.action === 'self-resolve' && placed.note) inputs.note = placed.note;
    // A report's place is its location; the engine refuses a position on any action that does not ask for one.
    if (placed.position) inputs.position = placed.position;
    return this.deps.cases.open(
      actor,
      'urban',
      placed.action,
      {
        divisionCode: placed.divisionCode,
        gridCode: placed.gridCode,
        data: placed.data,
        inputs,
        attachments: placed.attachments,
      },
      locale,
      db,
    );
  }
}
