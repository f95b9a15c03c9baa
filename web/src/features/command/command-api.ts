import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { paths } from '../../api/schema';
import { FEED_MAX, type FeedItem } from './feed';

/** Open and overdue cases per area of the division on screen, today's counts and the 30-day trend. */
export function fetchSituation(division: string | null, signal?: AbortSignal) {
  return unwrap(api.GET('/api/command/situation', { params: { query: division ? { division } : {} }, signal }));
}
export type Situation = Awaited<ReturnType<typeof fetchSituation>>;

type IndicatorQuery = NonNullable<paths['/api/indicators']['get']['parameters']['query']>;

/** This month's indicators by lead unit over the division (its `total` is the division's). */
export function fetchMonthFigures(division: string | null, signal?: AbortSignal) {
  const query: IndicatorQuery = { period: 'month', by: 'unit', ...(division ? { division } : {}) };
  return unwrap(api.GET('/api/indicators', { params: { query }, signal }));
}
export type FigureTable = Awaited<ReturnType<typeof fetchMonthFigures>>;
export type FigureRow = FigureTable['rows'][number];

/** The rate of one indicator in a row (null: nothing in its denominator). */
export function rateOf(row: Pick<FigureRow, 'figures'> | undefined, key: string): number | null {
  return row?.figures.find((f) => f.key === key)?.rate ?? null;
}

/** The latest open cases of the division, to fill the feed before the stream says anything. */
export async function fetchLatestCases(division: string | null, signal?: AbortSignal): Promise<FeedItem[]> {
  const page = await unwrap(
    api.GET('/api/cases', {
      params: { query: { open: true, sort: '-openedAt', pageSize: 15, ...(division ? { division } : {}) } },
      signal,
    }),
  );
  return page.items.slice(0, FEED_MAX).map((c) => ({
    key: `case:${c.id}`,
    kind: 'opened' as const,
    caseId: c.id,
    number: c.number,
    title: c.title,
    category: c.categoryName,
    gridCode: c.gridCode,
    division: c.divisionCode,
    at: c.openedAt,
  }));
}
