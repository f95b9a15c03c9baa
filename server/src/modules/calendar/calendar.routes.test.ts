import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, loginAs, type TestApp } from '../../../test/app.ts';

type Json = Record<string, unknown>;
type ErrorBody = { error: { code: string; message: string; details: unknown } };

interface DayJson {
  date: string;
  working: boolean;
  kind: string;
  name: string | null;
  source: string | null;
}
interface YearJson {
  year: number;
  known: boolean;
  sources: string[];
  days: DayJson[];
  counts: { holidays: number; workdays: number; workingDays: number };
  workingHours: { division: string; at: string; periods: { start: string; end: string }[] };
}
interface ChangeJson {
  changed: number;
  dates: string[];
  recomputing: boolean;
  job: { id: string; key: string } | null;
  message: string;
  day?: DayJson;
  known?: boolean;
}
interface DeadlineJson {
  from: string;
  dueAt: string | null;
  sentence: string;
  calendar: string;
  workingHours: { periods: { start: string; end: string }[] };
  explanation: {
    startedAt: string;
    dueAt: string | null;
    skipped: { from: string; to: string; reason: string; names: string[] }[];
    makeupDays: string[];
    unknownYears: number[];
    periods: { start: string; end: string }[] | null;
  };
}
interface ProblemJson {
  entry: number;
  date: string;
  problem: string;
  message: string;
}

const PASSWORD = 'Calendar-Clerk-2026!q';

/**
 * A hypothetical State Council arrangement for 2027 (not yet published when this was written): the
 * weekday holidays and the weekend make-up workdays of 元旦 and 国庆节.
 */
const OFFICIAL_2027 = [
  { date: '2027-01-01', kind: 'holiday', name: '元旦' },
  { date: '2027-10-01', kind: 'holiday', name: '国庆节' },
  { date: '2027-10-04', kind: 'holiday', name: '国庆节' },
  { date: '2027-10-05', kind: 'holiday', name: '国庆节' },
  { date: '2027-10-06', kind: 'holiday', name: '国庆节' },
  { date: '2027-10-07', kind: 'holiday', name: '国庆节' },
  { date: '2027-09-26', kind: 'workday', name: '国庆节' },
  { date: '2027-10-09', kind: 'workday', name: '国庆节' },
];

