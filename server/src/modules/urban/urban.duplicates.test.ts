import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, demoGridPoint, loginAs, TEST_ENGINE, type TestApp } from '../../../test/app.ts';
import { textSimilarity } from './urban.service.ts';

type Json = Record<string, unknown>;
type Headers = Record<string, string>;

test('descriptions are compared by their character bigrams, so Chinese needs no word splitting', () => {
  assert.equal(textSimilarity('东街路口有暴露垃圾', '东街路口有暴露垃圾'), 1);
  assert.ok(textSimilarity('东街路口有暴露垃圾', '东街路口暴露垃圾很多') > 0.6, 'the same problem in other words');
  assert.ok(textSimilarity('东街路口有暴露垃圾', '英雄南路路灯不亮') < 0.1, 'another problem');
  assert.equal(textSimilarity('', '垃圾'), 0);
});

describe(`duplicate reports: offered, merged, split (${TEST_ENGINE})`, () => {
  let t: TestApp;
  const as: Record<string, Headers> = {};
  let point: { lng: number; lat: number };
  let supervisorId: string;

  before(async () => {
    t = await createTestApp({ demo: true });
    for (const name of ['gridworker', 'supervisor', 'acceptor', 'handler', 'admin']) as[name] = await loginAs(t, name);
    const g = await demoGridPoint(t);
    point = { lng: g.lng, lat: g.lat };
    supervisorId = (await t.ctx.identity.findByUsername('supervisor'))!.id;
  });
  after(() => t.close());

  const report = async (who: string, body: Json) => {
    const r = await t.inject({ method: 'POST', url: '/api/cases', headers: as[who]!, payload: body });
    assert.equal(r.statusCode, 201, r.body);
    return r.json() as Json & { id: string; data: Json };
  };
  const post = (who: string, url: string, payload: Json) =>
    t.inject({ method: 'POST', url, headers: as[who]!, payload });
  const history = async (id: string) =>
    (
      (await t.inject({ method: 'GET', url: `/api/cases/${id}/history`, headers: as.acceptor! })).json() as {
        action: string;
        actorRole: string;
      }[]
    ).map((h) => `${h.action}/${h.actorRole}`);

  test('a second report of the same problem 30 m away is offered; merging keeps both reporters and both histories', async () => {
    const first = await report('gridworker', {
      location: point,
      category: { code: '0102' },
      description: '东街路口有暴露垃圾堆放',
    });
    // 30 m north: 30 / 111,320 degrees of latitude.
    const second = await report('supervisor', {
      location: { lng: point.lng, lat: point.lat + 30 / 111_320 },
      category: { code: '0102' },
      description: '东街路口暴露垃圾堆放较多',
    });
    const otherKind = await report('gridworker', {
      location: point,
      category: { code: '0104' },
      description: '东街路口道路不洁',
    });

    const offered = await t.inject({ method: 'GET', url: `/api/cases/${second.id}/duplicates`, headers: as.acceptor! });
    assert.equal(offered.statusCode, 200, offered.body);
    const { candidates } = offered.json() as {
      candidates: { id: string; distanceM: number; similarity: number; score: number }[];
    };
    assert.equal(candidates[0]?.id, first.id, 'the first report heads the list');
    assert.ok(Math.abs((candidates[0]?.distanceM ?? 0) - 30) < 1, `about 30 m apart (${candidates[0]?.distanceM})`);
    assert.ok((candidates[0]?.similarity ?? 0) > 0.5, `alike descriptions (${candidates[0]?.similarity})`);
    assert.ok(!candidates.some((c) => c.id === otherKind.id), 'another subclass at the same place is not offered');

    // Only the acceptor (or the 12345 operator) merges.
    const byHandler = await post('handler', `/api/cases/${second.id}/merge`, { into: first.id });
    assert.equal(byHandler.statusCode, 403, byHandler.body);
    const merged = await post('acceptor', `/api/cases/${second.id}/merge`, { into: first.id, note: '同一处垃圾' });
    assert.equal(merged.statusCode, 200, merged.body);
    const m = merged.json() as Json & { data: Json };
    assert.equal(m.state, 'merged');
    assert.equal(m.data.duplicateOf, first.id);

    const after = (
      await t.inject({ method: 'GET', url: `/api/cases/${first.id}/duplicates`, headers: as.acceptor! })
    ).json() as { merged: { id: string; openedBy: string }[] };
    assert.deepEqual(
      after.merged.map((x) => [x.id, x.openedBy]),
      [[second.id, supervisorId]],
      'the second reporter now follows the first case',
    );
    assert.deepEqual(await history(first.id), ['report/gridworker', 'link-duplicate/acceptor']);
    assert.deepEqual(await history(second.id), ['report/supervisor', 'merge/acceptor']);
    const again = await post('acceptor', `/api/cases/${second.id}/merge`, { into: first.id });
    assert.equal(again.statusCode, 409, 'a merged report is not merged twice');
    const itself = await post('acceptor', `/api/cases/${first.id}/merge`, { into: first.id });
    assert.equal(itself.statusCode, 422, itself.body);

    // A wrong merge is split off again: the report is back to be accepted on its own.
    const split = await post('acceptor', `/api/cases/${second.id}/split`, { reason: '实为两处不同的垃圾点' });
    assert.equal(split.statusCode, 200, split.body);
    assert.equal((split.json() as Json).state, 'reported');
    assert.deepEqual(await history(first.id), [
      'report/gridworker',
      'link-duplicate/acceptor',
      'unlink-duplicate/acceptor',
    ]);
    assert.deepEqual(await history(second.id), ['report/supervisor', 'merge/acceptor', 'split/acceptor']);
    assert.deepEqual((await t.ctx.engine.rebuild({ dryRun: true })).differences, []);
  });
});
