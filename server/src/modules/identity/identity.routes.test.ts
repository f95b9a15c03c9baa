import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, DEMO_PASSWORD, loginAs, sessionCookie, type TestApp } from '../../../test/app.ts';
import { runSeeders } from '../../db/seeds.ts';
import { operatorActor } from '../../platform/access.ts';
import { SEEDERS } from '../../seeders.ts';
import { totpCode, totpStep } from './identity.totp.ts';

const MINUTE = 60_000;
type Headers = Record<string, string>;

const login = (t: TestApp, username: string, password = DEMO_PASSWORD, extra: object = {}, headers: Headers = {}) =>
  t.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...extra }, headers });
const get = (t: TestApp, url: string, headers: Headers) => t.inject({ method: 'GET', url, headers });
const errorOf = (r: LightMyRequestResponse) => (r.json() as { error: { code: string; message: string } }).error;

interface AuditPage {
  items: {
    action: string;
    outcome: string;
    actorName: string;
    targetId: string | null;
    details: Record<string, unknown>;
  }[];
}

describe('signing in', () => {
  let t: TestApp;
  before(async () => {
    // Behind a TLS-terminating proxy (TRUST_PROXY): X-Forwarded-Proto says whether the browser used HTTPS.
    t = await createTestApp({ demo: true, settings: { trustProxy: true } });
  });
  after(() => t.close());

  test('login sets an HttpOnly, SameSite=Lax session cookie for the whole site, not Secure over plain HTTP', async () => {
    const r = await login(t, 'gridworker');
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.equal(body.account.username, 'gridworker');
    assert.equal(body.account.mustChangePassword, false);
    assert.equal(body.account.totpEnabled, false);
    assert.equal(body.secondFactorRequired, false);
    const cookie = r.cookies.find((c) => c.name === 'cg_session');
    assert.ok(cookie, 'cookie set');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/');
    assert.ok(!cookie.secure);
    assert.ok(cookie.value.length >= 43, 'a 32-byte random token');
  });

  test('over TLS the cookie is Secure as well', async () => {
    const r = await login(t, 'gridworker', DEMO_PASSWORD, {}, { 'x-forwarded-proto': 'https' });
    assert.equal(r.statusCode, 200, r.body);
    const cookie = r.cookies.find((c) => c.name === 'cg_session');
    assert.equal(cookie?.secure, true);
    assert.equal(cookie?.httpOnly, true);
    assert.equal(cookie?.sameSite, 'Lax');
  });

  test('usernames are case-insensitive', async () => {
    assert.equal((await login(t, '  GridWorker ')).statusCode, 200);
  });

  test('/api/auth/me tells the person, account, roles, permissions, scopes and demo mode', async () => {
    const headers = await loginAs(t, 'gridworker');
    const r = await get(t, '/api/auth/me', headers);
    assert.equal(r.statusCode, 200, r.body);
    const me = r.json();
    assert.equal(me.person.displayName, '徐芳');
    assert.equal(me.account.username, 'gridworker');
    assert.deepEqual(me.roles, [{ code: 'gridworker', nameZh: '网格员', nameEn: 'Grid worker' }]);
    assert.ok(me.permissions.includes('people.manage'));
    assert.ok(!me.permissions.includes('audit.read'));
    assert.deepEqual(me.scopes, { divisions: ['140403001'], grids: [], orgUnits: [] });
    assert.equal(me.demo, true);
    assert.equal(me.secondFactorRequired, false);

    const session = (await get(t, '/api/session', headers)).json();
    assert.equal(session.actor.kind, 'user');
    assert.equal(session.actor.displayName, '徐芳');
    assert.ok(session.permissions.includes('people.read'));
  });

  test('the operator token still works, and /api/auth/me is for users only', async () => {
    const session = (await get(t, '/api/session', t.operator)).json();
    assert.equal(session.actor.kind, 'operator');
    const me = await get(t, '/api/auth/me', t.operator);
    assert.equal(me.statusCode, 401);
    assert.equal(errorOf(me).code, 'SESSION_REQUIRED');
    assert.equal((await get(t, '/api/auth/me', {})).statusCode, 401);
  });

  test('a wrong password and an unknown user get the same 401 and the same message', async () => {
    const wrong = await login(t, 'leader', 'not-the-password', {}, { 'accept-language': 'en-US' });
    const unknown = await login(t, 'nobody-here', 'not-the-password', {}, { 'accept-language': 'en-US' });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.deepEqual(errorOf(wrong), errorOf(unknown));
    assert.equal(errorOf(wrong).code, 'INVALID_CREDENTIALS');
    assert.equal(wrong.cookies.length, 0);
    assert.equal(
      errorOf(await login(t, 'leader', 'x', {}, { 'accept-language': 'zh-CN' })).message,
      '用户名或密码错误',
    );
  });

  test('garbage in the login body is a 400, never a 500', async () => {
    for (const payload of [
      {},
      { username: 'admin' },
      { username: 1, password: 2 },
      { username: 'a', password: 'b', x: 1 },
    ]) {
      const r = await t.inject({ method: 'POST', url: '/api/auth/login', payload });
      assert.equal(r.statusCode, 400, JSON.stringify(payload));
    }
  });
});

