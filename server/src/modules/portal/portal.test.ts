import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createTestApp, demoGridPoint, loginAs, TEST_ENGINE, type TestApp } from '../../../test/app.ts';
import { operatorActor } from '../../platform/access.ts';
import { formatTrackingCode, newTrackingCode, parseTrackingCode } from './portal.codes.ts';
import { PortalPublicMap, PortalReportLimit } from './portal.registry.ts';

type Headers = Record<string, string>;
interface Challenge {
  question: string;
  token: string;
}
interface Tracked {
  code: string;
  status: { key: string; name: string };
  canRate: boolean;
  version: number;
  history: { step: string; name: string; unit: string | null; detail: string | null }[];
}

/** The answer a person would give: the two numbers of the question, added. */
function solve(c: Challenge): string {
  const [a, b] = (c.question.match(/\d+/g) ?? []).map(Number);
  return String((a ?? 0) + (b ?? 0));
}

describe('tracking codes', () => {
  test('12 characters with a check character, grouped by four; typed loosely, read strictly', () => {
    const code = newTrackingCode();
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{12}$/);
    const printed = formatTrackingCode(code);
    assert.match(printed, /^.{4}-.{4}-.{4}$/);
    assert.equal(parseTrackingCode(printed.toLowerCase().replace('-', ' ')), code);
    const wrong = code.slice(0, 11) + (code[11] === '0' ? '1' : '0');
    assert.equal(parseTrackingCode(wrong), null, 'a mistyped character fails the check');
  });
});

