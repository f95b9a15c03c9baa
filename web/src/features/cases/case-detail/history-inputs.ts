import type { Translate } from '../../../locales';
import type { HistoryEntry } from '../cases-api';
import { isLimitUnit } from './action-form-fields';
import { choiceName, inputName, limitUnitName } from './labels';

export interface HistoryInputRow {
  name: string;
  label: string;
  /** `case`: the value is another case's id (merged into, duplicate), shown as a link. */
  kind: 'text' | 'case';
  value: string;
}

export interface NameLookup {
  unit: (id: string) => string | undefined;
  account: (id: string) => string | undefined;
}

const UNIT_INPUTS = ['lead', 'assist'];
const ACCOUNT_INPUTS = ['verifier', 'checker'];
const CASE_INPUTS = ['into', 'duplicate'];
const LIMIT_INPUTS = ['limit', 'extra'];
/** The system's entries name their clock in `clock`; the timeline says which clock in their title. */
const SKIPPED = ['clock'];

function text(t: Translate, name: string, value: unknown, names: NameLookup): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? t('caseDetail.yes') : t('caseDetail.no');
  if (typeof value === 'string') {
    if (UNIT_INPUTS.includes(name)) return names.unit(value) ?? value;
    if (ACCOUNT_INPUTS.includes(name)) return names.account(value) ?? value;
    return choiceName(t, name, value);
  }
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map((v) => text(t, name, v, names)).join('、');
  if (name === 'position' && typeof value === 'object') {
    const { lon, lat, accuracy } = value as { lon?: unknown; lat?: unknown; accuracy?: unknown };
    if (typeof lon === 'number' && typeof lat === 'number') {
      const where = t('caseDetail.positionValue', { lat: lat.toFixed(5), lon: lon.toFixed(5) });
      return typeof accuracy === 'number'
        ? where + t('caseDetail.positionAccuracy', { accuracy: Math.round(accuracy) })
        : where;
    }
  }
  if (LIMIT_INPUTS.includes(name) && typeof value === 'object') {
    const { amount, unit } = value as { amount?: unknown; unit?: unknown };
    if (typeof amount === 'number')
      return `${amount} ${isLimitUnit(unit) ? limitUnitName(t, unit) : String(unit ?? '')}`;
  }
  return JSON.stringify(value);
}

/** What an entry's inputs said, each labelled and with ids turned into names where they are known. */
export function historyInputRows(
  t: Translate,
  entry: Pick<HistoryEntry, 'inputs'>,
  names: NameLookup,
): HistoryInputRow[] {
  return Object.entries(entry.inputs).flatMap(([name, value]) => {
    if (SKIPPED.includes(name) || name.startsWith('$')) return [];
    let shown = text(t, name, value, names);
    if (shown === '') return [];
    // The server measured how far from the case the on-site step was taken (`$distanceM`, urban).
    const distance = entry.inputs.$distanceM;
    if (name === 'position' && typeof distance === 'number')
      shown += t('caseDetail.positionDistance', { distance: Math.round(distance) });
    const kind = CASE_INPUTS.includes(name) && typeof value === 'string' ? 'case' : 'text';
    return [{ name, label: inputName(t, name), kind, value: shown }];
  });
}
