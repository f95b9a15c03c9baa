import { Badge, Empty, Flex, Typography, theme } from 'antd';
import { formatInstant, useT } from '../../locales';
import { NotificationKindTag } from './notification-kind';
import type { Notification } from './notifications-api';

export interface NotificationListProps {
  items: readonly Notification[];
  /** Business time zone for the times. */
  timeZone: string | undefined;
  /** Id of the notification being marked read. */
  busyId?: string | null;
  /** A click on an item: the bell marks it read. */
  onOpen: (notification: Notification) => void;
}

/** The compact list of the header's bell: unread ones marked with a dot and in bold; each is a button. */
export function NotificationList({ items, timeZone, busyId, onOpen }: NotificationListProps) {
  const t = useT();
  const { token } = theme.useToken();
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />;
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="notification-list">
      {items.map((n) => (
        <li key={n.id} style={{ borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
          <button
            type="button"
            onClick={() => onOpen(n)}
            disabled={busyId === n.id}
            data-testid="notification-item"
            data-read={n.read ? 'true' : 'false'}
            title={n.read ? undefined : t('notifications.clickToMarkRead')}
            style={{
              display: 'block',
              width: '100%',
              textAlign: 'start',
              padding: '10px 12px',
              border: 0,
              background: n.read ? 'transparent' : token.colorPrimaryBg,
              cursor: n.read ? 'default' : 'pointer',
              font: 'inherit',
              color: 'inherit',
            }}
          >
            <Flex gap={8} align="flex-start">
              <Badge status={n.read ? 'default' : 'processing'} style={{ marginTop: 2 }} />
              <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
                <Flex gap={8} align="center" justify="space-between">
                  <Typography.Text strong={!n.read} ellipsis>
                    {n.title}
                  </Typography.Text>
                  <NotificationKindTag kind={n.kind} />
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {n.body}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[n.caseNumber, formatInstant(n.createdAt, timeZone, 'YYYY-MM-DD HH:mm')].filter(Boolean).join(' · ')}
                </Typography.Text>
              </Flex>
            </Flex>
          </button>
        </li>
      ))}
    </ul>
  );
}
