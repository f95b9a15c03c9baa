import { lazy } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { NotFound, PortalLayout, RouteError } from './layout';

// Each screen is its own chunk: the home screen paints with the shell alone, on a slow phone connection too.
const HomeScreen = lazy(() => import('./home/home-screen').then((m) => ({ default: m.HomeScreen })));
const ReportScreen = lazy(() => import('./report/report-screen').then((m) => ({ default: m.ReportScreen })));
const TrackScreen = lazy(() => import('./track/track-screen').then((m) => ({ default: m.TrackScreen })));
const MapScreen = lazy(() => import('./map/map-screen').then((m) => ({ default: m.MapScreen })));

/** The portal's routes under /portal; exported so tests can mount them in a memory router. */
export const ROUTES: RouteObject[] = [
  {
    element: <PortalLayout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomeScreen /> },
      { path: 'report', element: <ReportScreen /> },
      { path: 'track', element: <TrackScreen /> },
      { path: 'track/:code', element: <TrackScreen /> },
      { path: 'map', element: <MapScreen /> },
      { path: '*', element: <NotFound /> },
    ],
  },
];

export const router = createBrowserRouter(ROUTES, { basename: '/portal' });
