import type { Db } from '../db/database.ts';
import type { Actor } from '../platform/access.ts';
import type { DeadlineState, DeadlineStatus, DeadlineUnit, Limit, Segment, WorkingPeriod } from './deadlines.ts';
import { DEADLINE_UNITS } from './deadlines.ts';

/**
 * A workflow definition is data: the states a case of this kind passes through, the actions that move
 * it, who may take them, what they need, and what they do to the clocks. Domains declare one each
 * (urban management, 12345 orders, micro-wishes…) and register it; the engine runs them all the same way.
 */
export interface WorkflowDefinition {
  /** Stable key, stored on every case: `urban`, `hotline`… */
  key: string;
  /** Bumped when the definition changes in a way old cases must know about. */
  version: number;
  name: Text;
  states: Record<string, StateDefinition>;
  /** Kinds of task a case of this workflow can carry (主办 lead, 协办 assist, 核查 check…). */
  tasks?: Record<string, TaskKindDefinition>;
  actions: Record<string, ActionDefinition>;
  /** Named clocks (时限): the overall limit of the case and stage limits of the case or of its tasks. */
  clocks?: Record<string, ClockDefinition>;
  /**
   * Rules that move the case when its tasks settle (the case follows its tasks): checked after every
   * action, in order; the first that matches applies, in the same log entry.
   */
  followTasks?: FollowRule[];
  /**
   * Attachments must be files that exist and the actor may read (the engine asks `references.attachments`,
   * which the composition root wires to the files module): an unknown or foreign id is refused, not stored.
   */
  verifiesAttachments?: boolean;
}

export interface Text {
  'zh-CN': string;
  'en-US': string;
}

export interface StateDefinition {
  name: Text;
  /** A closed case: no action applies any more, except those listing this state explicitly. */
  terminal?: boolean;
}

export interface TaskKindDefinition {
  name: Text;
  states: Record<string, { name: Text; terminal?: boolean }>;
  initial: string;
}

export interface ClockDefinition {
  name: Text;
  /** Runs on the case or on each task (then every task has its own). */
  holder: 'case' | 'task';
  /** The limit when the action starting it names none. */
  limit?: Limit;
}

export type InputType =
  | 'text'
  | 'choice'
  | 'number'
  | 'boolean'
  | 'datetime'
  | 'unit'
  | 'units'
  | 'account'
  | 'limit'
  /** A division code (行政区划代码), normalised (`140400` → `1404`); it must exist (`references.divisions`). */
  | 'division'
  /**
   * Where the actor stood, from the phone's GPS: `{lon, lat, accuracy?}`, WGS84 degrees in range, accuracy in
   * metres (≥ 0) as the device reports it.
   */
  | 'position';

export interface InputDefinition {
  type: InputType;
  label: Text;
  required?: boolean;
  /** text: length bounds; number: value bounds; units: count bounds. */
  min?: number;
  max?: number;
  /** choice: the allowed values and their labels. */
  options?: { value: string; label: Text }[];
}

export type ClockEffect =
  | { clock: string; effect: 'start'; limit?: Limit | { input: string } }
  | { clock: string; effect: 'stop' | 'pause' | 'resume' }
  /** Adds time to a running or paused clock (延期 approved): from an input of type `limit`. */
  | { clock: string; effect: 'extend'; input: string };

/** Which tasks an action opens, and to whom (an input naming a unit or account, or the actor). */
export interface TaskOpening {
  kind: string;
  /** Input of type unit, units or account; `actor` assigns the actor; `actorUnit` their first org unit. */
  assignee: { input: string } | 'actor' | 'actorUnit';
}

