import type { Logger } from 'pino';
import type { Db } from '../db/database.ts';
import { type Actor, inScope } from '../platform/access.ts';
import type { BusinessTime } from '../platform/clock.ts';
import { divisionLineage, isWithin, normalizeDivisionCode } from '../platform/divisions.ts';
import { newId } from '../platform/ids.ts';
import type { WorkingCalendar } from './calendar.ts';
import {
  type ClockInput,
  DEADLINE_UNITS,
  type DeadlineStatus,
  type DeadlineUnit,
  dueAt,
  type Limit,
  statusAt,
  type WorkingPeriod,
  type YellowRule,
  yellowAt,
} from './deadlines.ts';
import type { CaseRow, DeadlineRow, TaskRow } from './engine.repo.ts';
import * as repo from './engine.repo.ts';
import { EngineErrors } from './errors.ts';
import type { EventBus, NewEvent } from './events.ts';
import {
  type ActionCheck,
  type ActionDefinition,
  type ActionEffects,
  type ClockEffect,
  checkWorkflow,
  type DeadlineEffect,
  type InputDefinition,
  type TaskEffect,
  type Text,
  type WorkflowDefinition,
} from './workflow.ts';

/** The rules in force for a division on a date: working hours and when clocks turn yellow (configuration). */
export interface DeadlineRules {
  periods: WorkingPeriod[];
  yellow: Record<DeadlineUnit, YellowRule>;
}

/** Lookups the engine needs from modules it may not import (the composition root wires them). */
export interface EngineDeps {
  db: Db;
  time: BusinessTime;
  events: EventBus;
  log: Logger;
  rules(divisionCode: string, date: string, db: Db): Promise<DeadlineRules>;
  loadCalendar(db: Db): Promise<WorkingCalendar>;
  /**
   * How many transactions the sweep may run at once, each on its share of the cases (default 1; the
   * embedded engine has one connection). A morning burst of recolourings is mostly writing, which a second
   * connection overlaps (bench/deadline-sweep: 75,000 clocks in 3.3 s on one, 2.3 s on two).
   */
  sweepPartitions?: number;
  /** Which of these org units and accounts exist and are active: nobody dispatches to nowhere. */
  references?: {
    units(ids: string[], db: Db): Promise<Set<string>>;
    accounts(ids: string[], db: Db): Promise<Set<string>>;
    /** Which of these division codes exist (a 上报 or 交办 goes to a real division). */
    divisions?(codes: string[], db: Db): Promise<Set<string>>;
    /** Which of these files exist and the actor may read (workflows with `verifiesAttachments`). */
    attachments?(actor: Actor, ids: string[], db: Db): Promise<Set<string>>;
  };
}

export interface ApplyInput {
  taskId?: string;
  /** The case version the user saw; a different current version is a 409 (someone acted meanwhile). */
  version?: number;
  inputs?: Record<string, unknown>;
  attachments?: string[];
}

export interface OpenInput extends ApplyInput {
  divisionCode: string;
  gridCode?: string | null;
  number?: string | null;
  data?: Record<string, unknown>;
}

export interface AvailableAction {
  action: string;
  name: Text;
  to: string | null;
  inputs: Record<string, InputDefinition>;
  attachments: ActionDefinition['attachments'] | null;
  /** For task actions: the tasks it may be taken on. */
  taskIds: string[];
}

export interface CaseSnapshot {
  case: CaseRow;
  tasks: TaskRow[];
  deadlines: DeadlineRow[];
  workflow: WorkflowDefinition;
}

export interface Applied extends CaseSnapshot {
  entry: repo.ActionRow;
}

const COUNTS = '$counts';
/** The divisions a case was moved away from (上报, 交办): they may still read it, no longer act on it. */
const FORMER_OWNERS = '$formerOwners';

/**
 * Runs registered workflows: applies actions in one transaction each (permission, scope, version, state,
 * inputs, guards → new state, tasks, clocks, an immutable log entry, outbox events), answers what a user
 * may do now, and keeps every projection reproducible from the log.
 */
export class CaseEngine {
  readonly #workflows = new Map<string, WorkflowDefinition>();
  readonly #checks = new Map<string, Record<string, ActionCheck>>();
  #calendar: Promise<WorkingCalendar> | null = null;

  constructor(private readonly deps: EngineDeps) {}

