import { Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { loginPath, useSession } from '../features/session';

/** The page a user with `account.mustChangePassword` is held on until the password is changed. */
export const CHANGE_PASSWORD_PATH = '/me/password';

function Waiting() {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: 64 }}>
      <Spin />
    </div>
  );
}

/**
 * Pages for signed-in callers only: anyone else goes to the login page, which brings them back here.
 * Only a convenience: the server refuses their calls anyway.
 */
export function RequireSignIn({ children }: { children?: ReactNode }) {
  const { loading, signedIn } = useSession();
  const location = useLocation();
  if (loading) return <Waiting />;
  if (!signedIn) return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  return children ?? <Outlet />;
}

/**
 * A forced password change (a new account, a reset by the administrator) comes before anything else:
 * every console page sends the user to the change-password page until it is done.
 */
export function ForcePasswordChange({ children }: { children?: ReactNode }) {
  const { me } = useSession();
  const location = useLocation();
  if (me?.account.mustChangePassword && location.pathname !== CHANGE_PASSWORD_PATH) {
    const here = location.pathname + location.search;
    const to = here === '/' ? CHANGE_PASSWORD_PATH : `${CHANGE_PASSWORD_PATH}?next=${encodeURIComponent(here)}`;
    return <Navigate to={to} replace />;
  }
  return children ?? <Outlet />;
}