describe('lockout', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ demo: true });
  });
  after(() => t.close());

  test('five wrong passwords lock the account for 15 minutes; both outcomes are audited', async () => {
    for (let i = 1; i <= 4; i++)
      assert.equal((await login(t, 'dispatcher', 'wrong-password')).statusCode, 401, `try ${i}`);
    const fifth = await login(t, 'dispatcher', 'wrong-password', {}, { 'accept-language': 'en-US' });
    assert.equal(fifth.statusCode, 423, fifth.body);
    assert.equal(errorOf(fifth).code, 'ACCOUNT_LOCKED');
    // Locked at 10:00 Shanghai time, for 15 minutes.
    assert.match(errorOf(fifth).message, /locked until 2026-03-02 10:15/);

    // While locked even the right password is refused.
    const locked = await login(t, 'dispatcher', DEMO_PASSWORD, {}, { 'accept-language': 'zh-CN' });
    assert.equal(locked.statusCode, 423);
    assert.match(errorOf(locked).message, /2026-03-02 10:15/);

    t.clock.advance(14 * MINUTE);
    assert.equal((await login(t, 'dispatcher')).statusCode, 423);
    t.clock.advance(1 * MINUTE + 1000);
    assert.equal((await login(t, 'dispatcher')).statusCode, 200);

    // The count starts afresh after a success: four more failures do not lock.
    for (let i = 0; i < 4; i++) await login(t, 'dispatcher', 'wrong-password');
    assert.equal((await login(t, 'dispatcher')).statusCode, 200);
  });

  test('the audit administrator reads the failures, the lock and the success; the system administrator cannot', async () => {
    const auditor = await loginAs(t, 'auditor');
    const records = async (action: string) => {
      const r = await get(t, `/api/admin/audit?action=${action}&pageSize=100`, auditor);
      assert.equal(r.statusCode, 200, r.body);
      return (r.json() as AuditPage).items.filter((i) => i.actorName === 'dispatcher');
    };
    const failed = await records('auth.login.failed');
    assert.ok(failed.length >= 5 + 2);
    assert.ok(failed.every((r) => r.outcome === 'failure'));
    assert.ok(failed.some((r) => r.details.reason === 'wrong-password'));
    assert.ok(failed.some((r) => r.details.reason === 'locked'));
    const lockedRecords = await records('auth.account.locked');
    assert.equal(lockedRecords.length, 1);
    assert.equal(lockedRecords[0]!.details.failures, 5);
    const succeeded = await records('auth.login.succeeded');
    assert.ok(succeeded.length >= 1);
    assert.ok(succeeded.every((r) => r.outcome === 'success'));

    // 三员分立: the system administrator runs the system but does not read the audit log.
    const admin = await loginAs(t, 'admin');
    const refused = await get(t, '/api/admin/audit', admin);
    assert.equal(refused.statusCode, 403);
    assert.equal(errorOf(refused).code, 'FORBIDDEN');
  });

  test('the system administrator can lift a lock', async () => {
    for (let i = 0; i < 5; i++) await login(t, 'handler', 'wrong-password');
    assert.equal((await login(t, 'handler')).statusCode, 423);
    const admin = await loginAs(t, 'admin');
    const users = (await get(t, '/api/admin/users?q=handler', admin)).json();
    const handler = users.items.find((u: { username: string }) => u.username === 'handler');
    assert.ok(handler.lockedUntil);
    const r = await t.inject({ method: 'POST', url: `/api/admin/users/${handler.id}/unlock`, headers: admin });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().lockedUntil, null);
    assert.equal((await login(t, 'handler')).statusCode, 200);
  });
});