  /** Registers a workflow; a definition with mistakes stops the caller (the server at start). */
  register(def: WorkflowDefinition): void {
    const problems = checkWorkflow(def);
    if (problems.length) throw new Error(`workflow ${def.key} is not valid:\n  ${problems.join('\n  ')}`);
    if (this.#workflows.has(def.key)) throw new Error(`workflow ${def.key} registered twice`);
    if (def.verifiesAttachments && !this.deps.references?.attachments)
      throw new Error(`workflow ${def.key} verifies attachments, but the engine was given no attachments lookup`);
    if (Object.values(def.actions).some((a) => a.moves) && !this.deps.references?.divisions)
      throw new Error(
        `workflow ${def.key} moves cases between divisions, but the engine was given no divisions lookup`,
      );
    this.#workflows.set(def.key, def);
  }

  /**
   * The domain's implementations of the checks its workflow names (`ActionDefinition.checks`): every name
   * the definition uses must be given, and no other. Registered once, by the composition root.
   */
  registerChecks(workflowKey: string, checks: Record<string, ActionCheck>): void {
    const def = this.workflow(workflowKey);
    if (this.#checks.has(def.key)) throw new Error(`checks of workflow ${def.key} registered twice`);
    const named = new Set(Object.values(def.actions).flatMap((a) => a.checks ?? []));
    const missing = [...named].filter((n) => !(n in checks));
    const extra = Object.keys(checks).filter((n) => !named.has(n));
    if (missing.length || extra.length)
      throw new Error(
        `checks of workflow ${def.key}: missing ${missing.join(', ') || 'none'}; not named by any action ${extra.join(', ') || 'none'}`,
      );
    this.#checks.set(def.key, checks);
  }

  workflows(): WorkflowDefinition[] {
    return [...this.#workflows.values()];
  }

  workflow(key: string): WorkflowDefinition {
    const def = this.#workflows.get(key);
    if (!def) throw EngineErrors.WORKFLOW_UNKNOWN({ workflow: key });
    return def;
  }

  /** The working calendar in force (cached until calendarChanged()). */
  calendar(db: Db = this.deps.db): Promise<WorkingCalendar> {
    if (!this.#calendar) {
      // Inside a transaction the caller's connection must load it: PGlite has only one.
      const loading = this.deps.loadCalendar(db);
      loading.catch(() => {
        if (this.#calendar === loading) this.#calendar = null;
      });
      this.#calendar = loading;
    }
    return this.#calendar;
  }

  calendarChanged(): void {
    this.#calendar = null;
  }

  /** Opens a case with one of the workflow's opening actions. */
  async open(actor: Actor, workflowKey: string, action: string, input: OpenInput, db?: Db): Promise<Applied> {
    const def = this.workflow(workflowKey);
    const a = def.actions[action];
    if (!a || a.from.length > 0) throw EngineErrors.ACTION_UNKNOWN({ workflow: def.key, action });
    const role = roleFor(actor, a, action);
    const inGrid = input.gridCode != null && actor.scope.grids.includes(input.gridCode);
    if (!inScope(actor, input.divisionCode) && !inGrid)
      throw EngineErrors.CASE_OUT_OF_SCOPE({ divisionCode: input.divisionCode });
    return this.#transaction(db, async (tx) => {
      const now = this.deps.time.now();
      const caseId = newId();
      const draft: CaseRow = {
        id: caseId,
        workflow: def.key,
        workflowVersion: def.version,
        number: input.number ?? null,
        state: a.to as string,
        version: 0,
        gridCode: input.gridCode ?? null,
        data: { ...(input.data ?? {}) },
        openedAt: now,
        openedBy: actorId(actor),
        closedAt: null,
        updatedAt: now,
        lastActionId: 0,
        ownerDivision: input.divisionCode,
      };
      return this.#run(tx, actor, def, action, a, role, draft, [], [], null, input, now, true);
    });
  }

  /** Applies one action to a case: everything in one transaction, events after commit. */
  async apply(actor: Actor, caseId: string, action: string, input: ApplyInput, db?: Db): Promise<Applied> {
    return this.#transaction(db, async (tx) => {
      const c = await repo.lockCase(tx, caseId);
      if (!c) throw EngineErrors.CASE_NOT_FOUND({ id: caseId });
      const tasks = await repo.tasksOf(tx, caseId);
      if (!reads(actor, c, tasks)) throw EngineErrors.CASE_NOT_FOUND({ id: caseId });
      const def = this.workflow(c.workflow);
      const a = def.actions[action];
      if (!a || a.from.length === 0) throw EngineErrors.ACTION_UNKNOWN({ workflow: def.key, action });
      const role = roleFor(actor, a, action);
      // A division the case was moved away from still reads it, but acts no more.
      if (!sees(actor, c, tasks))
        throw EngineErrors.CASE_MOVED_AWAY({ owner: c.ownerDivision, ...bi('actionName', a.name, action) });
      const deadlines = await repo.deadlinesOf(tx, caseId, true);
      const allowed = () => this.#availableFor(actor, def, c, tasks);
      if (input.version !== undefined && input.version !== c.version) {
        throw EngineErrors.CASE_STALE(
          { version: c.version, ...bi('stateName', def.states[c.state]?.name, c.state), ...allowedParams(allowed()) },
          { state: c.state, version: c.version, allowed: allowed().map((x) => x.action) },
        );
      }
      if (!a.from.includes(c.state)) {
        throw EngineErrors.ACTION_NOT_ALLOWED(
          {
            ...bi('stateName', def.states[c.state]?.name, c.state),
            ...bi('actionName', a.name, action),
            ...allowedParams(allowed()),
          },
          { state: c.state, version: c.version, allowed: allowed().map((x) => x.action) },
        );
      }
      let task: TaskRow | null = null;
      if (a.task) {
        const spec = a.task;
        const ofKind = tasks.filter((t) => spec.kinds.includes(t.kind));
        if (input.taskId) {
          task = tasks.find((t) => t.id === input.taskId) ?? null;
          if (!task || !spec.kinds.includes(task.kind)) throw EngineErrors.TASK_NOT_FOUND({ taskId: input.taskId });
        } else {
          const ready = ofKind.filter(
            (t) => spec.from.includes(t.state) && (!spec.assigneeOnly || isAssignee(actor, t)),
          );
          if (ready.length > 1) throw EngineErrors.TASK_REQUIRED(bi('actionName', a.name, action));
          // With no task ready, the only task of its kind (if any) explains the refusal below.
          task = ready[0] ?? (ofKind.length === 1 ? (ofKind[0] as TaskRow) : null);
          if (!task) {
            throw EngineErrors.ACTION_NOT_ALLOWED(
              {
                ...bi('stateName', def.states[c.state]?.name, c.state),
                ...bi('actionName', a.name, action),
                ...allowedParams(allowed()),
              },
              { state: c.state, version: c.version, allowed: allowed().map((x) => x.action) },
            );
          }
        }
        if (!spec.from.includes(task.state)) {
          const taskDef = def.tasks?.[task.kind];
          throw EngineErrors.TASK_NOT_ALLOWED(
            {
              ...bi('stateName', taskDef?.states[task.state]?.name, task.state),
              ...bi('actionName', a.name, action),
              ...allowedParams(allowed()),
            },
            { taskId: task.id, taskState: task.state, version: c.version, allowed: allowed().map((x) => x.action) },
          );
        }
        if (spec.assigneeOnly && !isAssignee(actor, task))
          throw EngineErrors.ACTION_NOT_ASSIGNEE(bi('actionName', a.name, action));
      }
      return this.#run(tx, actor, def, action, a, role, c, tasks, deadlines, task, input, this.deps.time.now(), false);
    });
  }

