import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DateTime } from 'luxon';
import { type CalendarException, WorkingCalendar } from './calendar.ts';
import {
  type ClockInput,
  checkWorkingPeriods,
  consumedMinutes,
  type DeadlineUnit,
  describeDeadline,
  describeLimit,
  dueAt,
  explainDeadline,
  instantAtConsumed,
  limitMinutes,
  type Segment,
  statusAt,
  yellowAt,
} from './deadlines.ts';

const ZONE = 'Asia/Shanghai';
const calendar = new WorkingCalendar({ zone: ZONE });
const PERIODS = [
  { start: '08:30', end: '12:00' },
  { start: '14:30', end: '18:00' },
];

/** '2023-09-28 16:00' in Shanghai → ISO instant. */
function at(local: string): string {
  return DateTime.fromFormat(local, local.length > 16 ? 'yyyy-MM-dd HH:mm:ss' : 'yyyy-MM-dd HH:mm', { zone: ZONE })
    .toUTC()
    .toISO()!;
}

/** An instant shown as Shanghai wall time, seconds only when they are not zero. */
function shown(d: Date | null): string | null {
  if (d === null) return null;
  const t = DateTime.fromJSDate(d, { zone: ZONE });
  return t.toFormat(t.second || t.millisecond ? 'yyyy-MM-dd HH:mm:ss.SSS' : 'yyyy-MM-dd HH:mm');
}

function clock(
  amount: number,
  unit: DeadlineUnit,
  segments: Segment[] | string,
  cal: WorkingCalendar = calendar,
): ClockInput {
  return {
    calendar: cal,
    periods: PERIODS,
    limit: { amount, unit },
    segments: typeof segments === 'string' ? [{ from: at(segments), to: null }] : segments,
  };
}

const due = (input: ClockInput) => shown(dueAt(input));
const seg = (from: string, to: string | null): Segment => ({ from: at(from), to: to === null ? null : at(to) });

describe('limits', () => {
  test('a limit is measured in minutes of its unit', () => {
    assert.equal(limitMinutes({ amount: 3, unit: 'working_days' }), 4320);
    assert.equal(limitMinutes({ amount: 8, unit: 'working_hours' }), 480);
    assert.equal(limitMinutes({ amount: 0.5, unit: 'natural_hours' }), 30);
    assert.throws(() => limitMinutes({ amount: 0, unit: 'natural_hours' }), RangeError);
    assert.throws(() => limitMinutes({ amount: Number.NaN, unit: 'working_days' }), RangeError);
  });
});

describe('working days: 2023 National Day and Mid-Autumn', () => {
  const input = clock(3, 'working_days', '2023-09-28 16:00');

  test('the data: 09-29 to 10-06 are holidays, 10-07 and 10-08 make-up workdays', () => {
    const days = calendar.exceptionsBetween('2023-09-29', '2023-10-08');
    assert.deepEqual(
      days.filter((d) => d.kind === 'holiday').map((d) => d.date),
      ['2023-09-29', '2023-09-30', '2023-10-01', '2023-10-02', '2023-10-03', '2023-10-04', '2023-10-05', '2023-10-06'],
    );
    assert.deepEqual(
      days.filter((d) => d.kind === 'workday').map((d) => d.date),
      ['2023-10-07', '2023-10-08'],
    );
  });

  test('3 working days from 2023-09-28 16:00 are due 2023-10-09 16:00 (8 h + 24 h + 24 h + 16 h)', () => {
    assert.equal(due(input), '2023-10-09 16:00');
    assert.equal(consumedMinutes(input, new Date(at('2023-10-07 00:00'))), 480);
    assert.equal(consumedMinutes(input, new Date(at('2023-10-09 16:00'))), 4320);
  });

  test('the explanation names the holiday run and the make-up days', () => {
    const explanation = explainDeadline(input);
    assert.deepEqual(explanation, {
      unit: 'working_days',
      amount: 3,
      startedAt: '2023-09-28T08:00:00.000Z',
      dueAt: '2023-10-09T08:00:00.000Z',
      skipped: [{ from: '2023-09-29', to: '2023-10-06', reason: 'holiday', names: ['国庆节', '中秋节'] }],
      makeupDays: ['2023-10-07', '2023-10-08'],
      pauses: [],
      periods: null,
      unknownYears: [],
    });
    assert.equal(
      describeDeadline(explanation, 'en-US', ZONE),
      '3 working days from 2023-09-28 16:00, skipping 09-29…10-06, counting make-up days 10-07 and 10-08 → due 2023-10-09 16:00',
    );
    assert.equal(
      describeDeadline(explanation, 'zh-CN', ZONE),
      '自 2023-09-28 16:00 起 3 个工作日,跳过 09-29…10-06(国庆节、中秋节),计入调休上班日 10-07、10-08 → 2023-10-09 16:00 到期',
    );
  });

  test('times are shown in the zone asked for', () => {
    assert.equal(
      describeDeadline(explainDeadline(input), 'en-US', 'UTC'),
      '3 working days from 2023-09-28 08:00, skipping 09-29…10-06, counting make-up days 10-07 and 10-08 → due 2023-10-09 08:00',
    );
  });
});

