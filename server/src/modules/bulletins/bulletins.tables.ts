import { date, index, integer, jsonb, pgTable, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { instant, ownerDivision } from '../../db/columns.ts';
import type { BulletinFigures } from './bulletins.document.ts';

/**
 * A bulletin (通报) as issued: the figures it printed (frozen: the indicators of a past period still move while
 * cases due then are open), its number, and the files made from those figures. The files are a pure function
 * of `figures` and `generated_at`, so they can be made again byte for byte.
 */
export const bulletins = pgTable(
  'bulletin',
  {
    id: uuid('id').primaryKey(),
    /** 'half-month' (半月督查) or 'month' (月度通报). */
    kind: varchar('kind', { length: 16 }).notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    /** The division reported on ('' = the whole installation). */
    division: varchar('division', { length: 12 }).notNull(),
    /** 文号, e.g. 长城管通〔2026〕12号. */
    number: varchar('number', { length: 60 }).notNull(),
    /** The position of the number in its division's year. */
    sequence: integer('sequence').notNull(),
    generatedAt: instant('generated_at').notNull(),
    /** The account that asked for it, or 'scheduler'. */
    generatedBy: varchar('generated_by', { length: 64 }).notNull(),
    figures: jsonb('figures').$type<BulletinFigures>().notNull(),
    weightsVersionId: uuid('weights_version_id'),
    docxFileId: uuid('docx_file_id').notNull(),
    xlsxFileId: uuid('xlsx_file_id').notNull(),
    docxSha256: varchar('docx_sha256', { length: 64 }).notNull(),
    xlsxSha256: varchar('xlsx_sha256', { length: 64 }).notNull(),
    ownerDivision: ownerDivision(),
  },
  (t) => [
    uniqueIndex('bulletin_number_idx').on(t.ownerDivision, t.number),
    index('bulletin_period_idx').on(t.ownerDivision, t.kind, t.periodFrom),
  ],
);

export type BulletinRow = typeof bulletins.$inferSelect;
