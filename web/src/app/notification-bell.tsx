import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Flex, Popover, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useNotifyError } from '../features/errors';
import {
  fetchNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type Notification,
  NotificationList,
  useNotifications,
} from '../features/notifications';
import { useBusinessTimeZone } from '../features/system';
import { useT } from '../locales';

/** How many notifications the bell's panel lists. */
const RECENT = 20;

/**
 * The bell in the header, for signed-in users: the unread count, and on click the latest notifications
 * (newest first; a click marks one read), 全部已读, and the way to the whole inbox.
 */
export function NotificationBell() {
  const t = useT();
  const navigate = useNavigate();
  const notifyError = useNotifyError();
  const timeZone = useBusinessTimeZone();
  const { enabled, unread, refresh, generation } = useNotifications();
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Notification[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [markingAll, setMarkingAll] = useState(false);

  // The panel's list: loaded when it opens, and again whenever the count was asked for while it is open.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` is the reason to reload, not a value read here.
  useEffect(() => {
    if (!open || !enabled) return;
    const controller = new AbortController();
    setLoading(true);
    fetchNotifications({ page: 1, pageSize: RECENT }, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        setItems(page.items);
        setLoading(false);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setLoading(false);
        notifyError(error);
      },
    );
    return () => controller.abort();
  }, [open, enabled, generation, notifyError]);

  if (!enabled) return null;

  const markRead = async (n: Notification) => {
    if (n.read) return;
    setBusyId(n.id);
    try {
      const updated = await markNotificationRead(n.id);
      setItems((list) => list?.map((x) => (x.id === n.id ? updated : x)) ?? null);
      refresh();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusyId(null);
    }
  };
  const markAll = async () => {
    setMarkingAll(true);
    try {
      await markAllNotificationsRead();
      setItems((list) => list?.map((x) => ({ ...x, read: true })) ?? null);
      refresh();
    } catch (error) {
      notifyError(error);
    } finally {
      setMarkingAll(false);
    }
  };

  const count = unread ?? 0;
  const panel = (
    <div style={{ width: 360 }} data-testid="notification-panel">
      <Flex justify="space-between" align="center" style={{ padding: '4px 4px 8px' }}>
        <Typography.Text strong>{t('notifications.title')}</Typography.Text>
        <Button
          type="link"
          size="small"
          onClick={() => void markAll()}
          loading={markingAll}
          disabled={count === 0}
          data-testid="notification-read-all"
        >
          {t('notifications.markAllRead')}
        </Button>
      </Flex>
      <div style={{ maxHeight: 400, overflowY: 'auto', marginInline: -12 }}>
        {items === null ? (
          <Flex justify="center" style={{ padding: 24 }}>
            <Spin />
          </Flex>
        ) : (
          <Spin spinning={loading && items.length > 0}>
            <NotificationList items={items} timeZone={timeZone} busyId={busyId} onOpen={(n) => void markRead(n)} />
          </Spin>
        )}
      </div>
      <Flex justify="center" style={{ paddingTop: 8 }}>
        <Button
          type="link"
          size="small"
          onClick={() => {
            setOpen(false);
            navigate('/notifications');
          }}
          data-testid="notification-view-all"
        >
          {t('notifications.viewAll')}
        </Button>
      </Flex>
    </div>
  );

  return (
    <Popover content={panel} trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen} arrow={false}>
      <Button
        type="text"
        // Until the server has answered (or when it cannot), the bell claims no number.
        aria-label={unread === null ? t('notifications.title') : t('notifications.bellLabel', { count })}
        data-testid="notification-bell"
        data-count={unread ?? ''}
        style={{ paddingInline: 8 }}
      >
        <Badge count={count} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