describe('2024 Spring Festival (02-10 to 02-17 off, 02-04 and 02-18 worked)', () => {
  test('8 working hours from 2024-02-08 16:00 end on 除夕, a working Friday, at 17:00', () => {
    assert.equal(due(clock(8, 'working_hours', '2024-02-08 16:00')), '2024-02-09 17:00');
  });

  test('8 working hours from 2024-02-09 16:00 skip the festival and end on make-up Sunday 02-18 at 17:00', () => {
    const input = clock(8, 'working_hours', '2024-02-09 16:00');
    assert.equal(due(input), '2024-02-18 17:00');
    const explanation = explainDeadline(input);
    assert.deepEqual(explanation.skipped, [
      { from: '2024-02-10', to: '2024-02-17', reason: 'holiday', names: ['春节'] },
    ]);
    assert.deepEqual(explanation.makeupDays, ['2024-02-18']);
    assert.deepEqual(explanation.periods, PERIODS);
    assert.equal(
      describeDeadline(explanation, 'en-US', ZONE),
      '8 working hours (08:30–12:00, 14:30–18:00) from 2024-02-09 16:00, skipping 02-10…02-17, counting make-up day 02-18 → due 2024-02-18 17:00',
    );
    assert.equal(
      describeDeadline(explanation, 'zh-CN', ZONE),
      '自 2024-02-09 16:00 起 8 个工作时(作息时间 08:30–12:00、14:30–18:00),跳过 02-10…02-17(春节),计入调休上班日 02-18 → 2024-02-18 17:00 到期',
    );
  });

  test('2 working days from 2024-02-08 16:00 are due on make-up Sunday 02-18 at 16:00', () => {
    assert.equal(due(clock(2, 'working_days', '2024-02-08 16:00')), '2024-02-18 16:00');
  });

  test('a clock started on Saturday 02-03 counts from 00:00 of make-up Sunday 02-04', () => {
    const input = clock(1, 'working_days', '2024-02-03 10:00');
    assert.equal(due(input), '2024-02-05 00:00');
    const explanation = explainDeadline(input);
    assert.deepEqual(explanation.skipped, [{ from: '2024-02-03', to: '2024-02-03', reason: 'weekend', names: [] }]);
    assert.deepEqual(explanation.makeupDays, ['2024-02-04']);
    assert.equal(
      describeDeadline(explanation, 'en-US', ZONE),
      '1 working day from 2024-02-03 10:00, skipping 02-03, counting make-up day 02-04 → due 2024-02-05 00:00',
    );
  });
});