  async #transaction<T>(db: Db | undefined, work: (tx: Db) => Promise<T>): Promise<T> {
    // Inside a caller's transaction (idempotent requests) the caller commits and then calls committed().
    if (db) return work(db);
    const result = await this.deps.db.transaction((tx) => work(tx));
    this.deps.events.committed();
    return result;
  }

  async #run(
    tx: Db,
    actor: Actor,
    def: WorkflowDefinition,
    action: string,
    a: ActionDefinition,
    role: string,
    c: CaseRow,
    tasks: TaskRow[],
    deadlines: DeadlineRow[],
    task: TaskRow | null,
    input: ApplyInput,
    now: Date,
    opening: boolean,
  ): Promise<Applied> {
    const inputs = checkInputs(a, action, input.inputs ?? {});
    const attachments = checkAttachments(a, action, input.attachments ?? []);
    const counts = { ...((c.data[COUNTS] as Record<string, number> | undefined) ?? {}) };
    for (const guard of a.guards ?? []) {
      const reason = guard({
        caseData: c.data,
        counts,
        state: c.state,
        inputs,
        tasks: tasks.map((t) => ({ id: t.id, kind: t.kind, state: t.state })),
      });
      if (reason)
        throw EngineErrors.ACTION_REFUSED({
          ...bi('actionName', a.name, action),
          reasonZh: reason['zh-CN'],
          reasonEn: reason['en-US'],
        });
    }
    await this.#checkReferences(tx, a, action, inputs);
    await this.#checkAttachments(tx, actor, def, a, action, attachments);
    const owner = a.moves ? await this.#moveTarget(tx, actor, a, action, c, inputs) : c.ownerDivision;
    const moved = owner !== c.ownerDivision;
    const recorded: Record<string, unknown> = {};
    for (const name of a.checks ?? []) {
      const check = this.#checks.get(def.key)?.[name];
      if (!check) throw new Error(`workflow ${def.key}: action ${action} names check ${name}, which nobody registered`);
      const result = await check({
        actor,
        action,
        caseId: c.id,
        state: c.state,
        ownerDivision: c.ownerDivision,
        caseData: c.data,
        counts,
        inputs,
        task: task
          ? {
              id: task.id,
              kind: task.kind,
              state: task.state,
              assigneeUnit: task.assigneeUnit,
              assigneeAccount: task.assigneeAccount,
              openedAt: task.openedAt,
            }
          : null,
        now,
        dueAt: (limit, from) => this.#dueAt(tx, c.ownerDivision, limit, from),
        db: tx,
      });
      for (const [key, value] of Object.entries(result?.record ?? {})) {
        if (!key.startsWith('$')) throw new Error(`check ${name} records ${key}: recorded facts start with $`);
        recorded[key] = value;
      }
    }
    if (moved) Object.assign(recorded, { $fromDivision: c.ownerDivision, $toDivision: owner });

    const iso = now.toISOString();
    const rules = await this.deps.rules(owner, this.deps.time.today(now), tx);
    const calendar = await this.calendar(tx);
    const clocks = new ClockBook(def, deadlines, calendar, rules, now, owner);

    // Tasks: the one acted on, those cancelled, those opened.
    const changedTasks = new Map<string, TaskEffect>();
    const current = new Map(tasks.map((t) => [t.id, taskEffect(t)]));
    const terminal = (t: TaskEffect) => def.tasks?.[t.kind]?.states[t.state]?.terminal === true;
    // The tasks of this round: open when the action began, or opened or settled by it. Tasks settled in an
    // earlier round (a returned lead task before the re-dispatch) no longer decide where the case goes.
    const openBefore = new Set([...current.values()].filter((t) => !terminal(t)).map((t) => t.id));
    const setTask = (t: TaskEffect) => {
      current.set(t.id, t);
      changedTasks.set(t.id, t);
      if (terminal(t)) clocks.stopHolder(t.id);
    };
    if (a.cancels) {
      for (const t of current.values()) {
        if (a.cancels.kinds.includes(t.kind) && !terminal(t)) setTask({ ...t, state: a.cancels.to, closedAt: iso });
      }
    }
    let taskFrom: string | null = null;
    let taskTo: string | null = null;
    const targets: string[] = [];
    if (task && a.task) {
      const before = current.get(task.id) as TaskEffect;
      taskFrom = before.state;
      taskTo = a.task.to;
      const next = { ...before, state: a.task.to };
      setTask({ ...next, closedAt: terminal(next) ? iso : null });
      targets.push(task.id);
    }
    const opened: TaskEffect[] = [];
    for (const o of a.opens ?? []) {
      const kind = def.tasks?.[o.kind];
      if (!kind) continue;
      for (const assignee of assigneesOf(o.assignee, inputs, actor, a.inputs ?? {})) {
        const t: TaskEffect = {
          id: newId(),
          kind: o.kind,
          state: kind.initial,
          assigneeUnit: assignee.unit,
          assigneeAccount: assignee.account,
          openedAt: iso,
          closedAt: null,
          ownerDivision: owner,
        };
        setTask(t);
        opened.push(t);
        targets.push(t.id);
      }
    }

    // Open tasks follow the case to its new owner; settled ones stay as they were done.
    if (moved) {
      for (const t of [...current.values()])
        if (!terminal(t) && t.ownerDivision !== owner) setTask({ ...t, ownerDivision: owner });
    }

    // The case: state, counts, data, clocks.
    let state = a.to ?? c.state;
    for (const name of a.counts ?? []) counts[name] = (counts[name] ?? 0) + 1;
    const data: Record<string, unknown> = { ...c.data };
    for (const [inputName, field] of Object.entries(a.sets ?? {})) {
      if (inputs[inputName] !== undefined) data[field] = inputs[inputName];
    }
    if (Object.keys(counts).length) data[COUNTS] = counts;
    if (moved) {
      const former = Array.isArray(c.data[FORMER_OWNERS]) ? (c.data[FORMER_OWNERS] as string[]) : [];
      data[FORMER_OWNERS] = [...new Set([...former, c.ownerDivision])].filter((d) => d !== owner);
    }
    const openTaskIds = () => [...current.values()].filter((t) => !terminal(t)).map((t) => t.id);
    clocks.apply(a.clocks ?? [], targets, openTaskIds(), inputs);

    for (const rule of def.followTasks ?? []) {
      if (!rule.when.includes(state)) continue;
      const ofKinds = [...current.values()].filter(
        (t) => rule.allTasks.includes(t.kind) && (openBefore.has(t.id) || changedTasks.has(t.id)),
      );
      if (ofKinds.length === 0 || !ofKinds.every(terminal)) continue;
      if (rule.anyIn && !ofKinds.some((t) => rule.anyIn?.includes(t.state))) continue;
      state = rule.to;
      clocks.apply(rule.clocks ?? [], [], openTaskIds(), inputs);
      break;
    }
    const closed = def.states[state]?.terminal === true;
    if (closed) clocks.stopAll();
    if (moved) clocks.relocate(owner);

    const effects: ActionEffects = {
      case: {
        workflowVersion: c.workflowVersion,
        state,
        version: c.version + 1,
        data,
        closedAt: closed ? (c.closedAt?.toISOString() ?? iso) : null,
        ownerDivision: owner,
        gridCode: c.gridCode,
        number: c.number,
      },
      tasks: [...changedTasks.values()],
      deadlines: clocks.changed(),
    };
    const entryValues = {
      caseId: c.id,
      taskId: task?.id ?? null,
      workflow: def.key,
      action,
      fromState: opening ? null : c.state,
      toState: state,
      taskFromState: taskFrom,
      taskToState: taskTo,
      actorId: actorId(actor),
      actorName: actor.displayName,
      actorRole: role,
      inputs: { ...inputs, ...recorded },
      attachments,
      effects,
      at: now,
      ownerDivision: owner,
    };
    if (opening) {
      // The case row must exist before its first log entry (foreign key); the entry then projects over it.
      await repo.project(
        tx,
        { id: 0, caseId: c.id, workflow: def.key, at: now, actorId: entryValues.actorId },
        effects,
      );
    }
    const entryId = await repo.insertAction(tx, entryValues);
    await repo.project(
      tx,
      { id: entryId, caseId: c.id, workflow: def.key, at: now, actorId: entryValues.actorId },
      effects,
    );

    const summary = { number: c.number, title: typeof data.title === 'string' ? data.title : null };
    const events: NewEvent[] = [
      {
        type: opening ? 'case.opened' : 'case.action',
        caseId: c.id,
        at: now,
        ownerDivision: owner,
        payload: {
          caseId: c.id,
          workflow: def.key,
          action,
          actionId: entryId,
          fromState: entryValues.fromState,
          toState: state,
          taskId: task?.id ?? null,
          taskFromState: taskFrom,
          taskToState: taskTo,
          actorName: actor.displayName,
          gridCode: c.gridCode,
          ...(moved ? { fromDivision: c.ownerDivision, toDivision: owner } : {}),
          ...summary,
        },
      },
      ...opened.map((t) => ({
        type: 'case.task.assigned',
        caseId: c.id,
        at: now,
        ownerDivision: owner,
        payload: {
          caseId: c.id,
          taskId: t.id,
          kind: t.kind,
          workflow: def.key,
          assigneeUnit: t.assigneeUnit,
          assigneeAccount: t.assigneeAccount,
          ...summary,
        },
      })),
    ];
    await this.deps.events.append(tx, events);

    const entry = await repo.findAction(tx, entryId);
    return {
      case: (await repo.findCase(tx, c.id)) as CaseRow,
      tasks: await repo.tasksOf(tx, c.id),
      deadlines: await repo.deadlinesOf(tx, c.id),
      workflow: def,
      entry: entry as repo.ActionRow,
    };
  }

  async #checkReferences(tx: Db, a: ActionDefinition, action: string, inputs: Record<string, unknown>): Promise<void> {
    const refs = this.deps.references;
    if (!refs) return;
    const units: string[] = [];
    const accounts: string[] = [];
    for (const [name, spec] of Object.entries(a.inputs ?? {})) {
      const v = inputs[name];
      if (v === undefined) continue;
      if (spec.type === 'unit') units.push(v as string);
      if (spec.type === 'units') units.push(...(v as string[]));
      if (spec.type === 'account') accounts.push(v as string);
    }
    const divisions = Object.entries(a.inputs ?? {})
      .filter(([name, spec]) => spec.type === 'division' && inputs[name] !== undefined && name !== a.moves?.input)
      .map(([name]) => inputs[name] as string);
    if (divisions.length && refs.divisions) {
      const known = await refs.divisions(divisions, tx);
      const missing = divisions.filter((d) => !known.has(d));
      if (missing.length)
        throw EngineErrors.ACTION_REFERENCE_UNKNOWN(
          {
            ...bi('actionName', a.name, action),
            ...bi('what', { 'zh-CN': '区划', 'en-US': 'divisions' }, ''),
            ids: missing.join(', '),
          },
          { missing },
        );
    }
    for (const [ids, lookup, what] of [
      [units, refs.units, { 'zh-CN': '单位', 'en-US': 'units' }],
      [accounts, refs.accounts, { 'zh-CN': '账号', 'en-US': 'accounts' }],
    ] as const) {
      if (ids.length === 0) continue;
      const known = await lookup(ids, tx);
      const missing = ids.filter((id) => !known.has(id));
      if (missing.length)
        throw EngineErrors.ACTION_REFERENCE_UNKNOWN(
          { ...bi('actionName', a.name, action), ...bi('what', what, ''), ids: missing.join(', ') },
          { missing },
        );
    }
  }

  /** Every attachment must be a file that exists and the actor may read (workflows that ask for it). */
  async #checkAttachments(
    tx: Db,
    actor: Actor,
    def: WorkflowDefinition,
    a: ActionDefinition,
    action: string,
    ids: string[],
  ): Promise<void> {
    const lookup = this.deps.references?.attachments;
    if (!def.verifiesAttachments || !lookup || ids.length === 0) return;
    const visible = await lookup(actor, ids, tx);
    const missing = ids.filter((id) => !visible.has(id));
    if (missing.length)
      throw EngineErrors.ACTION_ATTACHMENT_UNKNOWN(
        { ...bi('actionName', a.name, action), ids: missing.join(', ') },
        { missing },
      );
  }

  /**
   * Where a 上报 or 交办 takes the case: a division above the current owner (by default its parent) or below
   * it, which exists; only an actor whose divisions hold the current owner may move it.
   */
  async #moveTarget(
    tx: Db,
    actor: Actor,
    a: ActionDefinition,
    action: string,
    c: CaseRow,
    inputs: Record<string, unknown>,
  ): Promise<string> {
    const move = a.moves as NonNullable<ActionDefinition['moves']>;
    const from = c.ownerDivision;
    const name = bi('actionName', a.name, action);
    if (!inScope(actor, from)) throw EngineErrors.CASE_MOVE_OUT_OF_SCOPE({ owner: from, ...name });
    const given = inputs[move.input] as string | undefined;
    const refuse = (to: string, zh: string, en: string) =>
      EngineErrors.CASE_MOVE_INVALID(
        { ...name, to: to || '—', reasonZh: zh, reasonEn: en },
        { from, to, direction: move.direction },
      );
    let to: string;
    if (move.direction === 'up') {
      to = given ?? divisionLineage(from)[1] ?? '';
      if (to === '') throw refuse(to, `${from} 已是最高一级区划`, `${from} has no division above it`);
      if (!(to.length < from.length && isWithin(from, to)))
        throw refuse(to, `只能上报到 ${from} 的上级区划`, `a case goes up only to a division above ${from}`);
    } else {
      to = given as string;
      if (!(to.length > from.length && isWithin(to, from)))
        throw refuse(to, `只能交办到 ${from} 的下级区划`, `a case goes down only to a division below ${from}`);
      if (!inScope(actor, to)) throw EngineErrors.CASE_MOVE_OUT_OF_SCOPE({ owner: to, ...name });
    }
    const lookup = this.deps.references?.divisions;
    if (lookup && !(await lookup([to], tx)).has(to))
      throw EngineErrors.ACTION_REFERENCE_UNKNOWN(
        { ...name, ...bi('what', { 'zh-CN': '区划', 'en-US': 'divisions' }, ''), ids: to },
        { missing: [to] },
      );
    return to;
  }

  /** When a limit started at `from` runs out, counted like the case's clocks (calendar, working hours). */
  async #dueAt(tx: Db, division: string, limit: Limit, from: Date): Promise<Date> {
    const rules = await this.deps.rules(division, this.deps.time.today(from), tx);
    const calendar = await this.calendar(tx);
    const due = dueAt({
      calendar,
      periods: rules.periods,
      limit,
      segments: [{ from: from.toISOString(), to: null }],
    });
    if (!due) throw new Error('a running limit has a due time');
    return due;
  }

  /**
   * The case as the actor may read it (404 when out of their scope): their divisions, grids or tasks, or a
   * division it was moved away from (read only).
   */
  async get(actor: Actor, caseId: string, db: Db = this.deps.db): Promise<CaseSnapshot> {
    const c = await repo.findCase(db, caseId);
    if (!c) throw EngineErrors.CASE_NOT_FOUND({ id: caseId });
    const tasks = await repo.tasksOf(db, caseId);
    if (!reads(actor, c, tasks)) throw EngineErrors.CASE_NOT_FOUND({ id: caseId });
    return { case: c, tasks, deadlines: await repo.deadlinesOf(db, caseId), workflow: this.workflow(c.workflow) };
  }

  /** What the actor may do now, with the inputs each action needs. */
  async available(
    actor: Actor,
    caseId: string,
    db: Db = this.deps.db,
  ): Promise<CaseSnapshot & { actions: AvailableAction[] }> {
    const snap = await this.get(actor, caseId, db);
    return { ...snap, actions: this.#availableFor(actor, snap.workflow, snap.case, snap.tasks) };
  }

  /** What the actor may do next with a snapshot in hand (after `open` or `apply`), without reading it again. */
  actionsOn(actor: Actor, snap: CaseSnapshot): AvailableAction[] {
    return this.#availableFor(actor, snap.workflow, snap.case, snap.tasks);
  }

  #availableFor(actor: Actor, def: WorkflowDefinition, c: CaseRow, tasks: TaskRow[]): AvailableAction[] {
    const out: AvailableAction[] = [];
    if (!sees(actor, c, tasks)) return out;
    for (const [key, a] of Object.entries(def.actions)) {
      if (a.from.length === 0 || !a.from.includes(c.state)) continue;
      if (!actor.roles.some((r) => a.roles.includes(r))) continue;
      let taskIds: string[] = [];
      if (a.task) {
        const spec = a.task;
        taskIds = tasks
          .filter((t) => spec.kinds.includes(t.kind) && spec.from.includes(t.state))
          .filter((t) => !spec.assigneeOnly || isAssignee(actor, t))
          .map((t) => t.id);
        if (taskIds.length === 0) continue;
      }
      out.push({
        action: key,
        name: a.name,
        to: a.to ?? null,
        inputs: a.inputs ?? {},
        attachments: a.attachments ?? null,
        taskIds,
      });
    }
    return out;
  }

  /** The log of a case, oldest first. */
  async history(actor: Actor, caseId: string, db: Db = this.deps.db): Promise<repo.ActionRow[]> {
    await this.get(actor, caseId, db);
    return repo.history(db, caseId);
  }

  /**
   * Recolours every clock that crossed a threshold; returns how many turned yellow and red. Inside a
   * caller's transaction (a scheduled job's on the embedded engine) when given one; otherwise in
   * `sweepPartitions` concurrent transactions, each over its share of the cases, committing a batch at a time.
   */
  async sweep(options: { db?: Db; batch?: number } = {}): Promise<{ yellow: number; red: number }> {
    const batch = options.batch ?? 100_000;
    const now = this.deps.time.now();
    const of = options.db ? 1 : Math.max(1, this.deps.sweepPartitions ?? 1);
    const sweepPart = async (index: number) => {
      let yellow = 0;
      let red = 0;
      for (;;) {
        const step = (tx: Db) => repo.sweepDeadlines(tx, now, batch, { index, of });
        const r = options.db ? await step(options.db) : await this.deps.db.transaction(step);
        yellow += r.yellow;
        red += r.red;
        if (r.yellow + r.red < batch) return { yellow, red };
      }
    };
    const parts = await Promise.all(Array.from({ length: of }, (_, i) => sweepPart(i)));
    const yellow = parts.reduce((n, p) => n + p.yellow, 0);
    const red = parts.reduce((n, p) => n + p.red, 0);
    if (yellow + red > 0) {
      // Other processes wake on commit; this one at once (or, inside a job, at its next look).
      await repo.notifyEvents(options.db ?? this.deps.db);
      if (!options.db) this.deps.events.committed();
    }
    return { yellow, red };
  }

  /**
   * After the calendar changed: recomputes every open clock's due and yellow times on the new calendar
   * (with the working hours and thresholds it started with) and logs the clocks that moved, one entry per
   * case. Inside a caller's transaction when given one (the embedded engine's one connection); otherwise a
   * page is committed at a time, and the next page is read on another connection while one is written.
   */
  async recomputeOpenDeadlines(
    options: { db?: Db; batch?: number } = {},
  ): Promise<{ examined: number; changed: number }> {
    const batch = options.batch ?? 20_000;
    const db = options.db ?? this.deps.db;
    this.calendarChanged();
    const calendar = await this.calendar(db);
    const now = this.deps.time.now();
    const read = (after: { caseId: string; holder: string; clock: string } | null) => {
      const page = repo.openDeadlinesAfter(db, after, batch);
      // Awaited later; a failed write must not leave it an unhandled rejection meanwhile.
      page.catch(() => undefined);
      return page;
    };
    let next = read(null);
    let examined = 0;
    let changed = 0;
    for (;;) {
      const rows = await next;
      if (rows.length === 0) break;
      const last = rows[rows.length - 1] as DeadlineRow;
      const more = rows.length === batch;
      if (more && !options.db) next = read({ caseId: last.caseId, holder: last.holder, clock: last.clock });
      const moved: { effect: DeadlineEffect; caseId: string; before: { status: string } }[] = [];
      for (const row of rows) {
        const before = deadlineEffect(row);
        const after = withTimes(before, calendar, now);
        if (after.dueAt !== iso(row.dueAt) || after.yellowAt !== iso(row.yellowAt) || after.status !== row.status) {
          moved.push({ caseId: row.caseId, effect: after, before: { status: row.status } });
        }
      }
      const write = (tx: Db) => repo.writeRecomputed(tx, moved, now);
      if (moved.length) changed += options.db ? await write(options.db) : await this.deps.db.transaction(write);
      examined += rows.length;
      if (!more) break;
      if (options.db) next = read({ caseId: last.caseId, holder: last.holder, clock: last.clock });
    }
    return { examined, changed };
  }

  /**
   * Rebuilds every projection (cases, tasks, clocks) from the action log. With `dryRun` it only reports
   * the rows that differ; either way it returns the differences found.
   */
  async rebuild(options: { dryRun?: boolean; batch?: number } = {}): Promise<RebuildReport> {
    const batch = options.batch ?? 500;
    const report: RebuildReport = { cases: 0, actions: 0, differences: [] };
    let after: string | null = null;
    for (;;) {
      const ids = await repo.caseIdsAfter(this.deps.db, after, batch);
      if (ids.length === 0) break;
      await this.deps.db.transaction(async (tx) => {
        const actions = await repo.actionsOfCases(tx, ids);
        const expected = foldLog(actions);
        const actual = await repo.projectionsOfCases(tx, ids);
        const diff = compareProjections(expected, actual);
        report.differences.push(...diff);
        report.actions += actions.length;
        if (!options.dryRun && diff.length) await writeFolded(tx, expected, actual);
      });
      report.cases += ids.length;
      after = ids[ids.length - 1] as string;
      if (ids.length < batch) break;
    }
    return report;
  }
}

