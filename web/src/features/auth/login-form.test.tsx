import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../locales';
import { LoginForm } from './login-form';

interface Sent {
  method: string;
  path: string;
  body: unknown;
  language: string | null;
}

type Reply = (body: unknown) => Response;

/** A fake server: answers by "METHOD path" and records what the form sent. */
function serve(routes: Record<string, Reply | Reply[]>) {
  const sent: Sent[] = [];
  const queues = new Map(Object.entries(routes).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const { pathname } = new URL(request.url);
      const text = request.method === 'GET' ? '' : await request.text();
      const body = text ? JSON.parse(text) : undefined;
      sent.push({ method: request.method, path: pathname, body, language: request.headers.get('Accept-Language') });
      const route = queues.get(`${request.method} ${pathname}`);
      const reply = Array.isArray(route) ? route.shift() : route;
      if (!reply)
        return Response.json({ error: { code: 'NOT_FOUND', message: 'not found', details: null } }, { status: 404 });
      return reply(body);
    }),
  );
  return sent;
}

const ok =
  (json: unknown): Reply =>
  () =>
    Response.json(json);
const noContent: Reply = () => new Response(null, { status: 204 });
const fail =
  (status: number, code: string, message: string): Reply =>
  () =>
    Response.json({ error: { code, message, details: null } }, { status });

const ACCOUNT = {
  id: '0b7c1a52-1f7e-4c1b-9a55-0d3c8f0f7d11',
  username: 'gridworker',
  mustChangePassword: false,
  totpEnabled: false,
};