describe('sessions', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ demo: true });
  });
  after(() => t.close());

  const me = async (headers: Headers) => (await get(t, '/api/auth/me', headers)).statusCode;

  test('a session ends after 30 idle minutes; using it keeps it alive', async () => {
    const headers = await loginAs(t, 'leader');
    t.clock.advance(25 * MINUTE);
    assert.equal(await me(headers), 200);
    t.clock.advance(25 * MINUTE); // 50 minutes since sign-in, 25 since last use
    assert.equal(await me(headers), 200);
    t.clock.advance(31 * MINUTE);
    assert.equal(await me(headers), 401);
  });

  test('a session ends 12 hours after sign-in however busy it is', async () => {
    const headers = await loginAs(t, 'leader');
    for (let i = 0; i < 11 * 3; i++) {
      t.clock.advance(20 * MINUTE);
      assert.equal(await me(headers), 200, `after ${(i + 1) * 20} minutes`);
    }
    t.clock.advance(61 * MINUTE - 20 * MINUTE);
    t.clock.advance(20 * MINUTE);
    assert.equal(await me(headers), 401);
  });

  test('logout ends the session on the server, not only in the browser', async () => {
    const headers = await loginAs(t, 'supervisor');
    const out = await t.inject({ method: 'POST', url: '/api/auth/logout', headers });
    assert.equal(out.statusCode, 204);
    const cleared = out.cookies.find((c) => c.name === 'cg_session');
    assert.ok(cleared && cleared.value === '', 'cookie cleared');
    // The same cookie sent again (a copy kept by someone else) opens nothing.
    assert.equal(await me(headers), 401);
    // Logout without a session is harmless.
    assert.equal((await t.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode, 204);
  });

  test('my sessions are listed, and one ended from the list stops working', async () => {
    const phone = await loginAs(t, 'mediator');
    const desk = await t.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'mediator', password: DEMO_PASSWORD },
      headers: { 'user-agent': 'desk-browser' },
    });
    const deskHeaders = { cookie: sessionCookie(desk) };
    const list = await get(t, '/api/auth/sessions', deskHeaders);
    assert.equal(list.statusCode, 200, list.body);
    const items = list.json().items as { id: string; current: boolean; userAgent: string | null }[];
    assert.equal(items.length, 2);
    assert.equal(items.filter((s) => s.current).length, 1);
    assert.equal(items.find((s) => s.current)!.userAgent, 'desk-browser');
    const other = items.find((s) => !s.current)!;

    // Another user cannot end it.
    const stranger = await loginAs(t, 'volunteer');
    assert.equal(
      (await t.inject({ method: 'DELETE', url: `/api/auth/sessions/${other.id}`, headers: stranger })).statusCode,
      404,
    );

    const ended = await t.inject({ method: 'DELETE', url: `/api/auth/sessions/${other.id}`, headers: deskHeaders });
    assert.equal(ended.statusCode, 204);
    assert.equal(await me(phone), 401);
    assert.equal(await me(deskHeaders), 200);
  });

  test('"end my other sessions" keeps only this one', async () => {
    const a = await loginAs(t, 'resident');
    const b = await loginAs(t, 'resident');
    const c = await loginAs(t, 'resident');
    const r = await t.inject({ method: 'POST', url: '/api/auth/sessions/end-others', headers: c });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().ended, 2);
    assert.equal(await me(a), 401);
    assert.equal(await me(b), 401);
    assert.equal(await me(c), 200);
  });

  test('ended sessions are deleted after 30 days by the purge job', async () => {
    const headers = await loginAs(t, 'dispatcher');
    await t.inject({ method: 'POST', url: '/api/auth/logout', headers });
    t.clock.advance(31 * 24 * 60 * MINUTE);
    assert.ok((await t.ctx.identity.purgeSessions(30)) >= 1);
    assert.equal(await t.ctx.identity.purgeSessions(30), 0);
  });

  test('a disabled account loses its sessions at once', async () => {
    const headers = await loginAs(t, 'stationstaff');
    const admin = await loginAs(t, 'admin');
    const users = (await get(t, '/api/admin/users?q=stationstaff', admin)).json();
    const id = users.items[0].id;
    const r = await t.inject({
      method: 'PATCH',
      url: `/api/admin/users/${id}`,
      headers: admin,
      payload: { status: 'disabled' },
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(await me(headers), 401);
    assert.equal((await login(t, 'stationstaff')).statusCode, 403);
  });
});

