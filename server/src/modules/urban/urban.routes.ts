import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { IdempotencyHeaders } from '../../platform/schemas.ts';
import { withIdempotency } from '../../plugins/idempotency.ts';
import { CaseDetail, CaseParams, presentCase } from '../cases/cases.service.ts';
import {
  CategoryUsageQuery,
  CategoryUsageView,
  DispatchProposalView,
  DuplicatesView,
  MergeBody,
  NewUrbanCase,
  SplitBody,
} from './urban.schemas.ts';

export async function urbanRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { urban, time } = ctx;

  app.post('/api/cases', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags: ['cases'],
      summary: 'Report an urban-management problem (or one fixed on the spot): located, classified, numbered',
      description:
        'The location fixes the grid and the owning community (422 URBAN_LOCATION_OUTSIDE when it lies in no grid); the category must be a subclass in force today (422 URBAN_CATEGORY_UNKNOWN); the channel defaults to the role’s own (403 URBAN_CHANNEL_FORBIDDEN for another). Case numbers are the county code, the local date and the day’s sequence. With an Idempotency-Key a retry returns the first answer and never opens a second case.',
      headers: IdempotencyHeaders,
      body: NewUrbanCase,
      response: { 201: CaseDetail },
    },
    handler: async (request, reply) => {
      const placed = await urban.place(request.actor, request.body);
      const result = await withIdempotency(ctx.idempotency, request, reply, async (tx) => ({
        status: 201,
        body: presentCase(time, await urban.open(request.actor, placed, request.locale, tx)),
      }));
      ctx.events.committed();
      return result;
    },
  });

  app.get('/api/urban/category-usage', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags: ['cases'],
      summary: 'The categories reported in a grid in the last N days, most used first (for suggestions)',
      description:
        'Urban cases opened in the grid since now minus `days` (default 90), counted by category; ties go to the most recently used. At most 50. 404 URBAN_GRID_NOT_FOUND for a grid outside your area.',
      querystring: CategoryUsageQuery,
      response: { 200: CategoryUsageView },
    },
    handler: async (request) => {
      const usage = await urban.categoryUsage(request.actor, request.query, request.locale);
      return {
        ...usage,
        since: time.format(usage.since),
        items: usage.items.map((i) => ({ ...i, lastReportedAt: time.format(i.lastReportedAt) })),
      };
    },
  });

  app.get('/api/cases/:id/dispatch-proposal', {
    config: { access: { permission: 'routing.read' } },
    schema: {
      tags: ['cases'],
      summary:
        'The dispatch the rules propose: lead and assisting units for the category and place, and the handling limit',
      description:
        'The dispatcher may choose other units (the dispatch then records why). 404 URBAN_NOT_AN_URBAN_CASE for a case of another workflow; 422 ROUTING_NO_RESPONSIBLE_UNIT when no rule applies and the town has no unit.',
      params: CaseParams,
      response: { 200: DispatchProposalView },
    },
    handler: async (request) => urban.dispatchProposal(request.actor, request.params.id, request.locale),
  });

  app.get('/api/cases/:id/duplicates', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags: ['cases'],
      summary: 'Open cases that may report the same problem (same subclass, near, recent), ranked; and those merged in',
      params: CaseParams,
      response: { 200: DuplicatesView },
    },
    handler: async (request) => {
      const found = await urban.duplicatesOf(request.actor, request.params.id, request.locale);
      return {
        candidates: found.candidates.map((c) => ({ ...c, openedAt: time.format(c.openedAt) })),
        merged: found.merged.map((m) => ({ ...m, openedAt: time.format(m.openedAt) })),
      };
    },
  });

  app.post('/api/cases/:id/merge', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags: ['cases'],
      summary: 'Merge this report into the case that carries on (合并): both histories are kept',
      description:
        'Only the acceptor and the 12345 operator may (403 ACTION_ROLE_FORBIDDEN), only before registration (409). The other case logs that it took the duplicate in.',
      params: CaseParams,
      headers: IdempotencyHeaders,
      body: MergeBody,
      response: { 200: CaseDetail },
    },
    handler: async (request, reply) => {
      const result = await withIdempotency(ctx.idempotency, request, reply, async (tx) => ({
        status: 200,
        body: presentCase(
          time,
          await urban.merge(request.actor, request.params.id, request.body.into, request.body.note, request.locale, tx),
        ),
      }));
      ctx.events.committed();
      return result;
    },
  });

  app.post('/api/cases/:id/split', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags: ['cases'],
      summary: 'Undo a merge (拆分): the report goes back to be accepted on its own',
      params: CaseParams,
      headers: IdempotencyHeaders,
      body: SplitBody,
      response: { 200: CaseDetail },
    },
    handler: async (request, reply) => {
      const result = await withIdempotency(ctx.idempotency, request, reply, async (tx) => ({
        status: 200,
        body: presentCase(
          time,
          await urban.split(request.actor, request.params.id, request.body.reason, request.locale, tx),
        ),
      }));
      ctx.events.committed();
      return result;
    },
  });
}
