import { PauseCircleOutlined, PlayCircleOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { formatInstant, type Translate, useT } from '../../locales';
import type { Job, JobAction, JobsPage } from './jobs-api';

const STATUS_COLOR: Record<Job['status'], string> = {
  active: 'processing',
  paused: 'warning',
  done: 'default',
  failed: 'error',
};

function statusLabel(status: Job['status'], t: Translate): string {
  switch (status) {
    case 'active':
      return t('jobs.statusActive');
    case 'paused':
      return t('jobs.statusPaused');
    case 'done':
      return t('jobs.statusDone');
    case 'failed':
      return t('jobs.statusFailed');
  }
}

export interface JobsTableProps {
  page: JobsPage | undefined;
  /** The page and size asked for; shown at once, before the server answers. */
  current: number;
  pageSize: number;
  loading: boolean;
  /** Business time zone for the timestamps. */
  timeZone: string | undefined;
  /** Show run-now/pause/resume; the server still checks `system.jobs.manage`. */
  canManage: boolean;
  /** Job id whose action is in flight. */
  busyId: string | null;
  onPageChange: (page: number, pageSize: number) => void;
  onAction: (job: Job, action: JobAction) => void;
}

export function JobsTable({
  page,
  current,
  pageSize,
  loading,
  timeZone,
  canManage,
  busyId,
  onPageChange,
  onAction,
}: JobsTableProps) {
  const t = useT();
  const columns: TableColumnsType<Job> = [
    {
      title: t('jobs.key'),
      key: 'key',
      render: (_, job) => (
        <>
          <Typography.Text strong>{job.key}</Typography.Text>
          {job.type !== job.key && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t('jobs.type')}: {job.type}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      title: t('jobs.schedule'),
      key: 'schedule',
      render: (_, job) =>
        job.cron ? (
          <Tooltip title={t('jobs.scheduleCron', { cron: job.cron })}>
            <Typography.Text code>{job.cron}</Typography.Text>
          </Tooltip>
        ) : job.runAt ? (
          t('jobs.scheduleOnce', { runAt: formatInstant(job.runAt, timeZone) })
        ) : (
          '—'
        ),
    },
    {
      title: t('jobs.status'),
      dataIndex: 'status',
      render: (status: Job['status']) => <Tag color={STATUS_COLOR[status]}>{statusLabel(status, t)}</Tag>,
    },
    {
      title: t('jobs.nextRunAt'),
      dataIndex: 'nextRunAt',
      render: (v: string | null) => formatInstant(v, timeZone) || '—',
    },
    {
      title: t('jobs.lastRunAt'),
      key: 'lastRun',
      render: (_, job) => {
        if (!job.lastRunAt) return '—';
        const when = formatInstant(job.lastRunAt, timeZone);
        if (job.lastStatus === 'failed') {
          return (
            <Space size={4}>
              {when}
              <Tooltip title={job.lastError}>
                <Tag color="error">{t('jobs.lastFailed')}</Tag>
              </Tooltip>
            </Space>
          );
        }
        return (
          <Space size={4}>
            {when}
            {job.lastStatus === 'succeeded' && <Tag color="success">{t('jobs.lastSucceeded')}</Tag>}
          </Space>
        );
      },
    },
    { title: t('jobs.attempts'), dataIndex: 'attempts', align: 'right' },
  ];

  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, job) => {
        const busy = busyId === job.id;
        return (
          <Space size="small">
            <Button
              size="small"
              icon={<ThunderboltOutlined />}
              loading={busy}
              disabled={job.status === 'done' || (busyId !== null && !busy)}
              onClick={() => onAction(job, 'run-now')}
            >
              {t('jobs.runNow')}
            </Button>
            {job.status === 'active' && (
              <Popconfirm title={t('jobs.confirmPause')} onConfirm={() => onAction(job, 'pause')}>
                <Button size="small" icon={<PauseCircleOutlined />} disabled={busyId !== null}>
                  {t('jobs.pause')}
                </Button>
              </Popconfirm>
            )}
            {job.status === 'paused' && (
              <Button
                size="small"
                icon={<PlayCircleOutlined />}
                disabled={busyId !== null}
                onClick={() => onAction(job, 'resume')}
              >
                {t('jobs.resume')}
              </Button>
            )}
          </Space>
        );
      },
    });
  }

  return (
    <Table<Job>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={page?.items ?? []}
      loading={loading}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('jobs.empty') }}
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
