import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { divisionCodeParam } from '../../platform/divisions.ts';
import { SituationQuery, SituationView } from './command.schemas.ts';

export async function commandRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { command, time } = ctx;

  app.get('/api/command/situation', {
    config: { access: { permission: 'indicators.read' } },
    schema: {
      tags: ['command'],
      summary: '驾驶舱: open and overdue cases per child division or grid, today’s counts and the 30-day trend',
      description:
        'Live counts from the cases (not the indicator rollups): open (not closed) and overdue (a running clock red) cases per division one level below `division` — or per grid for a community — and, over the whole division, today’s opened and closed cases and the opened and closed cases of each of the last 30 business days. Only cases owned in your area count; a division outside it is a 403 OUT_OF_SCOPE.',
      querystring: SituationQuery,
      response: { 200: SituationView },
    },
    handler: async (request) => {
      const q = request.query;
      const s = await command.situation(
        request.actor,
        q.division === undefined ? undefined : divisionCodeParam(q.division),
      );
      return { ...s, at: time.format(s.at) };
    },
  });
}