export interface RebuildReport {
  cases: number;
  actions: number;
  /** What differed between the tables and the log: `case <id> state: closed ≠ handling`… */
  differences: string[];
}

/** The colour, due and yellow times of a clock on a calendar, as of `now`. */
function withTimes(d: DeadlineEffect, calendar: WorkingCalendar, now: Date): DeadlineEffect {
  const input: ClockInput = {
    calendar,
    periods: d.periods,
    limit: { amount: d.amount, unit: d.unit },
    segments: d.segments,
  };
  const rule = { share: d.yellowShare, remaining: d.yellowRemaining };
  if (d.state === 'stopped') return d;
  const due = d.state === 'running' ? dueAt(input) : null;
  const yellow = d.state === 'running' ? yellowAt(input, rule) : null;
  const status: DeadlineStatus = statusAt(input, rule, now);
  return {
    ...d,
    dueAt: due?.toISOString() ?? null,
    yellowAt: yellow?.toISOString() ?? null,
    status,
    statusAt: status === d.status ? d.statusAt : now.toISOString(),
  };
}

/** The clocks of one case while an action is applied. */
class ClockBook {
  readonly #clocks = new Map<string, DeadlineEffect>();
  readonly #changed = new Set<string>();

  constructor(
    private readonly def: WorkflowDefinition,
    rows: DeadlineRow[],
    private readonly calendar: WorkingCalendar,
    private readonly rules: DeadlineRules,
    private readonly now: Date,
    private readonly ownerDivision: string,
  ) {
    for (const r of rows) this.#clocks.set(`${r.holder}/${r.clock}`, deadlineEffect(r));
  }