export interface ActionDefinition {
  name: Text;
  /** Case states it applies in. An action with no from-states opens a new case. */
  from: string[];
  /** The case's new state; omitted: unchanged. */
  to?: string;
  /** Roles that may take it (role codes, access module). */
  roles: string[];
  inputs?: Record<string, InputDefinition>;
  /** Photos or documents (file ids) needed: at least this many. */
  attachments?: { min: number; max?: number; label: Text };
  /** Acts on one task of the case: the task must be of one of these kinds and in one of these states. */
  task?: {
    kinds: string[];
    from: string[];
    to: string;
    /** Only the task's assignee (the account, or a member of the unit) may take it. */
    assigneeOnly?: boolean;
  };
  /** Tasks this action opens. */
  opens?: TaskOpening[];
  /** Closes every open task of these kinds (e.g. a re-dispatch cancels the old ones) into their `cancelled` state. */
  cancels?: { kinds: string[]; to: string };
  clocks?: ClockEffect[];
  /** Counted facts the domain wants on the case (返工 count, 退单 count…): incremented by one each time. */
  counts?: string[];
  /** Extra conditions, as data the domain supplies as functions: a refusal reason or null. */
  guards?: Guard[];
  /** Sets case data from inputs (input name → data field). */
  sets?: Record<string, string>;
  /**
   * Moves the case's owning division (上报 up, 交办 down) to the division an input names; `up` without a
   * value goes to the parent of the current owner. Only to an ancestor (up) or a descendant (down), only by
   * an actor whose divisions hold the current owner; open tasks and running clocks move with the case, and
   * the log entry records `$fromDivision` and `$toDivision`.
   */
  moves?: { direction: 'up' | 'down'; input: string };
  /**
   * Domain checks by name (`CaseEngine.registerChecks`): asynchronous rules that need the domain's data
   * (the routing suggestion, a limit from the taxonomy). They run after the inputs, guards and references,
   * before anything is written; they refuse by throwing the domain's own error and may record facts in the
   * log entry.
   */
  checks?: string[];
}

/** What a domain check sees: the case as the action found it, the inputs, and the working calendar. */
export interface CheckContext {
  actor: Actor;
  action: string;
  caseId: string;
  state: string;
  ownerDivision: string;
  caseData: Readonly<Record<string, unknown>>;
  counts: Readonly<Record<string, number>>;
  inputs: Readonly<Record<string, unknown>>;
  /** The task acted on (task actions), with when it was opened. */
  task: {
    id: string;
    kind: string;
    state: string;
    assigneeUnit: string | null;
    assigneeAccount: string | null;
    openedAt: Date;
  } | null;
  now: Date;
  /**
   * When a limit started at `from` runs out: on the working calendar and the working hours in force for the
   * case's division on that day, exactly as the case's clocks are counted.
   */
  dueAt(limit: Limit, from: Date): Promise<Date>;
  /** The action's transaction: read through it (the embedded engine has one connection). */
  db: Db;
}

export interface CheckResult {
  /** Facts to keep in the log entry beside the inputs; keys start with `$` (`$routing`). */
  record?: Record<string, unknown>;
}

/** A domain check: resolves to allow (optionally recording facts), throws an AppError to refuse. */
export type ActionCheck = (context: CheckContext) => Promise<CheckResult | undefined>;

export interface GuardContext {
  caseData: Readonly<Record<string, unknown>>;
  counts: Readonly<Record<string, number>>;
  state: string;
  inputs: Readonly<Record<string, unknown>>;
  tasks: readonly { id: string; kind: string; state: string }[];
}

/** A guard returns null to allow, or the reason it refuses (shown to the user). */
export type Guard = (context: GuardContext) => Text | null;

export interface FollowRule {
  /** The case is in one of these states… */
  when: string[];
  /**
   * …and every task of these kinds in this round (open when the action began, or opened or settled by it;
   * at least one) is in a terminal state…
   */
  allTasks: string[];
  /** …optionally only if at least one of them ended in one of these states. */
  anyIn?: string[];
  to: string;
  clocks?: ClockEffect[];
}

