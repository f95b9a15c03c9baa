import { boolean, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { instant } from '../../db/columns.ts';

/**
 * A citizen's report through the portal: the tracking code (what the citizen keeps) → the case. The
 * contact, when given, is sealed (personal-data keys) and never shown on the portal.
 */
export const portalReports = pgTable(
  'portal_report',
  {
    /** 12 Crockford base32 characters, the last a check character; stored without dashes, upper case. */
    code: text('code').primaryKey(),
    caseId: uuid('case_id').notNull().unique(),
    createdAt: instant('created_at').notNull(),
    /** HMAC of the client's address under the portal secret: counts a client's reports, never shows it. */
    clientHash: text('client_hash').notNull(),
    anonymous: boolean('anonymous').notNull(),
    /** `{name?, phone?}` sealed with the personal-data keys; null when none was given. */
    contact: jsonb('contact').$type<{ name?: string; phone?: string }>(),
  },
  (t) => [index('portal_report_client_idx').on(t.clientHash, t.createdAt)],
);

/**
 * One row per client: locked (upsert) by every report of the client, so processes
 * count a client's reports one after the other; the count is read from `portal_report`.
 */
export const portalClients = pgTable('portal_client', {
  clientHash: text('client_hash').primaryKey(),
  lastAt: instant('last_at').notNull(),
});

/** Challenges already answered (or answered wrongly): remembered until they expire, so none is used twice. */
export const portalChallengesUsed = pgTable(
  'portal_challenge_used',
  {
    nonce: text('nonce').primaryKey(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [index('portal_challenge_used_expires_idx').on(t.expiresAt)],
);

/** Photos uploaded through the portal, usable only by the report that names their upload token. */
export const portalUploads = pgTable(
  'portal_upload',
  {
    attachmentId: uuid('attachment_id').primaryKey(),
    /** SHA-256 of the upload token the citizen got with the first photo (the report names the token). */
    tokenHash: text('token_hash').notNull(),
    clientHash: text('client_hash').notNull(),
    createdAt: instant('created_at').notNull(),
    /** The report that used it; a photo serves one report only. */
    usedBy: text('used_by'),
  },
  (t) => [index('portal_upload_token_idx').on(t.tokenHash)],
);

/**
 * Public-channel cases a moderator (acceptor, duty chief) approved for the public map; shown anonymised
 * (rounded position, category, status) and only while `portal.public-map` is on.
 */
export const portalMapEntries = pgTable('portal_map_entry', {
  caseId: uuid('case_id').primaryKey(),
  publishedBy: text('published_by').notNull(),
  publishedAt: instant('published_at').notNull(),
});