describe('the working calendar over HTTP (工作日历)', () => {
  let t: TestApp;
  let clerk: Record<string, string>;

  const as = (
    headers: Record<string, string>,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
  ) => t.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const get = async <T = Json>(url: string, headers: Record<string, string> = t.operator) => {
    const r = await as(headers, 'GET', url);
    assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
    return r.json() as T;
  };
  const change = async (method: 'PUT' | 'DELETE', url: string, payload?: object) => {
    const r = await as(t.operator, method, url, payload);
    assert.equal(r.statusCode, 200, `${method} ${url}: ${r.body}`);
    return r.json() as ChangeJson;
  };
  const deadline = (from: string, amount: number, unit: string, headers: Record<string, string> = t.operator) =>
    get<DeadlineJson>(`/api/calendar/deadline?from=${encodeURIComponent(from)}&amount=${amount}&unit=${unit}`, headers);
  const events = (since = 0) =>
    t.ctx.database.query<{ id: number; payload: { dates: string[]; source: string }; owner_division: string }>(
      `SELECT id, payload, owner_division FROM engine_event WHERE type = 'calendar.changed' AND id > $1 ORDER BY id`,
      [since],
    );
  const lastEventId = async () => (await events()).at(-1)?.id ?? 0;

  before(async () => {
    t = await createTestApp();
    // A duty chief (值班长) reads the calendar but may not change it.
    const user = await as(t.operator, 'POST', '/api/admin/users', {
      username: 'zbz01',
      displayName: '值班长',
      ownerDivision: '1404',
      password: PASSWORD,
      mustChangePassword: false,
    });
    assert.equal(user.statusCode, 201, user.body);
    const grant = await as(t.operator, 'POST', '/api/admin/grants', {
      accountId: (user.json() as { id: string }).id,
      roleCode: 'dutychief',
      scopeKind: 'division',
      scopeValues: ['1404'],
    });
    assert.equal(grant.statusCode, 201, grant.body);
    clerk = await loginAs(t, 'zbz01', PASSWORD);
  });
  after(() => t.close());

  test('a year lists its holidays and make-up workdays as shipped, says it is known, and gives the working hours', async () => {
    const y = await get<YearJson>('/api/calendar/years/2026', clerk);
    assert.equal(y.known, true, '2026 is in the calendar shipped with CivicGrid');
    assert.deepEqual(y.sources, ['builtin']);
    assert.deepEqual(
      y.days.find((d) => d.date === '2026-10-01'),
      { date: '2026-10-01', working: false, kind: 'holiday', name: '国庆节', source: 'builtin' },
    );
    assert.deepEqual(
      y.days.find((d) => d.date === '2026-10-10'),
      { date: '2026-10-10', working: true, kind: 'workday', name: '国庆节', source: 'builtin' },
      'the Saturday after National Day is a make-up workday',
    );
    assert.ok(
      y.days.every((d) => d.kind === 'holiday' || d.kind === 'workday'),
      'only non-ordinary days are listed',
    );
    assert.ok(y.counts.workingDays > 240 && y.counts.workingDays < 255, `working days: ${y.counts.workingDays}`);
    assert.deepEqual(y.workingHours, {
      division: '',
      at: '2026-03-02',
      periods: [
        { start: '08:30', end: '12:00' },
        { start: '14:30', end: '18:00' },
      ],
    });

    const unknown = await get<YearJson>('/api/calendar/years/2027?division=140400', clerk);
    assert.equal(unknown.known, false, '2027 is not published yet');
    assert.deepEqual(unknown.sources, []);
    assert.deepEqual(unknown.days, []);
    assert.equal(unknown.workingHours.division, '1404', 'the padded division code is normalised');

    const day = await get<DayJson & { stored: unknown[] }>('/api/calendar/days/2026-10-01', clerk);
    assert.deepEqual(day, {
      date: '2026-10-01',
      working: false,
      kind: 'holiday',
      name: '国庆节',
      source: 'builtin',
      stored: [],
    });
    const ordinary = await get<DayJson>('/api/calendar/days/2026-03-07', clerk);
    assert.equal(ordinary.kind, 'weekend');
    assert.equal(ordinary.source, null);
  });

  test('a local holiday changes the deadline answer; it is audited, emits calendar.changed and schedules the recompute', async () => {
    // Wednesday 10:00 + 2 working days → Friday 10:00.
    const from = '2026-03-04T10:00:00+08:00';
    const before = await deadline(from, 2, 'working_days', clerk);
    assert.equal(before.dueAt, '2026-03-06T10:00:00+08:00');
    const since = await lastEventId();

    const set = await change('PUT', '/api/calendar/days/2026-03-05', { kind: 'holiday', name: '防台风停工' });
    assert.equal(set.changed, 1);
    assert.deepEqual(set.dates, ['2026-03-05']);
    assert.equal(set.recomputing, true, 'open deadlines are being recomputed');
    assert.ok(set.job, 'the response names the recompute job');
    assert.match(set.message, /重新计算/);
    assert.deepEqual(set.day, {
      date: '2026-03-05',
      working: false,
      kind: 'holiday',
      name: '防台风停工',
      source: 'local',
    });

    // Thursday is off now: Friday, (weekend), Monday.
    const after = await deadline(from, 2, 'working_days', clerk);
    assert.equal(after.dueAt, '2026-03-09T10:00:00+08:00');
    assert.notEqual(after.calendar, before.calendar, 'the calendar fingerprint changed');
    assert.ok(
      after.explanation.skipped.some((s) => s.from === '2026-03-05' && s.names.includes('防台风停工')),
      `the explanation names the local day: ${JSON.stringify(after.explanation.skipped)}`,
    );
    assert.match(after.sentence, /防台风停工/);
    assert.match(after.sentence, /2026-03-09 10:00 到期/);

    const stored = await get<{ stored: { source: string; kind: string; updatedBy: string; updatedAt: string }[] }>(
      '/api/calendar/days/2026-03-05',
    );
    assert.equal(stored.stored.length, 1);
    assert.equal(stored.stored[0]!.source, 'local');
    assert.equal(stored.stored[0]!.updatedBy, 'operator');
    assert.equal(stored.stored[0]!.updatedAt, '2026-03-02T10:00:00+08:00');

    // Audited, in the change's transaction.
    const audit = await t.ctx.database.query<{ target_id: string; details: Json; owner_division: string }>(
      `SELECT target_id, details, owner_division FROM audit_record WHERE action = 'calendar.day.set'`,
    );
    assert.equal(audit.length, 1, 'one audit record for the local day');
    assert.equal(audit[0]!.target_id, '2026-03-05');
    assert.equal(audit[0]!.owner_division, '');
    assert.equal(audit[0]!.details.kind, 'holiday');

    // The event, for the engine's consumers.
    const emitted = await events(since);
    assert.equal(emitted.length, 1, 'one calendar.changed event');
    assert.deepEqual(emitted[0]!.payload, { dates: ['2026-03-05'], source: 'local' });
    assert.equal(emitted[0]!.owner_division, '');

    // The recompute is a durable job, due now.
    const jobs = await t.ctx.database.query<{ id: string; key: string; status: string; next_run_at: Date | string }>(
      `SELECT id, key, status, next_run_at FROM job WHERE type = 'cases.recompute-deadlines' AND id = $1`,
      [set.job!.id],
    );
    assert.equal(jobs.length, 1, 'the recompute job is stored');
    assert.equal(jobs[0]!.key, set.job!.key);
    assert.equal(jobs[0]!.status, 'active');
    assert.equal(new Date(jobs[0]!.next_run_at).toISOString(), t.clock.now().toISOString());

    // Saying it again changes nothing, and recomputes nothing.
    const again = await change('PUT', '/api/calendar/days/2026-03-05', { kind: 'holiday', name: '防台风停工' });
    assert.equal(again.changed, 0);
    assert.equal(again.recomputing, false, 'nothing to recompute');
    assert.equal(again.job, null);
    assert.equal((await events(since)).length, 1, 'no second event');

    // Removing it brings Thursday back.
    t.clock.advance(60_000);
    const removed = await change('DELETE', '/api/calendar/days/2026-03-05');
    assert.equal(removed.changed, 1);
    assert.equal(removed.day?.kind, 'weekday');
    assert.notEqual(removed.job?.key, set.job!.key, 'a new recompute job for the new change');
    assert.equal((await deadline(from, 2, 'working_days')).dueAt, '2026-03-06T10:00:00+08:00');
    assert.deepEqual((await events(since)).at(-1)?.payload, { dates: ['2026-03-05'], source: 'local' });
    const removedAudit = await t.ctx.database.query(
      `SELECT 1 FROM audit_record WHERE action = 'calendar.day.removed' AND target_id = '2026-03-05'`,
    );
    assert.equal(removedAudit.length, 1, 'the removal is audited');

    const none = await as(t.operator, 'DELETE', '/api/calendar/days/2026-03-05');
    assert.equal(none.statusCode, 404, none.body);
    assert.equal((none.json() as ErrorBody).error.code, 'CALENDAR_DAY_NOT_OVERRIDDEN');
  });

  test('a local working day makes a weekend count, in working hours too', async () => {
    // Friday 17:00 + 2 working hours: 1 h on Friday, then Saturday (worked for an inspection) 08:30 → 09:30.
    const from = '2026-03-13T17:00:00+08:00';
    assert.equal((await deadline(from, 2, 'working_hours')).dueAt, '2026-03-16T09:30:00+08:00');
    await change('PUT', '/api/calendar/days/2026-03-14', { kind: 'workday', name: '迎检上班' });
    const d = await deadline(from, 2, 'working_hours');
    assert.equal(d.dueAt, '2026-03-14T09:30:00+08:00');
    assert.deepEqual(d.explanation.makeupDays, ['2026-03-14']);
    assert.deepEqual(d.explanation.periods, d.workingHours.periods);
    t.clock.advance(60_000);
    await change('DELETE', '/api/calendar/days/2026-03-14');
  });

  test('loading the official calendar for 2027 makes the year known and changes the answers', async () => {
    // Thursday 30 September 2027 + 3 working days, while 2027 is unknown: Friday, Monday, Tuesday.
    const from = '2027-09-30T10:00:00+08:00';
    const before = await get<DeadlineJson>(
      `/api/calendar/deadline?from=${encodeURIComponent(from)}&amount=3&unit=working_days`,
      { ...clerk, 'accept-language': 'en-US' },
    );
    assert.equal(before.dueAt, '2027-10-05T10:00:00+08:00');
    assert.deepEqual(before.explanation.unknownYears, [2027]);
    assert.match(before.sentence, /no holiday data for 2027/);
    const since = await lastEventId();

    t.clock.advance(120_000);
    const loaded = await change('PUT', '/api/calendar/official/2027', { days: OFFICIAL_2027 });
    assert.equal(loaded.known, true, 'the year is known once loaded');
    assert.equal(loaded.changed, OFFICIAL_2027.length);
    assert.equal(loaded.recomputing, true);
    assert.deepEqual(loaded.dates, OFFICIAL_2027.map((d) => d.date).sort());

    const y = await get<YearJson>('/api/calendar/years/2027', clerk);
    assert.equal(y.known, true);
    assert.deepEqual(y.sources, ['official']);
    assert.equal(y.days.length, OFFICIAL_2027.length);
    assert.equal(y.days.find((d) => d.date === '2027-10-09')?.source, 'official');

    // 10-01 and 10-04…10-07 off (10-02/03 weekend), Friday 10-08 and the make-up Saturday 10-09 worked, then Monday.
    const after = await get<DeadlineJson>(
      `/api/calendar/deadline?from=${encodeURIComponent(from)}&amount=3&unit=working_days`,
      { ...clerk, 'accept-language': 'en-US' },
    );
    assert.equal(after.dueAt, '2027-10-11T10:00:00+08:00');
    assert.deepEqual(after.explanation.unknownYears, []);
    assert.deepEqual(after.explanation.makeupDays, ['2027-10-09']);
    assert.deepEqual(after.explanation.skipped[0], {
      from: '2027-10-01',
      to: '2027-10-07',
      reason: 'mixed',
      names: ['国庆节'],
    });
    assert.match(after.sentence, /due 2027-10-11 10:00$/);

    const emitted = await events(since);
    assert.equal(emitted.length, 1, 'one calendar.changed event for the whole year');
    assert.equal(emitted[0]!.payload.source, 'official');
    assert.equal(emitted[0]!.payload.dates.length, OFFICIAL_2027.length);
    const audit = await t.ctx.database.query<{ target_id: string; details: Json }>(
      `SELECT target_id, details FROM audit_record WHERE action = 'calendar.official.loaded'`,
    );
    assert.equal(audit.length, 1, 'the load is audited once');
    assert.equal(audit[0]!.target_id, '2027');
    assert.equal(audit[0]!.details.holidays, 6);
    assert.equal(audit[0]!.details.workdays, 2);

    // Loading the same again changes nothing; a corrected arrangement changes only what differs.
    assert.equal((await change('PUT', '/api/calendar/official/2027', { days: OFFICIAL_2027 })).changed, 0);
    t.clock.advance(60_000);
    const corrected = await change('PUT', '/api/calendar/official/2027', {
      days: [
        ...OFFICIAL_2027.filter((d) => d.date !== '2027-09-26'),
        { date: '2027-10-08', kind: 'holiday', name: '国庆节' },
      ],
    });
    assert.deepEqual(corrected.dates, ['2027-09-26', '2027-10-08']);
    const stored = await get<{ stored: { source: string }[] }>('/api/calendar/days/2027-09-26');
    assert.deepEqual(stored.stored, [], 'the dropped make-up day is gone');
  });

  test('a wrong official calendar is refused with each bad entry, in the caller’s language, and nothing is written', async () => {
    const days = [
      { date: '2028-01-03', kind: 'holiday', name: '元旦' },
      { date: '2028-01-01', kind: 'holiday', name: '元旦' }, // a Saturday: a rest day anyway
      { date: '2027-12-31', kind: 'holiday', name: '元旦' }, // not in 2028
      { date: '2028-01-07', kind: 'workday', name: '春节' }, // a Friday: a working day anyway
      { date: '2028-01-03', kind: 'holiday', name: '元旦' }, // repeats entry 1
      { date: '2028-01-04', kind: 'holiday', name: '   ' }, // no name
    ];
    const zh = await as(t.operator, 'PUT', '/api/calendar/official/2028', { days });
    assert.equal(zh.statusCode, 422, zh.body);
    const error = (zh.json() as ErrorBody).error;
    assert.equal(error.code, 'CALENDAR_OFFICIAL_INVALID');
    assert.match(error.message, /2028 年的工作日历未载入:发现 5 处错误/);
    const problems = (error.details as { problems: ProblemJson[] }).problems;
    assert.deepEqual(
      problems.map((p) => [p.entry, p.date, p.problem]),
      [
        [2, '2028-01-01', 'HOLIDAY_ON_WEEKEND'],
        [3, '2027-12-31', 'NOT_IN_YEAR'],
        [4, '2028-01-07', 'WORKDAY_ON_WEEKDAY'],
        [5, '2028-01-03', 'DUPLICATE'],
        [6, '2028-01-04', 'NAME_MISSING'],
      ],
    );
    assert.equal(problems[0]!.message, '第 2 项:2028-01-01 是星期六,本来就休息;放假安排只需列出周一至周五的放假日');

    const en = await t.inject({
      method: 'PUT',
      url: '/api/calendar/official/2028',
      headers: { ...t.operator, 'accept-language': 'en-US' },
      payload: { days },
    });
    assert.equal(en.statusCode, 422, en.body);
    const enError = (en.json() as ErrorBody).error;
    assert.match(enError.message, /^The working calendar for 2028 was not loaded: 5 problems/);
    assert.equal(
      (enError.details as { problems: ProblemJson[] }).problems[3]!.message,
      'Entry 5: 2028-01-03 repeats entry 1',
    );

    const rows = await t.ctx.database.query(
      `SELECT 1 FROM calendar_day WHERE date >= '2027-12-31'::date AND date < '2029-01-01'::date`,
    );
    assert.equal(rows.length, 0, 'nothing was written');
    assert.equal((await get<YearJson>('/api/calendar/years/2028')).known, false);

    // Dates that are not dates are refused by the schema (400), like every other route.
    const bad = await as(t.operator, 'PUT', '/api/calendar/official/2028', {
      days: [{ date: '2028-02-30', kind: 'holiday', name: 'x' }],
    });
    assert.equal(bad.statusCode, 400, bad.body);
    const empty = await as(t.operator, 'PUT', '/api/calendar/official/2028', { days: [] });
    assert.equal(empty.statusCode, 400, empty.body);
  });

  test('a user without calendar.manage reads the calendar but cannot change it (403); anonymous callers must sign in', async () => {
    assert.equal((await get<YearJson>('/api/calendar/years/2026', clerk)).year, 2026);
    for (const [method, url, payload] of [
      ['PUT', '/api/calendar/days/2026-04-01', { kind: 'holiday', name: '停工' }],
      ['DELETE', '/api/calendar/days/2026-04-01', undefined],
      ['PUT', '/api/calendar/official/2029', { days: [{ date: '2029-01-01', kind: 'holiday', name: '元旦' }] }],
    ] as const) {
      const r = await as(clerk, method, url, payload);
      assert.equal(r.statusCode, 403, `${method} ${url}: ${r.body}`);
      assert.equal((r.json() as ErrorBody).error.code, 'FORBIDDEN');
      const anonymous = await as({}, method, url, payload);
      assert.equal(anonymous.statusCode, 401, `${method} ${url} anonymously: ${anonymous.body}`);
    }
    for (const url of [
      '/api/calendar/years/2026',
      '/api/calendar/days/2026-04-01',
      '/api/calendar/deadline?from=2026-04-01T09:00:00%2B08:00&amount=1&unit=working_days',
    ]) {
      const r = await as({}, 'GET', url);
      assert.equal(r.statusCode, 401, `${url} anonymously: ${r.body}`);
    }
    const rows = await t.ctx.database.query(`SELECT 1 FROM calendar_day WHERE date = '2026-04-01'::date`);
    assert.equal(rows.length, 0, 'the refused change wrote nothing');
  });

  test('the working hours of a division are used, as configured for the date the deadline starts', async () => {
    const version = await t.inject({
      method: 'POST',
      url: '/api/admin/config/versions',
      headers: t.operator,
      payload: {
        key: 'calendar.working-hours',
        divisionCode: '140403',
        effectiveFrom: '2026-05-01',
        value: {
          periods: [
            { start: '08:00', end: '12:00' },
            { start: '15:00', end: '18:00' },
          ],
        },
      },
    });
    assert.equal(version.statusCode, 201, version.body);
    // Monday 11 May 2026, 11:00, 2 working hours: summer hours in 潞州区 → 15:00–16:00 is the second hour.
    const url = (division: string) =>
      `/api/calendar/deadline?from=${encodeURIComponent('2026-05-11T11:00:00+08:00')}&amount=2&unit=working_hours&division=${division}`;
    const county = await get<DeadlineJson>(url('140403'), clerk);
    assert.equal(county.dueAt, '2026-05-11T16:00:00+08:00');
    assert.deepEqual(county.workingHours.periods, [
      { start: '08:00', end: '12:00' },
      { start: '15:00', end: '18:00' },
    ]);
    const installation = await get<DeadlineJson>(url(''), clerk);
    assert.equal(installation.dueAt, '2026-05-11T15:30:00+08:00');
  });

  test('nonsense is refused before it is counted', async () => {
    for (const query of [
      'from=2026-03-02T10:00:00%2B08:00&amount=0&unit=working_days',
      'from=2026-03-02T10:00:00%2B08:00&amount=1001&unit=working_days',
      'from=2026-03-02T10:00:00%2B08:00&amount=1&unit=fortnights',
      'from=yesterday&amount=1&unit=working_days',
      'from=2026-03-02T10:00:00%2B08:00&amount=1&unit=working_days&division=14x',
    ]) {
      const r = await as(clerk, 'GET', `/api/calendar/deadline?${query}`);
      assert.equal(r.statusCode, 400, `${query}: ${r.body}`);
    }
    const year = await as(clerk, 'GET', '/api/calendar/years/1899');
    assert.equal(year.statusCode, 400, year.body);
    const name = await as(t.operator, 'PUT', '/api/calendar/days/2026-04-01', { kind: 'holiday', name: '  ' });
    assert.equal(name.statusCode, 400, name.body);
    assert.equal((name.json() as ErrorBody).error.code, 'CALENDAR_DAY_NAME_EMPTY');
  });
});
