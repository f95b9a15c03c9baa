import { DateTime } from 'luxon';
import type { ActionRow } from '../../engine/engine.repo.ts';
import type { DeadlineEffect } from '../../engine/workflow.ts';
import type { MeasureKey } from './indicators.definitions.ts';

/** The workflow whose cases the indicators measure. */
export const MEASURED_WORKFLOW = 'urban';

/**
 * What the action log says about one case, folded once: the figures' raw material. Everything here comes from
 * the log entries (their `effects`, inputs and times), never from the projections, so a full recomputation and
 * the incremental consumer derive the same facts from the same entries.
 */
export interface CaseFacts {
  caseId: string;
  number: string | null;
  state: string;
  categoryCode: string | null;
  categoryName: { 'zh-CN': string; 'en-US': string } | null;
  channel: string | null;
  /** The owning division now (after any 上报/交办): the figures belong to the level that owns the case. */
  ownerDivision: string;
  gridCode: string | null;
  /** The unit of the last lead task opened (主办 of the last dispatch, ruling, rework or reassignment). */
  leadUnit: string | null;
  openedBy: 'report' | 'self-resolve' | string;
  reportedAt: string;
  /** Registered (立案) at least once, or fixed on the spot and confirmed: a valid report. */
  valid: boolean;
  /** Lead tasks opened: dispatches, rulings, reassignments and reworks. */
  dispatches: number;
  returns: number;
  reworks: number;
  extensions: number;
  suspensions: number;
  redos: number;
  /** The last handling clock (处置时限): when it started, when it is due (null while paused), its colour. */
  handleStartedAt: string | null;
  handleDueAt: string | null;
  handleState: string | null;
  handleStatus: string | null;
  /** Fed back as handled under the last handling clock. */
  handledAt: string | null;
  handledOnTime: boolean;
  /** Closed now (a redo reopens it). */
  closedAt: string | null;
  closureType: string | null;
  /** The last visit's answer. */
  satisfaction: string | null;
  lastActionId: number;
}

export interface Mark {
  caseId: string;
  measure: MeasureKey;
  /** The item within the case: '' for the case itself, the task id of a dispatch or check, the visit's entry id. */
  ref: string;
  /** Business date that places it in a period. */
  day: string;
  /** Lead unit ('' none). */
  unit: string;
  division: string;
  /** Grid code ('' none). */
  grid: string;
}

export interface Derived {
  facts: CaseFacts;
  marks: Mark[];
}

const TERMINAL = new Set(['closed', 'declined', 'invalid', 'void', 'merged']);

/**
 * Folds one case's log entries (oldest first) into its facts and marks; null for a case of another
 * workflow. `zone` is the business time zone the marks' dates are reckoned in.
 */