describe('New Year', () => {
  test('1 working day from Friday 2023-12-29 10:00 skips the weekend and New Year’s Day', () => {
    const input = clock(1, 'working_days', '2023-12-29 10:00');
    assert.equal(due(input), '2024-01-02 10:00');
    const explanation = explainDeadline(input);
    assert.deepEqual(explanation.skipped, [{ from: '2023-12-30', to: '2024-01-01', reason: 'mixed', names: ['元旦'] }]);
    assert.equal(
      describeDeadline(explanation, 'en-US', ZONE),
      '1 working day from 2023-12-29 10:00, skipping 12-30…2024-01-01 → due 2024-01-02 10:00',
    );
    assert.equal(
      describeDeadline(explanation, 'zh-CN', ZONE),
      '自 2023-12-29 10:00 起 1 个工作日,跳过 12-30…2024-01-01(元旦) → 2024-01-02 10:00 到期',
    );
  });

  test('4 working hours from Tuesday 2024-12-31 16:00 skip Wednesday 2025-01-01', () => {
    assert.equal(due(clock(4, 'working_hours', '2024-12-31 16:00')), '2025-01-02 10:30');
  });
});

describe('working hours', () => {
  // 2023-11-06 is an ordinary Monday.
  test('a clock started before 08:30 counts from 08:30', () => {
    assert.equal(due(clock(2, 'working_hours', '2023-11-06 07:00')), '2023-11-06 10:30');
  });

  test('a clock started at lunch counts from 14:30', () => {
    assert.equal(due(clock(2, 'working_hours', '2023-11-06 13:00')), '2023-11-06 16:30');
    assert.equal(due(clock(1, 'working_hours', '2023-11-06 12:00')), '2023-11-06 15:30');
  });

  test('a clock started after 18:00 counts from the next morning', () => {
    assert.equal(due(clock(1, 'working_hours', '2023-11-06 19:00')), '2023-11-07 09:30');
  });

  test('a limit used up exactly at a period’s end is due at that end, not the next start', () => {
    assert.equal(due(clock(3.5, 'working_hours', '2023-11-06 08:30')), '2023-11-06 12:00');
    assert.equal(due(clock(7, 'working_hours', '2023-11-06 08:30')), '2023-11-06 18:00');
    assert.equal(due(clock(3.5, 'working_hours', '2023-11-06 14:30')), '2023-11-06 18:00');
    assert.equal(due(clock(1, 'working_hours', '2023-11-06 17:00')), '2023-11-06 18:00');
  });

  test('Friday afternoon runs on into Monday morning', () => {
    assert.equal(due(clock(2, 'working_hours', '2023-11-10 17:00')), '2023-11-13 09:30');
  });

  test('consumed working minutes leave out lunch, nights and weekends', () => {
    const input = clock(40, 'working_hours', '2023-11-10 11:00');
    assert.equal(consumedMinutes(input, new Date(at('2023-11-10 15:00'))), 90);
    assert.equal(consumedMinutes(input, new Date(at('2023-11-13 08:00'))), 270);
    assert.equal(consumedMinutes(input, new Date(at('2023-11-10 10:00'))), 0);
  });

  test('fractions of an hour are minutes: 0.25 working hours from 11:50 end at 14:35', () => {
    assert.equal(due(clock(0.25, 'working_hours', '2023-11-06 11:50')), '2023-11-06 14:35');
  });

  test('the working periods are the clock’s own, not a fixed day', () => {
    const input = { ...clock(2, 'working_hours', '2023-11-06 11:00'), periods: [{ start: '09:00', end: '17:00' }] };
    assert.equal(due(input), '2023-11-06 13:00');
  });

  test('a zone with summer time keeps wall-clock working hours (Berlin, clocks forward on 2024-03-31)', () => {
    const berlin = new WorkingCalendar({ zone: 'Europe/Berlin' });
    // Friday 17:30 CET, 1 working hour: half on Friday, half on Monday 04-01 at 08:30 CEST.
    const input = clock(1, 'working_hours', [{ from: '2024-03-29T16:30:00Z', to: null }], berlin);
    assert.equal(dueAt(input)?.toISOString(), '2024-04-01T07:00:00.000Z');
  });
});

