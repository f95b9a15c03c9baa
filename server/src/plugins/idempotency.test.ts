import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test/app.ts';

describe('Idempotency-Key on creating POSTs', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const body = (note: string) => ({
    key: 'calendar.working-hours',
    divisionCode: '140423',
    effectiveFrom: '2026-12-01',
    value: { periods: [{ start: '08:00', end: '12:00' }] },
    note,
  });
  const post = (key: string, payload: object) =>
    t.inject({
      method: 'POST',
      url: '/api/admin/config/versions',
      headers: { ...t.operator, 'idempotency-key': key },
      payload,
    });
  const count = async () =>
    (
      (
        await t.inject({ method: 'GET', url: '/api/admin/config/versions?division=140423', headers: t.operator })
      ).json() as {
        total: number;
      }
    ).total;

  test('the same key and body return the first response and create nothing more', async () => {
    const first = await post('k-1', body('a'));
    const again = await post('k-1', { ...body('a') });
    assert.equal(first.statusCode, 201);
    assert.equal(again.statusCode, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.json(), first.json());
    assert.equal(await count(), 1);
  });

  test('the same key with another body is refused with 422', async () => {
    const r = await post('k-1', body('b'));
    assert.equal(r.statusCode, 422);
    assert.equal((r.json() as { error: { code: string } }).error.code, 'IDEMPOTENCY_KEY_REUSED');
    assert.equal(await count(), 1);
  });

  test('concurrent retries with one key create one record', async () => {
    const payload = { ...body('c'), effectiveFrom: '2027-01-01' };
    const responses = await Promise.all(Array.from({ length: 6 }, () => post('k-concurrent', payload)));
    assert.deepEqual(
      responses.map((r) => r.statusCode),
      [201, 201, 201, 201, 201, 201],
    );
    assert.equal(new Set(responses.map((r) => (r.json() as { id: string }).id)).size, 1);
    assert.equal(await count(), 2);
  });

  test('a refused create leaves the key unused, so a corrected retry can succeed', async () => {
    const bad = await post('k-fix', { ...body('d'), effectiveFrom: '2027-01-01' });
    assert.equal(bad.statusCode, 409, 'that date is taken');
    const good = await post('k-fix', { ...body('d'), effectiveFrom: '2027-02-01' });
    assert.equal(good.statusCode, 201);
  });

  test('keys are forgotten after their retention time', async () => {
    t.clock.advance(73 * 3_600_000);
    const r = await post('k-1', { ...body('a'), effectiveFrom: '2027-06-01' });
    assert.equal(r.statusCode, 201);
    assert.equal(r.headers['idempotent-replayed'], undefined);
  });

  test('a malformed key is a 400', async () => {
    const r = await post('has spaces in it', body('e'));
    assert.equal(r.statusCode, 400);
  });
});
