import { and, asc, count, desc, eq, gte, isNotNull, max, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { caseFiles } from '../../engine/engine.tables.ts';

export const urbanRepo = {
  /**
   * The categories of the urban cases opened in a grid since an instant, with how many and when last, most
   * used first (then the most recently used, then by code).
   */
  async categoryUsage(db: Db, gridCode: string, since: Date, limit: number) {
    const codeSet = sql<string>`${caseFiles.data}->'category'->>'codeSet'`;
    const code = sql<string>`${caseFiles.data}->'category'->>'code'`;
    return db
      .select({ codeSet, code, count: count(), lastAt: max(caseFiles.openedAt) })
      .from(caseFiles)
      .where(
        and(
          eq(caseFiles.gridCode, gridCode),
          eq(caseFiles.workflow, 'urban'),
          gte(caseFiles.openedAt, since),
          isNotNull(code),
        ),
      )
      .groupBy(codeSet, code)
      .orderBy(desc(count()), desc(max(caseFiles.openedAt)), asc(codeSet), asc(code))
      .limit(limit);
  },
};