describe('natural hours', () => {
  test('natural hours run across midnight and holidays', () => {
    assert.equal(due(clock(2, 'natural_hours', '2023-09-30 23:30')), '2023-10-01 01:30');
  });

  test('0.5 natural hours are 30 minutes', () => {
    const input = clock(0.5, 'natural_hours', '2023-12-31 23:45');
    assert.equal(due(input), '2024-01-01 00:15');
    const explanation = explainDeadline(input);
    assert.deepEqual(explanation.skipped, []);
    assert.equal(
      describeDeadline(explanation, 'en-US', ZONE),
      '0.5 natural hours from 2023-12-31 23:45 → due 2024-01-01 00:15',
    );
    assert.equal(
      describeDeadline(explanation, 'zh-CN', ZONE),
      '自 2023-12-31 23:45 起 0.5 小时 → 2024-01-01 00:15 到期',
    );
  });

  test('a limit of a third of an hour is due to the millisecond', () => {
    assert.equal(due(clock(1 / 3, 'natural_hours', '2023-11-06 10:00')), '2023-11-06 10:20');
    assert.equal(due(clock(0.001, 'natural_hours', '2023-11-06 10:00')), '2023-11-06 10:00:03.600');
  });
});

describe('pauses', () => {
  test('a pause inside the National Day holiday changes nothing in working days', () => {
    const input = clock(3, 'working_days', [
      seg('2023-09-28 16:00', '2023-10-01 09:00'),
      seg('2023-10-03 10:00', null),
    ]);
    assert.equal(due(input), '2023-10-09 16:00');
    const explanation = explainDeadline(input);
    assert.deepEqual(explanation.pauses, [{ from: at('2023-10-01 09:00'), to: at('2023-10-03 10:00') }]);
    assert.equal(
      describeDeadline(explanation, 'en-US', ZONE),
      '3 working days from 2023-09-28 16:00, skipping 09-29…10-01 and 10-03…10-06, counting make-up days 10-07 and 10-08, paused 10-01 09:00–10-03 10:00 → due 2023-10-09 16:00',
    );
    assert.equal(
      describeDeadline(explanation, 'zh-CN', ZONE),
      '自 2023-09-28 16:00 起 3 个工作日,跳过 09-29…10-01(国庆节、中秋节)、10-03…10-06(国庆节),计入调休上班日 10-07、10-08,暂停 10-01 09:00–10-03 10:00 → 2023-10-09 16:00 到期',
    );
  });

  test('a pause across the whole holiday moves the due time by the working time it covers', () => {
    // 14 h on 09-27 and 10 h on 09-28 are used; the other 48 h run from 10-09 09:00.
    const input = clock(3, 'working_days', [
      seg('2023-09-27 10:00', '2023-09-28 10:00'),
      seg('2023-10-09 09:00', null),
    ]);
    assert.equal(due(input), '2023-10-11 09:00');
    assert.deepEqual(explainDeadline(input).skipped, []);
    assert.deepEqual(explainDeadline(input).makeupDays, [], 'the make-up days fell inside the pause');
  });

  test('working hours paused across the holiday resume on make-up Sunday 10-08', () => {
    const input = clock(8, 'working_hours', [
      seg('2023-09-28 16:00', '2023-09-28 17:00'),
      seg('2023-10-08 09:00', null),
    ]);
    assert.equal(due(input), '2023-10-09 09:00');
    assert.equal(consumedMinutes(input, new Date(at('2023-10-08 09:00'))), 60);
  });

  test('a paused clock has no due time until it has used up its limit', () => {
    const paused = clock(3, 'working_days', [seg('2023-09-28 16:00', '2023-10-07 12:00')]);
    assert.equal(dueAt(paused), null);
    assert.equal(consumedMinutes(paused, new Date(at('2023-12-01 00:00'))), 20 * 60);
    const explanation = explainDeadline(paused);
    assert.deepEqual(explanation.pauses, [{ from: at('2023-10-07 12:00'), to: null }]);
    assert.equal(
      describeDeadline(explanation, 'en-US', ZONE),
      '3 working days from 2023-09-28 16:00, skipping 09-29…10-06, counting make-up day 10-07, paused since 10-07 12:00 → no due time while paused',
    );
    assert.equal(
      describeDeadline(explanation, 'zh-CN', ZONE),
      '自 2023-09-28 16:00 起 3 个工作日,跳过 09-29…10-06(国庆节、中秋节),计入调休上班日 10-07,自 10-07 12:00 起暂停 → 暂停中,暂无到期时间',
    );
    const usedUp = clock(1, 'working_hours', [seg('2023-11-06 08:30', '2023-11-06 11:00')]);
    assert.equal(due(usedUp), '2023-11-06 09:30');
  });

  test('instantAtConsumed counts only the segments', () => {
    const input = clock(8, 'working_hours', [
      seg('2023-11-06 08:30', '2023-11-06 09:00'),
      seg('2023-11-06 15:00', null),
    ]);
    assert.equal(shown(instantAtConsumed(input, 30)), '2023-11-06 09:00');
    assert.equal(shown(instantAtConsumed(input, 31)), '2023-11-06 15:01');
    assert.equal(shown(instantAtConsumed(input, 0)), '2023-11-06 08:30');
    const paused = clock(8, 'working_hours', [seg('2023-11-06 08:30', '2023-11-06 09:00')]);
    assert.equal(instantAtConsumed(paused, 31), null);
    assert.equal(instantAtConsumed({ ...paused, segments: [] }, 1), null);
  });

  test('segments out of order are refused', () => {
    const input = clock(8, 'working_hours', [
      seg('2023-11-06 10:00', '2023-11-06 11:00'),
      seg('2023-11-06 10:30', null),
    ]);
    assert.throws(() => dueAt(input), RangeError);
    assert.throws(
      () => dueAt(clock(8, 'working_hours', [seg('2023-11-06 10:00', null), seg('2023-11-06 11:00', null)])),
      RangeError,
    );
  });
});

