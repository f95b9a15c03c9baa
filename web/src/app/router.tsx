import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { AppLayout } from './app-layout';
import { RouteError } from './route-error';

// Each screen is its own chunk: the first paint needs only the shell and the overview.
const OverviewPage = lazy(() =>
  import('../pages/home/overview/overview-page').then((m) => ({ default: m.OverviewPage })),
);
const JobsPage = lazy(() => import('../pages/admin/jobs/jobs-page').then((m) => ({ default: m.JobsPage })));
const ConfigPage = lazy(() => import('../pages/admin/config/config-page').then((m) => ({ default: m.ConfigPage })));
const NotFoundPage = lazy(() =>
  import('../pages/errors/not-found/not-found-page').then((m) => ({ default: m.NotFoundPage })),
);

export function createRouter() {
  return createBrowserRouter([
    {
      element: <AppLayout />,
      errorElement: <RouteError />,
      children: [
        { index: true, element: <OverviewPage /> },
        { path: 'admin/jobs', element: <JobsPage /> },
        { path: 'admin/config', element: <ConfigPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