  apply(effects: ClockEffect[], targets: string[], openTasks: string[], inputs: Record<string, unknown>): void {
    for (const e of effects) {
      const clock = this.def.clocks?.[e.clock];
      if (!clock) continue;
      const holders =
        clock.holder === 'case'
          ? ['case']
          : targets.length
            ? targets
            : e.effect === 'start'
              ? openTasks
              : [...this.#clocks.values()].filter((d) => d.clock === e.clock && d.taskId).map((d) => d.holder);
      for (const holder of holders) this.#one(e, holder, clock.limit, inputs);
    }
  }

  #one(e: ClockEffect, holder: string, fallback: Limit | undefined, inputs: Record<string, unknown>): void {
    const key = `${holder}/${e.clock}`;
    const at = this.now.toISOString();
    const existing = this.#clocks.get(key);
    if (e.effect === 'start') {
      const limit = e.limit ? ('input' in e.limit ? (inputs[e.limit.input] as Limit | undefined) : e.limit) : fallback;
      if (!limit) return;
      const rule = this.rules.yellow[limit.unit];
      this.#set(key, {
        holder,
        clock: e.clock,
        taskId: holder === 'case' ? null : holder,
        unit: limit.unit,
        amount: limit.amount,
        periods: this.rules.periods,
        segments: [{ from: at, to: null }],
        state: 'running',
        startedAt: at,
        dueAt: null,
        yellowAt: null,
        status: 'green',
        statusAt: at,
        stoppedAt: null,
        yellowShare: rule.share,
        yellowRemaining: rule.remaining,
        ownerDivision: this.ownerDivision,
      });
      return;
    }
    if (!existing || existing.state === 'stopped') return;
    if (e.effect === 'pause' && existing.state === 'running') {
      this.#set(key, { ...existing, state: 'paused', segments: closeLast(existing.segments, at) });
    } else if (e.effect === 'resume' && existing.state === 'paused') {
      this.#set(key, { ...existing, state: 'running', segments: [...existing.segments, { from: at, to: null }] });
    } else if (e.effect === 'stop') {
      this.#stop(key, existing);
    } else if (e.effect === 'extend') {
      const extra = inputs[e.input] as Limit | undefined;
      if (extra) this.#set(key, { ...existing, amount: existing.amount + extra.amount });
    }
  }

  #stop(key: string, d: DeadlineEffect): void {
    const at = this.now.toISOString();
    const segments = d.state === 'running' ? closeLast(d.segments, at) : d.segments;
    const status = statusAt(
      this.#input({ ...d, segments }),
      { share: d.yellowShare, remaining: d.yellowRemaining },
      this.now,
    );
    // The due time it had when it stopped stays: indicators ask whether it was met.
    this.#clocks.set(key, {
      ...d,
      segments,
      state: 'stopped',
      stoppedAt: at,
      status,
      statusAt: status === d.status ? d.statusAt : at,
    });
    this.#changed.add(key);
  }

  stopHolder(holder: string): void {
    for (const [key, d] of this.#clocks) if (d.holder === holder && d.state !== 'stopped') this.#stop(key, d);
  }

  stopAll(): void {
    for (const [key, d] of this.#clocks) if (d.state !== 'stopped') this.#stop(key, d);
  }

  /** Clocks still counting follow the case to its new owner (their times do not change). */
  relocate(ownerDivision: string): void {
    for (const [key, d] of this.#clocks) {
      if (d.state === 'stopped' || d.ownerDivision === ownerDivision) continue;
      this.#clocks.set(key, { ...d, ownerDivision });
      this.#changed.add(key);
    }
  }

  #input(d: DeadlineEffect): ClockInput {
    return {
      calendar: this.calendar,
      periods: d.periods,
      limit: { amount: d.amount, unit: d.unit },
      segments: d.segments,
    };
  }

  #set(key: string, d: DeadlineEffect): void {
    this.#clocks.set(key, withTimes(d, this.calendar, this.now));
    this.#changed.add(key);
  }

  changed(): DeadlineEffect[] {
    return [...this.#changed].sort().map((k) => this.#clocks.get(k) as DeadlineEffect);
  }
}