describe('yellow', () => {
  const rule = { share: 0.8, remaining: 1 };

  test('the remaining rule wins when it comes first: 3 working days turn yellow with 1 day left', () => {
    // share: 57.6 h used; remaining: 48 h used (8 h + 24 h + 16 h) — the earlier.
    assert.equal(shown(yellowAt(clock(3, 'working_days', '2023-09-28 16:00'), rule)), '2023-10-08 16:00');
  });

  test('the share rule wins when it comes first: 10 working hours turn yellow after 5', () => {
    assert.equal(
      shown(yellowAt(clock(10, 'working_hours', '2023-11-06 08:30'), { share: 0.5, remaining: 1 })),
      '2023-11-06 16:00',
    );
  });

  test('a 2-working-hour limit with 1 hour left turns yellow after 1 hour', () => {
    assert.equal(shown(yellowAt(clock(2, 'working_hours', '2023-11-06 08:30'), rule)), '2023-11-06 09:30');
  });

  test('a 2-working-hour limit with a 4-hour remaining rule follows the share only: never yellow at birth', () => {
    const input = clock(2, 'working_hours', '2023-11-06 08:30');
    assert.equal(shown(yellowAt(input, { share: 0.8, remaining: 4 })), '2023-11-06 10:06');
    assert.equal(statusAt(input, { share: 0.8, remaining: 4 }, new Date(at('2023-11-06 08:30'))), 'green');
    assert.equal(shown(yellowAt(input, { share: 0.8, remaining: 2 })), '2023-11-06 10:06');
  });

  test('a clock paused before its threshold has no yellow time; one paused after keeps it', () => {
    assert.equal(yellowAt(clock(2, 'working_hours', [seg('2023-11-06 08:30', '2023-11-06 09:00')]), rule), null);
    assert.equal(
      shown(yellowAt(clock(2, 'working_hours', [seg('2023-11-06 08:30', '2023-11-06 10:00')]), rule)),
      '2023-11-06 09:30',
    );
  });

  test('bad rules are refused', () => {
    const input = clock(2, 'working_hours', '2023-11-06 08:30');
    assert.throws(() => yellowAt(input, { share: 1.2, remaining: 1 }), RangeError);
    assert.throws(() => yellowAt(input, { share: 0.8, remaining: -1 }), RangeError);
  });
});

