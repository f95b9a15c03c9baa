import type { CaseListQuery, DeadlineColour } from './cases-api';
import { DEADLINE_COLOURS } from './labels';

/** The list's filters and order as they sit in the address bar, so a filtered list can be shared. */
export interface CaseFilterValues {
  q?: string;
  states?: string[];
  division?: string;
  grid?: string;
  category?: string;
  channel?: string;
  unit?: string;
  deadlineStatus?: DeadlineColour;
  open?: boolean;
  /** YYYY-MM-DD, inclusive, on the business calendar (the server reads them so). */
  from?: string;
  to?: string;
  sort?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DIVISION = /^[0-9]{2,12}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SORTS = ['openedAt', 'updatedAt', 'number', 'dueAt'];

/** Reads the filters back from the address bar, dropping anything the server would refuse. */
export function caseFiltersFromParams(params: URLSearchParams): CaseFilterValues {
  const get = (k: string) => params.get(k)?.trim() || undefined;
  const out: CaseFilterValues = {};
  const q = get('q');
  if (q) out.q = q.slice(0, 100);
  const states = get('state')
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => /^[a-z_]{1,40}$/.test(s));
  if (states?.length) out.states = states;
  const division = get('division');
  if (division && DIVISION.test(division)) out.division = division;
  const grid = get('grid');
  if (grid && grid.length <= 15) out.grid = grid;
  const category = get('category');
  if (category && category.length <= 16) out.category = category;
  const channel = get('channel');
  if (channel && channel.length <= 20) out.channel = channel;
  const unit = get('unit');
  if (unit && UUID.test(unit)) out.unit = unit;
  const colour = get('deadlineStatus');
  if (colour && (DEADLINE_COLOURS as readonly string[]).includes(colour)) out.deadlineStatus = colour as DeadlineColour;
  const open = get('open');
  if (open === 'true' || open === 'false') out.open = open === 'true';
  const from = get('from');
  if (from && DAY.test(from)) out.from = from;
  const to = get('to');
  if (to && DAY.test(to)) out.to = to;
  const sort = get('sort');
  if (sort && SORTS.includes(sort.replace(/^-/, ''))) out.sort = sort;
  return out;
}

/** The address bar's form of the filters (empty ones left out). */
export function caseFiltersToParams(values: CaseFilterValues): Record<string, string> {
  const out: Record<string, string> = {};
  if (values.q) out.q = values.q;
  if (values.states?.length) out.state = values.states.join(',');
  for (const k of [
    'division',
    'grid',
    'category',
    'channel',
    'unit',
    'deadlineStatus',
    'from',
    'to',
    'sort',
  ] as const) {
    const v = values[k];
    if (v) out[k] = v;
  }
  if (values.open !== undefined) out.open = String(values.open);
  return out;
}

/** The server's query for the list (and, without the page, for the export). */
export function caseListQuery(values: CaseFilterValues, page: number, pageSize: number): CaseListQuery {
  const { states, sort, ...rest } = values;
  const query: CaseListQuery = { page, pageSize };
  for (const [k, v] of Object.entries(rest)) if (v !== undefined && v !== '') Object.assign(query, { [k]: v });
  if (states?.length) query.state = states.join(',');
  if (sort) query.sort = sort as CaseListQuery['sort'];
  return query;
}