describe('passwords', () => {
  let t: TestApp;
  let admin: Headers;
  before(async () => {
    t = await createTestApp({ demo: true });
    admin = await loginAs(t, 'admin');
  });
  after(() => t.close());

  const createUser = (payload: object) =>
    t.inject({ method: 'POST', url: '/api/admin/users', headers: admin, payload });
  const change = (headers: Headers, currentPassword: string, newPassword: string, lang = 'en-US') =>
    t.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { ...headers, 'accept-language': lang },
      payload: { currentPassword, newPassword },
    });

  test('the password policy speaks both languages', async () => {
    const headers = await loginAs(t, 'acceptor');
    const cases: [string, string, RegExp, RegExp][] = [
      ['Ab1!x', 'PASSWORD_TOO_SHORT', /at least 10 characters/, /至少需要 10 个字符/],
      ['abcdefghijkm', 'PASSWORD_TOO_SIMPLE', /at least 3 of upper case/, /至少 3 类/],
      ['Acceptor-2026!', 'PASSWORD_CONTAINS_USERNAME', /must not contain the username/, /不能包含用户名/],
      ['Password123!', 'PASSWORD_TOO_COMMON', /too common/, /过于常见/],
    ];
    for (const [password, code, en, zh] of cases) {
      const inEnglish = await change(headers, DEMO_PASSWORD, password, 'en-US');
      assert.equal(inEnglish.statusCode, 400, password);
      assert.equal(errorOf(inEnglish).code, code);
      assert.match(errorOf(inEnglish).message, en);
      const inChinese = await change(headers, DEMO_PASSWORD, password, 'zh-CN');
      assert.match(errorOf(inChinese).message, zh);
    }
  });

  test('changing my password needs the current one and ends my other sessions', async () => {
    const here = await loginAs(t, 'dutychief');
    const elsewhere = await loginAs(t, 'dutychief');
    const wrong = await change(here, 'not-it', 'Duty-Chief-Shift-42');
    assert.equal(wrong.statusCode, 403);
    assert.equal(errorOf(wrong).code, 'CURRENT_PASSWORD_WRONG');
    assert.equal((await change(here, DEMO_PASSWORD, 'Shift-Lead-42-Night')).statusCode, 204);
    assert.equal((await get(t, '/api/auth/me', here)).statusCode, 200);
    assert.equal((await get(t, '/api/auth/me', elsewhere)).statusCode, 401);
    assert.equal((await login(t, 'dutychief')).statusCode, 401);
    assert.equal((await login(t, 'dutychief', 'Shift-Lead-42-Night')).statusCode, 200);
  });

  test('a user created without a password gets a temporary one and must change it before anything else', async () => {
    const created = await createUser({
      username: 'Wang.Fang',
      displayName: '王芳',
      ownerDivision: '140403',
      phone: '13803559999',
    });
    assert.equal(created.statusCode, 201, created.body);
    const user = created.json();
    assert.equal(user.username, 'wang.fang');
    assert.equal(user.mustChangePassword, true);
    assert.equal(typeof user.temporaryPassword, 'string');

    const signedIn = await login(t, 'wang.fang', user.temporaryPassword);
    assert.equal(signedIn.statusCode, 200, signedIn.body);
    assert.equal(signedIn.json().account.mustChangePassword, true);
    const headers = { cookie: sessionCookie(signedIn) };

    // Only /me, /password and /logout until the password is changed; public routes see a user without rights.
    assert.equal((await get(t, '/api/auth/me', headers)).json().account.mustChangePassword, true);
    const blocked = await get(t, '/api/auth/sessions', headers);
    assert.equal(blocked.statusCode, 403);
    assert.equal(errorOf(blocked).code, 'PASSWORD_CHANGE_REQUIRED');
    const session = (await get(t, '/api/session', headers)).json();
    assert.equal(session.actor.kind, 'user');
    assert.deepEqual(session.permissions, []);

    assert.equal((await change(headers, user.temporaryPassword, 'Wang-Fang-Grid-88')).statusCode, 204);
    assert.equal((await get(t, '/api/auth/sessions', headers)).statusCode, 200);
    assert.equal((await get(t, '/api/auth/me', headers)).json().account.mustChangePassword, false);
  });

  test('a create retried with the same Idempotency-Key replays the user, never the one-time password', async () => {
    const payload = { username: 'li.qiang', displayName: '李强', ownerDivision: '140403' };
    const headers = { ...admin, 'idempotency-key': 'create-li-qiang' };
    const first = await t.inject({ method: 'POST', url: '/api/admin/users', headers, payload });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(typeof first.json().temporaryPassword, 'string');
    const again = await t.inject({ method: 'POST', url: '/api/admin/users', headers, payload });
    assert.equal(again.statusCode, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.json().id, first.json().id);
    assert.equal(again.json().temporaryPassword, null);
  });

  test('usernames are unique, whatever their case', async () => {
    const r = await createUser({
      username: 'GRIDWORKER',
      displayName: '重名',
      ownerDivision: '1404',
      password: 'Another-Grid-77',
    });
    assert.equal(r.statusCode, 409);
    assert.equal(errorOf(r).code, 'USERNAME_TAKEN');
  });

  test('users: list, read, rename, reset password; the administrator cannot see or change accounts out of scope', async () => {
    const list = await get(t, '/api/admin/users?division=140403001&sort=username', admin);
    assert.equal(list.statusCode, 200, list.body);
    // The division filter takes the subtree: the town and its communities.
    assert.deepEqual(
      list.json().items.map((u: { username: string }) => u.username),
      ['gridworker', 'mediator', 'resident', 'volunteer'],
    );
    const gridworker = list.json().items[0];
    assert.equal(gridworker.displayName, '徐芳');

    const renamed = await t.inject({
      method: 'PATCH',
      url: `/api/admin/users/${gridworker.id}`,
      headers: admin,
      payload: { displayName: '徐芳芳' },
    });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(renamed.json().displayName, '徐芳芳');
    assert.equal((await get(t, `/api/admin/users/${gridworker.id}`, admin)).json().displayName, '徐芳芳');

    const session = await loginAs(t, 'gridworker');
    const reset = await t.inject({
      method: 'POST',
      url: `/api/admin/users/${gridworker.id}/reset-password`,
      headers: admin,
    });
    assert.equal(reset.statusCode, 200, reset.body);
    const { temporaryPassword } = reset.json();
    assert.equal((await get(t, '/api/auth/me', session)).statusCode, 401, 'sessions end on reset');
    const again = await login(t, 'gridworker', temporaryPassword);
    assert.equal(again.json().account.mustChangePassword, true);

    // Without identity.users.* a user sees no accounts.
    const leader = await loginAs(t, 'leader');
    assert.equal((await get(t, '/api/admin/users', leader)).statusCode, 403);
  });

  test("a county's system administrator sees and manages only that county's accounts", async () => {
    const created = await createUser({
      username: 'luzhou.admin',
      displayName: '潞州区系统管理员',
      ownerDivision: '140403',
      password: 'Luzhou-Admin-2026',
      mustChangePassword: false,
    });
    assert.equal(created.statusCode, 201, created.body);
    await t.ctx.access.grant(operatorActor(), {
      accountId: created.json().id,
      roleCode: 'sysadmin',
      scopeKind: 'division',
      scopeValues: ['140403'],
    });
    const county = await loginAs(t, 'luzhou.admin', 'Luzhou-Admin-2026');
    const seen = (await get(t, '/api/admin/users?pageSize=200', county)).json();
    assert.ok(seen.items.length > 0);
    assert.ok(seen.items.every((u: { ownerDivision: string }) => u.ownerDivision.startsWith('140403')));
    const all = (await get(t, '/api/admin/users?pageSize=200', admin)).json();
    const leader = all.items.find((u: { username: string }) => u.username === 'leader');
    assert.equal((await get(t, `/api/admin/users/${leader.id}`, county)).statusCode, 404);
    const patch = await t.inject({
      method: 'PATCH',
      url: `/api/admin/users/${leader.id}`,
      headers: county,
      payload: { status: 'disabled' },
    });
    assert.equal(patch.statusCode, 404);
    const outside = await t.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: county,
      payload: { username: 'city.clerk', displayName: '市级人员', ownerDivision: '1404', password: 'City-Clerk-2026' },
    });
    assert.equal(outside.statusCode, 403);
    assert.equal(errorOf(outside).code, 'OUT_OF_SCOPE');
  });
});

