import { asc, desc, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { PageRequest } from './paging.ts';

/** Turns a page request's sort into ORDER BY terms over the allowed columns, with a stable tie-breaker. */
export function orderBy<F extends string>(
  req: PageRequest<F>,
  columns: Record<F, AnyPgColumn>,
  tieBreaker: AnyPgColumn,
): SQL[] {
  const terms = req.sort.map((s) => (s.descending ? desc(columns[s.field]) : asc(columns[s.field])));
  terms.push(asc(tieBreaker));
  return terms;
}

/** `%` and `_` typed by a user are letters, not wildcards (for LIKE/ILIKE patterns). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
