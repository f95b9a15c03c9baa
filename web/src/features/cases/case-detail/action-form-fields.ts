/**
 * The pure half of an action's form: which control each workflow input gets, the values it starts with,
 * and the apply body built from what the user entered (no React, unit-tested).
 */
import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import type { ActionInput, ApplyBody, AvailableAction, DispatchProposal } from '../cases-api';

dayjs.extend(utc);
dayjs.extend(timezone);

export const LIMIT_UNITS = ['working_hours', 'working_days', 'natural_hours'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];
export const isLimitUnit = (v: unknown): v is LimitUnit => LIMIT_UNITS.includes(v as LimitUnit);

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'number'
  | 'boolean'
  | 'choice'
  | 'datetime'
  | 'unit'
  | 'units'
  | 'account'
  | 'limit'
  | 'division';

/** Actions whose form starts from the routing proposal (lead, assisting units, handling limit). */
export const PROPOSAL_ACTIONS: readonly string[] = ['dispatch', 'rule', 'rework'];
/** Taken elsewhere on the screen (merge: the duplicates panel) or only by the server (link/unlink). */
export const HIDDEN_ACTIONS: readonly string[] = ['merge', 'link-duplicate', 'unlink-duplicate'];

/** Short texts (a name, an id) get one line; anything that may run long, a text area. */
export function fieldKind(input: Pick<ActionInput, 'type' | 'max'>): FieldKind {
  switch (input.type) {
    case 'text':
      return input.max !== undefined && input.max <= 100 ? 'text' : 'textarea';
    case 'number':
    case 'boolean':
    case 'choice':
    case 'datetime':
    case 'unit':
    case 'units':
    case 'account':
    case 'limit':
    case 'division':
      return input.type;
    default:
      return 'text';
  }
}

export type FormValues = Record<string, unknown>;
export interface LimitValue {
  amount?: number | null;
  unit?: LimitUnit;
}

/** What the form shows first: the proposal's units and limit for a dispatch, a default limit unit, switches off. */
export function initialValues(action: AvailableAction, proposal: DispatchProposal | null): FormValues {
  const values: FormValues = {};
  const has = (name: string) => action.inputs.some((i) => i.name === name);
  for (const input of action.inputs) {
    if (input.type === 'boolean') values[input.name] = false;
    if (input.type === 'limit') values[input.name] = { amount: null, unit: 'working_hours' } satisfies LimitValue;
  }
  if (proposal && PROPOSAL_ACTIONS.includes(action.action)) {
    if (has('lead')) values.lead = proposal.lead;
    if (has('assist')) values.assist = [...proposal.assist];
    if (has('limit')) values.limit = { amount: proposal.limit.amount, unit: proposal.limit.unit } satisfies LimitValue;
  }
  return values;
}

/** A lead unit other than the proposed one needs a reason (the server checks again: `URBAN_OVERRIDE_REASON_REQUIRED`). */
export function needsOverrideReason(
  action: AvailableAction,
  proposal: DispatchProposal | null,
  lead: unknown,
): boolean {
  if (!proposal || !action.inputs.some((i) => i.name === 'overrideReason')) return false;
  return typeof lead === 'string' && lead !== '' && lead !== proposal.lead;
}

/**
 * The inputs the form shows, with their required flags as of now: the override reason only once the lead
 * departs from a proposal (then required); without a proposal it stays as the workflow declares it. A
 * position on site is the phone's to send (the grid worker's app reads GPS); at a desk there is none to give,
 * so the console never asks for it (the workflow declares it optional).
 */
export function visibleInputs(
  action: AvailableAction,
  proposal: DispatchProposal | null,
  values: FormValues,
): ActionInput[] {
  const override = needsOverrideReason(action, proposal, values.lead);
  return action.inputs.flatMap((input) => {
    if (input.type === 'position' && !input.required) return [];
    if (input.name !== 'overrideReason' || !proposal) return [input];
    return override ? [{ ...input, required: true }] : [];
  });
}

/** A wall-clock time picked in the browser, read on the business clock and sent as ISO 8601 with its offset. */
export function toZonedIso(value: Dayjs, timeZone?: string): string {
  const wall = value.format('YYYY-MM-DDTHH:mm:ss');
  if (timeZone) {
    try {
      return dayjs.tz(wall, timeZone).format();
    } catch {
      // A zone this browser does not know: fall back to its own.
    }
  }
  return value.format();
}

/** One input's value as the server wants it; undefined when nothing was entered (the key is then left out). */
export function toInputValue(input: ActionInput, raw: unknown, timeZone?: string): unknown {
  if (raw === undefined || raw === null) return undefined;
  switch (input.type) {
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
    case 'boolean':
      return Boolean(raw);
    case 'datetime':
      return dayjs.isDayjs(raw) && raw.isValid() ? toZonedIso(raw, timeZone) : undefined;
    case 'units': {
      const ids = Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string' && v !== '') : [];
      return ids.length ? ids : undefined;
    }
    case 'limit': {
      const { amount, unit } = raw as LimitValue;
      if (typeof amount !== 'number' || !Number.isFinite(amount)) return undefined;
      return { amount, unit: isLimitUnit(unit) ? unit : 'working_hours' };
    }
    default: {
      const text = typeof raw === 'string' ? raw.trim() : String(raw);
      return text === '' ? undefined : text;
    }
  }
}

/** The inputs of an apply body: only the visible inputs, only those with a value. */
export function buildInputs(inputs: readonly ActionInput[], values: FormValues, timeZone?: string) {
  const out: Record<string, unknown> = {};
  for (const input of inputs) {
    const value = toInputValue(input, values[input.name], timeZone);
    if (value !== undefined) out[input.name] = value;
  }
  return out;
}

/** The task an action works: the one picked when it could be several, the only one otherwise, none for case actions. */
export function pickTaskId(action: AvailableAction, picked: unknown): string | undefined {
  if (action.taskIds.length === 1) return action.taskIds[0];
  return typeof picked === 'string' && action.taskIds.includes(picked) ? picked : undefined;
}

export function buildApplyBody(args: {
  action: AvailableAction;
  proposal: DispatchProposal | null;
  values: FormValues;
  version: number;
  attachments: readonly string[];
  taskId?: unknown;
  timeZone?: string;
}): ApplyBody {
  const { action, proposal, values, version, attachments, taskId, timeZone } = args;
  const inputs = buildInputs(visibleInputs(action, proposal, values), values, timeZone);
  const task = pickTaskId(action, taskId);
  return {
    version,
    ...(task ? { taskId: task } : {}),
    ...(Object.keys(inputs).length ? { inputs } : {}),
    ...(action.attachments && attachments.length ? { attachments: [...attachments] } : {}),
  };
}

/** Why the photos cannot go yet (too few or too many), or null. */
export function attachmentsProblem(
  spec: AvailableAction['attachments'],
  count: number,
): { kind: 'min'; min: number } | { kind: 'max'; max: number } | null {
  if (!spec) return null;
  if (count < spec.min) return { kind: 'min', min: spec.min };
  if (spec.max !== null && count > spec.max) return { kind: 'max', max: spec.max };
  return null;
}