describe('second factor (TOTP)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ demo: true });
  });
  after(() => t.close());

  const post = (url: string, headers: Headers, payload?: object) =>
    t.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
  const codeAt = (secret: string, offsetSteps = 0) => totpCode(secret, totpStep(t.clock.now()) + offsetSteps);

  test('set up, enable, then sign in with a code; a code is never accepted twice', async () => {
    const headers = await loginAs(t, 'operator');
    const setup = await post('/api/auth/totp/setup', headers);
    assert.equal(setup.statusCode, 200, setup.body);
    const { secret, otpauthUrl } = setup.json();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.ok(otpauthUrl.startsWith('otpauth://totp/CivicGrid:operator?'));

    const wrong = await post('/api/auth/totp/enable', headers, {
      code: '000000' === codeAt(secret) ? '111111' : '000000',
    });
    assert.equal(wrong.statusCode, 401);
    assert.equal(errorOf(wrong).code, 'TOTP_INVALID');
    assert.equal((await post('/api/auth/totp/enable', headers, { code: codeAt(secret) })).statusCode, 204);
    assert.equal((await get(t, '/api/auth/me', headers)).json().account.totpEnabled, true);
    // Setting up another authenticator would let a password alone replace this one.
    assert.equal((await post('/api/auth/totp/setup', headers)).statusCode, 409);

    // Next sign-in: the password alone opens only the second step.
    t.clock.advance(30_000);
    const first = await login(t, 'operator');
    assert.equal(first.statusCode, 200);
    assert.equal(first.json().secondFactorRequired, true);
    const pending = { cookie: sessionCookie(first) };
    const people = await get(t, '/api/people', pending);
    assert.equal(people.statusCode, 403);
    assert.equal(errorOf(people).code, 'SECOND_FACTOR_REQUIRED');
    assert.equal((await get(t, '/api/auth/me', pending)).json().secondFactorRequired, true);

    const code = codeAt(secret);
    assert.equal((await post('/api/auth/totp/verify', pending, { code })).statusCode, 204);
    assert.equal((await get(t, '/api/people', pending)).statusCode, 200);

    // The same code again (seen over a shoulder) is refused, even within its 30 seconds.
    const second = await login(t, 'operator');
    const replay = await post('/api/auth/totp/verify', { cookie: sessionCookie(second) }, { code });
    assert.equal(replay.statusCode, 401);
    assert.equal(errorOf(replay).code, 'TOTP_INVALID');
    const replayAtLogin = await login(t, 'operator', DEMO_PASSWORD, { totp: code });
    assert.equal(replayAtLogin.statusCode, 401);

    // The code can also come with the password, in one step.
    t.clock.advance(30_000);
    const oneStep = await login(t, 'operator', DEMO_PASSWORD, { totp: codeAt(secret) });
    assert.equal(oneStep.statusCode, 200, oneStep.body);
    assert.equal(oneStep.json().secondFactorRequired, false);

    // Turning it off needs a fresh code.
    t.clock.advance(30_000);
    const full = { cookie: sessionCookie(oneStep) };
    assert.equal((await post('/api/auth/totp/disable', full, { code: codeAt(secret) })).statusCode, 204);
    assert.equal((await login(t, 'operator')).json().secondFactorRequired, false);
  });

  test('wrong codes count as failed sign-ins and lock the account', async () => {
    const headers = await loginAs(t, 'acceptor');
    const { secret } = (await post('/api/auth/totp/setup', headers)).json();
    assert.equal((await post('/api/auth/totp/enable', headers, { code: codeAt(secret) })).statusCode, 204);
    const pending = { cookie: sessionCookie(await login(t, 'acceptor')) };
    const bad = (n: number) => String((Number(codeAt(secret)) + 500_000 + n) % 1_000_000).padStart(6, '0');
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await post('/api/auth/totp/verify', pending, { code: bad(i) })).statusCode);
    assert.deepEqual(statuses, [401, 401, 401, 401, 423]);
    assert.equal((await get(t, '/api/auth/me', pending)).statusCode, 401, 'the waiting session ended with the lock');
  });
});

