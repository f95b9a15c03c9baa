import { PlusOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Popconfirm, Space, Switch, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useApiQuery } from '../../api/use-api-query';
import { useT } from '../../locales';
import { ApiErrorResult, useNotifyError } from '../errors';
import { SchedulesTable, StaffTable } from './grid-detail';
import { endSchedule, fetchPosts, fetchSchedules, type StaffMember } from './grids-api';
import { AddPostModal, AddScheduleModal, EndPostModal } from './staffing-modals';

/**
 * 定人定岗定时 for one grid: the posts (who, which post, since when; ended ones on request) and the duty
 * schedules of the post holders, with the changes a grid administrator makes.
 */
export function StaffingEditor({ gridCode, today, canManage }: { gridCode: string; today: Dayjs; canManage: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [history, setHistory] = useState(false);
  const posts = useApiQuery(`grid-posts:${gridCode}:${history}`, (signal) => fetchPosts(gridCode, history, signal));
  const schedules = useApiQuery(`grid-schedules:${gridCode}`, (signal) => fetchSchedules(gridCode, signal));
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<StaffMember | null>(null);
  const [scheduling, setScheduling] = useState<{ postId: string | null } | null>(null);
  const [busySchedule, setBusySchedule] = useState<string | null>(null);

  const staff = posts.data?.items ?? [];
  const current = staff.filter((s) => !s.validTo);
  const reload = () => {
    posts.reload();
    schedules.reload();
  };

  if (posts.error && !posts.data) return <ApiErrorResult error={posts.error} onRetry={posts.reload} />;

  return (
    <Flex vertical gap={16}>
      <Card
        size="small"
        title={t('grids.postsTitle')}
        extra={
          <Space>
            <Space size={6}>
              <Switch size="small" checked={history} onChange={setHistory} id="posts-history" />
              <label htmlFor="posts-history">
                <Typography.Text type="secondary">{t('grids.showEnded')}</Typography.Text>
              </label>
            </Space>
            <Button size="small" icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
            {canManage && (
              <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                {t('grids.addPost')}
              </Button>
            )}
          </Space>
        }
      >
        <StaffTable
          staff={staff}
          loading={posts.loading}
          actions={
            canManage
              ? (m) =>
                  m.validTo ? null : (
                    <Space size={4}>
                      <Button size="small" type="link" onClick={() => setScheduling({ postId: m.postId })}>
                        {t('grids.addSchedule')}
                      </Button>
                      <Button size="small" type="link" danger onClick={() => setEnding(m)}>
                        {t('grids.endPost')}
                      </Button>
                    </Space>
                  )
              : undefined
          }
        />
      </Card>
      <Card
        size="small"
        title={t('grids.schedulesTitle')}
        extra={
          canManage && (
            <Button
              size="small"
              icon={<PlusOutlined />}
              disabled={current.length === 0}
              onClick={() => setScheduling({ postId: null })}
            >
              {t('grids.addSchedule')}
            </Button>
          )
        }
      >
        <SchedulesTable
          schedules={schedules.data?.items ?? []}
          staff={staff}
          loading={schedules.loading}
          actions={
            canManage
              ? (s) => (
                  <Popconfirm
                    title={t('grids.endScheduleConfirm')}
                    okText={t('grids.endSchedule')}
                    cancelText={t('common.cancel')}
                    onConfirm={async () => {
                      setBusySchedule(s.id);
                      try {
                        await endSchedule(gridCode, s.id);
                        void message.success(t('grids.scheduleEnded'));
                        schedules.reload();
                      } catch (error) {
                        notifyError(error);
                      } finally {
                        setBusySchedule(null);
                      }
                    }}
                  >
                    <Button size="small" type="link" danger icon={<StopOutlined />} loading={busySchedule === s.id}>
                      {t('grids.endSchedule')}
                    </Button>
                  </Popconfirm>
                )
              : undefined
          }
        />
      </Card>
      <AddPostModal
        open={adding}
        gridCode={gridCode}
        today={today}
        onClose={() => setAdding(false)}
        onSaved={() => {
          setAdding(false);
          void message.success(t('grids.postAdded'));
          reload();
        }}
      />
      <EndPostModal
        member={ending}
        gridCode={gridCode}
        today={today}
        onClose={() => setEnding(null)}
        onSaved={() => {
          setEnding(null);
          void message.success(t('grids.postEnded'));
          reload();
        }}
      />
      <AddScheduleModal
        open={scheduling !== null}
        gridCode={gridCode}
        staff={current}
        postId={scheduling?.postId ?? null}
        today={today}
        onClose={() => setScheduling(null)}
        onSaved={() => {
          setScheduling(null);
          void message.success(t('grids.scheduleAdded'));
          schedules.reload();
        }}
      />
    </Flex>
  );
}
