import { and, asc, eq, gt, inArray, isNull, lt, ne } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import {
  portalChallengesUsed,
  portalClients,
  portalMapEntries,
  portalReports,
  portalUploads,
} from './portal.tables.ts';

export type PortalReportRow = typeof portalReports.$inferSelect;

/** Remembers a challenge as used; false when it already was. */
export async function useChallenge(db: Db, nonce: string, expiresAt: Date): Promise<boolean> {
  const inserted = await db
    .insert(portalChallengesUsed)
    .values({ nonce, expiresAt })
    .onConflictDoNothing()
    .returning({ nonce: portalChallengesUsed.nonce });
  return inserted.length > 0;
}

export async function forgetExpiredChallenges(db: Db, now: Date): Promise<number> {
  const gone = await db
    .delete(portalChallengesUsed)
    .where(lt(portalChallengesUsed.expiresAt, now))
    .returning({ nonce: portalChallengesUsed.nonce });
  return gone.length;
}

/** Takes the client's row lock (creating the row): a client's writes are counted one after the other. */
export async function lockClient(db: Db, clientHash: string, now: Date): Promise<void> {
  await db
    .insert(portalClients)
    .values({ clientHash, lastAt: now })
    .onConflictDoUpdate({ target: portalClients.clientHash, set: { lastAt: now } });
}

/** When the client's reports since `since` were made, oldest first. */
export async function reportTimesOf(db: Db, clientHash: string, since: Date): Promise<Date[]> {
  const rows = await db
    .select({ at: portalReports.createdAt })
    .from(portalReports)
    .where(and(eq(portalReports.clientHash, clientHash), gt(portalReports.createdAt, since)))
    .orderBy(asc(portalReports.createdAt));
  return rows.map((r) => r.at);
}

/** When the client's photos since `since` were uploaded, oldest first. */
export async function uploadTimesOf(db: Db, clientHash: string, since: Date): Promise<Date[]> {
  const rows = await db
    .select({ at: portalUploads.createdAt })
    .from(portalUploads)
    .where(and(eq(portalUploads.clientHash, clientHash), gt(portalUploads.createdAt, since)))
    .orderBy(asc(portalUploads.createdAt));
  return rows.map((r) => r.at);
}

export async function uploadsOfToken(db: Db, tokenHash: string): Promise<number> {
  const rows = await db
    .select({ id: portalUploads.attachmentId })
    .from(portalUploads)
    .where(eq(portalUploads.tokenHash, tokenHash));
  return rows.length;
}

export async function insertUpload(db: Db, row: typeof portalUploads.$inferInsert): Promise<void> {
  await db.insert(portalUploads).values(row);
}

/** Binds the token's unused photos uploaded since `since` to a report; answers the ids it bound. */
export async function bindUploads(
  db: Db,
  ids: readonly string[],
  tokenHash: string,
  reportCode: string,
  since: Date,
): Promise<string[]> {
  const bound = await db
    .update(portalUploads)
    .set({ usedBy: reportCode })
    .where(
      and(
        inArray(portalUploads.attachmentId, [...ids]),
        eq(portalUploads.tokenHash, tokenHash),
        isNull(portalUploads.usedBy),
        gt(portalUploads.createdAt, since),
      ),
    )
    .returning({ id: portalUploads.attachmentId });
  return bound.map((b) => b.id);
}

export async function insertReport(db: Db, row: typeof portalReports.$inferInsert): Promise<void> {
  await db.insert(portalReports).values(row);
}

export async function reportByCode(db: Db, code: string): Promise<PortalReportRow | undefined> {
  const [row] = await db.select().from(portalReports).where(eq(portalReports.code, code));
  return row;
}

export async function reportByCase(db: Db, caseId: string): Promise<PortalReportRow | undefined> {
  const [row] = await db.select().from(portalReports).where(eq(portalReports.caseId, caseId));
  return row;
}

export async function mapEntries(db: Db, limit: number) {
  return db.select().from(portalMapEntries).orderBy(asc(portalMapEntries.publishedAt)).limit(limit);
}

export async function publishOnMap(db: Db, caseId: string, by: string, at: Date): Promise<Date> {
  const [row] = await db
    .insert(portalMapEntries)
    .values({ caseId, publishedBy: by, publishedAt: at })
    .onConflictDoUpdate({ target: portalMapEntries.caseId, set: { publishedBy: by } })
    .returning();
  return row?.publishedAt ?? at;
}

/** Takes a case off the map; false when it was not on it. */
export async function unpublishFromMap(db: Db, caseId: string): Promise<boolean> {
  const gone = await db
    .delete(portalMapEntries)
    .where(eq(portalMapEntries.caseId, caseId))
    .returning({ caseId: portalMapEntries.caseId });
  return gone.length > 0;
}

/** Client lock rows not touched since `before`: they hold nothing (counts come from reports and uploads). */
export async function forgetIdleClients(db: Db, before: Date): Promise<number> {
  const gone = await db
    .delete(portalClients)
    .where(lt(portalClients.lastAt, before))
    .returning({ clientHash: portalClients.clientHash });
  return gone.length;
}

/** Photo rows no report took, uploaded before `before` (the files themselves stay with the files module). */
export async function forgetUnusedUploads(db: Db, before: Date): Promise<number> {
  const gone = await db
    .delete(portalUploads)
    .where(and(isNull(portalUploads.usedBy), lt(portalUploads.createdAt, before)))
    .returning({ id: portalUploads.attachmentId });
  return gone.length;
}

/** Drops the client hash of reports and photos made before `before`: it only served the hourly counts. */
export async function forgetClientHashes(db: Db, before: Date): Promise<number> {
  const reports = await db
    .update(portalReports)
    .set({ clientHash: '' })
    .where(and(lt(portalReports.createdAt, before), ne(portalReports.clientHash, '')))
    .returning({ code: portalReports.code });
  const uploads = await db
    .update(portalUploads)
    .set({ clientHash: '' })
    .where(and(lt(portalUploads.createdAt, before), ne(portalUploads.clientHash, '')))
    .returning({ id: portalUploads.attachmentId });
  return reports.length + uploads.length;
}
