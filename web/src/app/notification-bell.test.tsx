import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../locales';
import { AppLayout } from './app-layout';
import { Providers } from './providers';

configure({ asyncUtilTimeout: 5000 });

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

const notification = (id: string, title: string, read: boolean) => ({
  id,
  kind: 'task.assigned',
  title,
  body: `${title}：请及时处理`,
  caseId: null,
  taskId: null,
  caseNumber: `AJ-${id}`,
  dueAt: null,
  recipient: 'account',
  unitId: null,
  read,
  readAt: read ? '2025-01-01T08:00:00+08:00' : null,
  createdAt: '2025-01-01T07:30:00+08:00',
});

/** Streams the console opened, to deliver events on and to see closed. */
class FakeEventSource {
  static opened: FakeEventSource[] = [];
  readyState = 1;
  closed = false;
  private readonly listeners = new Map<string, (() => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: () => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string) {
    for (const l of this.listeners.get(type) ?? []) l();
  }
}

function fakeServer(kind: 'user' | 'operator' = 'user') {
  let signedIn = true;
  const inbox = [notification('n1', '新任务：占道经营', false), notification('n2', '新任务：井盖缺失', true)];
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const { pathname } = new URL(request.url);
      const route = `${request.method} ${pathname}`;
      calls.push(route);
      if (route === 'GET /api/system/status') return Response.json(STATUS);
      if (route === 'GET /api/session')
        return Response.json(
          signedIn
            ? { actor: { kind, id: kind === 'user' ? 'a1' : 'operator', displayName: '徐芳' }, permissions: [] }
            : { actor: { kind: 'anonymous', id: null, displayName: '' }, permissions: [] },
        );
      if (route === 'GET /api/auth/me')
        return Response.json({
          person: { id: 'p1', displayName: '徐芳' },
          account: { id: 'a1', username: 'gridworker', mustChangePassword: false, totpEnabled: false },
          roles: [],
          permissions: [],
          scopes: { divisions: [''], grids: [], orgUnits: [] },
          demo: false,
          secondFactorRequired: false,
        });
      if (route === 'POST /api/auth/logout') {
        signedIn = false;
        return new Response(null, { status: 204 });
      }
      if (route === 'GET /api/notifications/unread-count')
        return Response.json({ count: inbox.filter((n) => !n.read).length });
      if (route === 'GET /api/notifications')
        return Response.json({ items: inbox, page: 1, pageSize: 20, total: inbox.length });
      if (route === 'POST /api/notifications/read-all') {
        const marked = inbox.filter((n) => !n.read).length;
        for (const n of inbox) n.read = true;
        return Response.json({ marked });
      }
      const read = /^POST \/api\/notifications\/([^/]+)\/read$/.exec(route);
      if (read) {
        const n = inbox.find((x) => x.id === read[1]);
        if (!n)
          return Response.json(
            { error: { code: 'NOTIFICATION_NOT_FOUND', message: '', details: null } },
            { status: 404 },
          );
        n.read = true;
        return Response.json(n);
      }
      return Response.json({ error: { code: 'NOT_FOUND', message: 'not found', details: null } }, { status: 404 });
    }),
  );
  return {
    calls,
    assign: () => inbox.unshift(notification('n3', '新任务：违规广告', false)),
  };
}

function renderShell() {
  const router = createMemoryRouter(
    [
      {
        path: '/',
        element: <AppLayout />,
        children: [
          { index: true, element: null },
          { path: 'login', element: null },
          { path: 'notifications', element: <h1>inbox</h1> },
        ],
      },
    ],
    { initialEntries: ['/'] },
  );
  render(
    <Providers>
      <RouterProvider router={router} />
    </Providers>,
  );
  return router;
}

const bell = () => screen.findByTestId('notification-bell');

describe('the notification bell', { timeout: 30_000 }, () => {
  beforeEach(() => {
    setLocale('zh-CN');
    FakeEventSource.opened = [];
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows the unread count, lists the latest notifications, marks one read on click and all with 全部已读', async () => {
    const server = fakeServer();
    renderShell();
    await waitFor(async () => expect((await bell()).getAttribute('data-count')).toBe('1'));
    expect((await bell()).getAttribute('aria-label')).toBe('通知（1 条未读）');

    fireEvent.click(await bell());
    const panel = within(await screen.findByTestId('notification-panel'));
    const items = await panel.findAllByTestId('notification-item');
    expect(items.map((i) => i.getAttribute('data-read'))).toEqual(['false', 'true']);
    expect(items[0]?.textContent).toContain('占道经营');
    expect(items[0]?.textContent).toContain('AJ-n1');

    fireEvent.click(items[0]!);
    await waitFor(async () => expect((await bell()).getAttribute('data-count')).toBe('0'));
    expect(server.calls).toContain('POST /api/notifications/n1/read');
    await waitFor(() =>
      expect(panel.getAllByTestId('notification-item').map((i) => i.getAttribute('data-read'))).toEqual([
        'true',
        'true',
      ]),
    );

    // A new task arrives on the stream: the count follows, shortly after.
    server.assign();
    const stream = FakeEventSource.opened[0]!;
    expect(stream.url).toBe('/api/events/stream?types=case.task.assigned,case.deadline.status');
    act(() => stream.emit('case.task.assigned'));
    await waitFor(async () => expect((await bell()).getAttribute('data-count')).toBe('1'));

    fireEvent.click(panel.getByTestId('notification-read-all'));
    await waitFor(async () => expect((await bell()).getAttribute('data-count')).toBe('0'));
    expect(server.calls).toContain('POST /api/notifications/read-all');
  });

  it('leads to the whole inbox', async () => {
    fakeServer();
    const router = renderShell();
    fireEvent.click(await bell());
    fireEvent.click(await screen.findByTestId('notification-view-all'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/notifications'));
  });

  it('closes the stream when the user signs out, and the bell goes', async () => {
    fakeServer();
    renderShell();
    await bell();
    await waitFor(() => expect(FakeEventSource.opened).toHaveLength(1));
    fireEvent.click(screen.getByTestId('user-menu'));
    await act(async () => {
      fireEvent.click(await screen.findByText('退出登录'));
    });
    await waitFor(() => expect(FakeEventSource.opened[0]?.closed).toBe(true));
    await waitFor(() => expect(screen.queryByTestId('notification-bell')).toBeNull());
    expect(FakeEventSource.opened).toHaveLength(1);
  });

  it('is not there for the operator, who has no inbox', async () => {
    const server = fakeServer('operator');
    renderShell();
    await screen.findByTestId('actor');
    await waitFor(() => expect(server.calls).toContain('GET /api/session'));
    expect(screen.queryByTestId('notification-bell')).toBeNull();
    expect(server.calls).not.toContain('GET /api/notifications/unread-count');
    expect(FakeEventSource.opened).toHaveLength(0);
  });
});