function closeLast(segments: DeadlineEffect['segments'], at: string): DeadlineEffect['segments'] {
  return segments.map((s, i) => (i === segments.length - 1 && s.to === null ? { ...s, to: at } : s));
}

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

export function deadlineEffect(r: DeadlineRow): DeadlineEffect {
  return {
    holder: r.holder,
    clock: r.clock,
    taskId: r.taskId,
    unit: r.unit,
    amount: r.amount,
    periods: r.periods,
    segments: r.segments,
    state: r.state,
    startedAt: r.startedAt.toISOString(),
    dueAt: iso(r.dueAt),
    yellowAt: iso(r.yellowAt),
    status: r.status,
    statusAt: r.statusAt.toISOString(),
    stoppedAt: iso(r.stoppedAt),
    yellowShare: r.yellowShare,
    yellowRemaining: r.yellowRemaining,
    ownerDivision: r.ownerDivision,
  };
}

function taskEffect(t: TaskRow): TaskEffect {
  return {
    id: t.id,
    kind: t.kind,
    state: t.state,
    assigneeUnit: t.assigneeUnit,
    assigneeAccount: t.assigneeAccount,
    openedAt: t.openedAt.toISOString(),
    closedAt: iso(t.closedAt),
    ownerDivision: t.ownerDivision,
  };
}

/** A case is visible in the actor's divisions, in their grids, or when one of its tasks is theirs. */
export function sees(actor: Actor, c: CaseRow, tasks: readonly TaskRow[]): boolean {
  if (inScope(actor, c.ownerDivision)) return true;
  if (c.gridCode && actor.scope.grids.includes(c.gridCode)) return true;
  return tasks.some((t) => isAssignee(actor, t));
}

/** Who may read a case: whoever sees it, and the divisions it was moved away from (上报, 交办). */
export function reads(actor: Actor, c: CaseRow, tasks: readonly TaskRow[]): boolean {
  if (sees(actor, c, tasks)) return true;
  const former = c.data[FORMER_OWNERS];
  return Array.isArray(former) && former.some((d) => typeof d === 'string' && inScope(actor, d));
}

