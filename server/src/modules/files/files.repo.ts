import { count, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { attachments } from './files.tables.ts';

export type AttachmentRow = typeof attachments.$inferSelect;
export type NewAttachmentRow = typeof attachments.$inferInsert;

export const filesRepo = {
  async insert(db: Db, row: NewAttachmentRow): Promise<AttachmentRow> {
    const [created] = await db.insert(attachments).values(row).returning();
    return created!;
  },

  async findById(db: Db, id: string): Promise<AttachmentRow | null> {
    const [row] = await db.select().from(attachments).where(eq(attachments.id, id));
    return row ?? null;
  },

  /** How many attachments point at a content (shared content is stored once). */
  async countBySha(db: Db, sha256: string): Promise<number> {
    const [row] = await db.select({ n: count() }).from(attachments).where(eq(attachments.sha256, sha256));
    return row?.n ?? 0;
  },
};
