import ExcelJS from 'exceljs';
import type { Db } from '../../db/database.ts';
import type {
  ApplyInput,
  AvailableAction,
  CaseEngine,
  CaseSnapshot,
  OpenInput,
  RebuildReport,
} from '../../engine/case-engine.ts';
import { describeDeadline, explainDeadline } from '../../engine/deadlines.ts';
import type { ActionRow, DeadlineRow } from '../../engine/engine.repo.ts';
import type { EventBus } from '../../engine/events.ts';
import type { Text, WorkflowDefinition } from '../../engine/workflow.ts';
import type { Actor } from '../../platform/access.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import type { Locale } from '../../platform/errors.ts';
import type { PageOf, PageRequest } from '../../platform/paging.ts';
import { CasesErrors, casesPolicy } from './cases.policy.ts';
import type { WorkQueue } from './cases.registry.ts';
import * as casesRepo from './cases.repo.ts';

/** The schemas of a case as the API sends it, for domains whose routes answer with one (`POST /api/cases`). */
export { CaseDetail, CaseParams } from './cases.schemas.ts';

export interface CaseDetailView {
  id: string;
  workflow: string;
  workflowName: string;
  number: string | null;
  state: string;
  stateName: string;
  closed: boolean;
  version: number;
  divisionCode: string;
  gridCode: string | null;
  data: Record<string, unknown>;
  openedAt: Date;
  closedAt: Date | null;
  updatedAt: Date;
  tasks: {
    id: string;
    kind: string;
    kindName: string;
    state: string;
    stateName: string;
    assigneeUnit: string | null;
    assigneeUnitName: string | null;
    assigneeAccount: string | null;
    assigneeAccountName: string | null;
    openedAt: Date;
    closedAt: Date | null;
  }[];
  deadlines: DeadlineView[];
  actions: ActionView[];
}

export interface DeadlineView {
  clock: string;
  clockName: string;
  taskId: string | null;
  unit: string;
  amount: number;
  state: string;
  status: string;
  startedAt: Date;
  dueAt: Date | null;
  yellowAt: Date | null;
  stoppedAt: Date | null;
  /** How the due time was counted, in the reader's language. */
  explanation: string;
}

/** The most rows one export carries (an office's list, not a data dump). */
export const EXPORT_MAX = 10_000;

