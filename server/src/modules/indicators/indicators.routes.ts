import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { divisionCodeParam } from '../../platform/divisions.ts';
import {
  CasesBehindView,
  CasesQuery,
  DefinitionsView,
  FigureQuery,
  FigureTableView,
  IndicatorKeyParams,
  RebuildView,
  VerifyView,
} from './indicators.schemas.ts';
import type { CaseBehind } from './indicators.service.ts';

export async function indicatorsRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { indicators, time } = ctx;
  const tags = ['indicators'];
  const filters = (q: { period?: string; date?: string; by?: string; division?: string }) => ({
    period: (q.period ?? 'month') as 'month',
    date: q.date,
    by: (q.by ?? 'unit') as 'unit',
    division: q.division === undefined ? undefined : divisionCodeParam(q.division),
  });
  const at = (d: Date | null) => (d ? time.format(d) : null);
  const behind = (c: CaseBehind) => ({
    ...c,
    reportedAt: time.format(c.reportedAt),
    handleDueAt: at(c.handleDueAt),
    handledAt: at(c.handledAt),
    closedAt: at(c.closedAt),
  });

  app.get('/api/indicators/definitions', {
    config: { access: { permission: 'indicators.read' } },
    schema: {
      tags,
      summary: '考核指标: what each indicator counts (numerator and denominator measures, the date that places them)',
      response: { 200: DefinitionsView },
    },
    handler: async () => {
      const d = indicators.definitions();
      return {
        indicators: d.indicators.map((i) => ({ ...i, lowerIsBetter: i.lowerIsBetter === true })),
        measures: Object.values(d.measures),
      };
    },
  });

  app.get('/api/indicators', {
    config: { access: { permission: 'indicators.read' } },
    schema: {
      tags,
      summary: 'Every indicator by lead unit, division or grid for a period, with the composite score',
      description:
        'Counted from the rollups of the action log (docs/indicators.md): for each row and indicator the numerator, the denominator and the rate, and the composite score under the weights (indicators.composite-weights) in force for `division` on the period’s first day. Only cases owned in your area count; a division outside it is a 403 OUT_OF_SCOPE. Rows are ranked by the composite score.',
      querystring: FigureQuery,
      response: { 200: FigureTableView },
    },
    handler: async (request) => indicators.table(request.actor, filters(request.query)),
  });

  app.get('/api/indicators/:key/cases', {
    config: { access: { permission: 'indicators.read' } },
    schema: {
      tags,
      summary: 'The cases behind a figure: the items of its numerator or denominator, of one row or all',
      description:
        'Same filters as GET /api/indicators; `row` a row key from it; `part` numerator or denominator (default). One item per case, or per dispatch (退单率), check round (按期核查率) or visit (满意率). 404 INDICATOR_UNKNOWN for an unknown key.',
      params: IndicatorKeyParams,
      querystring: CasesQuery,
      response: { 200: CasesBehindView },
    },
    handler: async (request) => {
      const q = request.query;
      const page = await indicators.casesBehind(request.actor, request.params.key, {
        ...filters(q),
        row: q.row,
        part: q.part ?? 'denominator',
        page: q.page ?? 1,
        pageSize: q.pageSize ?? 20,
      });
      return { ...page, items: page.items.map(behind) };
    },
  });

  app.post('/api/indicators/rebuild', {
    config: { access: { permission: 'indicators.manage' } },
    schema: {
      tags,
      summary: 'Rebuild the indicator rollups from the whole action log (one transaction)',
      response: { 200: RebuildView },
    },
    handler: async (request) => indicators.rebuild(request.actor),
  });

  app.get('/api/indicators/verify', {
    config: { access: { permission: 'indicators.manage' } },
    schema: {
      tags,
      summary: 'Compare the indicator rollups with a full recomputation from the action log',
      description:
        'Derives every case’s facts and marks from the log and lists what differs from the rollups (at most 200 lines; differenceCount has them all). Events the consumer has not handled yet show as differences.',
      response: { 200: VerifyView },
    },
    handler: async (request) => {
      const report = await indicators.verify(request.actor);
      return { ...report, differences: report.differences.slice(0, 200), differenceCount: report.differences.length };
    },
  });
}
