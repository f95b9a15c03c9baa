import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import { type Locale, messageFor } from '../../platform/errors.ts';
import { Page, pageRequest } from '../../platform/paging.ts';
import { IdempotencyHeaders } from '../../platform/schemas.ts';
import { withIdempotency } from '../../plugins/idempotency.ts';
import { GridErrors } from './grids.policy.ts';
import {
  CoverageQuery,
  CoverageView,
  CrsQuery,
  DutySchedule,
  EndPost,
  EndSchedule,
  FlagsQuery,
  GeoJsonQuery,
  GridCodeParams,
  GridDetail,
  GridListQuery,
  GridPatch,
  GridPostParams,
  GridSummary,
  ImportReport,
  ImportRequest,
  LocateQuery,
  LocateView,
  NewGrid,
  NewPost,
  NewSchedule,
  PostsQuery,
  RetireGrid,
  StaffingFlags,
  StaffMember,
} from './grids.schemas.ts';
import type { GridDetailView, GridSortField, ImportResult } from './grids.service.ts';

/** Imports carry a county's outlines: more than the 1 MiB other bodies get. */
const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;

export async function gridsRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { grids, time } = ctx;
  const tags = ['grids'];
  const detail = (g: GridDetailView) => ({ ...g, updatedAt: time.format(g.updatedAt) });
  const localized = (report: ImportResult, locale: Locale) => ({
    ...report,
    problems: report.problems.map(({ params, ...p }) => ({
      ...p,
      message: messageFor(`IMPORT_${p.problem}`, locale, params),
    })),
  });

  app.get('/api/grids', {
    config: { access: { permission: 'grids.read' } },
    schema: {
      tags,
      summary: 'Grids in your area, without outlines (q: part of the name or a code prefix)',
      querystring: GridListQuery,
      response: { 200: Page(GridSummary) },
    },
    handler: async (request) => {
      const { under, kind, status, q } = request.query;
      const page = await grids.list(request.actor, pageRequest<GridSortField>(request.query, 'code'), {
        under,
        kind,
        status,
        q,
      });
      return { ...page, items: page.items.map((g) => ({ ...g, updatedAt: time.format(g.updatedAt) })) };
    },
  });

  app.get('/api/grids/geojson', {
    config: { access: { permission: 'grids.read' } },
    schema: {
      tags,
      summary: "A division's grids as a GeoJSON FeatureCollection (download=true: as a file, the export)",
      description:
        'Coordinates in the crs asked for (default wgs84); the collection carries `crs` and `synthetic` (true when the outlines are generated demo geometry).',
      querystring: GeoJsonQuery,
    },
    handler: async (request, reply) => {
      const collection = await grids.featureCollection(request.actor, request.query);
      reply.type('application/geo+json; charset=utf-8');
      if (request.query.download) {
        const name = `grids-${request.query.under || 'all'}-${collection.crs}.geojson`;
        reply.header('content-disposition', `attachment; filename="${name}"`);
      }
      return JSON.stringify(collection);
    },
  });

  app.get('/api/grids/locate', {
    // Any signed-in user: where a point lies is geography, not case data; no staff are named here.
    config: { access: { authenticated: true } },
    schema: {
      tags,
      summary: 'Point → grid → community → town → county → city',
      description:
        'crs=gcj02 for coordinates from Amap/Tencent maps or phones (converted to WGS84 first). A point on a shared edge or vertex belongs to the grid with the smallest code; a point in no grid gets the nearest grid with inside=false and its distance. kind defaults to social (基础网格).',
      querystring: LocateQuery,
      response: { 200: LocateView },
    },
    handler: async (request) => grids.locate(request.query),
  });

  app.get('/api/grids/coverage', {
    config: { access: { permission: 'grids.read' } },
    schema: {
      tags,
      summary: '无死角: parts of a division covered by no grid or by two, and grid parts outside it',
      description:
        'Gaps and overlaps smaller than toleranceM2 (default from configuration grids.geometry) are ignored as rounding. Each part comes with its area and outline in crs.',
      querystring: CoverageQuery,
      response: { 200: CoverageView },
    },
    handler: async (request) => grids.coverage(request.actor, request.query),
  });

  app.get('/api/grids/staffing-flags', {
    config: { access: { permission: 'grids.read' } },
    schema: {
      tags,
      summary: '定人定时 flags: grids without a full-time worker, people in too many grids, duty hours nobody covers',
      querystring: FlagsQuery,
      response: { 200: StaffingFlags },
    },
    handler: async (request) => grids.staffingFlags(request.actor, request.query.division),
  });

  app.post('/api/grids/import', {
    config: { access: { permission: 'grids.manage' } },
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: {
      tags,
      summary: 'Import grids from GeoJSON: a dry run reports every problem; a real run writes all or nothing',
      description:
        'Each feature: properties.code (15 characters), properties.name, optional properties.kind; a code in force is updated, a new one created. dryRun defaults to true. A real run with problems answers 422 GRID_IMPORT_REFUSED with the report in error.details and writes nothing.',
      body: ImportRequest,
      response: { 200: ImportReport },
    },
    handler: async (request) => {
      const dryRun = request.body.dryRun ?? true;
      const report = await grids.import(request.actor, { ...request.body, dryRun });
      const shaped = localized(report, request.locale);
      if (!dryRun && !report.ok)
        throw GridErrors.GRID_IMPORT_REFUSED(
          { count: report.problems.length + report.overlaps.length + report.outside.length },
          shaped,
        );
      return shaped;
    },
  });

  app.post('/api/grids', {
    config: { access: { permission: 'grids.manage' }, idempotent: true },
    schema: {
      tags,
      summary: 'Draw a grid in a village/community (code assigned when not given)',
      description: 'Refused when the outline is invalid, leaves its community or overlaps a grid of its kind.',
      headers: IdempotencyHeaders,
      body: NewGrid,
      response: { 201: GridDetail },
    },
    handler: async (request, reply) =>
      withIdempotency(ctx.idempotency, request, reply, async (tx) => ({
        status: 201,
        body: detail(await grids.create(request.actor, request.body, tx)),
      })),
  });

  app.get('/api/grids/:code', {
    config: { access: { permission: 'grids.read' } },
    schema: {
      tags,
      summary: 'One grid with its outline, its place in the divisions, staff and duty schedules',
      params: GridCodeParams,
      querystring: CrsQuery,
      response: { 200: GridDetail },
    },
    handler: async (request) => detail(await grids.get(request.actor, request.params.code, request.query)),
  });

  app.patch('/api/grids/:code', {
    config: { access: { permission: 'grids.manage' } },
    schema: {
      tags,
      summary: 'Change a grid (name, status, note, outline); version names the version you edited',
      params: GridCodeParams,
      body: GridPatch,
      response: { 200: GridDetail },
    },
    handler: async (request) => detail(await grids.update(request.actor, request.params.code, request.body)),
  });

  app.delete('/api/grids/:code', {
    config: { access: { permission: 'grids.manage' } },
    schema: {
      tags,
      summary: 'Retire a grid: it leaves the map and coverage, stays in history; its posts end',
      params: GridCodeParams,
      body: RetireGrid,
      response: { 204: Type.Null() },
    },
    handler: async (request, reply) => {
      await grids.retire(request.actor, request.params.code, request.body.reason);
      reply.code(204);
      return null;
    },
  });

  app.get('/api/grids/:code/posts', {
    config: { access: { permission: 'grids.read' } },
    schema: {
      tags,
      summary: '定人定岗: who holds which post in the grid (history=true: ended posts too)',
      params: GridCodeParams,
      querystring: PostsQuery,
      response: { 200: Type.Object({ items: Type.Array(StaffMember) }) },
    },
    handler: async (request) => ({
      items: await grids.posts(request.actor, request.params.code, request.query),
    }),
  });

  app.post('/api/grids/:code/posts', {
    config: { access: { permission: 'grids.staffing.manage' }, idempotent: true },
    schema: {
      tags,
      summary: 'Give a person a post in the grid (duties default to the post’s configured duties)',
      params: GridCodeParams,
      headers: IdempotencyHeaders,
      body: NewPost,
      response: { 201: StaffMember },
    },
    handler: async (request, reply) =>
      withIdempotency(ctx.idempotency, request, reply, async (tx) => ({
        status: 201,
        body: await grids.addPost(request.actor, request.params.code, request.body, tx),
      })),
  });

  app.post('/api/grids/:code/posts/:id/end', {
    config: { access: { permission: 'grids.staffing.manage' } },
    schema: {
      tags,
      summary: 'End a post (its schedules end with it); the post stays in the history',
      params: GridPostParams,
      body: EndPost,
      response: { 200: StaffMember },
    },
    handler: async (request) => grids.endPost(request.actor, request.params.code, request.params.id, request.body),
  });

  app.get('/api/grids/:code/schedules', {
    config: { access: { permission: 'grids.read' } },
    schema: {
      tags,
      summary: '定时: the duty schedules in force (weekdays, hours, patrols per day)',
      params: GridCodeParams,
      response: { 200: Type.Object({ items: Type.Array(DutySchedule) }) },
    },
    handler: async (request) => ({ items: await grids.schedules(request.actor, request.params.code) }),
  });

  app.post('/api/grids/:code/schedules', {
    config: { access: { permission: 'grids.staffing.manage' }, idempotent: true },
    schema: {
      tags,
      summary: 'Add a duty schedule for a post holder (local business time)',
      params: GridCodeParams,
      headers: IdempotencyHeaders,
      body: NewSchedule,
      response: { 201: DutySchedule },
    },
    handler: async (request, reply) =>
      withIdempotency(ctx.idempotency, request, reply, async (tx) => ({
        status: 201,
        body: await grids.addSchedule(request.actor, request.params.code, request.body, tx),
      })),
  });

  app.post('/api/grids/:code/schedules/:id/end', {
    config: { access: { permission: 'grids.staffing.manage' } },
    schema: {
      tags,
      summary: 'End a duty schedule',
      params: GridPostParams,
      body: EndSchedule,
      response: { 200: DutySchedule },
    },
    handler: async (request) => grids.endSchedule(request.actor, request.params.code, request.params.id, request.body),
  });
}
