import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../locales';
import { AppLayout } from './app-layout';
import { Providers } from './providers';

const STATUS = {
  name: 'CivicGrid',
  version: '0.1.0',
  engine: 'pglite',
  timeZone: 'Asia/Shanghai',
  businessNow: '2025-01-01T09:00:00+08:00',
  today: '2025-01-01',
  migrations: { applied: 1, latest: '0000_platform_core' },
  demo: false,
  demoPassword: null,
};

function serve(session: unknown, options: { me?: unknown; demo?: boolean } = {}) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/api/session') return Response.json(session);
      if (pathname === '/api/system/status')
        return Response.json({
          ...STATUS,
          demo: options.demo ?? false,
          demoPassword: options.demo ? 'zhangzhi-2026' : null,
        });
      if (pathname === '/api/auth/me' && options.me) return Response.json(options.me);
      return Response.json({ error: { code: 'NOT_FOUND', message: 'not found', details: null } }, { status: 404 });
    }),
  );
}

function renderShell() {
  const router = createMemoryRouter([
    { path: '/', element: <AppLayout />, children: [{ index: true, element: null }] },
  ]);
  return render(
    <Providers>
      <RouterProvider router={router} />
    </Providers>,
  );
}

function me(permissions: string[], roles: { code: string; nameZh: string; nameEn: string }[]) {
  return {
    person: { id: '7b0a6f38-50a4-4f43-9f0f-2f2a7b1d0c11', displayName: '李审计' },
    account: { id: 'a1', username: 'auditor', mustChangePassword: false, totpEnabled: false },
    roles,
    permissions,
    scopes: { divisions: [''], grids: [], orgUnits: [] },
    demo: false,
    secondFactorRequired: false,
  };
}

describe('application layout', () => {
  beforeEach(() => setLocale('zh-CN'));
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows an anonymous visitor the overview and API docs but not scheduled jobs, and a sign-in button', async () => {
    serve({ actor: { kind: 'anonymous', id: null, displayName: 'anonymous' }, permissions: [] });
    renderShell();
    expect(await screen.findByText('未登录')).toBeTruthy();
    const nav = within(screen.getByRole('navigation'));
    expect(nav.getByText('概览')).toBeTruthy();
    expect(nav.getByText('接口文档').closest('a')?.getAttribute('target')).toBe('_blank');
    expect(nav.queryByText('定时任务')).toBeNull();
    expect(nav.queryByText('配置')).toBeNull();
    expect(nav.queryByText('审计日志')).toBeNull();
    expect(screen.getByRole('link', { name: /登\s*录/ }).getAttribute('href')).toBe('/login');
  });

  it('builds the menu from the permissions the server grants', async () => {
    serve({
      actor: { kind: 'operator', id: 'operator', displayName: 'operator' },
      permissions: ['system.jobs.read', 'system.jobs.manage'],
    });
    renderShell();
    const nav = within(screen.getByRole('navigation'));
    expect(await nav.findByText('定时任务')).toBeTruthy();
    expect(nav.queryByText('配置')).toBeNull();
    expect(screen.getByTestId('actor').textContent).toContain('operator');
    // The operator (bearer token) has nothing to sign out of.
    expect(screen.queryByTestId('user-menu')).toBeNull();
  });

  it('shows a signed-in user by the name of their person, with the menu of their role', async () => {
    serve(
      { actor: { kind: 'user', id: 'a1', displayName: '李审计' }, permissions: ['audit.read'] },
      { me: me(['audit.read'], [{ code: 'auditor', nameZh: '审计管理员', nameEn: 'Audit administrator' }]) },
    );
    renderShell();
    const nav = within(screen.getByRole('navigation'));
    expect(await nav.findByText('审计日志')).toBeTruthy();
    expect(nav.queryByText('用户')).toBeNull();
    expect(nav.queryByText('居民/人员')).toBeNull();
    expect(await screen.findByTestId('user-menu')).toBeTruthy();
    expect(screen.getByTestId('actor').textContent).toContain('李审计');
  });

  it('announces a demo installation, with the password the server says, in a banner on every page', async () => {
    serve({ actor: { kind: 'anonymous', id: null, displayName: 'anonymous' }, permissions: [] }, { demo: true });
    renderShell();
    await waitFor(async () =>
      expect((await screen.findByTestId('demo-banner')).textContent).toContain('zhangzhi-2026'),
    );
  });

  it('shows no demo banner on a real installation', async () => {
    serve({ actor: { kind: 'anonymous', id: null, displayName: 'anonymous' }, permissions: [] });
    renderShell();
    await screen.findByText('未登录');
    expect(screen.queryByTestId('demo-banner')).toBeNull();
  });
});
