import { CheckOutlined } from '@ant-design/icons';
import { Badge, Button, Table, type TableColumnsType, Typography } from 'antd';
import { formatInstant, useT } from '../../locales';
import { NotificationKindTag } from './notification-kind';
import type { Notification, NotificationsPage } from './notifications-api';

export interface NotificationsTableProps {
  page: NotificationsPage | undefined;
  current: number;
  pageSize: number;
  loading: boolean;
  timeZone: string | undefined;
  busyId: string | null;
  onPageChange: (page: number, pageSize: number) => void;
  onMarkRead: (notification: Notification) => void;
}

/** 我的通知: the paged inbox, newest first. */
export function NotificationsTable({
  page,
  current,
  pageSize,
  loading,
  timeZone,
  busyId,
  onPageChange,
  onMarkRead,
}: NotificationsTableProps) {
  const t = useT();
  const columns: TableColumnsType<Notification> = [
    {
      title: t('notifications.status'),
      key: 'read',
      width: 96,
      render: (_, n) =>
        n.read ? (
          <Badge status="default" text={t('notifications.read')} />
        ) : (
          <Badge status="processing" text={t('notifications.unread')} />
        ),
    },
    { title: t('notifications.kind'), key: 'kind', render: (_, n) => <NotificationKindTag kind={n.kind} /> },
    {
      title: t('notifications.content'),
      key: 'content',
      render: (_, n) => (
        <>
          <Typography.Text strong={!n.read}>{n.title}</Typography.Text>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {n.body}
          </Typography.Text>
        </>
      ),
    },
    { title: t('notifications.caseNumber'), dataIndex: 'caseNumber', render: (v: string | null) => v ?? '—' },
    {
      title: t('notifications.recipient'),
      dataIndex: 'recipient',
      render: (v: Notification['recipient']) =>
        v === 'account' ? t('notifications.recipientAccount') : t('notifications.recipientUnit'),
    },
    {
      title: t('notifications.dueAt'),
      dataIndex: 'dueAt',
      render: (v: string | null) => formatInstant(v, timeZone, 'YYYY-MM-DD HH:mm') || '—',
    },
    {
      title: t('notifications.createdAt'),
      dataIndex: 'createdAt',
      render: (v: string) => formatInstant(v, timeZone, 'YYYY-MM-DD HH:mm'),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, n) =>
        n.read ? (
          <Typography.Text type="secondary">{formatInstant(n.readAt, timeZone, 'MM-DD HH:mm')}</Typography.Text>
        ) : (
          <Button
            size="small"
            icon={<CheckOutlined />}
            loading={busyId === n.id}
            disabled={busyId !== null && busyId !== n.id}
            onClick={() => onMarkRead(n)}
          >
            {t('notifications.markRead')}
          </Button>
        ),
    },
  ];
  return (
    <Table<Notification>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={page?.items ?? []}
      loading={loading}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('notifications.empty') }}
      data-testid="notifications-table"
      pagination={{
        current,
        pageSize,
        total: page?.total ?? 0,
        showSizeChanger: true,
        showTotal: (total) => t('common.total', { total }),
        onChange: onPageChange,
      }}
    />
  );
}
