import { ReloadOutlined } from '@ant-design/icons';
import { Button, Col, Flex, Result, Row, Skeleton } from 'antd';
import { type ReactNode, useCallback, useMemo, useState } from 'react';
import { useApiQuery } from '../../../api/use-api-query';
import { useT } from '../../../locales';
import { ApiErrorResult } from '../../errors';
import {
  type AvailableAction,
  type Candidates,
  fetchCandidates,
  fetchCase,
  fetchHistory,
  fetchWorkflows,
  type WorkflowSummary,
} from '../cases-api';
import { ActionBar } from './action-bar';
import { ActionModal } from './action-modal';
import { CaseHeader } from './case-header';
import { CaseLocationMap } from './case-location-map';
import { CasePhotos } from './case-photos';
import { CaseTimeline } from './case-timeline';
import { DeadlinesCard } from './deadlines-card';
import { DuplicatesPanel } from './duplicates-panel';
import type { NameLookup } from './history-inputs';
import { TasksCard } from './tasks-card';

/**
 * 案件详情: everything about one case and what the reader may do with it now. The root carries
 * `data-testid="case-detail"`, `data-state` and `data-version`, so browser tests can wait for a change.
 */
export function CaseDetailView({ id, backLink }: { id: string; backLink?: ReactNode }) {
  const t = useT();
  const detail = useApiQuery(`case:${id}`, (signal) => fetchCase(id, signal));
  const history = useApiQuery(`case-history:${id}`, (signal) => fetchHistory(id, signal));
  const version = detail.data?.version;
  // Whom the actions possible now may name: asked again whenever the case moved on.
  const candidates = useApiQuery<Candidates | null>(`case-candidates:${id}:${version}`, (signal) =>
    version === undefined ? Promise.resolve(null) : fetchCandidates(id, signal).catch(() => null),
  );
  const workflows = useApiQuery<WorkflowSummary[] | null>('workflows', (signal) =>
    fetchWorkflows(signal).catch(() => null),
  );
  const [acting, setActing] = useState<AvailableAction | null>(null);

  const reloadCase = detail.reload;
  const reloadHistory = history.reload;
  const reload = useCallback(() => {
    reloadCase();
    reloadHistory();
  }, [reloadCase, reloadHistory]);

  const data = detail.data;
  const names = useMemo<NameLookup>(() => {
    const units = new Map<string, string>();
    const accounts = new Map<string, string>();
    for (const u of candidates.data?.units ?? []) units.set(u.id, u.name);
    for (const a of candidates.data?.accounts ?? []) for (const o of a.options) accounts.set(o.id, o.displayName);
    for (const task of data?.tasks ?? []) {
      if (task.assigneeUnit && task.assigneeUnitName) units.set(task.assigneeUnit, task.assigneeUnitName);
      if (task.assigneeAccount && task.assigneeAccountName)
        accounts.set(task.assigneeAccount, task.assigneeAccountName);
    }
    return { unit: (u) => units.get(u), account: (a) => accounts.get(a) };
  }, [candidates.data, data?.tasks]);

  if (!data) {
    if (detail.error?.status === 404)
      return <Result status="404" title={t('caseDetail.notFound')} extra={backLink} data-testid="case-not-found" />;
    if (detail.error) return <ApiErrorResult error={detail.error} onRetry={detail.reload} />;
    return (
      <div data-testid="case-detail-loading">
        {backLink}
        <Skeleton active paragraph={{ rows: 8 }} />
      </div>
    );
  }

  const workflow = workflows.data?.find((w) => w.key === data.workflow);
  return (
    <div data-testid="case-detail" data-state={data.state} data-version={data.version} data-case-id={data.id}>
      <Flex vertical gap={16}>
        {backLink}
        <CaseHeader
          detail={data}
          history={history.data}
          extra={
            <Button icon={<ReloadOutlined />} onClick={reload} loading={detail.loading} data-testid="case-refresh">
              {t('caseDetail.refresh')}
            </Button>
          }
        />
        <ActionBar actions={data.actions} onPick={setActing} />
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={15}>
            <Flex vertical gap={16}>
              <DuplicatesPanel detail={data} onMerged={reload} />
              <CaseTimeline history={history.data} workflow={workflow} names={names} loading={history.loading} />
              <CasePhotos history={history.data} />
              <TasksCard tasks={data.tasks} />
            </Flex>
          </Col>
          <Col xs={24} xl={9}>
            <Flex vertical gap={16}>
              <DeadlinesCard deadlines={data.deadlines} />
              <CaseLocationMap detail={data} />
            </Flex>
          </Col>
        </Row>
      </Flex>
      {acting && (
        <ActionModal
          key={`${acting.action}:${data.version}`}
          detail={data}
          action={acting}
          candidates={candidates.data ?? null}
          onClose={() => setActing(null)}
          onDone={reload}
        />
      )}
    </div>
  );
}
