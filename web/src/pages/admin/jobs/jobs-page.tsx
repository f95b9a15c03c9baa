import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApiQuery } from '../../../api/use-api-query';
import { ApiErrorResult, useNotifyError } from '../../../features/errors';
import { fetchJobs, type Job, type JobAction, JobsTable, runJobAction } from '../../../features/jobs';
import { useSession } from '../../../features/session';
import { useBusinessTimeZone } from '../../../features/system';
import { type MessageKey, useT } from '../../../locales';
import { PageHeader } from '../../page-header';
import { positiveInt } from '../paging';

const DONE_MESSAGE: Record<JobAction, MessageKey> = {
  'run-now': 'jobs.runNowDone',
  pause: 'jobs.pauseDone',
  resume: 'jobs.resumeDone',
};

export function JobsPage() {
  const t = useT();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const { can } = useSession();
  const timeZone = useBusinessTimeZone();
  const [params, setParams] = useSearchParams();
  const page = positiveInt(params.get('page'), 1);
  const pageSize = positiveInt(params.get('pageSize'), 20);
  const jobs = useApiQuery(`jobs:${page}:${pageSize}`, (signal) => fetchJobs(page, pageSize, signal));
  const [busyId, setBusyId] = useState<string | null>(null);

  const act = async (job: Job, action: JobAction) => {
    setBusyId(job.id);
    try {
      await runJobAction(job.id, action);
      void message.success(t(DONE_MESSAGE[action], { key: job.key }));
      jobs.reload();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusyId(null);
    }
  };

  if (jobs.error && !jobs.data) return <ApiErrorResult error={jobs.error} onRetry={jobs.reload} />;

  return (
    <>
      <PageHeader
        title={t('jobs.title')}
        subtitle={t('jobs.subtitle')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={jobs.reload}>
            {t('common.refresh')}
          </Button>
        }
      />
      <Card>
        <JobsTable
          page={jobs.data}
          current={page}
          pageSize={pageSize}
          loading={jobs.loading}
          timeZone={timeZone}
          canManage={can('system.jobs.manage')}
          busyId={busyId}
          onPageChange={(next, size) =>
            setParams({ page: String(size === pageSize ? next : 1), pageSize: String(size) })
          }
          onAction={act}
        />
      </Card>
    </>
  );
}
