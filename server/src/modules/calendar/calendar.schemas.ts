import { Type } from 'typebox';
import { DivisionCode, LocalDate, Timestamp } from '../../platform/schemas.ts';

/** The longest name of a calendar day (元旦, 国庆节, 防台风停工…). */
export const DAY_NAME_MAX = 60;
/** Years the calendar can be asked about or loaded for: the years `date` values may have. */
export const YEAR_MIN = 1900;
export const YEAR_MAX = 2999;
/** A deadline longer than this (in its unit) is not something the helper needs to count. */
export const DEADLINE_AMOUNT_MAX = 1000;

export const DayKind = Type.Union([Type.Literal('holiday'), Type.Literal('workday')], {
  description:
    'holiday 放假 (a day off on a weekday) | workday 上班 (调休 make-up workday on a weekend, or a day a local decision makes working)',
});
export const DaySource = Type.Union([Type.Literal('builtin'), Type.Literal('official'), Type.Literal('local')], {
  description:
    'builtin: the State Council calendar shipped with CivicGrid (chinese-days) | official: loaded for a year by an administrator, replacing builtin for that year | local: a local decision, overriding both',
});
const DayName = Type.String({ minLength: 1, maxLength: DAY_NAME_MAX, description: 'e.g. 国庆节, 春节, 防台风停工' });

export const YearParams = Type.Object(
  { year: Type.Integer({ minimum: YEAR_MIN, maximum: YEAR_MAX }) },
  { additionalProperties: false },
);
export const DateParams = Type.Object({ date: LocalDate }, { additionalProperties: false });
export const DivisionQuery = Type.Object(
  {
    division: Type.Optional(
      Type.Union([DivisionCode, Type.Literal('')], {
        description: "the division whose working hours apply ('' = the installation's, the default)",
      }),
    ),
  },
  { additionalProperties: false },
);

export const WorkingPeriodView = Type.Object({
  start: Type.String({ description: 'HH:MM, business time' }),
  end: Type.String({ description: 'HH:MM, business time' }),
});
export const WorkingHoursView = Type.Object({
  division: Type.String({ description: "the division asked for ('' = the installation)" }),
  at: LocalDate,
  periods: Type.Array(WorkingPeriodView, { description: 'calendar.working-hours in force on that date' }),
});

export const DayView = Type.Object({
  date: LocalDate,
  working: Type.Boolean(),
  kind: Type.Union(
    [Type.Literal('weekday'), Type.Literal('weekend'), Type.Literal('holiday'), Type.Literal('workday')],
    { description: 'weekday / weekend: an ordinary day; holiday / workday: an exception (see source)' },
  ),
  name: Type.Union([Type.String(), Type.Null()]),
  source: Type.Union([DaySource, Type.Null()], { description: 'null for an ordinary day' }),
});

export const StoredDay = Type.Object({
  source: Type.Union([Type.Literal('official'), Type.Literal('local')]),
  kind: DayKind,
  name: Type.String(),
  updatedAt: Timestamp,
  updatedBy: Type.String({ description: "account id, or 'operator'" }),
});

export const DayDetail = Type.Object({
  ...DayView.properties,
  stored: Type.Array(StoredDay, {
    description: 'the rows kept for this date (an official row, a local override); the local one wins',
  }),
});

export const YearView = Type.Object({
  year: Type.Integer(),
  known: Type.Boolean({
    description:
      'whether the State Council arrangement for the year is known (shipped or loaded); otherwise only weekends are rest days',
  }),
  sources: Type.Array(DaySource, { description: 'the sources that hold days of this year' }),
  days: Type.Array(DayView, {
    description: 'every day that is not an ordinary weekday or weekend: holidays, make-up workdays, local days',
  }),
  counts: Type.Object({
    holidays: Type.Integer({ description: 'holidays among the days (weekend days of a holiday period included)' }),
    workdays: Type.Integer({ description: 'make-up and other extra workdays among the days' }),
    workingDays: Type.Integer({ description: 'working days in the whole year' }),
  }),
  workingHours: WorkingHoursView,
});

export const LocalDayBody = Type.Object({ kind: DayKind, name: DayName }, { additionalProperties: false });

