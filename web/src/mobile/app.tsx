import './mobile.css';
import { CheckSquareOutlined, CloudUploadOutlined, FlagOutlined, HomeOutlined } from '@ant-design/icons';
import { lazy, Suspense, useEffect, useState } from 'react';
import { createBrowserRouter, Link, NavLink, Outlet, RouterProvider, useLocation } from 'react-router';
import { useT } from '../locales';
import { warmOfflineCache } from './data';
import { readThrough } from './offline/cache';
import { startOutboxSender, useOutbox } from './offline/runtime';
import { attachPatrols } from './patrol/recorder';
import { type Me, refreshSession, useSession } from './session';
import { loadTaskLists, prefetchTasks, tasksKey } from './tasks/tasks-data';
import { ScreenBoundary } from './ui/screen-error';
import { Toasts } from './ui/toast';
import { useOnline } from './ui/use-online';

// Each screen is its own chunk (all of them precached by the service worker, so they open offline too).
const HomeScreen = lazy(() => import('./home/home-screen').then((m) => ({ default: m.HomeScreen })));
const ReportScreen = lazy(() => import('./report/report-screen').then((m) => ({ default: m.ReportScreen })));
const TasksScreen = lazy(() => import('./tasks/tasks-screen').then((m) => ({ default: m.TasksScreen })));
const TaskScreen = lazy(() => import('./tasks/task-screen').then((m) => ({ default: m.TaskScreen })));
const PatrolScreen = lazy(() => import('./patrol/patrol-screen').then((m) => ({ default: m.PatrolScreen })));
const OutboxScreen = lazy(() => import('./outbox/outbox-screen').then((m) => ({ default: m.OutboxScreen })));
const MeScreen = lazy(() => import('./me/me-screen').then((m) => ({ default: m.MeScreen })));
const SignInScreen = lazy(() => import('./signin/signin-screen').then((m) => ({ default: m.SignInScreen })));

function Loading() {
  const t = useT();
  return <div className="m-spinner">{t('mobile.loading')}</div>;
}

function TabBar({ waiting }: { waiting: number }) {
  const t = useT();
  const tabs = [
    { to: '/', icon: <HomeOutlined />, label: t('mobile.tabHome'), end: true },
    { to: '/tasks', icon: <CheckSquareOutlined />, label: t('mobile.tabTasks'), end: false },
    { to: '/patrol', icon: <FlagOutlined />, label: t('mobile.tabPatrol'), end: false },
    { to: '/outbox', icon: <CloudUploadOutlined />, label: t('mobile.tabOutbox'), end: false },
  ];
  return (
    <nav className="m-tabs" aria-label={t('mobile.appName')}>
      {tabs.map((tab) => (
        <NavLink key={tab.to} to={tab.to} end={tab.end} data-testid={`tab-${tab.to.slice(1) || 'home'}`}>
          <span className="m-tab-ico" aria-hidden="true">
            {tab.icon}
          </span>
          {tab.label}
          {tab.to === '/outbox' && waiting > 0 && <span className="m-badge">{waiting}</span>}
        </NavLink>
      ))}
    </nav>
  );
}

/**
 * Once signed in with a connection, what the screens need offline is put on the device (categories, grids, the task
 * lists and their cases); `data-warm` on the app says it is done (the browser tests wait for it before cutting the
 * network).
 */
function useWarmCache(me: Me | null, online: boolean): boolean {
  const [warmed, setWarmed] = useState<string | null>(null);
  const account = me?.account.id ?? null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per account and connection, not per object identity
  useEffect(() => {
    if (!me || !online || warmed === account) return;
    let live = true;
    void Promise.allSettled([
      warmOfflineCache(me),
      readThrough(tasksKey(me), () => loadTaskLists(me)).then((lists) =>
        lists.fresh ? prefetchTasks(me, lists.value) : undefined,
      ),
    ]).then(() => live && setWarmed(account));
    return () => {
      live = false;
    };
  }, [account, online]);
  return warmed !== null && warmed === account;
}

/** The frame of every screen: who is signed in, the connection, what still waits to be sent, the tabs. */
function Shell() {
  const t = useT();
  const { user, status } = useSession();
  const online = useOnline();
  const outbox = useOutbox();
  const location = useLocation();
  const account = user?.account.id ?? null;
  useEffect(() => {
    void attachPatrols(account);
  }, [account]);
  const warm = useWarmCache(status === 'signed-in' ? user : null, online);

  if (!user || location.pathname === '/signin') {
    return (
      <Suspense fallback={<Loading />}>
        <SignInScreen />
      </Suspense>
    );
  }
  const mine = outbox.items.filter((i) => i.account === user.account.id);
  return (
    <div className="m-app" data-testid="mobile-app" data-session={status} data-warm={warm}>
      <header className="m-top">
        <h1>
          {t('mobile.appName')} ·{' '}
          <Link to="/me" data-testid="me-link" style={{ textDecoration: 'none' }}>
            {user.person.displayName}
          </Link>
        </h1>
        <span className="m-net" data-online={online} data-testid="network-state">
          {online ? t('mobile.online') : t('mobile.offline')}
        </span>
        <Link
          className="m-chip-link"
          to="/outbox"
          data-testid="outbox-badge"
          data-count={outbox.loaded ? mine.length : ''}
          aria-label={t('mobile.outboxWaiting', { count: mine.length })}
        >
          {t('mobile.outboxWaiting', { count: mine.length })}
        </Link>
      </header>
      {status === 'expired' && (
        <div className="m-page" style={{ paddingBottom: 0 }}>
          <div className="m-banner" data-testid="session-expired">
            <span>{t('mobile.sessionExpired')}</span>
            <Link className="m-btn" data-kind="primary" to="/signin">
              {t('mobile.signInAgain')}
            </Link>
          </div>
        </div>
      )}
      <ScreenBoundary key={location.pathname}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </ScreenBoundary>
      <TabBar waiting={mine.length} />
      <Toasts />
    </div>
  );
}

const router = createBrowserRouter(
  [
    {
      element: <Shell />,
      children: [
        { index: true, element: <HomeScreen /> },
        { path: 'report', element: <ReportScreen /> },
        { path: 'tasks', element: <TasksScreen /> },
        { path: 'tasks/:id', element: <TaskScreen /> },
        { path: 'patrol', element: <PatrolScreen /> },
        { path: 'outbox', element: <OutboxScreen /> },
        { path: 'me', element: <MeScreen /> },
        { path: 'signin', element: null },
        { path: '*', element: <HomeScreen /> },
      ],
    },
  ],
  { basename: '/m' },
);

export function MobileApp() {
  useEffect(() => {
    void refreshSession();
    return startOutboxSender();
  }, []);
  return <RouterProvider router={router} />;
}