/** What one log entry did, in full: replaying these rebuilds every projection without recomputing. */
export interface ActionEffects {
  /** The case's whole new row; null when only a clock changed colour or was recomputed (the sweep). */
  case: {
    workflowVersion: number;
    state: string;
    version: number;
    data: Record<string, unknown>;
    closedAt: string | null;
    ownerDivision: string;
    gridCode: string | null;
    number: string | null;
  } | null;
  /** Tasks opened or changed, as their whole new row. */
  tasks: TaskEffect[];
  /** Deadlines started or changed, as their whole new row. */
  deadlines: DeadlineEffect[];
  /**
   * Clocks of which only the colour or the computed times changed (the sweep, a recompute after a
   * calendar change): just those fields, applied to the clock's row as the earlier entries left it. A
   * sweep recolours tens of thousands of clocks at once; a whole row each made the log entry the largest
   * part of its cost (ADR 0019).
   */
  clockTimes?: ClockTimesEffect[];
}

export interface ClockTimesEffect {
  holder: string;
  clock: string;
  status: DeadlineStatus;
  statusAt: string;
  /** Given when recomputed; a recolouring leaves them as they were. */
  dueAt?: string | null;
  yellowAt?: string | null;
}

export interface TaskEffect {
  id: string;
  kind: string;
  state: string;
  assigneeUnit: string | null;
  assigneeAccount: string | null;
  openedAt: string;
  closedAt: string | null;
  ownerDivision: string;
}

export interface DeadlineEffect {
  holder: string;
  clock: string;
  taskId: string | null;
  unit: DeadlineUnit;
  amount: number;
  periods: WorkingPeriod[];
  segments: Segment[];
  state: DeadlineState;
  startedAt: string;
  dueAt: string | null;
  yellowAt: string | null;
  status: DeadlineStatus;
  statusAt: string;
  stoppedAt: string | null;
  yellowShare: number;
  yellowRemaining: number;
  ownerDivision: string;
}

const NAME = /^[a-z][a-z0-9_.-]{0,39}$/;

/**
 * Checks a definition when it is registered, so a mistake in a domain's workflow stops the server at
 * start rather than a clerk at the counter. Returns every problem found.
 */
