import { and, count, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import type { PageRequest } from '../../platform/paging.ts';
import { orderBy } from '../../platform/sort.ts';
import type { Recipient } from './notifications.policy.ts';
import { notificationReads, notifications } from './notifications.tables.ts';

export type NotificationRow = typeof notifications.$inferSelect;
export type NewNotificationRow = typeof notifications.$inferInsert;
export type NotificationSortField = 'createdAt';
/** A notification with the reader's read state. */
export type InboxRow = NotificationRow & { readAt: Date | null };

/** What the recipient may see: addressed to their account or to one of their units; null when nothing. */
function addressedTo(r: Recipient): SQL | null {
  const parts: SQL[] = [];
  if (r.accountId) parts.push(eq(notifications.recipientAccount, r.accountId));
  if (r.units.length > 0) parts.push(inArray(notifications.recipientUnit, [...r.units]));
  return parts.length > 0 ? (or(...parts) ?? null) : null;
}

/** The reader's own read mark (none for a caller without an account). */
function readBy(r: Recipient): SQL {
  return r.accountId
    ? and(eq(notificationReads.notificationId, notifications.id), eq(notificationReads.accountId, r.accountId))!
    : sql`false`;
}

const inboxColumns = {
  id: notifications.id,
  eventId: notifications.eventId,
  kind: notifications.kind,
  recipientAccount: notifications.recipientAccount,
  recipientUnit: notifications.recipientUnit,
  caseId: notifications.caseId,
  taskId: notifications.taskId,
  data: notifications.data,
  createdAt: notifications.createdAt,
  ownerDivision: notifications.ownerDivision,
  readAt: notificationReads.readAt,
};

export const notificationsRepo = {
  /** One notification per event: a row whose event already made one is skipped (re-delivered batches). */
  async insertMany(db: Db, rows: NewNotificationRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const created = await db
      .insert(notifications)
      .values(rows)
      .onConflictDoNothing({ target: notifications.eventId })
      .returning({ id: notifications.id });
    return created.length;
  },

  async page(
    db: Db,
    r: Recipient,
    req: PageRequest<NotificationSortField>,
    filter: { unread?: boolean },
  ): Promise<{ items: InboxRow[]; total: number }> {
    const visible = addressedTo(r);
    if (!visible) return { items: [], total: 0 };
    const where = filter.unread ? and(visible, isNull(notificationReads.readAt)) : visible;
    const items = await db
      .select(inboxColumns)
      .from(notifications)
      .leftJoin(notificationReads, readBy(r))
      .where(where)
      .orderBy(...orderBy(req, { createdAt: notifications.createdAt }, notifications.id))
      .limit(req.pageSize)
      .offset((req.page - 1) * req.pageSize);
    const [total] = await db
      .select({ n: count() })
      .from(notifications)
      .leftJoin(notificationReads, readBy(r))
      .where(where);
    return { items, total: total?.n ?? 0 };
  },

  async unreadCount(db: Db, r: Recipient): Promise<number> {
    const visible = addressedTo(r);
    if (!visible) return 0;
    const [row] = await db
      .select({ n: count() })
      .from(notifications)
      .leftJoin(notificationReads, readBy(r))
      .where(and(visible, isNull(notificationReads.readAt)));
    return row?.n ?? 0;
  },

  async findVisible(db: Db, r: Recipient, id: string): Promise<InboxRow | null> {
    const visible = addressedTo(r);
    if (!visible) return null;
    const [row] = await db
      .select(inboxColumns)
      .from(notifications)
      .leftJoin(notificationReads, readBy(r))
      .where(and(eq(notifications.id, id), visible));
    return row ?? null;
  },

  /** Marks one read for the account; a second mark keeps the first time. */
  async markRead(db: Db, notificationId: string, accountId: string, at: Date): Promise<void> {
    await db.insert(notificationReads).values({ notificationId, accountId, readAt: at }).onConflictDoNothing();
  },

  /** Marks everything the recipient sees and has not read; returns how many. */
  async markAllRead(db: Db, r: Recipient & { accountId: string }, at: Date): Promise<number> {
    const visible = addressedTo(r);
    if (!visible) return 0;
    const marked = await db
      .insert(notificationReads)
      .select(
        db
          .select({
            notificationId: notifications.id,
            accountId: sql<string>`${r.accountId}::uuid`.as('account_id'),
            readAt: sql<Date>`${at.toISOString()}::timestamptz`.as('read_at'),
          })
          .from(notifications)
          .leftJoin(notificationReads, readBy(r))
          .where(and(visible, isNull(notificationReads.readAt))),
      )
      .onConflictDoNothing()
      .returning({ id: notificationReads.notificationId });
    return marked.length;
  },
};
