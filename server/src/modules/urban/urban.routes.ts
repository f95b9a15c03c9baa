import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { IdempotencyHeaders } from '../../platform/schemas.ts';
import { withIdempotency } from '../../plugins/idempotency.ts';
import { CaseDetail, CaseParams, presentCase } from '../cases/cases.service.ts';
import { DispatchProposalView, NewUrbanCase } from './urban.schemas.ts';

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
}