describe(`citizen portal (${TEST_ENGINE})`, () => {
  let t: TestApp;
  const as: Record<string, Headers> = {};
  let point: { lng: number; lat: number; communityCode: string };
  let photo: string;

  before(async () => {
    t = await createTestApp({ demo: true });
    for (const name of ['acceptor', 'dutychief', 'dispatcher', 'handler', 'gridworker'])
      as[name] = await loginAs(t, name);
    point = await demoGridPoint(t);
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#6a6' } })
      .png()
      .toBuffer();
    photo = (
      await t.ctx.files.upload(operatorActor(), { content: png, filename: 'after.png', ownerDivision: '140403' })
    ).id;
  });
  after(() => t.close());

  async function challenge(ip = '10.0.0.1'): Promise<{ token: string; answer: string }> {
    const r = await t.inject({ method: 'GET', url: '/api/portal/challenge', remoteAddress: ip });
    assert.equal(r.statusCode, 200, r.body);
    const c = r.json() as Challenge;
    assert.match(c.question, /^\d+ 加 \d+ 等于几\?$/);
    return { token: c.token, answer: solve(c) };
  }

  function report(ip: string, body: Record<string, unknown>, headers: Headers = {}) {
    return t.inject({ method: 'POST', url: '/api/portal/reports', remoteAddress: ip, headers, payload: body });
  }

  const base = () => ({
    location: { lng: point.lng, lat: point.lat },
    category: '0104',
    description: '府后街人行道上满是落叶和泥沙',
  });

  async function act(id: string, who: string, action: string, body: Record<string, unknown> = {}) {
    const r = await t.inject({
      method: 'POST',
      url: `/api/cases/${id}/actions/${action}`,
      headers: as[who]!,
      payload: body,
    });
    assert.equal(r.statusCode, 200, `${who} ${action}: ${r.body}`);
    return r.json() as { id: string; state: string; tasks: { id: string; kind: string; closedAt: string | null }[] };
  }

  test('done when 4: report anonymously with a photo, follow by code, see it closed, rate it into 回访', async () => {
    const ip = '10.0.1.1';
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#a63' } })
      .jpeg()
      .toBuffer();
    const boundary = 'portalboundary';
    const form = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="leaves.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const uploaded = await t.inject({
      method: 'POST',
      url: '/api/portal/photos',
      remoteAddress: ip,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: form,
    });
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    const up = uploaded.json() as { id: string; uploadToken: string };

    const created = await report(ip, {
      ...base(),
      anonymous: true,
      challenge: await challenge(ip),
      photos: { uploadToken: up.uploadToken, ids: [up.id] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const { code } = created.json() as { code: string };
    assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const track = async (typed = code) => {
      const r = await t.inject({ method: 'GET', url: `/api/portal/track/${encodeURIComponent(typed)}` });
      assert.equal(r.statusCode, 200, r.body);
      return r.json() as Tracked;
    };
    const first = await track(code.toLowerCase().replaceAll('-', ''));
    assert.equal(first.status.name, '受理中');
    assert.deepEqual(
      first.history.map((h) => h.name),
      ['市民上报'],
    );

    const [row] = await t.ctx.database.query<{ case_id: string }>('select case_id from portal_report where code = $1', [
      code.replaceAll('-', ''),
    ]);
    const id = row!.case_id;
    const detail = await t.inject({ method: 'GET', url: `/api/cases/${id}/history`, headers: as.acceptor! });
    const opening = (detail.json() as { action: string; actorName: string; attachments: string[] }[])[0]!;
    assert.match(opening.actorName, /匿名市民/);
    assert.deepEqual(opening.attachments, [up.id], 'the photo is on the report');

    const early = await t.inject({
      method: 'POST',
      url: `/api/portal/track/${code}/rating`,
      payload: { satisfaction: 'satisfied' },
    });
    assert.equal(early.statusCode, 409, early.body);
    assert.equal((early.json() as { error: { code: string } }).error.code, 'PORTAL_NOT_CLOSED');

    // The staff take it to closed (as in urban.queues.test.ts).
    await act(id, 'acceptor', 'accept');
    await act(id, 'dutychief', 'register');
    const proposal = (
      await t.inject({ method: 'GET', url: `/api/cases/${id}/dispatch-proposal`, headers: as.dispatcher! })
    ).json() as { lead: string; limit: unknown };
    await act(id, 'dispatcher', 'dispatch', { inputs: { lead: proposal.lead, limit: proposal.limit } });
    assert.equal((await track()).status.name, '处置中');
    const leadTask = async () => {
      const c = (await t.inject({ method: 'GET', url: `/api/cases/${id}`, headers: as.dispatcher! })).json() as {
        tasks: { id: string; kind: string; closedAt: string | null }[];
      };
      return c.tasks.find((x) => x.kind === 'lead' && x.closedAt === null)!.id;
    };
    await act(id, 'handler', 'sign', { taskId: await leadTask() });
    await act(id, 'handler', 'feedback', {
      taskId: await leadTask(),
      inputs: { note: '已清扫干净' },
      attachments: [photo],
    });
    const gridworker = await t.ctx.identity.findByUsername('gridworker');
    const checking = await act(id, 'dispatcher', 'request-check', { inputs: { checker: gridworker?.id } });
    const checkTask = checking.tasks.find((x) => x.kind === 'check' && x.closedAt === null)!.id;
    const onSite = await t.inject({
      method: 'POST',
      url: '/api/attachments',
      headers: { ...as.gridworker!, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: form,
    });
    assert.equal(onSite.statusCode, 201, onSite.body);
    await act(id, 'gridworker', 'check-pass', {
      taskId: checkTask,
      attachments: [(onSite.json() as { id: string }).id],
    });
    await act(id, 'dutychief', 'close', { inputs: { closureType: 'normal' } });

    const closed = await track();
    assert.equal(closed.status.name, '已办结');
    assert.equal(closed.canRate, true);
    assert.ok(
      closed.history.some((h) => h.step === 'dispatch' && h.unit === '潞州区环境卫生服务中心'),
      'unit named',
    );
    assert.ok(!JSON.stringify(closed).includes('已清扫干净'), 'no internal notes');
    assert.ok(!JSON.stringify(closed).includes('徐芳'), 'no names of people');

    const rated = await t.inject({
      method: 'POST',
      url: `/api/portal/track/${code}/rating`,
      payload: { satisfaction: 'dissatisfied', comment: '树叶又堆起来了' },
    });
    assert.equal(rated.statusCode, 200, rated.body);
    assert.equal((rated.json() as Tracked).history.at(-1)?.detail, '不满意');
    const history = (
      await t.inject({ method: 'GET', url: `/api/cases/${id}/history`, headers: as.dutychief! })
    ).json() as { action: string; inputs: Record<string, unknown> }[];
    const followUp = history.find((h) => h.action === 'follow-up');
    assert.equal(followUp?.inputs.satisfaction, 'dissatisfied');
    assert.equal(followUp?.inputs.comment, '树叶又堆起来了');

    const again = await t.inject({
      method: 'POST',
      url: `/api/portal/track/${code}/rating`,
      headers: { 'accept-language': 'en-US' },
      payload: { satisfaction: 'satisfied' },
    });
    assert.equal(again.statusCode, 409, again.body);
    assert.equal((again.json() as { error: { code: string } }).error.code, 'PORTAL_ALREADY_RATED');
    // Dissatisfied: the duty chief may redo it.
    const c = (await t.inject({ method: 'GET', url: `/api/cases/${id}`, headers: as.dutychief! })).json() as {
      actions: { action: string }[];
    };
    assert.ok(c.actions.some((a) => a.action === 'redo'));
  });

  test('done when 5: a flood from one client is refused with a clear message; others go on', async () => {
    const { perHour } = PortalReportLimit.default;
    for (let i = 0; i < perHour; i++) {
      const r = await report('10.0.2.1', { ...base(), challenge: await challenge('10.0.2.1') });
      assert.equal(r.statusCode, 201, r.body);
    }
    const flood = await report('10.0.2.1', { ...base(), challenge: await challenge('10.0.2.1') });
    assert.equal(flood.statusCode, 429, flood.body);
    const err = (flood.json() as { error: { code: string; message: string; details: { retryAfter: number } } }).error;
    assert.equal(err.code, 'PORTAL_TOO_MANY_REPORTS');
    assert.match(err.message, /每小时最多提交 5 条举报,请在 \d\d:\d\d\(\d+ 分钟后\)再试/);
    assert.ok(Number(flood.headers['retry-after']) > 0);
    assert.equal(String(err.details.retryAfter), flood.headers['retry-after']);
    const en = await report(
      '10.0.2.1',
      { ...base(), challenge: await challenge('10.0.2.1') },
      { 'accept-language': 'en-US' },
    );
    assert.equal(en.statusCode, 429);
    assert.match((en.json() as { error: { message: string } }).error.message, /^Too many reports: at most 5 an hour/);

    const other = await report('10.0.2.2', { ...base(), challenge: await challenge('10.0.2.2') });
    assert.equal(other.statusCode, 201, `another client is not affected: ${other.body}`);
  });

  test('the challenge: a wrong answer uses it up, a right one works once, an Idempotency-Key replays', async () => {
    const ip = '10.0.3.1';
    const c = await challenge(ip);
    const wrong = await report(ip, { ...base(), challenge: { ...c, answer: String(Number(c.answer) + 1) } });
    assert.equal(wrong.statusCode, 422);
    assert.equal((wrong.json() as { error: { code: string } }).error.code, 'PORTAL_CHALLENGE_WRONG');
    const after = await report(ip, { ...base(), challenge: c });
    assert.equal((after.json() as { error: { code: string } }).error.code, 'PORTAL_CHALLENGE_USED');

    const fresh = await challenge(ip);
    const body = { ...base(), challenge: fresh };
    const first = await report(ip, body, { 'idempotency-key': 'portal-once' });
    assert.equal(first.statusCode, 201, first.body);
    const retry = await report(ip, body, { 'idempotency-key': 'portal-once' });
    assert.equal(retry.statusCode, 201);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.equal((retry.json() as { code: string }).code, (first.json() as { code: string }).code);
    const reused = await report(ip, body);
    assert.equal((reused.json() as { error: { code: string } }).error.code, 'PORTAL_CHALLENGE_USED');

    const named = await report('10.0.3.2', {
      ...base(),
      contact: { name: '王小明', phone: '13800138000' },
      challenge: await challenge('10.0.3.2'),
    });
    assert.equal(named.statusCode, 201, named.body);
    const namedCode = (named.json() as { code: string }).code;
    const [sealed] = await t.ctx.database.query<{ contact: unknown }>(
      'select contact from portal_report where code = $1',
      [namedCode.replaceAll('-', '')],
    );
    assert.ok(sealed?.contact && !JSON.stringify(sealed.contact).includes('13800138000'), 'the contact is sealed');
    const seen = await t.inject({ method: 'GET', url: `/api/portal/track/${namedCode}` });
    assert.ok(!seen.body.includes('王小明') && !seen.body.includes('13800138000'), 'never shown on the portal');

    const unknown = await t.inject({ method: 'GET', url: '/api/portal/track/0000-0000-0000' });
    assert.equal(unknown.statusCode, 404);
    assert.match((unknown.json() as { error: { message: string } }).error.message, /查询码/);
  });

  test('reference for the report form: categories and the service area, without signing in', async () => {
    const zh = await t.inject({ method: 'GET', url: '/api/portal/categories' });
    assert.equal(zh.statusCode, 200, zh.body);
    const { classes } = zh.json() as {
      classes: { code: string; name: string; subclasses: { code: string; name: string; hint: string | null }[] }[];
    };
    const appearance = classes.find((c) => c.code === '01');
    assert.equal(appearance?.name, '市容环境');
    const unclean = appearance?.subclasses.find((s) => s.code === '0104');
    assert.equal(unclean?.name, '道路不洁');
    assert.match(unclean?.hint ?? '', /污物/);
    assert.ok(
      classes.every((c) => c.subclasses.length > 0 && c.subclasses.every((s) => s.code.startsWith(c.code))),
      'subclasses under their class',
    );
    const en = await t.inject({
      method: 'GET',
      url: '/api/portal/categories',
      headers: { 'accept-language': 'en-US' },
    });
    const enClasses = (en.json() as { classes: typeof classes }).classes;
    assert.equal(
      enClasses.find((c) => c.code === '01')?.subclasses.find((s) => s.code === '0104')?.name,
      'Unclean road',
    );

    const r = await t.inject({ method: 'GET', url: '/api/portal/area' });
    assert.equal(r.statusCode, 200, r.body);
    const area = r.json() as {
      synthetic: boolean;
      features: { id: string; geometry: { type: string }; properties: { name: string; label: number[] | null } }[];
    };
    assert.ok(area.features.length > 0, 'the demo communities with grids');
    assert.ok(
      area.features.every((f) => f.id.startsWith('140403001')),
      'only communities that have grids',
    );
    assert.ok(area.features.some((f) => f.id === point.communityCode));
    assert.ok(area.features.every((f) => /Polygon/.test(f.geometry.type) && f.properties.name));
    assert.equal(area.synthetic, true, 'the demo draws synthetic outlines');
    assert.ok(!r.body.includes('gridworker') && !r.body.includes('徐芳'), 'no staff');
  });

  test('the public map is off by default; on, it shows moderated cases anonymised', async () => {
    const off = await t.inject({ method: 'GET', url: '/api/portal/map' });
    assert.equal(off.statusCode, 404);
    assert.equal((off.json() as { error: { code: string } }).error.code, 'PORTAL_MAP_DISABLED');

    const r = await report('10.0.4.1', { ...base(), challenge: await challenge('10.0.4.1') });
    const code = (r.json() as { code: string }).code.replaceAll('-', '');
    const [row] = await t.ctx.database.query<{ case_id: string }>('select case_id from portal_report where code = $1', [
      code,
    ]);
    const refused = await t.inject({
      method: 'POST',
      url: `/api/portal/map/${row!.case_id}/publish`,
      headers: as.dispatcher!,
    });
    assert.equal(refused.statusCode, 403, refused.body);
    const published = await t.inject({
      method: 'POST',
      url: `/api/portal/map/${row!.case_id}/publish`,
      headers: as.acceptor!,
    });
    assert.equal(published.statusCode, 200, published.body);

    const today = t.ctx.time.today();
    await t.ctx.database.db.transaction((tx) =>
      t.ctx.config.addVersion(
        operatorActor(),
        {
          key: PortalPublicMap.key,
          divisionCode: '',
          effectiveFrom: today,
          value: { enabled: true, sensitiveCategories: [] },
        },
        tx,
      ),
    );
    const on = await t.inject({ method: 'GET', url: '/api/portal/map' });
    assert.equal(on.statusCode, 200, on.body);
    const points = (on.json() as { points: { lng: number; lat: number; status: { name: string } }[] }).points;
    assert.equal(points.length, 1);
    assert.equal(points[0]?.lng, Math.round(point.lng * 1000) / 1000);
    assert.ok(!JSON.stringify(points).includes('府后街'), 'no description');

    const notModerator = await t.inject({
      method: 'DELETE',
      url: `/api/portal/map/${row!.case_id}`,
      headers: as.dispatcher!,
    });
    assert.equal(notModerator.statusCode, 403, notModerator.body);
    const taken = await t.inject({ method: 'DELETE', url: `/api/portal/map/${row!.case_id}`, headers: as.acceptor! });
    assert.deepEqual(taken.json(), { caseId: row!.case_id, wasPublished: true });
    const empty = await t.inject({ method: 'GET', url: '/api/portal/map' });
    assert.equal((empty.json() as { points: unknown[] }).points.length, 0, 'off the map at once');
    const again = await t.inject({ method: 'DELETE', url: `/api/portal/map/${row!.case_id}`, headers: as.acceptor! });
    assert.deepEqual(again.json(), { caseId: row!.case_id, wasPublished: false });
  });

  async function caseOf(code: string): Promise<string> {
    const [row] = await t.ctx.database.query<{ case_id: string }>('select case_id from portal_report where code = $1', [
      code.replaceAll('-', ''),
    ]);
    return row!.case_id;
  }

  test('staff see the contact a citizen left masked; the acceptor calls back with it in full, audited', async () => {
    const ip = '10.0.5.1';
    const named = await report(ip, {
      ...base(),
      anonymous: false,
      contact: { name: '王建国', phone: '13912345678' },
      challenge: await challenge(ip),
    });
    assert.equal(named.statusCode, 201, named.body);
    const id = await caseOf((named.json() as { code: string }).code);
    const url = `/api/portal/reports/${id}/contact`;

    const masked = await t.inject({ method: 'GET', url, headers: as.dispatcher! });
    assert.equal(masked.statusCode, 200, masked.body);
    const m = masked.json() as { anonymous: boolean; name: string; phone: string; masked: boolean };
    assert.equal(m.masked, true);
    assert.equal(m.anonymous, false);
    assert.ok(!m.phone.includes('1234') && m.phone.startsWith('139'), m.phone);
    assert.ok(m.name.startsWith('王') && !m.name.includes('建国'), m.name);

    const refused = await t.inject({ method: 'GET', url: `${url}?unmask=true`, headers: as.dispatcher! });
    assert.equal(refused.statusCode, 403, 'the dispatcher may not unmask personal data');

    const audited = async () =>
      Number(
        (
          await t.ctx.database.query<{ n: string }>(
            "select count(*) as n from audit_record where action = 'portal.contact.unmasked'",
          )
        )[0]?.n,
      );
    const before = await audited();
    const full = await t.inject({ method: 'GET', url: `${url}?unmask=true`, headers: as.acceptor! });
    assert.equal(full.statusCode, 200, full.body);
    assert.deepEqual(full.json(), { anonymous: false, name: '王建国', phone: '13912345678', masked: false });
    assert.equal(await audited(), before + 1, 'each view in full is on the audit log');

    const anon = await report(ip, { ...base(), anonymous: true, challenge: await challenge(ip) });
    const anonView = await t.inject({
      method: 'GET',
      url: `/api/portal/reports/${await caseOf((anon.json() as { code: string }).code)}/contact?unmask=true`,
      headers: as.acceptor!,
    });
    assert.deepEqual(anonView.json(), { anonymous: true, name: null, phone: null, masked: false });

    const staffCase = await t.inject({
      method: 'POST',
      url: '/api/cases',
      headers: as.gridworker!,
      payload: {
        location: { lng: point.lng, lat: point.lat },
        category: { codeSet: 'cjt214.event', code: '0104' },
        description: '网格员上报的问题',
      },
    });
    assert.equal(staffCase.statusCode, 201, staffCase.body);
    const none = await t.inject({
      method: 'GET',
      url: `/api/portal/reports/${(staffCase.json() as { id: string }).id}/contact`,
      headers: as.acceptor!,
    });
    assert.equal(none.statusCode, 404);
    assert.equal((none.json() as { error: { code: string } }).error.code, 'PORTAL_REPORT_NONE');
  });

  function photoForm(png: Buffer) {
    const boundary = 'floodboundary';
    return {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        png,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    };
  }

  test('a client uploading photos without end is refused with when to try again; another client is not', async () => {
    const { perHour, maxPhotos } = PortalReportLimit.default;
    const limit = perHour * maxPhotos;
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#36a' } })
      .png()
      .toBuffer();
    const upload = (ip: string) =>
      t.inject({ method: 'POST', url: '/api/portal/photos', remoteAddress: ip, ...photoForm(png) });
    for (let i = 0; i < limit; i++) assert.equal((await upload('10.0.6.1')).statusCode, 201);
    const flood = await upload('10.0.6.1');
    assert.equal(flood.statusCode, 429, flood.body);
    const e = (flood.json() as { error: { code: string; message: string; details: { retryAfter: number } } }).error;
    assert.equal(e.code, 'PORTAL_TOO_MANY_PHOTOS_CLIENT');
    assert.match(e.message, new RegExp(`每小时最多上传 ${limit} 张`));
    assert.ok(e.details.retryAfter > 0);
    assert.equal((await upload('10.0.6.2')).statusCode, 201, 'another client uploads');
  });

  test('housekeeping forgets what only served the counts, after its time', async () => {
    const since = (
      await t.ctx.database.query<{ n: string }>("select count(*) as n from portal_report where client_hash <> ''")
    )[0];
    assert.ok(Number(since?.n) > 0);
    t.clock.advance(8 * 24 * 3600_000);
    const n = await t.ctx.database.db.transaction((tx) => t.ctx.portal.purge(tx));
    assert.ok(n.clients > 0 && n.uploads > 0 && n.hashes > 0, JSON.stringify(n));
    const [left] = await t.ctx.database.query<{ n: string }>(
      "select count(*) as n from portal_report where client_hash <> ''",
    );
    assert.equal(Number(left?.n), 0, 'no client hash older than a week');
    const tracked = await t.inject({
      method: 'GET',
      url: `/api/portal/track/${(await t.ctx.database.query<{ code: string }>('select code from portal_report limit 1'))[0]!.code}`,
    });
    assert.equal(tracked.statusCode, 200, 'reports themselves stay trackable');
  });
});
