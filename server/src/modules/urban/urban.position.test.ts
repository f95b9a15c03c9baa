import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createTestApp, demoGridPoint, loginAs, TEST_ENGINE, type TestApp } from '../../../test/app.ts';
import { operatorActor } from '../../platform/access.ts';
import { URBAN_CHECKS, URBAN_WORKFLOW } from './urban.workflow.ts';

type Headers = Record<string, string>;
interface CaseView {
  id: string;
  state: string;
  tasks: { id: string; kind: string; state: string }[];
}
interface HistoryItem {
  action: string;
  inputs: Record<string, unknown>;
}
interface ErrorBody {
  error: { code: string; message: string; details: { problems?: { field: string }[] } | null };
}

/** One degree of latitude on the haversine sphere (platform/geo/measure.ts). */
const M_PER_DEGREE = 111_195;

test('the on-site steps take the worker’s position (现场位置) and name the distance check', () => {
  for (const action of ['verify-confirm', 'verify-refute', 'check-pass', 'check-fail', 'self-resolve']) {
    const a = URBAN_WORKFLOW.actions[action]!;
    assert.equal(a.inputs?.position?.type, 'position', action);
    assert.equal(a.inputs?.position?.required, undefined, `${action}: the position is optional`);
    assert.deepEqual(a.inputs?.position?.label, { 'zh-CN': '现场位置', 'en-US': 'position on site' });
    assert.ok(a.checks?.includes(URBAN_CHECKS.siteDistance), action);
  }
});

describe(`the position on site of 核实, 核查 and 自行处置, and its distance from the case (${TEST_ENGINE})`, () => {
  let t: TestApp;
  let worker: Headers;
  let acceptor: Headers;
  let dutychief: Headers;
  let workerId: string;
  let photos: string[];
  let g: { code: string; lng: number; lat: number };

  before(async () => {
    t = await createTestApp({ demo: true });
    worker = await loginAs(t, 'gridworker');
    acceptor = await loginAs(t, 'acceptor');
    dutychief = await loginAs(t, 'dutychief');
    workerId = (await t.ctx.identity.findByUsername('gridworker'))!.id;
    g = await demoGridPoint(t);
    photos = [];
    for (const colour of ['#6a6', '#888']) {
      const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: colour } })
        .png()
        .toBuffer();
      photos.push(
        (await t.ctx.files.upload(operatorActor(), { content: png, filename: 'site.png', ownerDivision: '140403001' }))
          .id,
      );
    }
  });
  after(() => t.close());

  const north = (metres: number) => ({ lon: g.lng, lat: g.lat + metres / M_PER_DEGREE });
  const post = (url: string, headers: Headers, payload: unknown) =>
    t.inject({ method: 'POST', url, headers, payload: payload as object });
  const history = async (id: string): Promise<HistoryItem[]> => {
    const r = await t.inject({ method: 'GET', url: `/api/cases/${id}/history`, headers: dutychief });
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as HistoryItem[];
  };

  /** A public report at the grid's label point, sent to the demo grid worker for verification. */
  async function toVerify(): Promise<{ id: string; taskId: string }> {
    const r = await post('/api/cases', acceptor, {
      location: { lng: g.lng, lat: g.lat },
      category: { codeSet: 'cjt214.event', code: '0102' },
      description: '路口有暴露垃圾,请核实',
      channel: 'public',
    });
    assert.equal(r.statusCode, 201, r.body);
    const id = (r.json() as CaseView).id;
    const sent = await post(`/api/cases/${id}/actions/send-to-verify`, acceptor, { inputs: { verifier: workerId } });
    assert.equal(sent.statusCode, 200, sent.body);
    const task = (sent.json() as CaseView).tasks.find((x) => x.kind === 'verify' && x.state === 'pending');
    assert.ok(task);
    return { id, taskId: task.id };
  }

  test('a position that is not a WGS84 position is refused, naming the field', async () => {
    const { id, taskId } = await toVerify();
    for (const position of [
      { lon: 200, lat: 36 },
      { lon: 113, lat: -91 },
      { lon: '113', lat: 36 },
      { lon: 113 },
      { lon: 113, lat: 36, accuracy: -1 },
      { lon: 113, lat: 36, altitude: 900 },
      [113, 36],
      'here',
    ]) {
      const r = await post(`/api/cases/${id}/actions/verify-confirm`, worker, {
        taskId,
        inputs: { position },
        attachments: [photos[0]],
      });
      assert.equal(r.statusCode, 400, `${JSON.stringify(position)}: ${r.body}`);
      const body = r.json() as ErrorBody;
      assert.equal(body.error.code, 'ACTION_INPUT_INVALID');
      assert.deepEqual(
        body.error.details?.problems?.map((p) => p.field),
        ['position'],
      );
      assert.match(body.error.message, /现场位置/);
    }
  });

  test('核实 with the worker 120 m from the reported place: the history keeps the position and the distance', async () => {
    const { id, taskId } = await toVerify();
    const here = { ...north(120), accuracy: 15 };
    const r = await post(`/api/cases/${id}/actions/verify-confirm`, worker, {
      taskId,
      inputs: { note: '现场属实', position: here },
      attachments: [photos[0]],
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((r.json() as CaseView).state, 'accepted');
    const step = (await history(id)).find((h) => h.action === 'verify-confirm');
    assert.deepEqual(step?.inputs.position, here);
    assert.equal(step?.inputs.$distanceM, 120);

    // Without a position nothing is measured.
    const other = await toVerify();
    const refuted = await post(`/api/cases/${other.id}/actions/verify-refute`, worker, {
      taskId: other.taskId,
      inputs: { reason: '现场未见垃圾' },
      attachments: [photos[0]],
    });
    assert.equal(refuted.statusCode, 200, refuted.body);
    const plain = (await history(other.id)).find((h) => h.action === 'verify-refute');
    assert.ok(plain);
    assert.equal('$distanceM' in plain.inputs, false);
    assert.equal('position' in plain.inputs, false);
  });

  test('自行处置 carries the position where the worker fixed it; a plain report refuses one', async () => {
    const fixed = await post('/api/cases', worker, {
      action: 'self-resolve',
      location: { lng: g.lng, lat: g.lat },
      position: north(35),
      category: { codeSet: 'cjt214.event', code: '0102' },
      description: '路边垃圾已当场清理',
      attachments: photos,
    });
    assert.equal(fixed.statusCode, 201, fixed.body);
    const [opened] = await history((fixed.json() as CaseView).id);
    assert.equal(opened?.action, 'self-resolve');
    assert.equal(opened?.inputs.$distanceM, 35);

    const report = await post('/api/cases', worker, {
      location: { lng: g.lng, lat: g.lat },
      position: north(5),
      category: { codeSet: 'cjt214.event', code: '0102' },
      description: '路口有暴露垃圾',
    });
    assert.equal(report.statusCode, 400, report.body);
    assert.equal((report.json() as ErrorBody).error.code, 'ACTION_INPUT_INVALID');
  });
});