export function isAssignee(actor: Actor, t: Pick<TaskRow, 'assigneeUnit' | 'assigneeAccount'>): boolean {
  if (t.assigneeAccount && t.assigneeAccount === actor.id) return true;
  return t.assigneeUnit !== null && actor.scope.orgUnits.includes(t.assigneeUnit);
}

function actorId(actor: Actor): string {
  return actor.id ?? 'anonymous';
}

function roleFor(actor: Actor, a: ActionDefinition, action: string): string {
  const role = actor.roles.find((r) => a.roles.includes(r));
  if (!role)
    throw EngineErrors.ACTION_ROLE_FORBIDDEN(
      { ...bi('actionName', a.name, action), roles: a.roles.join(', ') },
      { roles: a.roles },
    );
  return role;
}

function bi(key: string, text: Text | undefined, fallback: string): Record<string, string> {
  return { [`${key}Zh`]: text?.['zh-CN'] ?? fallback, [`${key}En`]: text?.['en-US'] ?? fallback };
}

function allowedParams(actions: AvailableAction[]): Record<string, string> {
  if (actions.length === 0) return { allowedZh: '无', allowedEn: 'nothing' };
  return {
    allowedZh: actions.map((a) => a.name['zh-CN']).join('、'),
    allowedEn: actions.map((a) => a.name['en-US']).join(', '),
  };
}

function assigneesOf(
  spec: NonNullable<ActionDefinition['opens']>[number]['assignee'],
  inputs: Record<string, unknown>,
  actor: Actor,
  definitions: Record<string, InputDefinition>,
): { unit: string | null; account: string | null }[] {
  if (spec === 'actor') return [{ unit: null, account: actor.id }];
  if (spec === 'actorUnit') return actor.scope.orgUnits[0] ? [{ unit: actor.scope.orgUnits[0], account: null }] : [];
  const v = inputs[spec.input];
  if (v === undefined || v === null) return [];
  // An account input assigns a person (核实 to this supervisor); a unit or units input, units.
  if (definitions[spec.input]?.type === 'account') return [{ unit: null, account: v as string }];
  if (Array.isArray(v)) return v.map((unit) => ({ unit: unit as string, account: null }));
  return [{ unit: v as string, account: null }];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Problem {
  field: string;
  'zh-CN': string;
  'en-US': string;
}

/** Checks an action's inputs against its definition; unknown fields are refused like any schema would. */
export function checkInputs(
  a: ActionDefinition,
  action: string,
  given: Record<string, unknown>,
): Record<string, unknown> {
  const specs = a.inputs ?? {};
  const problems: Problem[] = [];
  const out: Record<string, unknown> = {};
  const bad = (field: string, zh: string, en: string) => problems.push({ field, 'zh-CN': zh, 'en-US': en });
  for (const field of Object.keys(given))
    if (!(field in specs)) bad(field, `不需要填写 ${field}`, `${field} is not asked for`);
  for (const [field, spec] of Object.entries(specs)) {
    const v = given[field];
    const label = spec.label;
    if (v === undefined || v === null || v === '') {
      if (spec.required) bad(field, `请填写${label['zh-CN']}`, `${label['en-US']} is required`);
      continue;
    }
    const problem = checkValue(spec, v);
    if (problem) bad(field, `${label['zh-CN']}${problem[0]}`, `${label['en-US']}: ${problem[1]}`);
    else if (spec.type === 'division') out[field] = divisionCode(v as string);
    else if (spec.type === 'position') out[field] = positionOf(v as { lon: number; lat: number; accuracy?: number });
    else out[field] = typeof v === 'string' && spec.type === 'text' ? v.trim() : v;
  }
  refuseInputs(a, action, problems);
  return out;
}

function refuseInputs(a: ActionDefinition, action: string, problems: Problem[]): void {
  if (problems.length === 0) return;
  throw EngineErrors.ACTION_INPUT_INVALID(
    {
      ...bi('actionName', a.name, action),
      problemsZh: problems.map((p) => p['zh-CN']).join(';'),
      problemsEn: problems.map((p) => p['en-US']).join('; '),
    },
    { problems },
  );
}

function checkValue(spec: InputDefinition, v: unknown): [string, string] | null {
  switch (spec.type) {
    case 'text': {
      if (typeof v !== 'string') return ['应为文字', 'must be text'];
      const n = v.trim().length;
      const min = spec.min ?? (spec.required ? 1 : 0);
      const max = spec.max ?? 2000;
      if (n < min) return [`至少 ${min} 个字`, `at least ${min} characters`];
      if (n > max) return [`最多 ${max} 个字`, `at most ${max} characters`];
      return null;
    }
    case 'choice':
      return typeof v === 'string' && spec.options?.some((o) => o.value === v)
        ? null
        : ['不是可选的值', 'is not one of the options'];
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return ['应为数字', 'must be a number'];
      if (spec.min !== undefined && v < spec.min) return [`不能小于 ${spec.min}`, `must be at least ${spec.min}`];
      if (spec.max !== undefined && v > spec.max) return [`不能大于 ${spec.max}`, `must be at most ${spec.max}`];
      return null;
    case 'boolean':
      return typeof v === 'boolean' ? null : ['应为是或否', 'must be true or false'];
    case 'datetime':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))
        ? null
        : ['应为日期时间', 'must be a date-time'];
    case 'unit':
    case 'account':
      return typeof v === 'string' && UUID.test(v) ? null : ['不是有效的编号', 'is not a valid id'];
    case 'units': {
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && UUID.test(x)))
        return ['应为单位编号列表', 'must be a list of unit ids'];
      if (new Set(v).size !== v.length) return ['有重复的单位', 'names a unit twice'];
      if (spec.min !== undefined && v.length < spec.min) return [`至少 ${spec.min} 个`, `at least ${spec.min}`];
      if (v.length > (spec.max ?? 20)) return [`最多 ${spec.max ?? 20} 个`, `at most ${spec.max ?? 20}`];
      return null;
    }
    case 'division':
      return typeof v === 'string' && divisionCode(v) !== null
        ? null
        : ['不是有效的区划代码', 'is not a division code (2, 4, 6, 9 or 12 digits)'];
    case 'position': {
      const pos = v as { lon?: unknown; lat?: unknown; accuracy?: unknown };
      const inRange = (x: unknown, bound: number) =>
        typeof x === 'number' && Number.isFinite(x) && Math.abs(x) <= bound;
      const ok =
        typeof v === 'object' &&
        !Array.isArray(v) &&
        Object.keys(v as object).every((k) => k === 'lon' || k === 'lat' || k === 'accuracy') &&
        inRange(pos.lon, 180) &&
        inRange(pos.lat, 90) &&
        (pos.accuracy === undefined ||
          (typeof pos.accuracy === 'number' && Number.isFinite(pos.accuracy) && pos.accuracy >= 0));
      return ok
        ? null
        : [
            '应为 WGS84 坐标 {lon 经度 -180~180, lat 纬度 -90~90, accuracy 精度(米,可选)}',
            'must be a WGS84 position {lon -180..180, lat -90..90, accuracy in metres (optional)}',
          ];
    }
    case 'limit': {
      const l = v as Partial<Limit>;
      const ok =
        typeof v === 'object' &&
        Object.keys(v as object).every((k) => k === 'amount' || k === 'unit') &&
        typeof l.amount === 'number' &&
        l.amount > 0 &&
        l.amount <= 10_000 &&
        DEADLINE_UNITS.includes(l.unit as DeadlineUnit);
      return ok ? null : ['应为时限(数量和单位)', 'must be a time limit (amount and unit)'];
    }
  }
}

