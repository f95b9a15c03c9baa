import type { Logger } from 'pino';
import type { Db, Tx } from '../../db/database.ts';
import type { DurableConsumer, EngineEvent } from '../../engine/events.ts';
import type { Actor } from '../../platform/access.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import type { PageOf, PageRequest } from '../../platform/paging.ts';
import { NotificationErrors, notificationsPolicy } from './notifications.policy.ts';
import {
  type InboxRow,
  type NewNotificationRow,
  type NotificationSortField,
  notificationsRepo,
} from './notifications.repo.ts';

export type { InboxRow } from './notifications.repo.ts';

/** The name of the inbox's durable consumer of the engine's events (its position in `event_consumer`). */
export const NOTIFICATIONS_CONSUMER = 'notifications';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrNull = (v: unknown): string | null => (typeof v === 'string' && UUID.test(v) ? v.toLowerCase() : null);
const textOrNull = (v: unknown, max = 200): string | null =>
  typeof v === 'string' && v !== '' ? v.slice(0, max) : null;
const instantOrNull = (v: unknown): string | null => {
  if (typeof v !== 'string') return null;
  const at = new Date(v);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
};

/**
 * The in-app inbox (通知): notifications made from the case engine's events — a task assigned, a deadline
 * turning yellow or red — for the account or the org unit concerned, with read state per account.
 */
export class NotificationsService {
  constructor(private readonly deps: { db: Db; time: BusinessTime; log: Logger }) {}

  /** The durable consumer that fills the inbox; registered with the event bus in context.ts. */
  consumer(): DurableConsumer {
    return {
      name: NOTIFICATIONS_CONSUMER,
      batchSize: 200,
      handle: (events, tx) => this.#handle(events, tx),
    };
  }

  async #handle(events: EngineEvent[], tx: Tx): Promise<void> {
    const rows: NewNotificationRow[] = [];
    for (const event of events) {
      const row = this.fromEvent(event);
      if (row) rows.push(row);
    }
    const created = await notificationsRepo.insertMany(tx, rows);
    if (created > 0) this.deps.log.debug({ created, events: events.length }, 'notifications created');
  }

  /**
   * The notification an event makes, or null: only `case.task.assigned` and `case.deadline.status`
   * (yellow, red) notify, and only when they name an assignee. A malformed payload is logged and skipped —
   * retrying it would block the inbox for ever.
   */
  fromEvent(event: EngineEvent): NewNotificationRow | null {
    const p = event.payload;
    if (event.type !== 'case.task.assigned' && event.type !== 'case.deadline.status') return null;
    const recipientAccount = uuidOrNull(p.assigneeAccount);
    const recipientUnit = recipientAccount ? null : uuidOrNull(p.assigneeUnit);
    if (!recipientAccount && !recipientUnit) {
      if (p.assigneeAccount != null || p.assigneeUnit != null)
        this.deps.log.warn({ eventId: event.id, type: event.type }, 'event names no valid assignee; no notification');
      return null;
    }
    const base = {
      id: newId(),
      eventId: event.id,
      recipientAccount,
      recipientUnit,
      caseId: uuidOrNull(event.caseId) ?? uuidOrNull(p.caseId),
      taskId: uuidOrNull(p.taskId),
      createdAt: event.at,
      ownerDivision: event.ownerDivision,
    };
    const common = { number: textOrNull(p.number, 40), title: textOrNull(p.title) };
    if (event.type === 'case.task.assigned') {
      return {
        ...base,
        kind: 'task.assigned',
        data: { ...common, workflow: textOrNull(p.workflow, 40), taskKind: textOrNull(p.kind, 40) },
      };
    }
    if (p.status !== 'yellow' && p.status !== 'red') {
      if (p.status !== 'green')
        this.deps.log.warn({ eventId: event.id, status: p.status }, 'deadline event with an unknown status');
      return null;
    }
    return {
      ...base,
      kind: p.status === 'yellow' ? 'deadline.yellow' : 'deadline.red',
      data: { ...common, clock: textOrNull(p.clock, 40), dueAt: instantOrNull(p.dueAt) },
    };
  }

  async list(
    actor: Actor,
    req: PageRequest<NotificationSortField>,
    filter: { unread?: boolean },
  ): Promise<PageOf<InboxRow>> {
    const recipient = notificationsPolicy.recipient(actor);
    const { items, total } = await notificationsRepo.page(this.deps.db, recipient, req, filter);
    return { items, total, page: req.page, pageSize: req.pageSize };
  }

  async unreadCount(actor: Actor): Promise<number> {
    return notificationsRepo.unreadCount(this.deps.db, notificationsPolicy.recipient(actor));
  }

  /** Marks one of the caller's notifications read (again: no change); someone else's is not found. */
  async markRead(actor: Actor, id: string): Promise<InboxRow> {
    const recipient = notificationsPolicy.recipient(actor);
    const { db, time } = this.deps;
    const found = recipient.accountId ? await notificationsRepo.findVisible(db, recipient, id) : null;
    if (!found || !recipient.accountId) throw NotificationErrors.NOTIFICATION_NOT_FOUND({ id });
    if (found.readAt) return found;
    await notificationsRepo.markRead(db, id, recipient.accountId, time.now());
    return (await notificationsRepo.findVisible(db, recipient, id))!;
  }

  /** Marks everything the caller sees read; returns how many were unread. */
  async markAllRead(actor: Actor): Promise<number> {
    const recipient = notificationsPolicy.recipient(actor);
    if (!recipient.accountId) return 0;
    return notificationsRepo.markAllRead(
      this.deps.db,
      { ...recipient, accountId: recipient.accountId },
      this.deps.time.now(),
    );
  }
}