function fillCredentials(username: string, password: string) {
  fireEvent.change(screen.getByLabelText('用户名'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('密码'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
}

describe('login form', () => {
  beforeEach(() => setLocale('zh-CN'));
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('signs in with username and password and hands the account over', async () => {
    const sent = serve({ 'POST /api/auth/login': ok({ account: ACCOUNT, secondFactorRequired: false }) });
    const onSignedIn = vi.fn();
    render(<LoginForm onSignedIn={onSignedIn} />);

    fillCredentials('  gridworker ', 'civicgrid');

    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(ACCOUNT));
    expect(sent).toEqual([
      {
        method: 'POST',
        path: '/api/auth/login',
        body: { username: 'gridworker', password: 'civicgrid' },
        language: 'zh-CN',
      },
    ]);
  });

  it('shows the server’s message for wrong credentials and clears the password', async () => {
    serve({ 'POST /api/auth/login': fail(401, 'INVALID_CREDENTIALS', '用户名或密码错误') });
    const onSignedIn = vi.fn();
    render(<LoginForm onSignedIn={onSignedIn} />);

    fillCredentials('gridworker', 'wrong');

    expect((await screen.findByTestId('login-error')).textContent).toContain('用户名或密码错误');
    expect((screen.getByLabelText('密码') as HTMLInputElement).value).toBe('');
    expect(onSignedIn).not.toHaveBeenCalled();
  });

  it('shows a locked account’s message as the server wrote it', async () => {
    serve({ 'POST /api/auth/login': fail(423, 'ACCOUNT_LOCKED', '账号已锁定，请 15 分钟后再试') });
    render(<LoginForm onSignedIn={vi.fn()} />);
    fillCredentials('auditor', 'x');
    expect((await screen.findByTestId('login-error')).textContent).toContain('账号已锁定，请 15 分钟后再试');
  });

  it('says the server cannot be reached when no answer comes', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    render(<LoginForm onSignedIn={vi.fn()} />);
    fillCredentials('auditor', 'x');
    expect((await screen.findByTestId('login-error')).textContent).toContain('无法连接服务器');
  });

  it('does not call the server while a field is empty', async () => {
    const sent = serve({});
    render(<LoginForm onSignedIn={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    expect(await screen.findByText('请输入用户名')).toBeTruthy();
    expect(await screen.findByText('请输入密码')).toBeTruthy();
    expect(sent).toEqual([]);
  });

  it('asks for the TOTP code when the server requires a second factor, then verifies it', async () => {
    const account = { ...ACCOUNT, username: 'auditor', totpEnabled: true };
    const sent = serve({
      'POST /api/auth/login': ok({ account, secondFactorRequired: true }),
      'POST /api/auth/totp/verify': [fail(401, 'TOTP_INVALID', '验证码错误'), noContent],
    });
    const onSignedIn = vi.fn();
    render(<LoginForm onSignedIn={onSignedIn} />);

    fillCredentials('auditor', 'civicgrid');
    const code = await screen.findByLabelText('动态验证码');
    expect(screen.getByText(/auditor/)).toBeTruthy();
    expect(onSignedIn).not.toHaveBeenCalled();

    fireEvent.change(code, { target: { value: '000000' } });
    fireEvent.click(screen.getByRole('button', { name: /验\s*证/ }));
    expect((await screen.findByTestId('login-error')).textContent).toContain('验证码错误');
    expect(onSignedIn).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText('动态验证码'), { target: { value: ' 123456 ' } });
    fireEvent.click(screen.getByRole('button', { name: /验\s*证/ }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(account));
    expect(sent.filter((r) => r.path === '/api/auth/totp/verify').map((r) => r.body)).toEqual([
      { code: '000000' },
      { code: '123456' },
    ]);
  });

  it('refuses a code that is not six digits without asking the server', async () => {
    const sent = serve({
      'POST /api/auth/login': ok({ account: { ...ACCOUNT, totpEnabled: true }, secondFactorRequired: true }),
    });
    render(<LoginForm onSignedIn={vi.fn()} />);
    fillCredentials('gridworker', 'civicgrid');
    fireEvent.change(await screen.findByLabelText('动态验证码'), { target: { value: '12ab' } });
    fireEvent.click(screen.getByRole('button', { name: /验\s*证/ }));
    expect(await screen.findByText('验证码为 6 位数字')).toBeTruthy();
    expect(sent.map((r) => r.path)).toEqual(['/api/auth/login']);
  });

  it('sets up the second factor during sign-in when the account must have one and has none', async () => {
    const account = { ...ACCOUNT, username: 'secadmin', totpEnabled: false };
    const sent = serve({
      'POST /api/auth/login': ok({ account, secondFactorRequired: true }),
      'POST /api/auth/totp/setup': ok({
        secret: 'JBSWY3DPEHPK3PXP',
        otpauthUrl: 'otpauth://totp/CivicGrid:secadmin?secret=JBSWY3DPEHPK3PXP&issuer=CivicGrid',
      }),
      'POST /api/auth/totp/enable': noContent,
    });
    const onSignedIn = vi.fn();
    render(<LoginForm onSignedIn={onSignedIn} />);

    fillCredentials('secadmin', 'civicgrid');
    expect((await screen.findByTestId('totp-secret')).textContent).toContain('JBSWY3DPEHPK3PXP');
    expect(screen.getByTestId('totp-url').textContent).toContain('otpauth://totp/CivicGrid:secadmin');

    fireEvent.change(screen.getByLabelText('动态验证码'), { target: { value: '654321' } });
    fireEvent.click(screen.getByRole('button', { name: /启用并登录/ }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(account));
    expect(sent.find((r) => r.path === '/api/auth/totp/enable')?.body).toEqual({ code: '654321' });
  });

  it('going back from the code step ends the half-open session', async () => {
    const sent = serve({
      'POST /api/auth/login': ok({ account: { ...ACCOUNT, totpEnabled: true }, secondFactorRequired: true }),
      'POST /api/auth/logout': noContent,
    });
    render(<LoginForm onSignedIn={vi.fn()} />);
    fillCredentials('gridworker', 'civicgrid');
    fireEvent.click(await screen.findByRole('button', { name: /返回重新输入密码/ }));
    await waitFor(() => expect(screen.queryByLabelText('动态验证码')).toBeNull());
    const username = screen.getByLabelText('用户名') as HTMLInputElement;
    expect(username.closest('form')?.hidden).toBe(false);
    expect(username.value).toBe('gridworker');
    await waitFor(() => expect(sent.map((r) => r.path)).toContain('/api/auth/logout'));
  });

  it('starts at the code step for a session that still owes its second factor', async () => {
    serve({});
    render(<LoginForm onSignedIn={vi.fn()} pending={{ ...ACCOUNT, totpEnabled: true }} />);
    expect(screen.getByLabelText('动态验证码')).toBeTruthy();
    expect(screen.getByLabelText('密码').closest('form')?.hidden).toBe(true);
  });
});