describe('status', () => {
  const rule = { share: 0.8, remaining: 1 };
  const input = clock(2, 'working_hours', '2023-11-06 08:30');
  const status = (local: string) => statusAt(input, rule, new Date(at(local)));

  test('green, then yellow at yellowAt, then red at dueAt', () => {
    assert.equal(status('2023-11-06 08:00'), 'green');
    assert.equal(status('2023-11-06 09:29'), 'green');
    assert.equal(statusAt(input, rule, new Date(Date.parse(at('2023-11-06 09:30')) - 1)), 'green');
    assert.equal(status('2023-11-06 09:30'), 'yellow');
    assert.equal(statusAt(input, rule, new Date(Date.parse(at('2023-11-06 10:30')) - 1)), 'yellow');
    assert.equal(status('2023-11-06 10:30'), 'red');
    assert.equal(status('2023-11-07 12:00'), 'red');
  });

  test('the status at the computed instants agrees with them exactly', () => {
    const odd = clock(1 / 3, 'working_days', '2023-09-28 17:17:17');
    const y = yellowAt(odd, rule)!;
    const d = dueAt(odd)!;
    assert.equal(statusAt(odd, rule, y), 'yellow');
    assert.equal(statusAt(odd, rule, new Date(y.getTime() - 1)), 'green');
    assert.equal(statusAt(odd, rule, d), 'red');
    assert.equal(statusAt(odd, rule, new Date(d.getTime() - 1)), 'yellow');
  });

  test('a paused clock keeps the colour of the time it used', () => {
    const paused = clock(2, 'working_hours', [seg('2023-11-06 08:30', '2023-11-06 09:45')]);
    assert.equal(statusAt(paused, rule, new Date(at('2023-11-20 09:00'))), 'yellow');
    const early = clock(2, 'working_hours', [seg('2023-11-06 08:30', '2023-11-06 09:00')]);
    assert.equal(statusAt(early, rule, new Date(at('2023-11-20 09:00'))), 'green');
  });
});

describe('calendar layers in deadlines', () => {
  const local = (...days: [string, 'holiday' | 'workday', string][]): CalendarException[] =>
    days.map(([date, kind, name]) => ({ date, kind, name, source: 'local' }));

  test('a local holiday pushes the due time a day later', () => {
    const typhoon = new WorkingCalendar({ zone: ZONE, local: local(['2023-11-07', 'holiday', '台风停工']) });
    assert.equal(due(clock(2, 'working_days', '2023-11-06 10:00')), '2023-11-08 10:00');
    const input = clock(2, 'working_days', '2023-11-06 10:00', typhoon);
    assert.equal(due(input), '2023-11-09 10:00');
    assert.equal(
      describeDeadline(explainDeadline(input), 'zh-CN', ZONE),
      '自 2023-11-06 10:00 起 2 个工作日,跳过 11-07(台风停工) → 2023-11-09 10:00 到期',
    );
  });

  test('a local workday on a Saturday brings it forward', () => {
    const inspection = new WorkingCalendar({ zone: ZONE, local: local(['2023-11-11', 'workday', '迎检']) });
    assert.equal(due(clock(1, 'working_days', '2023-11-10 12:00')), '2023-11-13 12:00');
    const input = clock(1, 'working_days', '2023-11-10 12:00', inspection);
    assert.equal(due(input), '2023-11-11 12:00');
    assert.deepEqual(explainDeadline(input).makeupDays, ['2023-11-11']);
  });

  test('official rows replace the built-in year', () => {
    // A (fictional) corrected 2023 without the National Day arrangement: 09-29 is a plain Friday again.
    const corrected = new WorkingCalendar({
      zone: ZONE,
      official: [{ date: '2023-10-02', kind: 'holiday', name: '国庆节', source: 'official' }],
    });
    const input = clock(3, 'working_days', '2023-09-28 16:00', corrected);
    assert.equal(due(input), '2023-10-04 16:00');
    assert.deepEqual(explainDeadline(input).skipped, [
      { from: '2023-09-30', to: '2023-10-02', reason: 'mixed', names: ['国庆节'] },
    ]);
  });

  test('a year the calendar does not know counts weekends only, and says so', () => {
    const input = clock(3, 'working_days', '2027-09-30 16:00');
    assert.equal(due(input), '2027-10-05 16:00');
    const explanation = explainDeadline(input);
    assert.deepEqual(explanation.unknownYears, [2027]);
    assert.equal(
      describeDeadline(explanation, 'en-US', ZONE),
      '3 working days from 2027-09-30 16:00, skipping 10-02…10-03, no holiday data for 2027 (only weekends skipped) → due 2027-10-05 16:00',
    );
    assert.equal(
      describeDeadline(explanation, 'zh-CN', ZONE),
      '自 2027-09-30 16:00 起 3 个工作日,跳过 10-02…10-03,日历缺少 2027 年的节假日数据(仅按周末计算) → 2027-10-05 16:00 到期',
    );
    const loaded = new WorkingCalendar({
      zone: ZONE,
      official: ['2027-10-01', '2027-10-04', '2027-10-05'].map((date) => ({
        date,
        kind: 'holiday' as const,
        name: '国庆节',
        source: 'official' as const,
      })),
    });
    const known = explainDeadline(clock(3, 'working_days', '2027-09-30 16:00', loaded));
    assert.equal(known.dueAt, at('2027-10-08 16:00'));
    assert.deepEqual(known.unknownYears, []);
  });

  test('a calendar without working days for 10 years is an error, not an endless loop', () => {
    const closed: CalendarException[] = [];
    for (let t = Date.parse('2030-01-01T00:00:00Z'); t < Date.parse('2041-01-01T00:00:00Z'); t += 86_400_000) {
      closed.push({ date: new Date(t).toISOString().slice(0, 10), kind: 'holiday', name: '停工', source: 'local' });
    }
    const never = new WorkingCalendar({ zone: ZONE, local: closed });
    assert.throws(() => dueAt(clock(1, 'working_days', '2030-01-02 10:00', never)), /10 years/);
    assert.throws(() => dueAt(clock(1, 'working_hours', '2030-01-02 10:00', never)), RangeError);
  });
});

