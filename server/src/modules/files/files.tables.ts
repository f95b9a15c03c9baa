import { bigint, boolean, char, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { instant, ownerDivision } from '../../db/columns.ts';

/** An uploaded file. Content lives in the blob store under its SHA-256; rows only point at it. */
export const attachments = pgTable(
  'attachment',
  {
    id: uuid('id').primaryKey(),
    sha256: char('sha256', { length: 64 }).notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    mediaType: text('media_type').notNull(),
    originalName: text('original_name').notNull(),
    width: integer('width'),
    height: integer('height'),
    thumbnailSha256: char('thumbnail_sha256', { length: 64 }),
    /** The copy shown to the public: same picture, location and camera metadata removed. */
    publicSha256: char('public_sha256', { length: 64 }),
    hadLocation: boolean('had_location').notNull(),
    ownerDivision: ownerDivision(),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [index('attachment_sha_idx').on(t.sha256)],
);
