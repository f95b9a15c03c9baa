import { type CaseListItem, fetchCase, fetchCases, fetchHistory, fetchQueues } from '../../features/cases/cases-api';
import { cacheKey, loadMyGrids } from '../data';
import { readThrough } from '../offline/cache';
import type { Me } from '../session';

export interface TaskLists {
  /** The worker's work queues (核实核查 for a grid worker) with their open cases, earliest deadline first. */
  queues: { key: string; name: string; description: string; items: CaseListItem[] }[];
  /** The open cases of the grids the worker holds a post in. */
  grids: { code: string; name: string; items: CaseListItem[] }[];
}

const QUEUE_PAGE = 50;
const GRID_PAGE = 30;

export async function loadTaskLists(me: Me): Promise<TaskLists> {
  const queues = await fetchQueues();
  const lists = await Promise.all(
    queues.map(async (q) => ({
      key: q.key,
      name: q.name,
      description: q.description,
      items: (await fetchCases({ queue: q.key, sort: 'dueAt', pageSize: QUEUE_PAGE })).items,
    })),
  );
  const mine = (await loadMyGrids(me).catch(() => [])).filter((g) => g.mine);
  const grids = await Promise.all(
    mine.map(async (g) => ({
      code: g.code,
      name: g.name,
      items: (await fetchCases({ grid: g.code, open: true, sort: '-updatedAt', pageSize: GRID_PAGE })).items,
    })),
  );
  return { queues: lists, grids };
}

export const tasksKey = (me: Me) => cacheKey(me, 'tasks');
export const caseKey = (me: Me, id: string) => cacheKey(me, 'case', id);
export const historyKey = (me: Me, id: string) => cacheKey(me, 'history', id);

export const loadCase = (id: string) => fetchCase(id);
export const loadHistory = (id: string) => fetchHistory(id);

/**
 * Keeps the cases of the work queues on the device, with their history (photos, who did what), so a worker who
 * walks out of signal can still open a task and record its result.
 */
export async function prefetchTasks(me: Me, lists: TaskLists): Promise<void> {
  const ids = [...new Set(lists.queues.flatMap((q) => q.items.map((c) => c.id)))].slice(0, QUEUE_PAGE);
  for (const id of ids) {
    await Promise.all([
      readThrough(caseKey(me, id), () => loadCase(id)),
      readThrough(historyKey(me, id), () => loadHistory(id)),
    ]).catch(() => undefined);
  }
}