describe('working periods', () => {
  test('valid periods have no problems', () => {
    assert.deepEqual(checkWorkingPeriods(PERIODS), []);
    assert.deepEqual(checkWorkingPeriods([{ start: '00:00', end: '24:00' }]), []);
    assert.deepEqual(
      checkWorkingPeriods([
        { start: '08:00', end: '12:00' },
        { start: '12:00', end: '17:00' },
      ]),
      [],
    );
  });

  test('each problem is reported', () => {
    assert.deepEqual(checkWorkingPeriods([]), ['no working period']);
    assert.deepEqual(checkWorkingPeriods([{ start: '8:30', end: '12:00' }]), [
      'period 1: start "8:30" is not a time HH:MM (00:00–23:59)',
    ]);
    assert.deepEqual(checkWorkingPeriods([{ start: '14:00', end: '12:00' }]), [
      'period 1: end 12:00 is not after start 14:00',
    ]);
    assert.deepEqual(
      checkWorkingPeriods([
        { start: '14:30', end: '18:00' },
        { start: '08:30', end: '12:00' },
      ]),
      ['period 2 (08:30–12:00) overlaps or comes before period 1 (14:30–18:00)'],
    );
    assert.deepEqual(
      checkWorkingPeriods([
        { start: '08:30', end: '12:30' },
        { start: '12:00', end: '18:00' },
      ]),
      ['period 2 (12:00–18:00) overlaps or comes before period 1 (08:30–12:30)'],
    );
    assert.deepEqual(checkWorkingPeriods([{ start: '24:00', end: '25:00' }]), [
      'period 1: start "24:00" is not a time HH:MM (00:00–23:59)',
      'period 1: end "25:00" is not a time HH:MM (00:01–24:00)',
    ]);
  });

  test('a working-hour clock with invalid periods is refused', () => {
    const input = { ...clock(1, 'working_hours', '2023-11-06 08:30'), periods: [{ start: '12:00', end: '08:00' }] };
    assert.throws(() => dueAt(input), /end 08:00 is not after start 12:00/);
    assert.throws(() => dueAt({ ...input, periods: [] }), RangeError);
  });
});

test('a limit in words, as the deadline explanations say it', () => {
  assert.equal(describeLimit({ amount: 4, unit: 'working_hours' }, 'zh-CN'), '4 个工作时');
  assert.equal(describeLimit({ amount: 1, unit: 'working_days' }, 'en-US'), '1 working day');
  assert.equal(describeLimit({ amount: 0.5, unit: 'natural_hours' }, 'en-US'), '0.5 natural hours');
});
