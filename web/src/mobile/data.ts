/** What the app reads from the server, with the device's copy for offline use. */
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { fetchCategories } from '../features/cases/cases-api';
import { readCache, readThrough, writeCache } from './offline/cache';
import type { CategoryOption } from './report/suggest';
import type { Me } from './session';

export const CODE_SET = 'cjt214.event';

/** Cache keys carry the account: a phone handed to a colleague shows them their own lists. */
export const cacheKey = (me: Me, ...parts: string[]) => [me.account.id, ...parts].join(':');

export async function locate(lon: number, lat: number, signal?: AbortSignal) {
  return unwrap(api.GET('/api/grids/locate', { params: { query: { lng: lon, lat } }, signal }));
}
export type Located = Awaited<ReturnType<typeof locate>>;

/** The event subclasses (小类) in force, with both names. */
export async function loadCategories(): Promise<CategoryOption[]> {
  const page = await fetchCategories(CODE_SET);
  return page.items
    .filter((c) => c.level === 'subclass')
    .map((c) => ({ code: c.code, nameZh: c.nameZh, nameEn: c.nameEn, parentCode: c.parentCode }));
}

export function categoriesQuery(me: Me) {
  return { key: cacheKey(me, 'categories', CODE_SET), load: loadCategories };
}

export interface MyGrid {
  code: string;
  name: string;
  /** A point inside the grid, [lng, lat] WGS84: where a report is pinned when GPS gives nothing. */
  label: [number, number];
  /** The worker holds a post in it (else it is only in the worker's area). */
  mine: boolean;
}

const MY_GRIDS_MAX_AGE_MS = 24 * 60 * 60_000;
/** Grids looked at for the worker's posts; a worker's area is a town at most, tens of grids. */
const MY_GRIDS_SCAN = 60;

/**
 * The grids the worker holds a post in (定人定岗), found from the staff of the grids in their area — there is no
 * "my posts" call — and kept a day on the device. When they hold none, the grids of their area.
 */
export async function loadMyGrids(me: Me): Promise<MyGrid[]> {
  const key = cacheKey(me, 'my-grids');
  const saved = await readCache<MyGrid[]>(key);
  if (saved && Date.now() - saved.savedAt < MY_GRIDS_MAX_AGE_MS) return saved.value;
  const load = async () => {
    const codes: string[] = [...me.scopes.grids];
    for (const under of me.scopes.divisions) {
      const page = await unwrap(
        api.GET('/api/grids', { params: { query: { under, status: 'active', pageSize: 200, sort: 'code' } } }),
      );
      codes.push(...page.items.map((g) => g.code));
    }
    const details = [];
    const queue = [...new Set(codes)].slice(0, MY_GRIDS_SCAN);
    // Four at a time: enough to be quick, not so many that a weak connection chokes.
    for (let i = 0; i < queue.length; i += 4) {
      details.push(
        ...(await Promise.all(
          queue
            .slice(i, i + 4)
            .map((code) => unwrap(api.GET('/api/grids/{code}', { params: { path: { code } } })).catch(() => null)),
        )),
      );
    }
    const grids = details.flatMap((g) =>
      g && g.label.length >= 2
        ? [
            {
              code: g.code,
              name: g.name,
              label: [g.label[0], g.label[1]] as [number, number],
              mine: g.staff.some((s) => s.personId === me.person.id),
            },
          ]
        : [],
    );
    const mine = grids.filter((g) => g.mine);
    return mine.length ? mine : grids;
  };
  try {
    const grids = await load();
    await writeCache(key, grids);
    return grids;
  } catch (error) {
    if (saved) return saved.value;
    throw error;
  }
}

const USAGE_DAYS = 90;

/**
 * The categories reported most in a grid in the last 90 days, most first (the server's count), kept per grid on the
 * device for offline use; empty when neither the server nor the device knows.
 */
export async function loadGridUsage(me: Me, grid: string): Promise<string[]> {
  const load = async (): Promise<string[]> => {
    const usage = await unwrap(api.GET('/api/urban/category-usage', { params: { query: { grid, days: USAGE_DAYS } } }));
    return usage.items.filter((i) => i.codeSet === CODE_SET).map((i) => i.code);
  };
  try {
    return (await readThrough(cacheKey(me, 'grid-usage', grid), load)).value;
  } catch {
    return [];
  }
}

// ------------------------------------------------------------------ the worker's recent categories

const recentKey = (me: Me) => `civicgrid.m.recent.${me.account.id}`;

export function recentCategories(me: Me): string[] {
  try {
    const raw = localStorage.getItem(recentKey(me));
    const list: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return [];
  }
}

export function saveRecentCategories(me: Me, codes: readonly string[]): void {
  try {
    localStorage.setItem(recentKey(me), JSON.stringify(codes));
  } catch {
    // Not remembered: the chips fall back to the grid's and the classification's order.
  }
}

/**
 * What the app needs to work without a connection, fetched while there is one: the categories, the worker's grids
 * and what is reported most in them (the report form); the task lists are warmed by the tasks module.
 */
export async function warmOfflineCache(me: Me): Promise<void> {
  const categories = categoriesQuery(me);
  const usage = loadMyGrids(me).then((grids) =>
    Promise.allSettled(grids.filter((g) => g.mine).map((g) => loadGridUsage(me, g.code))),
  );
  await Promise.allSettled([readThrough(categories.key, categories.load), usage]);
}
