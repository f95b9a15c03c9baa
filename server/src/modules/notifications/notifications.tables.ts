import { bigint, index, jsonb, pgTable, primaryKey, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { instant, ownerDivision } from '../../db/columns.ts';
import { accounts } from '../identity/identity.tables.ts';

/** What a notification says: a task assigned, a deadline turning yellow, a deadline overdue. */
export type NotificationKind = 'task.assigned' | 'deadline.yellow' | 'deadline.red';

/**
 * An inbox entry (通知), made by the `notifications` consumer from one event of the case engine's outbox
 * (`event_id` is unique: a re-delivered batch makes nothing twice). It is addressed to one account or to an
 * org unit (every account whose scope holds the unit sees it). The text is rendered when read, in the
 * reader's language, from `kind` and `data`.
 */
export const notifications = pgTable(
  'notification',
  {
    id: uuid('id').primaryKey(),
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    kind: varchar('kind', { length: 40 }).$type<NotificationKind>().notNull(),
    recipientAccount: uuid('recipient_account'),
    recipientUnit: uuid('recipient_unit'),
    caseId: uuid('case_id'),
    taskId: uuid('task_id'),
    /** Case number and title, workflow, task kind, clock and due time: what the text is made from. */
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    /** Business time of the event. */
    createdAt: instant('created_at').notNull(),
    ownerDivision: ownerDivision(),
  },
  (t) => [
    uniqueIndex('notification_event_uq').on(t.eventId),
    index('notification_account_idx').on(t.recipientAccount, t.createdAt),
    index('notification_unit_idx').on(t.recipientUnit, t.createdAt),
  ],
);

/** Read state, per account: a unit's notification read by one member is still unread for the others. */
export const notificationReads = pgTable(
  'notification_read',
  {
    notificationId: uuid('notification_id')
      .notNull()
      .references(() => notifications.id),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    readAt: instant('read_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.notificationId, t.accountId] }),
    index('notification_read_account_idx').on(t.accountId),
  ],
);
