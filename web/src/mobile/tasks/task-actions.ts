import type { AvailableAction } from '../../features/cases/cases-api';
import type { Fix } from '../geo/position';

/** Inputs the phone can fill; an action asking for anything else (units, accounts, time limits) is for the console. */
const PHONE_INPUTS = new Set(['text', 'choice', 'boolean', 'number', 'position']);
/** Farther than this from the case, the worker is probably not on site (a hint; the server decides what counts). */
export const ON_SITE_M = 200;

export const phoneAction = (a: AvailableAction) => a.inputs.every((i) => PHONE_INPUTS.has(i.type));

/** The inputs an action sends: what was entered, and the phone's position where the workflow asks for one. */
export function actionInputs(
  action: AvailableAction,
  values: Record<string, unknown>,
  fix: Fix | null,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const input of action.inputs) {
    if (input.type === 'position') {
      if (fix) inputs[input.name] = { lon: fix.lon, lat: fix.lat, accuracy: Math.round(fix.accuracy) };
      continue;
    }
    const v = values[input.name];
    if (typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null)
      inputs[input.name] = typeof v === 'string' ? v.trim() : v;
  }
  return inputs;
}

/** What still keeps the action from being recorded, or null. */
export function actionProblem(
  action: AvailableAction,
  values: Record<string, unknown>,
  photos: number,
  fix: Fix | null,
): 'photos' | 'position' | { input: string } | null {
  if (action.attachments && photos < action.attachments.min) return 'photos';
  for (const input of action.inputs) {
    if (!input.required) continue;
    if (input.type === 'position') {
      if (!fix) return 'position';
      continue;
    }
    const v = values[input.name];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim().length < (input.min ?? 1)))
      return { input: input.label };
  }
  return null;
}
