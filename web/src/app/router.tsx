import { lazy } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { AppLayout } from './app-layout';
import { AuthLayout } from './auth-layout';
import { RequireSignIn } from './guards';
import { RouteError } from './route-error';

// Each screen is its own chunk: the first paint needs only the shell and the overview (or the login page).
const OverviewPage = lazy(() =>
  import('../pages/home/overview/overview-page').then((m) => ({ default: m.OverviewPage })),
);
const LoginPage = lazy(() => import('../pages/auth/login/login-page').then((m) => ({ default: m.LoginPage })));
const ProfilePage = lazy(() => import('../pages/me/profile/profile-page').then((m) => ({ default: m.ProfilePage })));
const ChangePasswordPage = lazy(() =>
  import('../pages/me/password/change-password-page').then((m) => ({ default: m.ChangePasswordPage })),
);
const PeoplePage = lazy(() => import('../pages/people/search/people-page').then((m) => ({ default: m.PeoplePage })));
const GridsMapPage = lazy(() => import('../pages/grids/map/grids-map-page').then((m) => ({ default: m.GridsMapPage })));
const GridsImportPage = lazy(() =>
  import('../pages/grids/import/grids-import-page').then((m) => ({ default: m.GridsImportPage })),
);
const GridsStaffingPage = lazy(() =>
  import('../pages/grids/staffing/grids-staffing-page').then((m) => ({ default: m.GridsStaffingPage })),
);
const UsersPage = lazy(() => import('../pages/admin/users/users-page').then((m) => ({ default: m.UsersPage })));
const RolesPage = lazy(() => import('../pages/admin/roles/roles-page').then((m) => ({ default: m.RolesPage })));
const GrantsPage = lazy(() => import('../pages/admin/grants/grants-page').then((m) => ({ default: m.GrantsPage })));
const OrgUnitsPage = lazy(() =>
  import('../pages/admin/org-units/org-units-page').then((m) => ({ default: m.OrgUnitsPage })),
);
const AuditPage = lazy(() => import('../pages/admin/audit/audit-page').then((m) => ({ default: m.AuditPage })));
const JobsPage = lazy(() => import('../pages/admin/jobs/jobs-page').then((m) => ({ default: m.JobsPage })));
const ConfigPage = lazy(() => import('../pages/admin/config/config-page').then((m) => ({ default: m.ConfigPage })));
const CalendarPage = lazy(() =>
  import('../pages/calendar/year/calendar-page').then((m) => ({ default: m.CalendarPage })),
);
const NotificationsPage = lazy(() =>
  import('../pages/me/notifications/notifications-page').then((m) => ({ default: m.NotificationsPage })),
);
const WorkbenchPage = lazy(() =>
  import('../pages/cases/workbench/workbench-page').then((m) => ({ default: m.WorkbenchPage })),
);
const CaseListPage = lazy(() =>
  import('../pages/cases/list/case-list-page').then((m) => ({ default: m.CaseListPage })),
);
const CaseReportPage = lazy(() =>
  import('../pages/cases/report/case-report-page').then((m) => ({ default: m.CaseReportPage })),
);
const CaseDetailPage = lazy(() =>
  import('../pages/cases/detail/case-detail-page').then((m) => ({ default: m.CaseDetailPage })),
);
const CommandPage = lazy(() =>
  import('../pages/command/screen/command-page').then((m) => ({ default: m.CommandPage })),
);
const NotFoundPage = lazy(() =>
  import('../pages/errors/not-found/not-found-page').then((m) => ({ default: m.NotFoundPage })),
);

/** The console's routes; exported so tests can mount them in a memory router. */
export const ROUTES: RouteObject[] = [
  {
    element: <AuthLayout />,
    errorElement: <RouteError />,
    children: [{ path: 'login', element: <LoginPage /> }],
  },
  {
    element: <AppLayout />,
    errorElement: <RouteError />,
    children: [
      // The overview (installation status) is public, as `/api/system/status` is.
      { index: true, element: <OverviewPage /> },
      {
        element: <RequireSignIn />,
        children: [
          { path: 'me', element: <ProfilePage /> },
          { path: 'me/password', element: <ChangePasswordPage /> },
          { path: 'notifications', element: <NotificationsPage /> },
          { path: 'workbench', element: <WorkbenchPage /> },
          { path: 'cases', element: <CaseListPage /> },
          { path: 'cases/new', element: <CaseReportPage /> },
          { path: 'cases/:id', element: <CaseDetailPage /> },
          { path: 'people', element: <PeoplePage /> },
          { path: 'grids', element: <GridsMapPage /> },
          { path: 'grids/import', element: <GridsImportPage /> },
          { path: 'grids/staffing', element: <GridsStaffingPage /> },
          { path: 'admin/users', element: <UsersPage /> },
          { path: 'admin/roles', element: <RolesPage /> },
          { path: 'admin/grants', element: <GrantsPage /> },
          { path: 'admin/org-units', element: <OrgUnitsPage /> },
          { path: 'admin/audit', element: <AuditPage /> },
          { path: 'admin/jobs', element: <JobsPage /> },
          { path: 'admin/config', element: <ConfigPage /> },
          { path: 'calendar', element: <CalendarPage /> },
          { path: 'command', element: <CommandPage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(ROUTES);
}
