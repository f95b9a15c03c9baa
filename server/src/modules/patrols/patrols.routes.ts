import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { Page, pageRequest } from '../../platform/paging.ts';
import { IdempotencyHeaders, IdParams } from '../../platform/schemas.ts';
import { withIdempotency } from '../../plugins/idempotency.ts';
import {
  CurrentPatrol,
  DutyQuery,
  DutyView,
  EndPatrol,
  NewPatrol,
  PatrolDetail,
  PatrolListQuery,
  PatrolView,
  PointsAccepted,
  PointsBody,
} from './patrols.schemas.ts';
import type { PatrolDetailView, PatrolSortField, PatrolView as PatrolViewData } from './patrols.service.ts';

/** Patrols (巡查) of grid workers, their trails (轨迹), and the duty check (定时). */
export async function patrolsRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { patrols, time } = ctx;
  const tags = ['patrols'];
  const at = (d: Date | null) => (d ? time.format(d) : null);
  const present = <T extends PatrolViewData>(p: T) => ({
    ...p,
    startedAt: time.format(p.startedAt),
    endedAt: at(p.endedAt),
    lastPointAt: at(p.lastPointAt),
  });
  const presentDetail = (p: PatrolDetailView) => ({ ...present(p), times: p.times.map((t) => time.format(t)) });

  app.post('/api/patrols', {
    config: { access: { permission: 'patrols.record' }, idempotent: true },
    schema: {
      tags,
      summary: 'Start a patrol (巡查): in the grid of the position, or the grid named',
      description:
        'The grid is located from the position (within 50 m of a grid’s edge counts; among the grids there, one where the worker holds a post first) or named; it must be in the worker’s area (403 PATROL_GRID_OUT_OF_SCOPE, 404 PATROL_GRID_UNKNOWN). One open patrol per account: 409 PATROL_ALREADY_OPEN with the open one’s id in details.patrolId. `startedAt` is the device’s time of a patrol started offline: 422 when more than 2 minutes ahead of the server or more than 24 hours ago; 409 PATROL_OVERLAPS before the previous patrol’s end. With an Idempotency-Key a retry returns the first answer.',
      headers: IdempotencyHeaders,
      body: NewPatrol,
      response: { 201: PatrolView },
    },
    handler: async (request, reply) => {
      const placed = await patrols.place(request.actor, request.body);
      return withIdempotency(ctx.idempotency, request, reply, async (tx) => ({
        status: 201,
        body: present(await patrols.start(request.actor, placed, request.body, tx)),
      }));
    },
  });

  app.get('/api/patrols/current', {
    config: { access: { permission: 'patrols.record' } },
    schema: {
      tags,
      summary: 'My open patrol, or null',
      response: { 200: CurrentPatrol },
    },
    handler: async (request) => {
      const open = await patrols.current(request.actor);
      return { patrol: open ? present(open) : null };
    },
  });

  app.get('/api/patrols/duty', {
    config: { access: { permission: 'patrols.read' } },
    schema: {
      tags,
      summary: '定时: patrols expected and done per duty window (schedule × day) in a division’s grids',
      description:
        'For every duty schedule of the grids under the division and every day of from–to (at most 31) it applies: the patrols expected (patrolsPerDay) and done — ended patrols of the post’s holder in that grid that started inside the window and lasted at least patrols.duty-min-minutes — and a shortfall flag once the window is over. At most 2000 windows are listed; the totals count all.',
      querystring: DutyQuery,
      response: { 200: DutyView },
    },
    handler: async (request) => patrols.duty(request.actor, request.query),
  });

  app.get('/api/patrols', {
    // A worker lists their own patrols (patrols.record), an overseer those of their area (patrols.read): the
    // policy decides which.
    config: { access: { authenticated: true } },
    schema: {
      tags,
      summary: 'The patrol log: my patrols, or (patrols.read) those of the grids in my area',
      description: 'Filters: grid, account, local dates of the start (from, to), open. Sorted newest first by default.',
      querystring: PatrolListQuery,
      response: { 200: Page(PatrolView) },
    },
    handler: async (request) => {
      const { grid, account, from, to, open } = request.query;
      const page = await patrols.list(request.actor, pageRequest<PatrolSortField>(request.query, '-startedAt'), {
        grid,
        account,
        from,
        to,
        open,
      });
      return { ...page, items: page.items.map(present) };
    },
  });

  app.get('/api/patrols/:id', {
    config: { access: { authenticated: true } },
    schema: {
      tags,
      summary: 'A patrol with its trail as a GeoJSON LineString (WGS84) and the time of each point',
      params: IdParams,
      response: { 200: PatrolDetail },
    },
    handler: async (request) => presentDetail(await patrols.get(request.actor, request.params.id)),
  });

  app.post('/api/patrols/:id/points', {
    config: { access: { permission: 'patrols.record' } },
    schema: {
      tags,
      summary: 'Add trail points (轨迹) to my patrol, in batches of up to 500, possibly late',
      description:
        'Points carry the device time of the fix. A time the patrol already has is ignored (a batch sent again changes nothing: safe to retry). Points before the start or after the end (a minute’s slack), more than 2 minutes ahead of the server, at (0, 0), or beyond 200 km/h from the point before refuse the batch: 422 PATROL_POINTS_REFUSED with details.problems [{index, at, problem, message}]; send it again without them.',
      params: IdParams,
      body: PointsBody,
      response: { 200: PointsAccepted },
    },
    handler: async (request) => {
      const r = await patrols.addPoints(request.actor, request.params.id, request.body.points, request.locale);
      return { ...r, patrol: present(r.patrol) };
    },
  });

  app.post('/api/patrols/:id/end', {
    config: { access: { permission: 'patrols.record' } },
    schema: {
      tags,
      summary: 'End my patrol; ending an ended patrol answers it unchanged',
      description:
        'endedAt is the device’s time (default now; moved to the last trail point when one is later); position, when given, is the trail’s last point. Distance and duration are computed from the trail.',
      params: IdParams,
      body: EndPatrol,
      response: { 200: PatrolView },
    },
    handler: async (request) => present(await patrols.end(request.actor, request.params.id, request.body ?? {})),
  });
}
