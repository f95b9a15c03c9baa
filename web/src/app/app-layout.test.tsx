import { cleanup, render, screen, within } from '@testing-library/react';
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
};

function serve(session: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/api/session') return Response.json(session);
      if (pathname === '/api/system/status') return Response.json(STATUS);
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

describe('application layout', () => {
  beforeEach(() => setLocale('zh-CN'));
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows an anonymous visitor the overview and API docs but not scheduled jobs', async () => {
    serve({ actor: { kind: 'anonymous', id: null, displayName: 'anonymous' }, permissions: [] });
    renderShell();
    expect(await screen.findByText('未登录')).toBeTruthy();
    const nav = within(screen.getByRole('navigation'));
    expect(nav.getByText('概览')).toBeTruthy();
    expect(nav.getByText('接口文档').closest('a')?.getAttribute('target')).toBe('_blank');
    expect(nav.queryByText('定时任务')).toBeNull();
    expect(nav.queryByText('配置')).toBeNull();
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
  });
});