/** One line of a case list. */
export interface CaseListItem {
  id: string;
  number: string | null;
  workflow: string;
  state: string;
  stateName: string;
  title: string | null;
  categoryCode: string | null;
  categoryName: string | null;
  channel: string | null;
  divisionCode: string;
  gridCode: string | null;
  leadUnit: string | null;
  leadUnitName: string | null;
  deadlineStatus: 'green' | 'yellow' | 'red' | null;
  dueAt: Date | null;
  openedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

export interface ActionView {
  action: string;
  name: string;
  to: string | null;
  inputs: {
    name: string;
    type: string;
    label: string;
    required: boolean;
    min?: number;
    max?: number;
    options?: { value: string; label: string }[];
  }[];
  attachments: { min: number; max: number | null; label: string } | null;
  taskIds: string[];
}

export interface HistoryView {
  id: number;
  action: string;
  actionName: string;
  taskId: string | null;
  fromState: string | null;
  toState: string;
  taskFromState: string | null;
  taskToState: string | null;
  actorId: string;
  actorName: string;
  actorRole: string;
  inputs: Record<string, unknown>;
  attachments: string[];
  at: Date;
}

/** A case as the API sends it: instants in the business zone's ISO form (every route that answers with a case). */
export function presentCase(time: BusinessTime, c: CaseDetailView) {
  const at = (d: Date | null) => (d ? time.format(d) : null);
  return {
    ...c,
    openedAt: time.format(c.openedAt),
    closedAt: at(c.closedAt),
    updatedAt: time.format(c.updatedAt),
    tasks: c.tasks.map((t) => ({ ...t, openedAt: time.format(t.openedAt), closedAt: at(t.closedAt) })),
    deadlines: c.deadlines.map((d) => ({
      ...d,
      startedAt: time.format(d.startedAt),
      dueAt: at(d.dueAt),
      yellowAt: at(d.yellowAt),
      stoppedAt: at(d.stoppedAt),
    })),
  };
}

/**
 * Who works where, from the organisation and identity modules (handed in by the composition root): names
 * for assignees, and the candidates an action's unit and account inputs offer.
 */
export interface CaseDirectory {
  unitNames(ids: readonly string[], db?: Db): Promise<Map<string, string>>;
  accountNames(ids: readonly string[], db?: Db): Promise<Map<string, string>>;
  unitsOver(divisionCode: string, db?: Db): Promise<{ id: string; name: string; kind: string; divisionCode: string }[]>;
  holdersAt(
    roles: readonly string[],
    place: { divisionCode: string; gridCode: string | null },
    db?: Db,
  ): Promise<Map<string, string[]>>;
  /** The divisions above this one (nearest first) and those directly below it, for moving a case between levels. */
  divisionsAround(divisionCode: string, db?: Db): Promise<{ above: CandidateDivision[]; below: CandidateDivision[] }>;
}

export interface CandidateDivision {
  code: string;
  name: string;
  level: string;
}

export interface QueueView {
  key: string;
  workflow: string;
  name: string;
  description: string;
  count: number;
}

export interface CandidatesView {
  units: { id: string; name: string; kind: string; divisionCode: string }[];
  accounts: {
    action: string;
    input: string;
    label: string;
    options: { id: string; displayName: string; roles: string[] }[];
  }[];
  divisions: { action: string; input: string; direction: 'up' | 'down'; options: CandidateDivision[] }[];
}

function visibilityOf(actor: Actor): casesRepo.CaseVisibility {
  return {
    divisions: actor.scope.divisions,
    grids: actor.scope.grids,
    units: actor.scope.orgUnits,
    account: actor.kind === 'user' ? actor.id : null,
  };
}

/**
 * The roles that may work what an account input hands over: the task kinds the action opens for that
 * input, and the actions taken on tasks of those kinds; the action's own roles when it opens none.
 */
function rolesWorking(def: WorkflowDefinition, action: string, input: string): string[] {
  const a = def.actions[action];
  const kinds = (a?.opens ?? [])
    .filter((o) => typeof o.assignee === 'object' && o.assignee.input === input)
    .map((o) => o.kind);
  if (kinds.length === 0) return [...(a?.roles ?? [])];
  const roles = new Set<string>();
  for (const other of Object.values(def.actions))
    if (other.task?.kinds.some((k) => kinds.includes(k))) for (const r of other.roles) roles.add(r);
  return [...roles];
}

/** System entries the engine writes itself (clock colours, recomputation); named here for readers. */
const SYSTEM_ACTIONS: Record<string, Text> = {
  '$deadline.yellow': { 'zh-CN': '时限预警(黄灯)', 'en-US': 'Deadline near (yellow)' },
  '$deadline.red': { 'zh-CN': '已超期(红灯)', 'en-US': 'Overdue (red)' },
  '$deadline.recomputed': { 'zh-CN': '工作日历调整,重算时限', 'en-US': 'Deadline recomputed after a calendar change' },
};

/**
 * Cases of every workflow, through the engine: what a user sees of one, what they may do, its history,
 * and the operations that keep projections and clocks true.
 */
export class CasesService {
  readonly #queues: WorkQueue[] = [];

  constructor(
    private readonly deps: {
      engine: CaseEngine;
      time: BusinessTime;
      db: Db;
      events: EventBus;
      directory: CaseDirectory;
    },
  ) {}

