import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../locales';
import { Providers } from './providers';
import { ROUTES } from './router';

// Whole screens load lazily (their own chunks) and render Ant Design tables: give them time on a busy machine.
configure({ asyncUtilTimeout: 5000 });

const STATUS = {
  name: 'CivicGrid',
  version: '0.1.0',
  engine: 'pglite',
  timeZone: 'Asia/Shanghai',
  businessNow: '2025-01-01T09:00:00+08:00',
  today: '2025-01-01',
  migrations: { applied: 3, latest: '0002_identity_access' },
  demo: true,
  demoPassword: 'civicgrid',
};

interface Account {
  username: string;
  displayName: string;
  permissions: string[];
  role: { code: string; nameZh: string; nameEn: string };
  mustChangePassword?: boolean;
}

const ACCOUNTS: Record<string, Account> = {
  auditor: {
    username: 'auditor',
    displayName: '审计员',
    permissions: ['audit.read'],
    role: { code: 'auditor', nameZh: '审计管理员', nameEn: 'Audit administrator' },
  },
  gridworker: {
    username: 'gridworker',
    displayName: '网格员',
    permissions: ['files.read', 'files.upload', 'people.manage', 'people.read'],
    role: { code: 'gridworker', nameZh: '网格员', nameEn: 'Grid worker' },
  },
  newcomer: {
    username: 'newcomer',
    displayName: '新同事',
    permissions: ['people.read'],
    role: { code: 'gridworker', nameZh: '网格员', nameEn: 'Grid worker' },
    mustChangePassword: true,
  },
};

const PAGE = { items: [], page: 1, pageSize: 20, total: 0 };

/** A fake CivicGrid server with a cookie session: who is signed in lives here, as on the real one. */
function fakeServer() {
  let current: Account | null = null;
  const calls: string[] = [];
  const summary = (a: Account) => ({
    id: `id-${a.username}`,
    username: a.username,
    mustChangePassword: a.mustChangePassword ?? false,
    totpEnabled: false,
  });
  const error = (status: number, code: string, message: string) =>
    Response.json({ error: { code, message, details: null } }, { status });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const { pathname } = new URL(request.url);
      const route = `${request.method} ${pathname}`;
      calls.push(route);
      // A session that must change its password has no permissions until it does (as on the server).
      const usable = current && !current.mustChangePassword ? current : null;
      switch (route) {
        case 'GET /api/system/status':
          return Response.json(STATUS);
        case 'GET /api/session':
          return Response.json(
            current
              ? {
                  actor: { kind: 'user', id: `id-${current.username}`, displayName: current.displayName },
                  permissions: usable ? usable.permissions : [],
                }
              : { actor: { kind: 'anonymous', id: null, displayName: 'anonymous' }, permissions: [] },
          );
        case 'GET /api/auth/me':
          if (!current) return error(401, 'AUTH_REQUIRED', '请先登录');
          return Response.json({
            person: { id: `p-${current.username}`, displayName: current.displayName },
            account: summary(current),
            roles: [current.role],
            permissions: usable ? usable.permissions : [],
            scopes: { divisions: [''], grids: [], orgUnits: [] },
            demo: true,
            secondFactorRequired: false,
          });
        case 'POST /api/auth/login': {
          const body = (await request.json()) as { username: string; password: string };
          const account = ACCOUNTS[body.username];
          if (!account || body.password !== 'civicgrid') return error(401, 'INVALID_CREDENTIALS', '用户名或密码错误');
          current = { ...account };
          return Response.json({ account: summary(account), secondFactorRequired: false });
        }
        case 'POST /api/auth/logout':
          current = null;
          return new Response(null, { status: 204 });
        case 'POST /api/auth/password':
          if (!current) return error(401, 'AUTH_REQUIRED', '请先登录');
          current = { ...current, mustChangePassword: false };
          return new Response(null, { status: 204 });
        case 'GET /api/admin/audit':
          if (!usable?.permissions.includes('audit.read')) return error(403, 'FORBIDDEN', '无权访问');
          return Response.json(PAGE);
        case 'GET /api/people':
          if (!usable?.permissions.includes('people.read')) return error(403, 'FORBIDDEN', '无权访问');
          return Response.json(PAGE);
        default:
          return error(404, 'NOT_FOUND', 'not found');
      }
    }),
  );
  return {
    calls,
    signIn: (username: string) => {
      current = { ...ACCOUNTS[username]! };
    },
  };
}

