export {
  type EventSourceLike,
  NOTIFICATION_EVENT_TYPES,
  NOTIFICATION_STREAM_URL,
  POLL_INTERVAL_MS,
  REFRESH_DELAYS_MS,
  type WatchOptions,
  watchNotifications,
} from './live';
export { NotificationKindTag } from './notification-kind';
export { NotificationList, type NotificationListProps } from './notification-list';
export {
  fetchNotifications,
  fetchUnreadCount,
  markAllNotificationsRead,
  markNotificationRead,
  type Notification,
  type NotificationKind,
  type NotificationsPage,
} from './notifications-api';
export { NotificationsProvider, type NotificationsState, useNotifications } from './notifications-context';
export { NotificationsTable, type NotificationsTableProps } from './notifications-table';
