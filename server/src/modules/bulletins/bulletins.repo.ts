import { and, count, desc, eq, like, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { escapeLike } from '../../platform/sort.ts';
import { type BulletinRow, bulletins } from './bulletins.tables.ts';

function inDivisions(scope: readonly string[]): SQL | undefined {
  if (scope.includes('')) return undefined;
  if (scope.length === 0) return sql`false`;
  return or(...scope.map((root) => like(bulletins.ownerDivision, `${escapeLike(root)}%`)));
}

export const bulletinsRepo = {
  async insert(db: Db, row: BulletinRow): Promise<BulletinRow> {
    const [inserted] = await db.insert(bulletins).values(row).returning();
    return inserted as BulletinRow;
  },
  async findById(db: Db, id: string): Promise<BulletinRow | undefined> {
    const [row] = await db.select().from(bulletins).where(eq(bulletins.id, id));
    return row;
  },
  /** The next number after `prefix` (e.g. 长城管通〔2026〕): the 顺序号 of a division's year. */
  async nextSequence(db: Db, division: string, prefix: string): Promise<number> {
    const [row] = await db
      .select({ n: sql<number>`coalesce(max(${bulletins.sequence}), 0)` })
      .from(bulletins)
      .where(and(eq(bulletins.ownerDivision, division), like(bulletins.number, `${escapeLike(prefix)}%`)));
    return Number(row?.n ?? 0) + 1;
  },
  async findIssued(db: Db, division: string, kind: string, periodFrom: string): Promise<BulletinRow | undefined> {
    const [row] = await db
      .select()
      .from(bulletins)
      .where(and(eq(bulletins.ownerDivision, division), eq(bulletins.kind, kind), eq(bulletins.periodFrom, periodFrom)))
      .orderBy(desc(bulletins.generatedAt))
      .limit(1);
    return row;
  },
  async list(
    db: Db,
    q: { scope: readonly string[]; kind?: string; division?: string; offset: number; limit: number },
  ): Promise<{ items: BulletinRow[]; total: number }> {
    const where = and(
      inDivisions(q.scope),
      q.kind ? eq(bulletins.kind, q.kind) : undefined,
      q.division !== undefined ? eq(bulletins.division, q.division) : undefined,
    );
    const items = await db
      .select()
      .from(bulletins)
      .where(where)
      .orderBy(desc(bulletins.generatedAt), desc(bulletins.id))
      .offset(q.offset)
      .limit(q.limit);
    const [total] = await db.select({ n: count() }).from(bulletins).where(where);
    return { items, total: Number(total?.n ?? 0) };
  },
};