function open(path: string) {
  const router = createMemoryRouter(ROUTES, { initialEntries: [path] });
  render(
    <Providers>
      <RouterProvider router={router} />
    </Providers>,
  );
  return router;
}

async function signIn(username: string, password = 'civicgrid') {
  fireEvent.change(await screen.findByLabelText('用户名'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('密码'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
}

describe('signing in and out', { timeout: 30_000 }, () => {
  beforeEach(() => setLocale('zh-CN'));
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('sends an anonymous visitor of a protected page to the login page, and back there after signing in', async () => {
    fakeServer();
    const router = open('/admin/audit?outcome=failure');
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent('/admin/audit?outcome=failure')}`);
    // A demo installation says so loudly on the login page, with the accounts and the password.
    const demo = await screen.findByTestId('demo-accounts');
    expect(demo.textContent).toContain('civicgrid');
    expect(demo.textContent).toContain('gridworker');
    expect(demo.textContent).toContain('auditor');

    await signIn('auditor');

    await waitFor(() => expect(router.state.location.pathname).toBe('/admin/audit'));
    expect(router.state.location.search).toBe('?outcome=failure');
    expect(await screen.findByRole('heading', { name: '审计日志' })).toBeTruthy();
    const nav = within(await screen.findByRole('navigation'));
    expect(nav.getByText('审计日志')).toBeTruthy();
    expect(nav.queryByText('用户')).toBeNull();
    expect(screen.getByTestId('actor').textContent).toContain('审计员');
    expect(screen.getByTestId('demo-banner').textContent).toContain('civicgrid');
  });

  it('keeps the user on the login page with the server’s message when the password is wrong', async () => {
    fakeServer();
    const router = open('/login');
    await signIn('auditor', 'nope');
    expect((await screen.findByTestId('login-error')).textContent).toContain('用户名或密码错误');
    expect(router.state.location.pathname).toBe('/login');
  });

  it('goes to the overview after signing in without a destination, and ignores one that leaves the site', async () => {
    fakeServer();
    const router = open('/login?next=%2F%2Fevil.example%2F');
    await signIn('gridworker');
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    const nav = within(await screen.findByRole('navigation'));
    expect(await nav.findByText('居民/人员')).toBeTruthy();
    expect(nav.queryByText('审计日志')).toBeNull();
    expect(nav.queryByText('用户')).toBeNull();
  });

  it('signing out from the header menu ends the session and returns to the login page', async () => {
    const server = fakeServer();
    server.signIn('gridworker');
    const router = open('/people');
    expect(await screen.findByRole('heading', { name: '居民/人员' })).toBeTruthy();

    fireEvent.click(screen.getByTestId('user-menu'));
    expect(await screen.findByText('个人中心')).toBeTruthy();
    await act(async () => {
      fireEvent.click(await screen.findByText('退出登录'));
    });

    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(server.calls).toContain('POST /api/auth/logout');
    expect(await screen.findByLabelText('用户名')).toBeTruthy();
  });

  it('holds a user who must change the password on the change-password page until it is done', async () => {
    fakeServer();
    const router = open('/login?next=%2Fpeople');
    await signIn('newcomer');

    await waitFor(() => expect(router.state.location.pathname).toBe('/me/password'));
    expect(await screen.findByTestId('must-change-password')).toBeTruthy();

    // Any other page sends the user back.
    await act(async () => {
      await router.navigate('/people');
    });
    await waitFor(() => expect(router.state.location.pathname).toBe('/me/password'));

    fireEvent.change(screen.getByLabelText('当前密码'), { target: { value: 'civicgrid' } });
    fireEvent.change(screen.getByLabelText('新密码'), { target: { value: 'Better-Passw0rd' } });
    fireEvent.change(screen.getByLabelText('确认新密码'), { target: { value: 'Better-Passw0rd' } });
    fireEvent.click(screen.getByRole('button', { name: /修改密码/ }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/people'));
    expect(await screen.findByRole('heading', { name: '居民/人员' })).toBeTruthy();
  });
});
