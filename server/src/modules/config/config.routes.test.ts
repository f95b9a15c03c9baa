import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../../test/app.ts';

const KEY = 'calendar.working-hours';
const summer = {
  periods: [
    { start: '08:30', end: '12:00' },
    { start: '15:00', end: '18:30' },
  ],
};
const qinyuan = {
  periods: [
    { start: '08:00', end: '12:00' },
    { start: '15:00', end: '18:00' },
  ],
};
const winter = {
  periods: [
    { start: '09:00', end: '12:00' },
    { start: '14:00', end: '17:30' },
  ],
};

describe('versioned domain configuration', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ now: '2026-03-02T02:00:00Z' }); // 10:00 on 2 March in Shanghai
  });
  after(() => t.close());

  const add = (body: object, headers: Record<string, string> = {}) =>
    t.inject({
      method: 'POST',
      url: '/api/admin/config/versions',
      headers: { ...t.operator, ...headers },
      payload: body,
    });
  const resolve = async (division: string, at: string) => {
    const r = await t.inject({
      method: 'GET',
      url: `/api/admin/config/resolve?key=${KEY}&division=${division}&at=${at}`,
      headers: t.operator,
    });
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as { value: unknown; source: { divisionCode: string | null; effectiveFrom: string | null } };
  };

  test('without any version, the built-in default applies everywhere', async () => {
    const r = await resolve('140403001', '2026-03-02');
    assert.deepEqual(r.value, {
      periods: [
        { start: '08:30', end: '12:00' },
        { start: '14:30', end: '18:00' },
      ],
    });
    assert.equal(r.source.divisionCode, null);
  });

  test('a value changed with an effective date applies from that date only', async () => {
    const created = await add({
      key: KEY,
      divisionCode: '1404',
      effectiveFrom: '2026-05-01',
      value: summer,
      note: '夏季作息',
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal((await resolve('1404', '2026-04-30')).source.divisionCode, null);
    assert.deepEqual((await resolve('1404', '2026-05-01')).value, summer);
    // A town inherits the city's value.
    assert.deepEqual((await resolve('140403001', '2026-07-15')).value, summer);
  });

  test('a county override wins over the city value, and only in that county', async () => {
    const created = await add({ key: KEY, divisionCode: '140431', effectiveFrom: '2026-05-01', value: qinyuan });
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual((await resolve('140431', '2026-06-01')).value, qinyuan);
    assert.deepEqual(
      (await resolve('140431101', '2026-06-01')).value,
      qinyuan,
      'a town of the county inherits the override',
    );
    assert.deepEqual((await resolve('140403', '2026-06-01')).value, summer, 'another county keeps the city value');
  });

  test('a later version closes the period of the one before it, and history stays as it was', async () => {
    assert.equal(
      (await add({ key: KEY, divisionCode: '1404', effectiveFrom: '2026-10-01', value: winter })).statusCode,
      201,
    );
    assert.deepEqual((await resolve('1404', '2026-09-30')).value, summer);
    assert.deepEqual((await resolve('1404', '2026-10-01')).value, winter);
    const list = await t.inject({
      method: 'GET',
      url: `/api/admin/config/versions?key=${KEY}&division=1404&sort=effectiveFrom`,
      headers: t.operator,
    });
    const items = (list.json() as { items: { effectiveFrom: string; effectiveTo: string | null }[] }).items;
    assert.deepEqual(
      items.map((v) => [v.effectiveFrom, v.effectiveTo]),
      [
        ['2026-05-01', '2026-10-01'],
        ['2026-10-01', null],
      ],
    );
  });

  test('a version inserted between two existing ones ends where the next begins', async () => {
    assert.equal(
      (await add({ key: KEY, divisionCode: '1404', effectiveFrom: '2026-08-01', value: qinyuan })).statusCode,
      201,
    );
    const list = await t.inject({
      method: 'GET',
      url: `/api/admin/config/versions?key=${KEY}&division=1404&sort=effectiveFrom`,
      headers: t.operator,
    });
    const items = (list.json() as { items: { effectiveFrom: string; effectiveTo: string | null }[] }).items;
    assert.deepEqual(
      items.map((v) => [v.effectiveFrom, v.effectiveTo]),
      [
        ['2026-05-01', '2026-08-01'],
        ['2026-08-01', '2026-10-01'],
        ['2026-10-01', null],
      ],
    );
  });

  test('rules already in force cannot be rewritten: a past effective date is refused in the caller’s language', async () => {
    const r = await add(
      { key: KEY, divisionCode: '1404', effectiveFrom: '2026-01-01', value: winter },
      { 'accept-language': 'en-US' },
    );
    assert.equal(r.statusCode, 409);
    const body = r.json() as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'CONFIG_PAST_DATE');
    assert.match(body.error.message, /before today \(2026-03-02\)/);
    const zh = await add({ key: KEY, divisionCode: '1404', effectiveFrom: '2026-01-01', value: winter });
    assert.match((zh.json() as { error: { message: string } }).error.message, /早于今天/);
  });

  test('last year’s figures keep last year’s rules once the clock moves on', async () => {
    t.clock.set('2027-02-01T02:00:00Z');
    assert.deepEqual((await resolve('1404', '2026-06-01')).value, summer);
    assert.deepEqual((await resolve('1404', '2027-02-01')).value, winter);
    t.clock.set('2026-03-02T02:00:00Z');
  });

  test('a value that does not fit the setting is refused with the offending path', async () => {
    const r = await add({
      key: KEY,
      divisionCode: '1404',
      effectiveFrom: '2026-12-01',
      value: { periods: [{ start: '25:00', end: '12:00' }] },
    });
    assert.equal(r.statusCode, 400);
    const body = r.json() as { error: { code: string; details: { path: string }[] } };
    assert.equal(body.error.code, 'CONFIG_VALUE_INVALID');
    assert.ok(body.error.details.some((d) => d.path.startsWith('/periods/0/start')));
  });

  test('an unknown key is a 404, not a silent default', async () => {
    const r = await t.inject({
      method: 'GET',
      url: '/api/admin/config/resolve?key=no.such-key&division=1404',
      headers: t.operator,
    });
    assert.equal(r.statusCode, 404);
    assert.equal((r.json() as { error: { code: string } }).error.code, 'CONFIG_KEY_UNKNOWN');
  });

  test('a future version can be withdrawn and the previous one runs on', async () => {
    const created = await add({ key: KEY, divisionCode: '140431', effectiveFrom: '2026-11-01', value: winter });
    const { id } = created.json() as { id: string };
    assert.deepEqual((await resolve('140431', '2026-12-01')).value, winter);
    const del = await t.inject({ method: 'DELETE', url: `/api/admin/config/versions/${id}`, headers: t.operator });
    assert.equal(del.statusCode, 204);
    assert.deepEqual((await resolve('140431', '2026-12-01')).value, qinyuan);
  });

  test('anonymous callers cannot read or change configuration', async () => {
    const r = await t.inject({ method: 'GET', url: '/api/admin/config/keys' });
    assert.equal(r.statusCode, 401);
    const w = await t.inject({ method: 'POST', url: '/api/admin/config/versions', payload: { key: KEY } });
    assert.equal(w.statusCode, 401);
  });
});
