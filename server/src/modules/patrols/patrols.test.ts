import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, demoGridPoint, loginAs, TEST_ENGINE, type TestApp } from '../../../test/app.ts';
import { operatorActor } from '../../platform/access.ts';
import { distanceM } from '../../platform/geo/measure.ts';

type Headers = Record<string, string>;
interface Patrol {
  id: string;
  accountId: string;
  accountName: string;
  grid: { code: string; name: string };
  startedAt: string;
  endedAt: string | null;
  endedBy: string | null;
  open: boolean;
  durationS: number;
  distanceM: number;
  pointCount: number;
  lastPointAt: string | null;
}
interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> | null };
}

const PASSWORD = 'Patrol-Check-2026!q';
/** 2026-03-02 is a Monday; the test clock starts at 10:00 in Shanghai. */
const MONDAY = '2026-03-02';
const shanghai = (date: string, hhmm: string) => `${date}T${hhmm}:00+08:00`;

describe(`patrols (巡查): start, trail, end, log, scope and the duty check (${TEST_ENGINE})`, () => {
  let t: TestApp;
  let worker: Headers;
  let supervisor: Headers;
  let gridadmin: Headers;
  /** The first demo grid of 东街街道: the demo grid worker 徐芳 holds its full-time post. */
  let grid: { code: string; communityCode: string; lng: number; lat: number };

  const call = async (method: 'GET' | 'POST', url: string, headers: Headers, payload?: unknown) => {
    const r = await t.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: r.statusCode, body: r.json() as Record<string, unknown>, headers: r.headers, raw: r.body };
  };
  const ok = async <T>(method: 'GET' | 'POST', url: string, headers: Headers, payload?: unknown, status = 200) => {
    const r = await call(method, url, headers, payload);
    assert.equal(r.status, status, `${method} ${url}: ${r.raw}`);
    return r.body as T;
  };
  const refused = async (method: 'GET' | 'POST', url: string, headers: Headers, payload: unknown, status: number) => {
    const r = await call(method, url, headers, payload);
    assert.equal(r.status, status, `${method} ${url}: ${r.raw}`);
    return r.body as unknown as ErrorBody;
  };
  /** A point north of the grid's label point by `metres`. */
  const north = (metres: number) => ({ lon: grid.lng, lat: grid.lat + metres / 111_195 });

  /** Moves the clock and signs in again (sessions expire when the clock jumps hours ahead). */
  async function moveTo(when: string): Promise<void> {
    t.clock.set(when);
    worker = await loginAs(t, 'gridworker');
    supervisor = await loginAs(t, 'supervisor');
    gridadmin = await loginAs(t, 'gridadmin');
  }

  /** A user of a role over one division, signed in. */
  async function userOf(username: string, role: string, division: string): Promise<Headers> {
    const op = operatorActor();
    const { account } = await t.ctx.identity.createUser(op, {
      username,
      password: PASSWORD,
      displayName: username,
      ownerDivision: division,
      mustChangePassword: false,
    });
    await t.ctx.access.grant(op, {
      accountId: account.id,
      roleCode: role,
      scopeKind: 'division',
      scopeValues: [division],
    });
    return loginAs(t, username, PASSWORD);
  }

  before(async () => {
    t = await createTestApp({ demo: true });
    worker = await loginAs(t, 'gridworker');
    supervisor = await loginAs(t, 'supervisor');
    gridadmin = await loginAs(t, 'gridadmin');
    grid = await demoGridPoint(t);
  });
  after(() => t.close());

  test('start, a batch of trail points sent twice, end twice: nothing is ever counted twice', async () => {
    await moveTo(shanghai(MONDAY, '10:00'));
    const start = { position: { ...north(0), accuracy: 8 } };
    const first = await call('POST', '/api/patrols', { ...worker, 'idempotency-key': 'patrol-start-1' }, start);
    assert.equal(first.status, 201, first.raw);
    const patrol = first.body as unknown as Patrol;
    assert.equal(patrol.grid.code, grid.code, 'located to the grid of the position, where the worker holds a post');
    assert.equal(patrol.accountName, '徐芳');
    assert.equal(patrol.open, true);
    assert.equal(patrol.pointCount, 1, 'the start position is the first point of the trail');
    assert.equal(patrol.startedAt, '2026-03-02T10:00:00+08:00');

    // The phone lost the answer and sends the start again: the same patrol, replayed.
    const retry = await call('POST', '/api/patrols', { ...worker, 'idempotency-key': 'patrol-start-1' }, start);
    assert.equal(retry.status, 201);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.equal((retry.body as unknown as Patrol).id, patrol.id);

    // Another start while this one is open is refused, naming the open one.
    const second = await refused(
      'POST',
      '/api/patrols',
      { ...worker, 'idempotency-key': 'patrol-start-2' },
      start,
      409,
    );
    assert.equal(second.error.code, 'PATROL_ALREADY_OPEN');
    assert.equal(second.error.details?.patrolId, patrol.id);
    assert.match(second.error.message, /尚未结束/);

    const current = await ok<{ patrol: Patrol | null }>('GET', '/api/patrols/current', worker);
    assert.equal(current.patrol?.id, patrol.id);

    // Three fixes a minute apart, 100 m north each; the phone sends the batch, then sends it again.
    await moveTo(shanghai(MONDAY, '10:05'));
    const batch = {
      points: [1, 2, 3].map((i) => ({ at: shanghai(MONDAY, `10:0${i}`), ...north(100 * i), accuracy: 10 })),
    };
    const added = await ok<{ patrol: Patrol; accepted: number; duplicates: number }>(
      'POST',
      `/api/patrols/${patrol.id}/points`,
      worker,
      batch,
    );
    assert.equal(added.accepted, 3);
    assert.equal(added.duplicates, 0);
    assert.equal(added.patrol.pointCount, 4);
    assert.ok(Math.abs(added.patrol.distanceM - 300) < 0.5, `300 m along the trail, got ${added.patrol.distanceM}`);
    const again = await ok<{ patrol: Patrol; accepted: number; duplicates: number }>(
      'POST',
      `/api/patrols/${patrol.id}/points`,
      worker,
      batch,
    );
    assert.deepEqual([again.accepted, again.duplicates, again.patrol.pointCount], [0, 3, 4]);
    assert.equal(again.patrol.distanceM, added.patrol.distanceM, 'the retry adds no distance');

    // A batch with impossible points is refused whole, each bad point named by its index.
    const bad = await refused(
      'POST',
      `/api/patrols/${patrol.id}/points`,
      worker,
      {
        points: [
          { at: shanghai(MONDAY, '10:04'), ...north(350) },
          { at: shanghai(MONDAY, '10:15'), ...north(400) },
          { at: '2026-03-02T10:04:20+08:00', lon: 0, lat: 0 },
          { at: '2026-03-02T10:04:45+08:00', lon: grid.lng + 1, lat: grid.lat },
          { at: shanghai(MONDAY, '09:50'), ...north(0) },
        ],
      },
      422,
    );
    assert.equal(bad.error.code, 'PATROL_POINTS_REFUSED');
    const problems = (bad.error.details?.problems ?? []) as { index: number; problem: string; message: string }[];
    assert.deepEqual(
      problems.map((p) => [p.index, p.problem]),
      [
        [1, 'IN_FUTURE'],
        [2, 'NULL_ISLAND'],
        [3, 'TOO_FAST'],
        [4, 'BEFORE_START'],
      ],
    );
    assert.match(problems[0]!.message, /晚于服务器当前时间/);
    const unchanged = await ok<Patrol>('GET', `/api/patrols/${patrol.id}`, worker);
    assert.equal(unchanged.pointCount, 4, 'nothing of a refused batch is stored');

    // Too many points in one batch: the schema refuses it.
    const many = Array.from({ length: 501 }, (_, i) => ({
      at: new Date(Date.parse(shanghai(MONDAY, '10:00')) + i * 100).toISOString(),
      ...north(0),
    }));
    await refused('POST', `/api/patrols/${patrol.id}/points`, worker, { points: many }, 400);

    // Stop at 10:20 where the worker stands; sent twice, the second answer is the first.
    await moveTo(shanghai(MONDAY, '10:20'));
    const stop = { endedAt: shanghai(MONDAY, '10:20'), position: north(400) };
    const ended = await ok<Patrol>('POST', `/api/patrols/${patrol.id}/end`, worker, stop);
    assert.equal(ended.open, false);
    assert.equal(ended.endedBy, 'user');
    assert.equal(ended.endedAt, '2026-03-02T10:20:00+08:00');
    assert.equal(ended.durationS, 20 * 60);
    assert.equal(ended.pointCount, 5);
    assert.ok(Math.abs(ended.distanceM - 400) < 0.5, `400 m, got ${ended.distanceM}`);
    await moveTo(shanghai(MONDAY, '10:30'));
    const endedAgain = await ok<Patrol>('POST', `/api/patrols/${patrol.id}/end`, worker, {});
    assert.deepEqual(endedAgain, ended, 'ending an ended patrol answers it unchanged');
    assert.deepEqual(await ok('GET', '/api/patrols/current', worker), { patrol: null });

    // Points gathered offline arrive after the end: inside the patrol's time they are still taken, after it not.
    const late = await ok<{ accepted: number; patrol: Patrol }>('POST', `/api/patrols/${patrol.id}/points`, worker, {
      points: [{ at: shanghai(MONDAY, '10:10'), ...north(350) }],
    });
    assert.equal(late.accepted, 1);
    assert.equal(late.patrol.pointCount, 6);
    const afterEnd = await refused(
      'POST',
      `/api/patrols/${patrol.id}/points`,
      worker,
      { points: [{ at: shanghai(MONDAY, '10:25'), ...north(450) }] },
      422,
    );
    const afterProblems = (afterEnd.error.details?.problems ?? []) as { problem: string }[];
    assert.equal(afterProblems[0]?.problem, 'AFTER_END');

    const detail = await ok<Patrol & { trail: { type: string; coordinates: number[][] }; times: string[] }>(
      'GET',
      `/api/patrols/${patrol.id}`,
      worker,
    );
    assert.equal(detail.trail.type, 'LineString');
    assert.equal(detail.trail.coordinates.length, 6);
    assert.deepEqual(detail.times, [
      '2026-03-02T10:00:00+08:00',
      '2026-03-02T10:01:00+08:00',
      '2026-03-02T10:02:00+08:00',
      '2026-03-02T10:03:00+08:00',
      '2026-03-02T10:10:00+08:00',
      '2026-03-02T10:20:00+08:00',
    ]);
    const [lon, lat] = detail.trail.coordinates[4]!;
    assert.ok(distanceM(lon!, lat!, north(350).lon, north(350).lat) < 0.01, 'the late point sits in time order');
  });

  test('a patrol started offline is recorded at the device’s time, within limits; patrols never overlap', async () => {
    await moveTo(shanghai(MONDAY, '14:00'));
    const at = (startedAt: string, key: string) =>
      call('POST', '/api/patrols', { ...worker, 'idempotency-key': key }, { position: north(10), startedAt });
    const tooOld = await at('2026-03-01T13:59:00+08:00', 'offline-too-old');
    assert.equal(tooOld.status, 422, tooOld.raw);
    assert.equal((tooOld.body as unknown as ErrorBody).error.code, 'PATROL_TIME_TOO_OLD');
    const ahead = await at(shanghai(MONDAY, '14:05'), 'offline-ahead');
    assert.equal(ahead.status, 422);
    assert.equal((ahead.body as unknown as ErrorBody).error.code, 'PATROL_TIME_IN_FUTURE');
    const overlapping = await at(shanghai(MONDAY, '10:15'), 'offline-overlap');
    assert.equal(overlapping.status, 409, overlapping.raw);
    assert.equal((overlapping.body as unknown as ErrorBody).error.code, 'PATROL_OVERLAPS');
    // A key refused once may be used again with a corrected start.
    const offline = await at(shanghai(MONDAY, '11:00'), 'offline-too-old');
    assert.equal(offline.status, 201, offline.raw);
    const patrol = offline.body as unknown as Patrol;
    assert.equal(patrol.startedAt, '2026-03-02T11:00:00+08:00');
    assert.equal(patrol.durationS, 3 * 3600, 'open for three hours so far');
    const ended = await ok<Patrol>('POST', `/api/patrols/${patrol.id}/end`, worker, {
      endedAt: shanghai(MONDAY, '11:45'),
    });
    assert.equal(ended.durationS, 45 * 60);
  });

  test('the log and a patrol are seen by their worker and the overseers of the area, nobody else', async () => {
    const mine = await ok<{ items: Patrol[]; total: number }>('GET', '/api/patrols', worker);
    assert.equal(mine.total, 2);
    assert.deepEqual(
      mine.items.map((p) => p.startedAt),
      ['2026-03-02T11:00:00+08:00', '2026-03-02T10:00:00+08:00'],
      'newest first',
    );
    const id = mine.items[1]!.id;

    const seen = await ok<{ items: Patrol[]; total: number }>(
      'GET',
      `/api/patrols?grid=${grid.code}&from=${MONDAY}&to=${MONDAY}`,
      supervisor,
    );
    assert.equal(seen.total, 2, 'the county’s supervisor sees the town’s patrols');
    await ok('GET', `/api/patrols/${id}`, gridadmin);
    const none = await ok<{ total: number }>('GET', '/api/patrols?from=2026-03-03', supervisor);
    assert.equal(none.total, 0);

    const stranger = await userOf('patrol-supervisor-elsewhere', 'supervisor', '140404');
    const strangersLog = await ok<{ items: Patrol[]; total: number }>('GET', '/api/patrols', stranger);
    assert.deepEqual(
      [strangersLog.total, strangersLog.items.length],
      [0, 0],
      'another county’s supervisor sees nothing',
    );
    assert.equal((await refused('GET', `/api/patrols/${id}`, stranger, undefined, 404)).error.code, 'PATROL_NOT_FOUND');
    await refused('GET', `/api/patrols/duty?division=${grid.communityCode}`, stranger, undefined, 403);

    // Another grid worker of the town sees only their own log, and cannot touch 徐芳's patrol.
    const colleague = await userOf('patrol-colleague', 'gridworker', '140403001');
    assert.equal((await ok<{ total: number }>('GET', '/api/patrols', colleague)).total, 0);
    await refused('GET', `/api/patrols/${id}`, colleague, undefined, 404);
    await refused('POST', `/api/patrols/${id}/end`, colleague, {}, 404);
    await refused(
      'POST',
      `/api/patrols/${id}/points`,
      colleague,
      { points: [{ at: shanghai(MONDAY, '10:11'), ...north(1) }] },
      404,
    );
    await refused('GET', `/api/patrols/duty?division=140403001`, colleague, undefined, 403);
    // People without either permission get no log at all.
    await refused('GET', '/api/patrols', await loginAs(t, 'volunteer'), undefined, 403);
  });

  test('a patrol starts only in a grid of the worker’s area', async () => {
    await moveTo(shanghai(MONDAY, '15:00'));
    const [other] = await t.ctx.database.query<{ code: string }>(
      `select code from grid where community_code like '140403001%' and community_code <> $1 and valid_to is null
       order by code limit 1`,
      [grid.communityCode],
    );
    assert.ok(other, 'a demo grid in another community of the town');
    const elsewhere = await demoGridPoint(t, other.code.slice(0, 12));
    // A worker whose area is the first grid's community only.
    const local = await userOf('patrol-community-worker', 'gridworker', grid.communityCode);
    const outside = await refused(
      'POST',
      '/api/patrols',
      local,
      { position: { lon: elsewhere.lng, lat: elsewhere.lat } },
      403,
    );
    assert.equal(outside.error.code, 'PATROL_GRID_OUT_OF_SCOPE');
    const named = await refused('POST', '/api/patrols', local, { position: north(0), grid: elsewhere.code }, 404);
    assert.equal(named.error.code, 'PATROL_GRID_UNKNOWN');
    const far = await refused('POST', '/api/patrols', local, { position: { lon: 100, lat: 30 } }, 422);
    assert.equal(far.error.code, 'PATROL_LOCATION_OUTSIDE');
    // Named explicitly, a grid of the area may be patrolled from anywhere (the worker walks there).
    const started = await ok<Patrol>(
      'POST',
      '/api/patrols',
      local,
      { position: { lon: 100, lat: 30 }, grid: grid.code },
      201,
    );
    assert.equal(started.grid.code, grid.code);
    await ok('POST', `/api/patrols/${started.id}/end`, local, {});
    // The operator token is no grid worker.
    const op = await refused('POST', '/api/patrols', t.operator, { position: north(0) }, 403);
    assert.equal(op.error.code, 'PATROL_NEEDS_ACCOUNT');
  });

  test('patrols left open are ended by the job at their last point, after the configured hours', async () => {
    await moveTo(shanghai('2026-03-04', '08:00'));
    const p = await ok<Patrol>('POST', '/api/patrols', worker, { position: north(0) }, 201);
    await moveTo(shanghai('2026-03-04', '08:40'));
    await ok('POST', `/api/patrols/${p.id}/points`, worker, {
      points: [{ at: shanghai('2026-03-04', '08:40'), ...north(300) }],
    });
    const autoEnd = () => t.ctx.database.db.transaction((tx) => t.ctx.patrols.autoEnd(tx));
    await moveTo(shanghai('2026-03-04', '11:00'));
    assert.equal(await autoEnd(), 0, 'three hours open: within the default 12');
    // The town ends patrols after two hours from today.
    await t.ctx.config.addVersion(operatorActor(), {
      key: 'patrols.auto-end-hours',
      divisionCode: '140403001',
      effectiveFrom: '2026-03-04',
      value: 2,
    });
    assert.equal(await autoEnd(), 1);
    const ended = await ok<Patrol>('GET', `/api/patrols/${p.id}`, supervisor);
    assert.equal(ended.endedBy, 'system');
    assert.equal(ended.endedAt, '2026-03-04T08:40:00+08:00', 'ended at its last point');
    assert.equal(ended.durationS, 40 * 60);
    assert.equal(await autoEnd(), 0, 'nothing left open');
    const job = await t.ctx.scheduler.ensureRecurring({
      type: 'patrols.auto-end',
      key: 'patrols.auto-end',
      cron: '*/10 * * * *',
    });
    assert.equal(job.type, 'patrols.auto-end', 'the job type is registered');
  });

  test('the duty check (定时) of a hand-built Monday: expected, done, shortfall, and the minimum duration', async () => {
    // 徐芳's post in the grid has the demo schedules: Monday–Friday 08:30–17:30, two patrols; weekends 09:00–12:00,
    // one. The grid centre adds an evening window on Mondays, 18:00–20:00, one patrol.
    const posts = await ok<{ items: { postId: string; displayName: string }[] }>(
      'GET',
      `/api/grids/${grid.code}/posts`,
      gridadmin,
    );
    const post = posts.items.find((p) => p.displayName === '徐芳');
    assert.ok(post, '徐芳 holds a post in the grid');
    await ok(
      'POST',
      `/api/grids/${grid.code}/schedules`,
      gridadmin,
      {
        postId: post.postId,
        weekdays: [1],
        startTime: '18:00',
        endTime: '20:00',
        patrolsPerDay: 1,
        validFrom: '2026-03-09',
      },
      201,
    );
    // Monday 9 March: a patrol of 20 minutes in the day window, one of 5 minutes, one after the window, one in the evening.
    const day = '2026-03-09';
    await moveTo(shanghai(day, '21:00'));
    for (const [from, to] of [
      ['08:40', '09:00'],
      ['09:30', '09:35'],
      ['17:40', '17:59'],
      ['18:10', '18:30'],
    ] as const) {
      const p = await ok<Patrol>(
        'POST',
        '/api/patrols',
        worker,
        { position: north(0), startedAt: shanghai(day, from) },
        201,
      );
      await ok('POST', `/api/patrols/${p.id}/end`, worker, { endedAt: shanghai(day, to) });
    }
    interface Window {
      date: string;
      grid: { code: string };
      person: { displayName: string };
      accountId: string | null;
      window: { start: string; end: string };
      expected: number;
      done: number;
      over: boolean;
      shortfall: boolean;
      minMinutes: number;
      patrolIds: string[];
    }
    interface Duty {
      totals: { windows: number; expected: number; done: number; missing: number; shortfalls: number };
      items: Window[];
      truncated: boolean;
    }
    const mineOn = (d: Duty) =>
      d.items
        .filter((w) => w.grid.code === grid.code)
        .map((w) => [w.date, w.window.start, w.window.end, w.expected, w.done, w.shortfall]);

    const duty = await ok<Duty>(
      'GET',
      `/api/patrols/duty?division=${grid.communityCode}&from=${day}&to=${day}`,
      supervisor,
    );
    assert.deepEqual(mineOn(duty), [
      [day, '08:30', '17:30', 2, 1, true],
      [day, '18:00', '20:00', 1, 1, false],
    ]);
    const xuFang = (await t.ctx.identity.findByUsername('gridworker'))!.id;
    assert.ok(
      duty.items.filter((w) => w.grid.code === grid.code).every((w) => w.accountId === xuFang && w.minMinutes === 10),
    );
    assert.equal(duty.totals.done, 2, 'only the two patrols that count');
    assert.equal(duty.totals.windows, duty.items.length);
    assert.equal(
      duty.totals.expected,
      duty.items.reduce((n, w) => n + w.expected, 0),
    );
    assert.equal(
      duty.totals.missing,
      duty.items.reduce((n, w) => n + w.expected - w.done, 0),
      'every window is over',
    );
    assert.equal(duty.totals.shortfalls, duty.items.filter((w) => w.done < w.expected).length);

    // Only the shortfalls, and the patrols counted are named.
    const short = await ok<Duty>(
      'GET',
      `/api/patrols/duty?division=${grid.communityCode}&from=${day}&shortfallOnly=true`,
      supervisor,
    );
    assert.ok(short.items.every((w) => w.shortfall));
    assert.equal(short.totals.shortfalls, short.items.length);
    assert.equal(short.items.find((w) => w.grid.code === grid.code)?.patrolIds.length, 1);

    // The town lowers the minimum to 3 minutes from that Monday: the 5-minute patrol counts too.
    await moveTo(shanghai(day, '07:00'));
    await t.ctx.config.addVersion(operatorActor(), {
      key: 'patrols.duty-min-minutes',
      divisionCode: '140403001',
      effectiveFrom: day,
      value: 3,
    });
    await moveTo(shanghai(day, '21:00'));
    const lowered = await ok<Duty>('GET', `/api/patrols/duty?division=${grid.communityCode}&from=${day}`, supervisor);
    assert.deepEqual(mineOn(lowered), [
      [day, '08:30', '17:30', 2, 2, false],
      [day, '18:00', '20:00', 1, 1, false],
    ]);

    // A week from that Monday, asked on Monday evening: Tuesday to Sunday are not over, so no shortfall yet.
    const week = await ok<Duty>(
      'GET',
      `/api/patrols/duty?division=${grid.communityCode}&from=${day}&to=2026-03-15`,
      supervisor,
    );
    const mine = week.items.filter((w) => w.grid.code === grid.code);
    assert.deepEqual(
      mine.map((w) => [w.date, w.window.start, w.expected, w.over]),
      [
        ['2026-03-09', '08:30', 2, true],
        ['2026-03-09', '18:00', 1, true],
        ['2026-03-10', '08:30', 2, false],
        ['2026-03-11', '08:30', 2, false],
        ['2026-03-12', '08:30', 2, false],
        ['2026-03-13', '08:30', 2, false],
        ['2026-03-14', '09:00', 1, false],
        ['2026-03-15', '09:00', 1, false],
      ],
    );
    assert.ok(mine.every((w) => !w.shortfall || w.over));

    const tooLong = await refused(
      'GET',
      `/api/patrols/duty?division=${grid.communityCode}&from=2026-03-01&to=2026-04-15`,
      supervisor,
      undefined,
      422,
    );
    assert.equal(tooLong.error.code, 'PATROL_RANGE_INVALID');
    await refused('GET', `/api/patrols/duty?division=140404`, supervisor, undefined, 403);
  });
});