  /** The domains' work queues (declared beside their workflows). */
  registerQueues(...queues: WorkQueue[]): void {
    for (const q of queues) {
      if (this.#queues.some((x) => x.key === q.key)) throw new Error(`work queue ${q.key} registered twice`);
      this.#queues.push(q);
    }
  }

  /** The queues the reader's roles see, with how many cases wait in each. */
  async queues(actor: Actor, locale: Locale): Promise<QueueView[]> {
    casesPolicy.read(actor);
    const out: QueueView[] = [];
    for (const q of this.#queues.filter((x) => x.roles.some((r) => actor.roles.includes(r)))) {
      const page = await casesRepo.listCases(this.deps.db, this.queueFilter(actor, q.key), visibilityOf(actor), {
        page: 1,
        pageSize: 1,
        sort: [{ field: 'openedAt', descending: true }],
      });
      out.push({
        key: q.key,
        workflow: q.workflow,
        name: q.name[locale],
        description: q.description[locale],
        count: page.total,
      });
    }
    return out;
  }

  /** What a queue means as a list filter, for this reader (their units and account fill its "mine"). */
  queueFilter(actor: Actor, key: string): casesRepo.CaseFilter {
    const q = this.#queues.find((x) => x.key === key && x.roles.some((r) => actor.roles.includes(r)));
    if (!q) throw CasesErrors.CASE_QUEUE_UNKNOWN({ queue: key });
    return {
      workflow: q.workflow,
      open: true,
      ...(q.states ? { states: [...q.states] } : {}),
      ...(q.tasks
        ? {
            tasksFor: {
              kinds: q.tasks,
              units: actor.scope.orgUnits,
              account: actor.kind === 'user' ? actor.id : null,
            },
          }
        : {}),
    };
  }

  /**
   * Whom the actions the reader may take now can name: units (the case's 属地 and the units over it) for
   * unit inputs, and for each account input the accounts that hold a role able to work the task it
   * opens, with a grant covering the case's place.
   */
  async candidates(actor: Actor, id: string, locale: Locale): Promise<CandidatesView> {
    casesPolicy.read(actor);
    const snap = await this.deps.engine.available(actor, id);
    const { directory } = this.deps;
    const place = { divisionCode: snap.case.ownerDivision, gridCode: snap.case.gridCode };
    const needsUnits = snap.actions.some((a) =>
      Object.values(a.inputs).some((i) => i.type === 'unit' || i.type === 'units'),
    );
    const units = needsUnits ? await directory.unitsOver(place.divisionCode) : [];
    const accounts: CandidatesView['accounts'] = [];
    for (const a of snap.actions) {
      for (const [input, spec] of Object.entries(a.inputs)) {
        if (spec.type !== 'account') continue;
        const holders = await directory.holdersAt(rolesWorking(snap.workflow, a.action, input), place);
        const names = await directory.accountNames([...holders.keys()]);
        accounts.push({
          action: a.action,
          input,
          label: spec.label[locale],
          options: [...names]
            .map(([accountId, displayName]) => ({ id: accountId, displayName, roles: holders.get(accountId) ?? [] }))
            .sort((x, y) => x.displayName.localeCompare(y.displayName, 'zh-CN')),
        });
      }
    }
    // 上报 / 交办: the levels above the owner (nearest first), or those directly below it within the actor's reach.
    const divisions: CandidatesView['divisions'] = [];
    const moving = snap.actions.filter((a) => snap.workflow.actions[a.action]?.moves);
    if (moving.length > 0) {
      const around = await directory.divisionsAround(place.divisionCode);
      const reach = (code: string) => actor.scope.divisions.some((d) => code.startsWith(d));
      for (const a of moving) {
        const moves = snap.workflow.actions[a.action]?.moves;
        if (!moves) continue;
        const options = moves.direction === 'up' ? around.above : around.below.filter((d) => reach(d.code));
        divisions.push({ action: a.action, input: moves.input, direction: moves.direction, options });
      }
    }
    return {
      units: units.map((u) => ({ id: u.id, name: u.name, kind: u.kind, divisionCode: u.divisionCode })),
      accounts,
      divisions,
    };
  }

  get engine(): CaseEngine {
    return this.deps.engine;
  }

  async detail(actor: Actor, id: string, locale: Locale, db: Db = this.deps.db): Promise<CaseDetailView> {
    casesPolicy.read(actor);
    const snap = await this.deps.engine.available(actor, id, db);
    return this.#view(snap, snap.actions, locale, db);
  }

  async actions(
    actor: Actor,
    id: string,
    locale: Locale,
  ): Promise<{ version: number; state: string; actions: ActionView[] }> {
    casesPolicy.read(actor);
    const snap = await this.deps.engine.available(actor, id);
    return {
      version: snap.case.version,
      state: snap.case.state,
      actions: snap.actions.map((a) => actionView(a, locale)),
    };
  }

  async history(actor: Actor, id: string, locale: Locale): Promise<HistoryView[]> {
    casesPolicy.read(actor);
    const snap = await this.deps.engine.get(actor, id);
    const rows = await this.deps.engine.history(actor, id);
    return rows.map((r) => historyView(r, snap.workflow, locale));
  }

  /** Applies an action; inside the caller's transaction when given one (idempotent requests). */
  async apply(
    actor: Actor,
    id: string,
    action: string,
    input: ApplyInput,
    locale: Locale,
    db?: Db,
  ): Promise<CaseDetailView> {
    casesPolicy.read(actor);
    const applied = await this.deps.engine.apply(actor, id, action, input, db);
    return this.#view(applied, this.deps.engine.actionsOn(actor, applied), locale, db);
  }

  /**
   * Opens a case of a domain's workflow with a number people can read out (county + local date +
   * sequence), in the caller's transaction when given one (idempotent requests): the number and the case
   * commit together.
   */
  async open(
    actor: Actor,
    workflow: string,
    action: string,
    input: Omit<OpenInput, 'number'>,
    locale: Locale,
    db?: Db,
  ): Promise<CaseDetailView> {
    casesPolicy.read(actor);
    const run = async (tx: Db) => {
      const number = await this.nextNumber(input.divisionCode, tx);
      const opened = await this.deps.engine.open(actor, workflow, action, { ...input, number }, tx);
      return this.#view(opened, this.deps.engine.actionsOn(actor, opened), locale, tx);
    };
    if (db) return run(db);
    const view = await this.deps.db.transaction(run);
    this.deps.events.committed();
    return view;
  }

  /** `140403` + `20261130` + `00007`: the county of the division, today's local date, the day's sequence. */
  async nextNumber(divisionCode: string, db: Db): Promise<string> {
    const county = divisionCode.slice(0, 6).padEnd(6, '0');
    const day = this.deps.time.today();
    const n = await casesRepo.nextNumber(db, county, day);
    return `${county}${day.replaceAll('-', '')}${String(n).padStart(5, '0')}`;
  }

  /**
   * Open cases of a workflow like a given one: same `data.category.code`, near its `data.location`, opened
   * within a window; only those the actor may see (their divisions), nearest first.
   */
  async openNear(
    actor: Actor,
    q: {
      workflow: string;
      categoryCode: string;
      lng: number;
      lat: number;
      radiusM: number;
      since: Date;
      excludeId: string;
    },
    db: Db = this.deps.db,
  ): Promise<casesRepo.NearbyCase[]> {
    casesPolicy.read(actor);
    const divisions = actor.scope.divisions;
    if (divisions.length === 0) return [];
    return casesRepo.openNear(db, { ...q, divisions });
  }

  /** The cases merged into this one (their reports now follow it). */
  async mergedInto(actor: Actor, id: string, db: Db = this.deps.db) {
    casesPolicy.read(actor);
    await this.deps.engine.get(actor, id, db);
    return casesRepo.mergedInto(db, id);
  }

  /**
   * A page of the cases the reader may see — owned in their divisions or grids, or with an open task for
   * their units or themselves — filtered and sorted, with each case's worst clock colour and lead unit.
   */
  async list(
    actor: Actor,
    filter: casesRepo.CaseFilter,
    req: PageRequest<casesRepo.CaseSortField>,
    locale: Locale,
    db: Db = this.deps.db,
  ): Promise<PageOf<CaseListItem>> {
    casesPolicy.read(actor);
    const page = await casesRepo.listCases(db, filter, visibilityOf(actor), req);
    const unitNames = await this.deps.directory.unitNames(
      page.items.map((r) => r.leadUnit).filter((u): u is string => u !== null),
      db,
    );
    const workflows = new Map(this.deps.engine.workflows().map((w) => [w.key, w]));
    return {
      ...page,
      items: page.items.map((r) => {
        const def = workflows.get(r.workflow);
        const category = r.data.category as { code?: string; nameZh?: string; nameEn?: string } | undefined;
        return {
          id: r.id,
          number: r.number,
          workflow: r.workflow,
          state: r.state,
          stateName: def?.states[r.state]?.name[locale] ?? r.state,
          title: typeof r.data.title === 'string' ? r.data.title : null,
          categoryCode: category?.code ?? null,
          categoryName: (locale === 'zh-CN' ? category?.nameZh : category?.nameEn) ?? null,
          channel: typeof r.data.channel === 'string' ? r.data.channel : null,
          divisionCode: r.ownerDivision,
          gridCode: r.gridCode,
          leadUnit: r.leadUnit,
          leadUnitName: r.leadUnit ? (unitNames.get(r.leadUnit) ?? null) : null,
          deadlineStatus: r.deadlineStatus,
          dueAt: r.dueAt,
          openedAt: r.openedAt,
          updatedAt: r.updatedAt,
          closedAt: r.closedAt,
        };
      }),
    };
  }

  /**
   * The list as an .xlsx workbook, for the offices that work in Excel: every matching case (at most
   * EXPORT_MAX), the columns people read, times in the business zone, the filter in the sheet's header.
   */
  async exportXlsx(
    actor: Actor,
    filter: casesRepo.CaseFilter,
    sort: PageRequest<casesRepo.CaseSortField>['sort'],
    locale: Locale,
    describeFilter: string,
  ): Promise<{ bytes: Buffer; rows: number; truncated: boolean }> {
    const page = await this.list(actor, filter, { page: 1, pageSize: EXPORT_MAX, sort }, locale);
    const zh = locale === 'zh-CN';
    const when = (d: Date | null) => (d ? this.deps.time.local(d).toFormat('yyyy-MM-dd HH:mm') : '');
    const colour: Record<string, string> = zh
      ? { green: '正常', yellow: '预警', red: '超期' }
      : { green: 'on time', yellow: 'near', red: 'overdue' };
    const book = new ExcelJS.Workbook();
    book.creator = 'CivicGrid';
    book.created = this.deps.time.now();
    const sheet = book.addWorksheet(zh ? '案件列表' : 'Cases');
    const columns: [string, string, number][] = [
      ['number', zh ? '案件编号' : 'Number', 22],
      ['state', zh ? '状态' : 'State', 14],
      ['title', zh ? '标题' : 'Title', 40],
      ['category', zh ? '问题小类' : 'Category', 16],
      ['channel', zh ? '来源' : 'Channel', 10],
      ['division', zh ? '所属区划' : 'Division', 14],
      ['grid', zh ? '网格' : 'Grid', 18],
      ['deadline', zh ? '时限状态' : 'Deadline', 10],
      ['due', zh ? '应办结时间' : 'Due', 18],
      ['opened', zh ? '上报时间' : 'Reported', 18],
      ['closed', zh ? '结案时间' : 'Closed', 18],
    ];
    sheet.addRow([zh ? `案件列表(${describeFilter})` : `Cases (${describeFilter})`]);
    sheet.addRow([
      zh
        ? `导出时间 ${when(this.deps.time.now())},共 ${page.total} 件${page.total > EXPORT_MAX ? `,仅导出前 ${EXPORT_MAX} 件` : ''}`
        : `Exported ${when(this.deps.time.now())}, ${page.total} cases${page.total > EXPORT_MAX ? `, the first ${EXPORT_MAX} exported` : ''}`,
    ]);
    const header = sheet.addRow(columns.map(([, title]) => title));
    header.font = { bold: true };
    columns.forEach(([, , width], i) => {
      sheet.getColumn(i + 1).width = width;
    });
    for (const c of page.items) {
      sheet.addRow([
        c.number ?? '',
        c.stateName,
        c.title ?? '',
        c.categoryName ?? c.categoryCode ?? '',
        c.channel ?? '',
        c.divisionCode,
        c.gridCode ?? '',
        c.deadlineStatus ? (colour[c.deadlineStatus] ?? c.deadlineStatus) : '',
        when(c.dueAt),
        when(c.openedAt),
        when(c.closedAt),
      ]);
    }
    sheet.views = [{ state: 'frozen', ySplit: 3 }];
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    return { bytes, rows: page.items.length, truncated: page.total > EXPORT_MAX };
  }

  /**
   * Counts for the command centre (驾驶舱, modules/command): open and overdue (a running clock red) cases per
   * row of a division — its child divisions (`left(owner_division, n)`) or its grids — and, over the whole
   * division, the cases opened and closed on each business day of the last `days` (today last). Only cases
   * owned in `scope` count. The caller decides who may ask (the command module checks `indicators.read` and
   * the division against the caller's area); this method checks nothing.
   */
  async situation(
    q: { scope: readonly string[]; division: string; rows: number | 'grid'; days: number },
    db: Db = this.deps.db,
  ): Promise<casesRepo.SituationCounts & { dates: string[] }> {
    const { time } = this.deps;
    const today = time.local().startOf('day');
    const starts = Array.from({ length: q.days }, (_, i) => today.minus({ days: q.days - 1 - i }));
    const counts = await casesRepo.caseSituation(db, {
      scope: q.scope,
      division: q.division,
      rows: q.rows,
      dayStarts: starts.map((d) => d.toJSDate()),
    });
    return { ...counts, dates: starts.map((d) => d.toISODate() ?? '') };
  }

  workflows(actor: Actor): WorkflowDefinition[] {
    casesPolicy.read(actor);
    return this.deps.engine.workflows();
  }

  async rebuild(actor: Actor, dryRun: boolean): Promise<RebuildReport> {
    casesPolicy.manage(actor);
    return this.deps.engine.rebuild({ dryRun });
  }

  async sweep(actor: Actor): Promise<{ yellow: number; red: number }> {
    casesPolicy.manage(actor);
    return this.deps.engine.sweep();
  }

  async #view(snap: CaseSnapshot, actions: AvailableAction[], locale: Locale, db?: Db): Promise<CaseDetailView> {
    const { case: c, workflow: def } = snap;
    const calendar = await this.deps.engine.calendar(db);
    const unitNames = await this.deps.directory.unitNames(
      snap.tasks.map((t) => t.assigneeUnit).filter((u): u is string => u !== null),
      db,
    );
    const accountNames = await this.deps.directory.accountNames(
      snap.tasks.map((t) => t.assigneeAccount).filter((a): a is string => a !== null),
      db,
    );
    const deadlineView = (d: DeadlineRow): DeadlineView => ({
      clock: d.clock,
      clockName: def.clocks?.[d.clock]?.name[locale] ?? d.clock,
      taskId: d.taskId,
      unit: d.unit,
      amount: d.amount,
      state: d.state,
      status: d.status,
      startedAt: d.startedAt,
      dueAt: d.dueAt,
      yellowAt: d.yellowAt,
      stoppedAt: d.stoppedAt,
      explanation: describeDeadline(
        explainDeadline({
          calendar,
          periods: d.periods,
          limit: { amount: d.amount, unit: d.unit },
          segments: d.segments,
        }),
        locale,
        this.deps.time.zone,
      ),
    });
    return {
      id: c.id,
      workflow: c.workflow,
      workflowName: def.name[locale],
      number: c.number,
      state: c.state,
      stateName: def.states[c.state]?.name[locale] ?? c.state,
      closed: def.states[c.state]?.terminal === true,
      version: c.version,
      divisionCode: c.ownerDivision,
      gridCode: c.gridCode,
      data: c.data,
      openedAt: c.openedAt,
      closedAt: c.closedAt,
      updatedAt: c.updatedAt,
      tasks: snap.tasks.map((t) => {
        const kind = def.tasks?.[t.kind];
        return {
          id: t.id,
          kind: t.kind,
          kindName: kind?.name[locale] ?? t.kind,
          state: t.state,
          stateName: kind?.states[t.state]?.name[locale] ?? t.state,
          assigneeUnit: t.assigneeUnit,
          assigneeUnitName: t.assigneeUnit ? (unitNames.get(t.assigneeUnit) ?? null) : null,
          assigneeAccount: t.assigneeAccount,
          assigneeAccountName: t.assigneeAccount ? (accountNames.get(t.assigneeAccount) ?? null) : null,
          openedAt: t.openedAt,
          closedAt: t.closedAt,
        };
      }),
      deadlines: snap.deadlines.map(deadlineView),
      actions: actions.map((a) => actionView(a, locale)),
    };
  }
}

function actionView(a: AvailableAction, locale: Locale): ActionView {
  return {
    action: a.action,
    name: a.name[locale],
    to: a.to,
    inputs: Object.entries(a.inputs).map(([name, spec]) => ({
      name,
      type: spec.type,
      label: spec.label[locale],
      required: spec.required === true,
      ...(spec.min !== undefined ? { min: spec.min } : {}),
      ...(spec.max !== undefined ? { max: spec.max } : {}),
      ...(spec.options ? { options: spec.options.map((o) => ({ value: o.value, label: o.label[locale] })) } : {}),
    })),
    attachments: a.attachments
      ? { min: a.attachments.min, max: a.attachments.max ?? null, label: a.attachments.label[locale] }
      : null,
    taskIds: a.taskIds,
  };
}

function historyView(r: ActionRow, def: WorkflowDefinition, locale: Locale): HistoryView {
  const name = def.actions[r.action]?.name ?? SYSTEM_ACTIONS[r.action];
  return {
    id: r.id,
    action: r.action,
    actionName: name?.[locale] ?? r.action,
    taskId: r.taskId,
    fromState: r.fromState,
    toState: r.toState,
    taskFromState: r.taskFromState,
    taskToState: r.taskToState,
    actorId: r.actorId,
    actorName: r.actorName,
    actorRole: r.actorRole,
    inputs: r.inputs,
    attachments: r.attachments,
    at: r.at,
  };
}
