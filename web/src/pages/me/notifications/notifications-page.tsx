import { CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Segmented, Space } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApiQuery } from '../../../api/use-api-query';
import { ApiErrorResult, useNotifyError } from '../../../features/errors';
import {
  fetchNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type Notification,
  NotificationsTable,
  useNotifications,
} from '../../../features/notifications';
import { useBusinessTimeZone } from '../../../features/system';
import { useT } from '../../../locales';
import { positiveInt } from '../../admin/paging';
import { PageHeader } from '../../page-header';

type Filter = 'all' | 'unread';

/** 我的通知: the whole inbox, paged, with an unread filter. Address: ?unread=true&page=…&pageSize=…. */
export function NotificationsPage() {
  const t = useT();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const timeZone = useBusinessTimeZone();
  const { unread, refresh, generation } = useNotifications();
  const [params, setParams] = useSearchParams();
  const filter: Filter = params.get('unread') === 'true' ? 'unread' : 'all';
  const page = positiveInt(params.get('page'), 1);
  const pageSize = positiveInt(params.get('pageSize'), 20);
  // The count changing (an event, a read in the bell) reloads the page too.
  const list = useApiQuery(`notifications:${filter}:${page}:${pageSize}:${generation}`, (signal) =>
    fetchNotifications({ page, pageSize, unread: filter === 'unread' }, signal),
  );
  const [busyId, setBusyId] = useState<string | null>(null);
  const [markingAll, setMarkingAll] = useState(false);

  const set = (next: { filter?: Filter; page?: number; pageSize?: number }) => {
    const p = new URLSearchParams();
    if ((next.filter ?? filter) === 'unread') p.set('unread', 'true');
    const size = next.pageSize ?? pageSize;
    const number = next.page ?? 1;
    if (number !== 1) p.set('page', String(number));
    if (size !== 20) p.set('pageSize', String(size));
    setParams(p);
  };

  const markRead = async (n: Notification) => {
    setBusyId(n.id);
    try {
      await markNotificationRead(n.id);
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
      const marked = await markAllNotificationsRead();
      void message.success(t('notifications.markAllDone', { count: marked }));
      refresh();
    } catch (error) {
      notifyError(error);
    } finally {
      setMarkingAll(false);
    }
  };

  if (list.error && !list.data) return <ApiErrorResult error={list.error} onRetry={list.reload} />;

  return (
    <>
      <PageHeader
        title={t('notifications.pageTitle')}
        subtitle={t('notifications.pageSubtitle')}
        extra={
          <Space wrap>
            <Segmented<Filter>
              value={filter}
              onChange={(f) => set({ filter: f })}
              options={[
                { value: 'all', label: t('notifications.filterAll') },
                {
                  value: 'unread',
                  label: unread ? `${t('notifications.filterUnread')} (${unread})` : t('notifications.filterUnread'),
                },
              ]}
              data-testid="notifications-filter"
            />
            <Button
              icon={<CheckOutlined />}
              onClick={() => void markAll()}
              loading={markingAll}
              disabled={unread === 0}
              data-testid="notifications-read-all"
            >
              {t('notifications.markAllRead')}
            </Button>
            <Button icon={<ReloadOutlined />} onClick={refresh}>
              {t('common.refresh')}
            </Button>
          </Space>
        }
      />
      <Card>
        <NotificationsTable
          page={list.data}
          current={page}
          pageSize={pageSize}
          loading={list.loading}
          timeZone={timeZone}
          busyId={busyId}
          onPageChange={(next, size) => set({ page: size === pageSize ? next : 1, pageSize: size })}
          onMarkRead={(n) => void markRead(n)}
        />
      </Card>
    </>
  );
}
