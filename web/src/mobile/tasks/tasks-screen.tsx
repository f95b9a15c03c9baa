import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { CaseListItem } from '../../features/cases/cases-api';
import { formatInstant, useT } from '../../locales';
import { useCachedQuery } from '../offline/cache';
import { useOutbox } from '../offline/runtime';
import { type Me, useSession } from '../session';
import { useOnline } from '../ui/use-online';
import { loadTaskLists, prefetchTasks, tasksKey } from './tasks-data';

const DEADLINE_TONE = { green: 'ok', yellow: 'warn', red: 'danger' } as const;

function CaseRow({ item, pending }: { item: CaseListItem; pending: boolean }) {
  const t = useT();
  return (
    <li data-testid="task-row" data-case-id={item.id} data-state={item.state}>
      <Link className="m-row" to={`/tasks/${item.id}`}>
        <span className="m-row-main">
          <span className="m-row-title">{item.categoryName ?? item.title ?? item.number}</span>
          <span className="m-row-sub">
            {item.number} · {item.title}
          </span>
          <span className="m-row-sub">
            {item.dueAt ? t('mobile.dueAt', { time: formatInstant(item.dueAt, undefined, 'MM-DD HH:mm') }) : ''}
          </span>
        </span>
        <span style={{ display: 'flex', flexDirection: 'column', gap: 4, alignItems: 'flex-end' }}>
          <span className="m-tag" data-tone={item.deadlineStatus ? DEADLINE_TONE[item.deadlineStatus] : undefined}>
            {item.stateName}
          </span>
          {pending && (
            <span className="m-tag" data-tone="primary" data-testid="task-pending">
              {t('mobile.stateWaiting')}
            </span>
          )}
        </span>
      </Link>
    </li>
  );
}

/** 我的任务: the work queues (核实核查), then the open cases of the worker's grids; the last lists stay for offline use. */
export function TasksScreen() {
  const { user } = useSession();
  if (!user) return null;
  return <TaskLists me={user} />;
}

function TaskLists({ me }: { me: Me }) {
  const t = useT();
  const online = useOnline();
  const { items: outbox } = useOutbox();
  const query = useCachedQuery(tasksKey(me), () => loadTaskLists(me));
  const data = query.data;
  const pending = new Set(outbox.flatMap((i) => (i.kind === 'action' ? [i.caseId] : [])));

  // When a fresh list arrives, its cases go onto the device too.
  const prefetched = useRef<unknown>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (data?.fresh && prefetched.current !== data.value) {
      prefetched.current = data.value;
      setReady(false);
      void prefetchTasks(me, data.value).then(() => setReady(true));
    }
  }, [data, me]);

  return (
    <main className="m-page" data-testid="tasks-screen" data-fresh={data?.fresh ?? false} data-prefetched={ready}>
      <div className="m-segment" style={{ alignItems: 'center' }}>
        <h2 style={{ margin: 0, flex: 1 }}>{t('mobile.tasks')}</h2>
        <button type="button" className="m-btn" onClick={query.reload} disabled={!online || query.loading}>
          {t('mobile.refresh')}
        </button>
      </div>
      {data && !data.fresh && (
        <div className="m-banner" data-kind="info" data-testid="tasks-stale">
          <span>
            {t('mobile.savedCopy', {
              time: formatInstant(new Date(data.savedAt).toISOString(), undefined, 'MM-DD HH:mm'),
            })}
          </span>
        </div>
      )}
      {!data && query.loading && <div className="m-spinner">{t('mobile.loading')}</div>}
      {!data && !query.loading && <div className="m-empty">{t('mobile.tasksUnavailable')}</div>}
      {data?.value.queues.map((q) => (
        <section key={q.key} data-testid="task-queue" data-queue={q.key}>
          <h3 style={{ margin: '4px 4px 8px', fontSize: 15 }}>
            {q.name} <span className="m-muted">({q.items.length})</span>
          </h3>
          {q.items.length ? (
            <ul className="m-list">
              {q.items.map((c) => (
                <CaseRow key={c.id} item={c} pending={pending.has(c.id)} />
              ))}
            </ul>
          ) : (
            <div className="m-card m-muted">{t('mobile.queueEmpty')}</div>
          )}
        </section>
      ))}
      {data?.value.grids.map((g) => (
        <section key={g.code} data-testid="grid-cases" data-grid={g.code}>
          <h3 style={{ margin: '4px 4px 8px', fontSize: 15 }}>
            {t('mobile.gridCases', { name: g.name })} <span className="m-muted">({g.items.length})</span>
          </h3>
          {g.items.length ? (
            <ul className="m-list">
              {g.items.map((c) => (
                <CaseRow key={c.id} item={c} pending={pending.has(c.id)} />
              ))}
            </ul>
          ) : (
            <div className="m-card m-muted">{t('mobile.gridCasesEmpty')}</div>
          )}
        </section>
      ))}
    </main>
  );
}
