import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import {
  DateParams,
  DayDetail,
  DeadlineQuery,
  DeadlineView,
  DivisionQuery,
  LocalDayBody,
  LocalDayChangeView,
  OfficialYearBody,
  OfficialYearChangeView,
  YearParams,
  YearView,
} from './calendar.schemas.ts';

export async function calendarRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { calendar, time } = ctx;
  const tags = ['calendar'];
  const at = (iso: string) => time.format(new Date(iso));
  const atOrNull = (iso: string | null) => (iso === null ? null : at(iso));

  app.get('/api/calendar/years/:year', {
    // Any signed-in user: a clerk must be able to see why a deadline falls where it does.
    config: { access: { authenticated: true } },
    schema: {
      tags,
      summary: '工作日历: the holidays, make-up workdays and local days of a year, and the working hours in force',
      description:
        'known: whether the State Council arrangement for the year is known (shipped with CivicGrid or loaded); for an unknown year only weekends are rest days. division: whose working hours (calendar.working-hours) to show, default the installation.',
      params: YearParams,
      querystring: DivisionQuery,
      response: { 200: YearView },
    },
    handler: async (request) => calendar.year(request.actor, request.params.year, request.query.division ?? ''),
  });

  app.get('/api/calendar/days/:date', {
    config: { access: { authenticated: true } },
    schema: {
      tags,
      summary: 'One date as deadlines count it (working or not, why), and the rows kept for it',
      params: DateParams,
      response: { 200: DayDetail },
    },
    handler: async (request) => {
      const day = await calendar.day(request.actor, request.params.date);
      return { ...day, stored: day.stored.map((s) => ({ ...s, updatedAt: time.format(s.updatedAt) })) };
    },
  });

  app.put('/api/calendar/days/:date', {
    config: { access: { permission: 'calendar.manage' } },
    schema: {
      tags,
      summary: 'A local decision for a date: a day off (holiday) or a working day (workday); replaces any earlier one',
      description:
        'Overrides the State Council calendar for this date. In the same transaction the change is audited, emits calendar.changed and schedules the durable job that recomputes open deadlines; setting what is already there changes nothing (changed: 0).',
      params: DateParams,
      body: LocalDayBody,
      response: { 200: LocalDayChangeView },
    },
    handler: async (request) => calendar.setLocal(request.actor, request.params.date, request.body, request.locale),
  });

  app.delete('/api/calendar/days/:date', {
    config: { access: { permission: 'calendar.manage' } },
    schema: {
      tags,
      summary: 'Remove the local decision for a date (404 when there is none): the official calendar applies again',
      params: DateParams,
      response: { 200: LocalDayChangeView },
    },
    handler: async (request) => calendar.removeLocal(request.actor, request.params.date, request.locale),
  });

  app.put('/api/calendar/official/:year', {
    config: { access: { permission: 'calendar.manage' } },
    schema: {
      tags,
      summary: "Load the State Council's published holiday arrangement for a year, replacing the year's official days",
      description:
        'List the holidays that fall on Monday–Friday and the make-up workdays (Saturdays and Sundays). Every date must lie in the year and appear once; a holiday on a weekend or a make-up workday on a weekday is refused. Anything wrong is a 422 CALENDAR_OFFICIAL_INVALID whose details.problems lists each bad entry (entry number from 1, date, problem, message in your language); nothing is written. The loaded days are the whole arrangement of the year: they replace what CivicGrid ships for that year entirely (to correct one date, set a local day instead). Loading the same days again changes nothing.',
      params: YearParams,
      body: OfficialYearBody,
      response: { 200: OfficialYearChangeView },
    },
    handler: async (request) =>
      calendar.loadOfficial(request.actor, request.params.year, request.body.days, request.locale),
  });

  app.get('/api/calendar/deadline', {
    config: { access: { authenticated: true } },
    schema: {
      tags,
      summary: 'How is this counted: when a deadline started at `from` would be due, and why',
      description:
        'Counts amount × unit from `from` on the working calendar in force and the working hours (calendar.working-hours) in force for `division` on the date of `from`, as the case engine does. The answer has the structured explanation (days skipped, make-up days counted, years without holiday data) and one sentence in your language.',
      querystring: DeadlineQuery,
      response: { 200: DeadlineView },
    },
    handler: async (request) => {
      const { from, amount, unit, division } = request.query;
      const r = await calendar.deadline(
        request.actor,
        { from: new Date(from), amount, unit, division },
        request.locale,
      );
      const e = r.explanation;
      return {
        ...r,
        from: time.format(r.from),
        dueAt: r.dueAt === null ? null : time.format(r.dueAt),
        explanation: {
          ...e,
          startedAt: at(e.startedAt),
          dueAt: atOrNull(e.dueAt),
          pauses: e.pauses.map((p) => ({ from: at(p.from), to: atOrNull(p.to) })),
        },
      };
    },
  });
}