describe('administrators outside demo mode', () => {
  let t: TestApp;
  before(async () => {
    // The demo accounts, but with demo mode off: the three administrators must use a second factor.
    t = await createTestApp({ demo: true, settings: { demo: false } });
  });
  after(() => t.close());

  test('an administrator without TOTP cannot use admin routes until one is set up', async () => {
    const r = await login(t, 'admin');
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().secondFactorRequired, true);
    assert.equal(r.json().account.totpEnabled, false);
    const headers = { cookie: sessionCookie(r) };
    for (const url of ['/api/admin/users', '/api/admin/jobs', '/api/auth/sessions']) {
      const refused = await get(t, url, headers);
      assert.equal(refused.statusCode, 403, url);
      assert.equal(errorOf(refused).code, 'SECOND_FACTOR_REQUIRED', url);
    }
    assert.equal((await get(t, '/api/session', headers)).json().permissions.length, 0);

    const { secret } = (await t.inject({ method: 'POST', url: '/api/auth/totp/setup', headers })).json();
    const code = totpCode(secret, totpStep(t.clock.now()));
    const enabled = await t.inject({ method: 'POST', url: '/api/auth/totp/enable', headers, payload: { code } });
    assert.equal(enabled.statusCode, 204, enabled.body);
    assert.equal((await get(t, '/api/admin/users', headers)).statusCode, 200);

    // And it cannot be turned off again.
    t.clock.advance(30_000);
    const off = await t.inject({
      method: 'POST',
      url: '/api/auth/totp/disable',
      headers,
      payload: { code: totpCode(secret, totpStep(t.clock.now())) },
    });
    assert.equal(off.statusCode, 409);
    assert.equal(errorOf(off).code, 'TOTP_REQUIRED_FOR_ROLE');
  });

  test('other roles need no second factor', async () => {
    const r = await login(t, 'gridworker');
    assert.equal(r.json().secondFactorRequired, false);
    assert.equal(r.json().account.totpEnabled, false);
    assert.equal((await get(t, '/api/people', { cookie: sessionCookie(r) })).statusCode, 200);
  });
});

describe('first start outside demo mode', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('creates only admin, with a one-time password that must be changed', async () => {
    const printed: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => printed.push(args.join(' '));
    try {
      await runSeeders(t.ctx, SEEDERS, { demo: false });
      await runSeeders(t.ctx, SEEDERS, { demo: false }); // once only
    } finally {
      console.log = log;
    }
    assert.equal(printed.length, 1);
    const password = /password: (\S+)/.exec(printed[0]!)?.[1];
    assert.ok(password);
    const users = (await get(t, '/api/admin/users', t.operator)).json();
    assert.deepEqual(
      users.items.map((u: { username: string }) => u.username),
      ['admin'],
    );
    assert.equal(users.items[0].mustChangePassword, true);
    assert.equal((await login(t, 'secadmin')).statusCode, 401);
    const r = await login(t, 'admin', password);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().account.mustChangePassword, true);
    assert.equal(r.json().secondFactorRequired, true);
  });
});