export function checkWorkflow(def: WorkflowDefinition): string[] {
  const problems: string[] = [];
  const p = (m: string) => problems.push(`${def.key}: ${m}`);
  if (!NAME.test(def.key)) p(`key "${def.key}" must match ${NAME}`);
  if (!Number.isInteger(def.version) || def.version < 1) p('version must be a positive integer');
  const states = new Set(Object.keys(def.states));
  if (states.size === 0) p('no states');
  const tasks = def.tasks ?? {};
  const clocks = def.clocks ?? {};
  for (const [kind, t] of Object.entries(tasks)) {
    if (!(t.initial in t.states)) p(`task kind ${kind}: initial state ${t.initial} is not one of its states`);
    if (!Object.values(t.states).some((s) => s.terminal)) p(`task kind ${kind}: no terminal state`);
  }
  for (const [name, c] of Object.entries(clocks)) {
    if (c.limit) checkLimit(c.limit, `clock ${name}`, p);
  }
  let openers = 0;
  for (const [key, a] of Object.entries(def.actions)) {
    const at = `action ${key}`;
    if (!NAME.test(key)) p(`${at}: name must match ${NAME}`);
    if (a.from.length === 0) {
      openers++;
      if (!a.to) p(`${at}: opens a case, so it must name the state the case starts in`);
      if (a.task) p(`${at}: opens a case, so it cannot act on a task`);
    }
    for (const s of a.from) if (!states.has(s)) p(`${at}: from-state ${s} is not a state`);
    if (a.to && !states.has(a.to)) p(`${at}: to-state ${a.to} is not a state`);
    if (a.roles.length === 0) p(`${at}: no role may take it`);
    const inputs = a.inputs ?? {};
    for (const [name, input] of Object.entries(inputs)) {
      if (input.type === 'choice' && !input.options?.length) p(`${at}: choice input ${name} has no options`);
    }
    if (a.task) {
      for (const kind of a.task.kinds) {
        const k = tasks[kind];
        if (!k) p(`${at}: task kind ${kind} is not declared`);
        else {
          for (const s of a.task.from) if (!(s in k.states)) p(`${at}: task state ${s} is not a state of ${kind}`);
          if (!(a.task.to in k.states)) p(`${at}: task state ${a.task.to} is not a state of ${kind}`);
        }
      }
    }
    for (const o of a.opens ?? []) {
      if (!tasks[o.kind]) p(`${at}: opens undeclared task kind ${o.kind}`);
      if (typeof o.assignee === 'object') {
        const input = inputs[o.assignee.input];
        if (!input || !['unit', 'units', 'account'].includes(input.type))
          p(`${at}: assignee input ${o.assignee.input} must be an input of type unit, units or account`);
      }
    }
    if (a.cancels) {
      for (const kind of a.cancels.kinds) {
        const k = tasks[kind];
        if (!k) p(`${at}: cancels undeclared task kind ${kind}`);
        else if (!k.states[a.cancels.to]?.terminal) p(`${at}: ${a.cancels.to} is not a terminal state of ${kind}`);
      }
    }
    checkClockEffects(a.clocks ?? [], inputs, clocks, at, p);
    if (a.moves) {
      if (a.from.length === 0) p(`${at}: opens a case, so it cannot move one`);
      const input = inputs[a.moves.input];
      if (input?.type !== 'division') p(`${at}: moves to input ${a.moves.input}, which must be of type division`);
      else if (a.moves.direction === 'down' && !input.required)
        p(`${at}: moves down, so its division input ${a.moves.input} must be required`);
    }
    for (const name of a.checks ?? []) if (!NAME.test(name)) p(`${at}: check name ${name} must match ${NAME}`);
    for (const name of Object.keys(inputs)) if (name.startsWith('$')) p(`${at}: input ${name} may not start with $`);
    for (const [input, field] of Object.entries(a.sets ?? {})) {
      if (!(input in inputs)) p(`${at}: sets ${field} from undeclared input ${input}`);
    }
  }
  if (openers === 0) p('no action opens a case (an action with no from-states)');
  for (const [i, r] of (def.followTasks ?? []).entries()) {
    const at = `followTasks[${i}]`;
    for (const s of r.when) if (!states.has(s)) p(`${at}: state ${s} is not a state`);
    if (!states.has(r.to)) p(`${at}: state ${r.to} is not a state`);
    for (const kind of r.allTasks) if (!tasks[kind]) p(`${at}: task kind ${kind} is not declared`);
    checkClockEffects(r.clocks ?? [], {}, clocks, at, p);
  }
  return problems;
}

function checkClockEffects(
  effects: ClockEffect[],
  inputs: Record<string, InputDefinition>,
  clocks: Record<string, ClockDefinition>,
  at: string,
  p: (m: string) => void,
): void {
  for (const e of effects) {
    const clock = clocks[e.clock];
    if (!clock) {
      p(`${at}: clock ${e.clock} is not declared`);
      continue;
    }
    if (e.effect === 'start') {
      if (e.limit && 'input' in e.limit) {
        if (inputs[e.limit.input]?.type !== 'limit') p(`${at}: limit input ${e.limit.input} must be of type limit`);
      } else if (e.limit) checkLimit(e.limit, at, p);
      else if (!clock.limit) p(`${at}: starts clock ${e.clock}, which has no default limit, without naming one`);
    }
    if (e.effect === 'extend' && inputs[e.input]?.type !== 'limit')
      p(`${at}: extends clock ${e.clock} from ${e.input}, which must be an input of type limit`);
  }
}

function checkLimit(limit: Limit, at: string, p: (m: string) => void): void {
  if (!DEADLINE_UNITS.includes(limit.unit)) p(`${at}: unit ${limit.unit} is not one of ${DEADLINE_UNITS.join(', ')}`);
  if (!(limit.amount > 0)) p(`${at}: the limit must be positive`);
}
