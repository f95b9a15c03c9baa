import { Button, Popconfirm, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useApiQuery } from '../../api/use-api-query';
import { formatInstant, useT } from '../../locales';
import { ApiErrorResult, useNotifyError } from '../errors';
import { endOtherSessions, endSession, fetchMySessions, type MySession } from './auth-api';

/** The browsers and phones signed in as me; any but this one can be ended, or all others at once. */
export function MySessions({ timeZone }: { timeZone: string | undefined }) {
  const t = useT();
  const notifyError = useNotifyError();
  const sessions = useApiQuery('my-sessions', fetchMySessions);
  const [busy, setBusy] = useState<string | null>(null);

  const run = async (key: string, action: () => Promise<unknown>) => {
    setBusy(key);
    try {
      await action();
      sessions.reload();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };

  if (sessions.error && !sessions.data) return <ApiErrorResult error={sessions.error} onRetry={sessions.reload} />;
  const items = sessions.data?.items ?? [];
  const others = items.filter((s) => !s.current).length;

  const columns: TableColumnsType<MySession> = [
    {
      title: t('profile.sessionDevice'),
      key: 'device',
      render: (_, s) => (
        <>
          <Typography.Text ellipsis={{ tooltip: s.userAgent }} style={{ maxWidth: 360 }}>
            {s.userAgent || '—'}
          </Typography.Text>
          {s.current && (
            <Tag color="green" style={{ marginInlineStart: 8 }}>
              {t('profile.sessionCurrent')}
            </Tag>
          )}
        </>
      ),
    },
    { title: t('profile.sessionIp'), dataIndex: 'ip', render: (v: string | null) => v || '—' },
    {
      title: t('profile.sessionCreatedAt'),
      dataIndex: 'createdAt',
      render: (v: string) => formatInstant(v, timeZone),
    },
    {
      title: t('profile.sessionLastSeenAt'),
      dataIndex: 'lastSeenAt',
      render: (v: string) => formatInstant(v, timeZone),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, s) =>
        s.current ? null : (
          <Popconfirm title={t('profile.endSessionConfirm')} onConfirm={() => run(s.id, () => endSession(s.id))}>
            <Button size="small" danger loading={busy === s.id} disabled={busy !== null && busy !== s.id}>
              {t('profile.endSession')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Popconfirm title={t('profile.endOthersConfirm')} onConfirm={() => run('others', endOtherSessions)}>
        <Button danger disabled={others === 0 || busy !== null} loading={busy === 'others'}>
          {t('profile.endOthers')}
        </Button>
      </Popconfirm>
      <Table<MySession>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={sessions.loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="my-sessions"
      />
    </Space>
  );
}
