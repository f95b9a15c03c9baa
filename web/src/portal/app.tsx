import { useEffect } from 'react';
import { RouterProvider } from 'react-router';
import { useT } from '../locales';
import { router } from './routes';

/** The citizen portal (/portal/): report a problem, follow it by its tracking code, rate the result. */
export function PortalApp() {
  const t = useT();
  useEffect(() => {
    document.title = t('portal.appName');
  }, [t]);
  return <RouterProvider router={router} />;
}