/** A position as stored: the coordinates and, when given, the accuracy (nothing else). */
function positionOf(v: { lon: number; lat: number; accuracy?: number }): Record<string, number> {
  return v.accuracy === undefined ? { lon: v.lon, lat: v.lat } : { lon: v.lon, lat: v.lat, accuracy: v.accuracy };
}

/** A division code in its significant form, or null when it is none. */
function divisionCode(v: string): string | null {
  try {
    return normalizeDivisionCode(v);
  } catch {
    return null;
  }
}

function checkAttachments(a: ActionDefinition, action: string, given: string[]): string[] {
  const spec = a.attachments;
  const problems: Problem[] = [];
  if (!given.every((id) => typeof id === 'string' && UUID.test(id)) || new Set(given).size !== given.length)
    problems.push({
      field: 'attachments',
      'zh-CN': '附件编号无效或重复',
      'en-US': 'attachment ids are invalid or repeated',
    });
  if (!spec && given.length)
    problems.push({ field: 'attachments', 'zh-CN': '此操作不需要附件', 'en-US': 'this action takes no attachments' });
  if (spec && given.length < spec.min)
    problems.push({
      field: 'attachments',
      'zh-CN': `请上传至少 ${spec.min} 个${spec.label['zh-CN']}`,
      'en-US': `attach at least ${spec.min} ${spec.label['en-US']}`,
    });
  if (spec?.max !== undefined && given.length > spec.max)
    problems.push({
      field: 'attachments',
      'zh-CN': `最多 ${spec.max} 个${spec.label['zh-CN']}`,
      'en-US': `at most ${spec.max} ${spec.label['en-US']}`,
    });
  refuseInputs(a, action, problems);
  return given;
}

interface Folded {
  cases: Map<string, CaseRow>;
  tasks: Map<string, TaskRow>;
  deadlines: Map<string, DeadlineRow>;
}

/** The projections the log implies: the last full row each entry gave, in log order. */
export function foldLog(actions: readonly repo.ActionRow[]): Folded {
  const out: Folded = { cases: new Map(), tasks: new Map(), deadlines: new Map() };
  for (const e of actions) {
    const c = e.effects.case;
    if (c) {
      const prev = out.cases.get(e.caseId);
      out.cases.set(e.caseId, {
        id: e.caseId,
        workflow: e.workflow,
        workflowVersion: c.workflowVersion,
        number: c.number,
        state: c.state,
        version: c.version,
        gridCode: c.gridCode,
        data: c.data,
        openedAt: prev?.openedAt ?? e.at,
        openedBy: prev?.openedBy ?? e.actorId,
        closedAt: c.closedAt ? new Date(c.closedAt) : null,
        updatedAt: e.at,
        lastActionId: e.id,
        ownerDivision: c.ownerDivision,
      });
    }
    for (const t of e.effects.tasks) out.tasks.set(t.id, { id: t.id, caseId: e.caseId, ...repo.taskValues(t) });
    for (const d of e.effects.deadlines) {
      out.deadlines.set(`${e.caseId}/${d.holder}/${d.clock}`, {
        caseId: e.caseId,
        holder: d.holder,
        clock: d.clock,
        ...repo.deadlineValues(d),
      });
    }
    for (const t of e.effects.clockTimes ?? []) {
      const key = `${e.caseId}/${t.holder}/${t.clock}`;
      const d = out.deadlines.get(key);
      // A patch of a clock no earlier entry started cannot be folded; the rebuild then reports the
      // clock as "in the tables but not in the log".
      if (!d) continue;
      out.deadlines.set(key, {
        ...d,
        status: t.status,
        statusAt: new Date(t.statusAt),
        ...(t.dueAt !== undefined ? { dueAt: t.dueAt ? new Date(t.dueAt) : null } : {}),
        ...(t.yellowAt !== undefined ? { yellowAt: t.yellowAt ? new Date(t.yellowAt) : null } : {}),
      });
    }
  }
  return out;
}

function canonical(row: object): string {
  return JSON.stringify(row, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function fieldDiff(label: string, expected: object | undefined, actual: object | undefined): string[] {
  if (!expected) return [`${label}: in the tables but not in the log`];
  if (!actual) return [`${label}: missing from the tables`];
  const out: string[] = [];
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  for (const k of new Set([...Object.keys(e), ...Object.keys(a)])) {
    const ev = canonical({ v: normalise(e[k]) });
    const av = canonical({ v: normalise(a[k]) });
    if (ev !== av) out.push(`${label} ${k}: log says ${ev.slice(5, -1)}, table has ${av.slice(5, -1)}`);
  }
  return out;
}

/** Dates compare by instant; timestamps in jsonb written by SQL and by JS differ only in format. */
function normalise(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? v : new Date(t).toISOString();
  }
  if (Array.isArray(v)) return v.map(normalise);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x)]));
  return v;
}

export function compareProjections(
  expected: Folded,
  actual: { cases: CaseRow[]; tasks: TaskRow[]; deadlines: DeadlineRow[] },
): string[] {
  const out: string[] = [];
  const actualCases = new Map(actual.cases.map((c) => [c.id, c]));
  const actualTasks = new Map(actual.tasks.map((t) => [t.id, t]));
  const actualDeadlines = new Map(actual.deadlines.map((d) => [`${d.caseId}/${d.holder}/${d.clock}`, d]));
  for (const id of new Set([...expected.cases.keys(), ...actualCases.keys()]))
    out.push(...fieldDiff(`case ${id}`, expected.cases.get(id), actualCases.get(id)));
  for (const id of new Set([...expected.tasks.keys(), ...actualTasks.keys()]))
    out.push(...fieldDiff(`task ${id}`, expected.tasks.get(id), actualTasks.get(id)));
  for (const key of new Set([...expected.deadlines.keys(), ...actualDeadlines.keys()]))
    out.push(...fieldDiff(`deadline ${key}`, expected.deadlines.get(key), actualDeadlines.get(key)));
  return out;
}

async function writeFolded(
  tx: Db,
  expected: Folded,
  actual: { tasks: TaskRow[]; deadlines: DeadlineRow[] },
): Promise<void> {
  await repo.deleteTasks(
    tx,
    actual.tasks.filter((t) => !expected.tasks.has(t.id)).map((t) => t.id),
  );
  for (const d of actual.deadlines) {
    if (!expected.deadlines.has(`${d.caseId}/${d.holder}/${d.clock}`)) await repo.deleteDeadline(tx, d);
  }
  await repo.writeProjection(
    tx,
    [...expected.cases.values()],
    [...expected.tasks.values()],
    [...expected.deadlines.values()],
  );
}
