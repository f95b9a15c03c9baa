import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, loginAs, type TestApp } from '../../../test/app.ts';
import { PERMISSIONS } from '../../platform/access.ts';
import { newId } from '../../platform/ids.ts';
import { BUILTIN_ROLES } from './access.catalogue.ts';
import { usccCheckCharacter } from './access.uscc.ts';

type ErrorBody = { error: { code: string; message: string } };

describe('access administration over HTTP', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const send = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) => t.inject({ method, url, headers: { ...t.operator, ...headers }, ...(payload ? { payload } : {}) });

  async function account(division = '1404'): Promise<string> {
    const id = newId();
    const personId = newId();
    const now = t.clock.now();
    await t.ctx.database.query(
      'INSERT INTO person (id, display_name, owner_division, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)',
      [personId, '测试人员', division, now],
    );
    await t.ctx.database.query(
      `INSERT INTO account (id, person_id, username, password_hash, status, failed_attempts, must_change_password,
         password_changed_at, totp_enabled, owner_division, created_at, updated_at)
       VALUES ($1, $2, $3, 'not-a-hash', 'active', 0, false, $4, false, $5, $4, $4)`,
      [id, personId, `u-${id}`, now, division],
    );
    return id;
  }

  test('anonymous callers are asked to sign in, on every route', async () => {
    const routes: [string, string][] = [
      ['GET', '/api/admin/permissions'],
      ['GET', '/api/admin/roles'],
      ['POST', '/api/admin/roles'],
      ['PATCH', '/api/admin/roles/leader'],
      ['GET', '/api/admin/grants'],
      ['POST', '/api/admin/grants'],
      ['POST', `/api/admin/grants/${newId()}/revoke`],
      ['GET', '/api/admin/org-units'],
      ['POST', '/api/admin/org-units'],
      ['GET', `/api/admin/org-units/${newId()}`],
      ['PATCH', `/api/admin/org-units/${newId()}`],
    ];
    for (const [method, url] of routes) {
      const r = await t.inject({ method: method as 'GET', url, payload: method === 'GET' ? undefined : {} });
      assert.equal(r.statusCode, 401, `${method} ${url}: ${r.body}`);
      assert.equal((r.json() as ErrorBody).error.code, 'AUTH_REQUIRED');
    }
  });

  test('the permissions and the built-in roles are listed', async () => {
    const p = await send('GET', '/api/admin/permissions');
    assert.equal(p.statusCode, 200, p.body);
    const perms = (p.json() as { items: { code: string; nameZh: string; nameEn: string }[] }).items;
    assert.deepEqual(
      perms.map((x) => x.code),
      [...PERMISSIONS],
    );
    assert.equal(perms.find((x) => x.code === 'audit.read')?.nameZh, '查看审计日志');

    const r = await send('GET', '/api/admin/roles?pageSize=100');
    assert.equal(r.statusCode, 200, r.body);
    const page = r.json() as { items: { code: string; builtin: boolean; nameZh: string }[]; total: number };
    assert.equal(page.total, BUILTIN_ROLES.length);
    assert.ok(page.items.every((x) => x.builtin));
    assert.equal(page.items.find((x) => x.code === 'dutychief')?.nameZh, '值班长');
  });

  test('a city creates and changes its own role; a built-in role is refused in the caller’s language', async () => {
    const created = await send('POST', '/api/admin/roles', {
      code: 'inspector',
      nameZh: '巡查员',
      nameEn: 'Inspector',
      permissions: ['files.read', 'files.upload'],
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal((created.json() as { builtin: boolean }).builtin, false);

    const patched = await send('PATCH', '/api/admin/roles/inspector', { permissions: ['files.read'] });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.deepEqual((patched.json() as { permissions: string[] }).permissions, ['files.read']);

    const unknown = await send('POST', '/api/admin/roles', {
      code: 'bad',
      nameZh: '坏',
      nameEn: 'Bad',
      permissions: ['cases.delete-everything'],
    });
    assert.equal(unknown.statusCode, 400, unknown.body);

    const en = await send('PATCH', '/api/admin/roles/leader', { nameZh: '首长' }, { 'accept-language': 'en-US' });
    assert.equal(en.statusCode, 409);
    assert.equal((en.json() as ErrorBody).error.code, 'ROLE_BUILTIN');
    assert.match((en.json() as ErrorBody).error.message, /built in and cannot be changed/);
    const zh = await send('PATCH', '/api/admin/roles/leader', { nameZh: '首长' });
    assert.match((zh.json() as ErrorBody).error.message, /系统内置角色/);
  });

  test('org units: created once per idempotency key, read, listed by division and changed', async () => {
    const city = await send('POST', '/api/admin/org-units', {
      name: '长治市人民政府',
      kind: 'government',
      divisionCode: '1404',
    });
    assert.equal(city.statusCode, 201, city.body);
    const cityId = (city.json() as { id: string }).id;

    const first17 = '11140403MB0123456';
    const uscc = first17 + usccCheckCharacter(first17);
    const body = { name: '潞州区人民政府', kind: 'government', divisionCode: '140403', parentId: cityId, uscc };
    const key = { 'idempotency-key': 'luzhou-gov-1' };
    const a = await send('POST', '/api/admin/org-units', body, key);
    const b = await send('POST', '/api/admin/org-units', body, key);
    assert.equal(a.statusCode, 201, a.body);
    assert.equal(b.statusCode, 201);
    assert.equal(b.headers['idempotent-replayed'], 'true');
    const county = a.json() as { id: string; parentId: string; uscc: string; status: string; createdAt: string };
    assert.equal((b.json() as { id: string }).id, county.id);
    assert.equal(county.parentId, cityId);
    assert.equal(county.uscc, uscc);
    assert.equal(county.status, 'active');
    assert.match(county.createdAt, /\+08:00$/);

    const street = await send('POST', '/api/admin/org-units', {
      name: '东街街道办事处',
      kind: 'street_office',
      divisionCode: '140403001',
      parentId: county.id,
    });
    assert.equal(street.statusCode, 201, street.body);

    const got = await send('GET', `/api/admin/org-units/${county.id}`);
    assert.equal(got.statusCode, 200);
    assert.equal((got.json() as { name: string }).name, '潞州区人民政府');

    const list = await send('GET', '/api/admin/org-units?division=140403&sort=divisionCode');
    const names = (list.json() as { items: { name: string }[] }).items.map((u) => u.name);
    assert.deepEqual(names, ['潞州区人民政府', '东街街道办事处']);
    const byName = await send('GET', `/api/admin/org-units?q=${encodeURIComponent('街道')}`);
    assert.deepEqual(
      (byName.json() as { items: { name: string }[] }).items.map((u) => u.name),
      ['东街街道办事处'],
    );
    const children = await send('GET', `/api/admin/org-units?parentId=${cityId}`);
    assert.equal((children.json() as { total: number }).total, 1);

    const renamed = await send('PATCH', `/api/admin/org-units/${county.id}`, { name: '长治市潞州区人民政府' });
    assert.equal(renamed.statusCode, 200, renamed.body);
    const cycle = await send(
      'PATCH',
      `/api/admin/org-units/${cityId}`,
      { parentId: county.id },
      { 'accept-language': 'en-US' },
    );
    assert.equal(cycle.statusCode, 409);
    assert.match(
      (cycle.json() as ErrorBody).error.message,
      /cannot be placed under itself or one of its own sub-units/,
    );

    const missing = await send('GET', `/api/admin/org-units/${newId()}`);
    assert.equal(missing.statusCode, 404);
    assert.equal((missing.json() as ErrorBody).error.code, 'ORG_UNIT_NOT_FOUND');
  });

  test('a unified social credit code with a wrong check character is refused in both languages', async () => {
    const body = { name: '某单位', kind: 'department', divisionCode: '1404', uscc: '91140400MA0GRXXXXX' };
    const en = await send('POST', '/api/admin/org-units', body, { 'accept-language': 'en-US' });
    assert.equal(en.statusCode, 400);
    assert.equal((en.json() as ErrorBody).error.code, 'ORG_UNIT_USCC_INVALID');
    assert.match((en.json() as ErrorBody).error.message, /Unified social credit code 91140400MA0GRXXXXX is not valid/);
    const zh = await send('POST', '/api/admin/org-units', body);
    assert.match((zh.json() as ErrorBody).error.message, /统一社会信用代码 91140400MA0GRXXXXX 无效/);
  });

  test('grants: given, listed for the account and revoked, staying on record', async () => {
    const accountId = await account();
    const given = await send('POST', '/api/admin/grants', {
      accountId,
      roleCode: 'leader',
      scopeKind: 'division',
      scopeValues: ['1404'],
    });
    assert.equal(given.statusCode, 201, given.body);
    const grant = given.json() as { id: string; active: boolean; ownerDivision: string; grantedBy: string };
    assert.equal(grant.active, true);
    assert.equal(grant.ownerDivision, '1404');
    assert.equal(grant.grantedBy, 'operator');

    const revoked = await send('POST', `/api/admin/grants/${grant.id}/revoke`);
    assert.equal(revoked.statusCode, 200, revoked.body);
    assert.equal((revoked.json() as { active: boolean }).active, false);
    const again = await send('POST', `/api/admin/grants/${grant.id}/revoke`, undefined, { 'accept-language': 'en-US' });
    assert.equal(again.statusCode, 409);
    assert.match((again.json() as ErrorBody).error.message, /already revoked at 2026-03-02T10:00:00/);

    const list = await send('GET', `/api/admin/grants?accountId=${accountId}`);
    assert.equal(list.statusCode, 200, list.body);
    const items = (list.json() as { items: { id: string; active: boolean; revokedAt: string | null }[] }).items;
    assert.equal(items.length, 1);
    assert.equal(items[0]!.active, false);
    assert.ok(items[0]!.revokedAt);
    const active = await send('GET', `/api/admin/grants?accountId=${accountId}&active=true`);
    assert.equal((active.json() as { total: number }).total, 0);

    const nobody = await send('POST', '/api/admin/grants', {
      accountId: newId(),
      roleCode: 'leader',
      scopeKind: 'division',
      scopeValues: ['1404'],
    });
    assert.equal(nobody.statusCode, 404, nobody.body);
    assert.equal((nobody.json() as ErrorBody).error.code, 'ACCOUNT_NOT_FOUND');
  });

  test('三员分立 over HTTP: a second administrator role on one account is a conflict', async () => {
    const accountId = await account();
    const grant = (roleCode: string) =>
      send('POST', '/api/admin/grants', { accountId, roleCode, scopeKind: 'division', scopeValues: [''] });
    assert.equal((await grant('secadmin')).statusCode, 201);
    const r = await grant('sysadmin');
    assert.equal(r.statusCode, 409, r.body);
    assert.equal((r.json() as ErrorBody).error.code, 'GRANT_ADMIN_SEPARATED');
  });
});