export const OfficialDay = Type.Object(
  { date: LocalDate, kind: DayKind, name: DayName },
  { additionalProperties: false },
);
export const OfficialYearBody = Type.Object(
  {
    days: Type.Array(OfficialDay, {
      minItems: 1,
      maxItems: 366,
      description:
        'the holidays that fall on Monday–Friday and the make-up workdays (Saturdays/Sundays) of the year, as published by the State Council',
    }),
  },
  { additionalProperties: false },
);
/**
 * The `civicgrid calendar load` file: the body above with its year, e.g.
 * `{"year": 2027, "days": [{"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
 * {"date": "2027-10-09", "kind": "workday", "name": "国庆节"}]}` — the holidays on Monday–Friday and the make-up
 * workdays on weekends, each date once, all in the year. The CLI checks the file's entries with the service
 * (`officialYearProblems`), not with this schema, so that each bad entry is reported in words.
 */
export const OfficialYearFile = Type.Object(
  { year: Type.Integer({ minimum: YEAR_MIN, maximum: YEAR_MAX }), ...OfficialYearBody.properties },
  { additionalProperties: false },
);

export const CalendarChangeView = Type.Object({
  changed: Type.Integer({ description: 'how many dates changed (0: the calendar already said so; nothing was done)' }),
  dates: Type.Array(LocalDate, { description: 'the dates that changed' }),
  recomputing: Type.Boolean({
    description: 'true when open deadlines are being recomputed on the new calendar (a durable job)',
  }),
  job: Type.Union([Type.Object({ id: Type.String(), key: Type.String() }), Type.Null()], {
    description: 'the recompute job (GET /api/admin/jobs/{id} shows its progress)',
  }),
  message: Type.String({ description: "what happened, in the caller's language" }),
});
export const LocalDayChangeView = Type.Object({ ...CalendarChangeView.properties, day: DayView });
export const OfficialYearChangeView = Type.Object({
  ...CalendarChangeView.properties,
  year: Type.Integer(),
  known: Type.Boolean(),
});

export const DeadlineUnit = Type.Union(
  [Type.Literal('working_hours'), Type.Literal('working_days'), Type.Literal('natural_hours')],
  { description: 'working_hours 工作时 | working_days 工作日 | natural_hours 自然时' },
);

export const DeadlineQuery = Type.Object(
  {
    from: Timestamp,
    amount: Type.Number({ exclusiveMinimum: 0, maximum: DEADLINE_AMOUNT_MAX }),
    unit: DeadlineUnit,
    ...DivisionQuery.properties,
  },
  { additionalProperties: false },
);

export const DeadlineExplanationView = Type.Object({
  unit: DeadlineUnit,
  amount: Type.Number(),
  startedAt: Timestamp,
  dueAt: Type.Union([Timestamp, Type.Null()]),
  skipped: Type.Array(
    Type.Object({
      from: LocalDate,
      to: LocalDate,
      reason: Type.Union([Type.Literal('weekend'), Type.Literal('holiday'), Type.Literal('mixed')]),
      names: Type.Array(Type.String(), { description: 'the holidays in the run, the longest first' }),
    }),
    { description: 'runs of consecutive non-working days inside the counted window' },
  ),
  makeupDays: Type.Array(LocalDate, { description: 'make-up (or local) workdays inside the window, counted' }),
  pauses: Type.Array(Type.Object({ from: Timestamp, to: Type.Union([Timestamp, Type.Null()]) })),
  periods: Type.Union([Type.Array(WorkingPeriodView), Type.Null()], {
    description: 'the working hours counted (working_hours only)',
  }),
  unknownYears: Type.Array(Type.Integer(), {
    description: 'years in the window without the State Council arrangement: only weekends were skipped there',
  }),
});

export const DeadlineView = Type.Object({
  from: Timestamp,
  limit: Type.Object({ amount: Type.Number(), unit: DeadlineUnit }),
  workingHours: WorkingHoursView,
  dueAt: Type.Union([Timestamp, Type.Null()]),
  explanation: DeadlineExplanationView,
  sentence: Type.String({ description: "the explanation as one sentence in the caller's language" }),
  calendar: Type.String({
    description: 'fingerprint of the working calendar used (changes with every calendar change)',
  }),
});
