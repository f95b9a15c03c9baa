import { api } from '../../api/client';
import { unwrap } from '../../api/errors';

/** How many of my notifications I have not read. */
export async function fetchUnreadCount(signal?: AbortSignal): Promise<number> {
  return (await unwrap(api.GET('/api/notifications/unread-count', { signal }))).count;
}

/** My notifications, newest first (`unread`: only those I have not read). */
export function fetchNotifications(query: { page: number; pageSize: number; unread?: boolean }, signal?: AbortSignal) {
  const { page, pageSize, unread } = query;
  return unwrap(
    api.GET('/api/notifications', { params: { query: { page, pageSize, ...(unread ? { unread } : {}) } }, signal }),
  );
}

/** Marks one notification read, for me only (other members of a unit keep theirs unread). */
export function markNotificationRead(id: string) {
  return unwrap(api.POST('/api/notifications/{id}/read', { params: { path: { id } } }));
}

/** Marks all my notifications read; resolves to how many were unread. */
export async function markAllNotificationsRead(): Promise<number> {
  return (await unwrap(api.POST('/api/notifications/read-all', {}))).marked;
}

export type NotificationsPage = Awaited<ReturnType<typeof fetchNotifications>>;
export type Notification = NotificationsPage['items'][number];
export type NotificationKind = Notification['kind'];