describe('access administration as the demo administrators (三员分立)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ demo: true });
  });
  after(() => t.close());

  test('the demo org units of Changzhi are there', async () => {
    const r = await t.inject({ method: 'GET', url: '/api/admin/org-units?pageSize=50', headers: t.operator });
    const units = (
      r.json() as { items: { name: string; kind: string; divisionCode: string; parentId: string | null }[] }
    ).items;
    const byName = new Map(units.map((u) => [u.name, u]));
    assert.equal(byName.get('长治市城市管理综合执法局')?.kind, 'department');
    assert.equal(byName.get('长治市数字化城市管理指挥中心')?.kind, 'command_centre');
    assert.equal(byName.get('长治市12345政务服务便民热线')?.divisionCode, '1404');
    assert.equal(byName.get('潞州区人民政府')?.divisionCode, '140403');
    assert.equal(byName.get('潞州区人民调解委员会')?.kind, 'mediation_room');
    assert.equal(units.filter((u) => u.parentId === null).length, 1, 'one tree under the city government');
  });

  test('the security administrator manages grants; the system and audit administrators cannot', async () => {
    const secadmin = await loginAs(t, 'secadmin');
    const admin = await loginAs(t, 'admin');
    const auditor = await loginAs(t, 'auditor');
    const accounts = await t.inject({ method: 'GET', url: '/api/admin/grants?roleCode=handler', headers: secadmin });
    assert.equal(accounts.statusCode, 200, accounts.body);
    const handlerGrant = (accounts.json() as { items: { accountId: string }[] }).items[0];
    assert.ok(handlerGrant, 'the demo handler holds a grant');

    const body = {
      accountId: handlerGrant.accountId,
      roleCode: 'supervisor',
      scopeKind: 'division',
      scopeValues: ['140403'],
    };
    const bySecadmin = await t.inject({ method: 'POST', url: '/api/admin/grants', headers: secadmin, payload: body });
    assert.equal(bySecadmin.statusCode, 201, bySecadmin.body);
    for (const headers of [admin, auditor]) {
      const r = await t.inject({ method: 'POST', url: '/api/admin/grants', headers, payload: body });
      assert.equal(r.statusCode, 403, r.body);
    }
    // The system administrator runs the org units, the security administrator only reads them.
    const unit = { name: '潞州区综治中心', kind: 'command_centre', divisionCode: '140403' };
    const byAdmin = await t.inject({ method: 'POST', url: '/api/admin/org-units', headers: admin, payload: unit });
    assert.equal(byAdmin.statusCode, 201, byAdmin.body);
    const bySec = await t.inject({ method: 'POST', url: '/api/admin/org-units', headers: secadmin, payload: unit });
    assert.equal(bySec.statusCode, 403);
    const read = await t.inject({ method: 'GET', url: '/api/admin/org-units', headers: auditor });
    assert.equal(read.statusCode, 403);
  });

  test('the security administrator cannot grant themselves anything', async () => {
    const secadmin = await loginAs(t, 'secadmin');
    const me = await t.inject({ method: 'GET', url: '/api/auth/me', headers: secadmin });
    const accountId = (me.json() as { account: { id: string } }).account.id;
    const r = await t.inject({
      method: 'POST',
      url: '/api/admin/grants',
      headers: { ...secadmin, 'accept-language': 'en-US' },
      payload: { accountId, roleCode: 'leader', scopeKind: 'division', scopeValues: ['1404'] },
    });
    assert.equal(r.statusCode, 403, r.body);
    assert.equal((r.json() as ErrorBody).error.code, 'GRANT_SELF');
  });
});
