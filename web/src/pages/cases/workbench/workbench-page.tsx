import { FormOutlined, ReloadOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Empty, Flex, Tabs, Typography } from 'antd';
import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApiQuery } from '../../../api/use-api-query';
import { CaseTable, fetchCases, fetchQueues } from '../../../features/cases';
import { ApiErrorResult } from '../../../features/errors';
import { useBusinessTimeZone } from '../../../features/system';
import { useT } from '../../../locales';
import { positiveInt } from '../../admin/paging';
import { PageHeader } from '../../page-header';

/** How often the queues are asked again while the screen is open (others act on the same cases). */
const REFRESH_MS = 30_000;

/**
 * 我的工作台: the reader's work queues (acceptor inbox, dispatcher queue, department to-do, checks, the duty
 * chief's approvals) as tabs, each the list of cases waiting in it, the most urgent deadline first.
 */
export function WorkbenchPage() {
  const t = useT();
  const timeZone = useBusinessTimeZone();
  const [params, setParams] = useSearchParams();
  const queues = useApiQuery('queues', (signal) => fetchQueues(signal));
  const active = params.get('queue') ?? queues.data?.[0]?.key ?? null;
  const page = positiveInt(params.get('page'), 1);
  const pageSize = positiveInt(params.get('pageSize'), 20);
  const list = useApiQuery(`queue:${active}:${page}:${pageSize}`, (signal) =>
    active ? fetchCases({ queue: active, page, pageSize, sort: 'dueAt' }, signal) : Promise.resolve(undefined),
  );
  const { reload: reloadQueues } = queues;
  const { reload: reloadList } = list;
  useEffect(() => {
    const timer = setInterval(() => {
      reloadQueues();
      reloadList();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reloadQueues, reloadList]);

  const refresh = () => {
    reloadQueues();
    reloadList();
  };
  const current = queues.data?.find((q) => q.key === active);

  return (
    <>
      <PageHeader
        title={t('cases.workbenchTitle')}
        subtitle={t('cases.workbenchSubtitle')}
        extra={
          <Flex gap={8}>
            <Button icon={<ReloadOutlined />} onClick={refresh} data-testid="workbench-refresh">
              {t('common.refresh')}
            </Button>
            <Link to="/cases/new">
              <Button type="primary" icon={<FormOutlined />}>
                {t('cases.reportButton')}
              </Button>
            </Link>
          </Flex>
        }
      />
      {queues.error ? (
        <ApiErrorResult error={queues.error} onRetry={queues.reload} />
      ) : queues.data && queues.data.length === 0 ? (
        <Card>
          <Empty description={t('cases.noQueues')} />
        </Card>
      ) : (
        <Card>
          <Tabs
            activeKey={active ?? undefined}
            onChange={(key) => setParams({ queue: key })}
            items={(queues.data ?? []).map((q) => ({
              key: q.key,
              label: (
                <span data-testid={`queue-${q.key}`} data-count={q.count}>
                  {q.name} <Badge count={q.count} showZero color={q.count ? '#1677ff' : '#bfbfbf'} />
                </span>
              ),
            }))}
          />
          {current && (
            <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
              {current.description}
            </Typography.Paragraph>
          )}
          {list.error ? (
            <ApiErrorResult error={list.error} onRetry={list.reload} />
          ) : list.data && list.data.total === 0 ? (
            <Empty description={t('cases.queueEmpty')} data-testid="queue-empty" />
          ) : (
            <div data-testid="queue-list" data-queue={active ?? ''} data-total={list.data?.total ?? ''}>
              <CaseTable
                page={list.data}
                current={page}
                pageSize={pageSize}
                loading={list.loading}
                timeZone={timeZone}
                onPageChange={(p, size) =>
                  setParams({ ...(active ? { queue: active } : {}), page: String(p), pageSize: String(size) })
                }
              />
            </div>
          )}
        </Card>
      )}
    </>
  );
}