export function deriveCase(entries: readonly ActionRow[], zone: string): Derived | null {
  const first = entries[0];
  if (!first || first.workflow !== MEASURED_WORKFLOW) return null;
  const iso = (d: Date) => d.toISOString();
  // Instants in the log's JSON were written by JavaScript and by SQL (the sweep): compare them in one form.
  const norm = (v: string | null | undefined): string | null => (v ? new Date(v).toISOString() : null);
  const dayOf = (at: string) => DateTime.fromISO(at, { zone }).toISODate() as string;

  let state = first.toState;
  let number: string | null = null;
  let ownerDivision = first.ownerDivision;
  let gridCode: string | null = null;
  let data: Record<string, unknown> = {};
  let closedAt: string | null = null;
  let leadUnit: string | null = null;
  let registered = false;
  let selfFixConfirmed = false;
  let handle: DeadlineEffect | null = null;
  let handledAt: string | null = null;
  const leads = new Map<string, { unit: string | null; openedAt: string; state: string }>();
  const checks = new Map<string, { openedAt: string; dueAt: string | null; settledAt: string | null }>();
  let currentCheck: string | null = null;
  const visits: { ref: string; at: string; satisfied: boolean; unit: string | null }[] = [];

  for (const e of entries) {
    const at = iso(e.at);
    const c = e.effects.case;
    if (c) {
      state = c.state;
      number = c.number;
      ownerDivision = c.ownerDivision;
      gridCode = c.gridCode;
      data = c.data;
      closedAt = norm(c.closedAt);
    }
    if (e.action === 'register') registered = true;
    if (e.action === 'confirm-self-resolved') selfFixConfirmed = true;
    for (const task of e.effects.tasks) {
      if (task.kind === 'lead') {
        if (!leads.has(task.id)) leadUnit = task.assigneeUnit;
        leads.set(task.id, { unit: task.assigneeUnit, openedAt: norm(task.openedAt) ?? at, state: task.state });
      } else if (task.kind === 'check') {
        const known = checks.get(task.id);
        const settled = task.state === 'passed' || task.state === 'failed';
        checks.set(task.id, {
          openedAt: norm(task.openedAt) ?? at,
          dueAt: known?.dueAt ?? null,
          settledAt: settled ? (norm(task.closedAt) ?? at) : null,
        });
        if (!known) currentCheck = task.id;
      }
    }
    for (const d of e.effects.deadlines) {
      const started = norm(d.startedAt);
      if (d.clock === 'handle') {
        // A clock started by this entry (dispatch, ruling, rework): handling starts again under it.
        if (started === at && started !== norm(handle?.startedAt)) handledAt = null;
        handle = { ...d, startedAt: started ?? at, dueAt: norm(d.dueAt) };
      } else if (d.clock === 'check' && currentCheck) {
        const round = checks.get(currentCheck);
        if (round && started === round.openedAt && d.dueAt) round.dueAt = norm(d.dueAt);
      }
    }
    for (const p of e.effects.clockTimes ?? []) {
      if (p.clock === 'handle' && handle) {
        handle = {
          ...handle,
          status: p.status,
          statusAt: p.statusAt,
          ...(p.dueAt !== undefined ? { dueAt: norm(p.dueAt) } : {}),
        };
      } else if (p.clock === 'check' && currentCheck && p.dueAt) {
        const round = checks.get(currentCheck);
        if (round && !round.settledAt) round.dueAt = norm(p.dueAt);
      }
    }
    if (e.toState === 'handled' && e.fromState !== 'handled') handledAt = at;
    if (e.action === 'follow-up') {
      const answer = e.inputs.satisfaction;
      visits.push({
        ref: String(e.id),
        at,
        satisfied: answer === 'satisfied' || answer === 'basically',
        unit: leadUnit,
      });
    }
  }

  const counts = (data.$counts ?? {}) as Record<string, number>;
  const category = data.category as { code?: string; nameZh?: string; nameEn?: string } | undefined;
  const handleDueAt = handle?.dueAt ?? null;
  const handledOnTime = handledAt !== null && handleDueAt !== null && handledAt <= handleDueAt;
  const closed = state === 'closed' ? closedAt : null;
  const last = entries[entries.length - 1] as ActionRow;
  const facts: CaseFacts = {
    caseId: first.caseId,
    number,
    state,
    categoryCode: category?.code ?? null,
    categoryName: category?.nameZh && category.nameEn ? { 'zh-CN': category.nameZh, 'en-US': category.nameEn } : null,
    channel: typeof data.channel === 'string' ? data.channel : null,
    ownerDivision,
    gridCode,
    leadUnit,
    openedBy: first.action,
    reportedAt: iso(first.at),
    valid: registered || selfFixConfirmed,
    dispatches: leads.size,
    returns: counts.returned ?? 0,
    reworks: counts.rework ?? 0,
    extensions: counts.extensions ?? 0,
    suspensions: counts.suspensions ?? 0,
    redos: counts.redo ?? 0,
    handleStartedAt: handle?.startedAt ?? null,
    handleDueAt,
    handleState: handle?.state ?? null,
    handleStatus: handle?.status ?? null,
    handledAt,
    handledOnTime,
    closedAt: closed,
    closureType: closed && typeof data.closureType === 'string' ? data.closureType : null,
    satisfaction: typeof data.satisfaction === 'string' ? data.satisfaction : null,
    lastActionId: last.id,
  };

  const marks: Mark[] = [];
  const grid = gridCode ?? '';
  const mark = (measure: MeasureKey, day: string, unit: string | null, ref = '') =>
    marks.push({ caseId: first.caseId, measure, ref, day, unit: unit ?? '', division: ownerDivision, grid });

  // Reports: every case opened, by its report date; valid once registered (or its fix on the spot confirmed).
  const reportDay = dayOf(facts.reportedAt);
  mark('reported', reportDay, null);
  if (facts.valid) mark('valid', reportDay, null);

  // Handling and closing: the cases whose (last) handling clock is due in the period.
  if (handleDueAt !== null) {
    const dueDay = dayOf(handleDueAt);
    const m = (measure: MeasureKey) => mark(measure, dueDay, leadUnit);
    m('due');
    if (handledAt !== null) m('handled');
    if (handledOnTime) m('handledOnTime');
    if (closed !== null) {
      m('closed');
      m(handledOnTime ? 'closedOnTime' : 'closedLate');
    }
    if (facts.reworks > 0) m('reworked');
    if (facts.extensions > 0) m('extended');
    if (
      handledAt === null &&
      !TERMINAL.has(state) &&
      handle !== null &&
      handle.state !== 'stopped' &&
      handle.status === 'red'
    )
      m('overduePending');
  }

  // Dispatches: each lead task, by the day it was opened, for its unit; returned (退单) or not.
  for (const [id, lead] of leads) {
    const day = dayOf(lead.openedAt);
    mark('dispatched', day, lead.unit, id);
    if (lead.state === 'returned') mark('returned', day, lead.unit, id);
  }

  // Check rounds: each check task with a check clock, by its due day; on time when settled by then.
  for (const [id, round] of checks) {
    if (!round.dueAt) continue;
    const day = dayOf(round.dueAt);
    mark('checkDue', day, null, id);
    if (round.settledAt !== null && round.settledAt <= round.dueAt) mark('checkedOnTime', day, null, id);
  }

  // Visits (回访): each one, by its day, for the lead unit at the time.
  for (const v of visits) {
    const day = dayOf(v.at);
    mark('visited', day, v.unit, v.ref);
    if (v.satisfied) mark('satisfied', day, v.unit, v.ref);
  }

  // Closed after a dispatch: at the first dispatch, without a return, rework or redo (一次办结)?
  if (closed !== null && facts.dispatches > 0) {
    const day = dayOf(closed);
    mark('closedDispatched', day, leadUnit);
    if (facts.dispatches === 1 && facts.returns === 0 && facts.reworks === 0 && facts.redos === 0)
      mark('firstTime', day, leadUnit);
  }
  return { facts, marks };
}

/** Groups log entries (ordered by case, then id) by case. */
export function byCase(entries: readonly ActionRow[]): Map<string, ActionRow[]> {
  const out = new Map<string, ActionRow[]>();
  for (const e of entries) {
    const list = out.get(e.caseId);
    if (list) list.push(e);
    else out.set(e.caseId, [e]);
  }
  for (const list of out.values()) list.sort((a, b) => a.id - b.id);
  return out;
}
