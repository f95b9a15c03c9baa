import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test/app.ts';

describe('HTTP conventions', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ settings: { publicRateLimitPerMinute: 5 } });
  });
  after(() => t.close());

  test('health, readiness and metrics answer', async () => {
    assert.equal((await t.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    const ready = await t.inject({ method: 'GET', url: '/readyz', remoteAddress: '10.0.0.9' });
    assert.equal(ready.statusCode, 200);
    assert.equal((ready.json() as { migrations: number }).migrations >= 1, true);
    const metrics = await t.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.0.0.8' });
    assert.equal(metrics.statusCode, 200);
    assert.match(metrics.body, /civicgrid_http_requests_total\{method="GET",route="\/healthz",status="200"\}/);
  });

  test('every response carries a request id, and a caller’s own id is kept', async () => {
    const r = await t.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'phone-abc-123' } });
    assert.equal(r.headers['x-request-id'], 'phone-abc-123');
    const generated = await t.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    assert.match(String(generated.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  test('unknown fields are refused, not silently dropped', async () => {
    const r = await t.inject({
      method: 'POST',
      url: '/api/admin/config/versions',
      headers: { ...t.operator, 'accept-language': 'en-US' },
      payload: {
        key: 'calendar.working-hours',
        divisionCode: '1404',
        effectiveFrom: '2026-12-01',
        value: {},
        colour: 'red',
      },
    });
    assert.equal(r.statusCode, 400);
    const body = r.json() as { error: { code: string; message: string; details: { path: string; rule: string }[] } };
    assert.equal(body.error.code, 'VALIDATION_FAILED');
    assert.equal(body.error.message, 'The request is not valid');
    assert.ok(body.error.details.some((d) => d.rule === 'additionalProperties'));
  });

  test('a JSON body’s types are checked as sent: a number is not a string', async () => {
    const r = await t.inject({
      method: 'POST',
      url: '/api/admin/config/versions',
      headers: t.operator,
      payload: { key: 'calendar.working-hours', divisionCode: 1404, effectiveFrom: '2026-12-01', value: {}, note: 5 },
    });
    assert.equal(r.statusCode, 400);
    const paths = (r.json() as { error: { details: { path: string }[] } }).error.details.map((d) => d.path);
    assert.ok(paths.includes('/note') && paths.includes('/divisionCode'), paths.join());
  });

  test('query values are text and are read as numbers where the schema says so', async () => {
    const r = await t.inject({ method: 'GET', url: '/api/admin/jobs?page=1&pageSize=5', headers: t.operator });
    assert.equal(r.statusCode, 200);
    assert.equal((r.json() as { pageSize: number }).pageSize, 5);
  });

  test('malformed JSON is a 400 in the caller’s language', async () => {
    const r = await t.inject({
      method: 'POST',
      url: '/api/admin/config/versions',
      headers: { ...t.operator, 'content-type': 'application/json' },
      payload: '{"key": ',
    });
    assert.equal(r.statusCode, 400);
    const body = r.json() as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'MALFORMED_BODY');
    assert.match(body.error.message, /请求体无法解析/);
  });

  test('unknown endpoints are JSON 404s', async () => {
    const r = await t.inject({ method: 'GET', url: '/api/nothing-here', headers: { 'accept-language': 'en' } });
    assert.equal(r.statusCode, 404);
    assert.deepEqual(r.json(), {
      error: { code: 'ROUTE_NOT_FOUND', message: 'No such endpoint: GET /api/nothing-here', details: null },
    });
  });

  test('public endpoints are rate limited per client, with a clear message, without affecting others', async () => {
    const flood = '203.0.113.7';
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await t.inject({ method: 'GET', url: '/api/system/status', remoteAddress: flood })).statusCode);
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    const limited = await t.inject({
      method: 'GET',
      url: '/api/system/status',
      remoteAddress: flood,
      headers: { 'accept-language': 'en-US' },
    });
    const body = limited.json() as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'RATE_LIMITED');
    assert.match(body.error.message, /Too many requests; try again in \d+ seconds/);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    const other = await t.inject({ method: 'GET', url: '/api/system/status', remoteAddress: '198.51.100.2' });
    assert.equal(other.statusCode, 200);
  });

  test('the session lists what an anonymous caller and the operator may do', async () => {
    const anon = (await t.inject({ method: 'GET', url: '/api/session', remoteAddress: '192.0.2.50' })).json() as {
      permissions: string[];
    };
    assert.deepEqual(anon.permissions, []);
    const op = (
      await t.inject({ method: 'GET', url: '/api/session', headers: t.operator, remoteAddress: '192.0.2.51' })
    ).json() as {
      actor: { kind: string };
      permissions: string[];
    };
    assert.equal(op.actor.kind, 'operator');
    assert.ok(op.permissions.includes('system.jobs.manage'));
  });

  test('a wrong bearer token is an anonymous caller', async () => {
    const r = await t.inject({ method: 'GET', url: '/api/admin/jobs', headers: { authorization: 'Bearer wrong' } });
    assert.equal(r.statusCode, 401);
  });

  test('the OpenAPI document lists every route with its schemas', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/docs/json' })).json() as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    assert.equal(doc.openapi, '3.0.3');
    for (const p of [
      '/healthz',
      '/readyz',
      '/metrics',
      '/api/system/status',
      '/api/session',
      '/api/admin/jobs',
      '/api/admin/config/versions',
    ]) {
      assert.ok(p in doc.paths, `${p} documented`);
    }
    const ui = await t.inject({ method: 'GET', url: '/docs/' });
    assert.equal(ui.statusCode, 200);
    assert.match(ui.body, /swagger/i);
  });
});
