import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { divisionCodeParam } from '../../platform/divisions.ts';
import { IdempotencyHeaders, IdParams } from '../../platform/schemas.ts';
import { withIdempotency } from '../../plugins/idempotency.ts';
import {
  BulletinListView,
  BulletinView,
  DocxContent,
  GenerateBody,
  ListQuery,
  RegenerateView,
  XlsxContent,
} from './bulletins.schemas.ts';
import type { BulletinRow } from './bulletins.service.ts';

export async function bulletinsRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { bulletins, time } = ctx;
  const tags = ['bulletins'];
  const summary = (b: BulletinRow) => ({
    id: b.id,
    kind: b.kind as 'month',
    periodFrom: b.periodFrom,
    periodTo: b.periodTo,
    division: b.division,
    number: b.number,
    title: b.figures.title,
    generatedAt: time.format(b.generatedAt),
    generatedBy: b.generatedBy,
    weightsVersionId: b.weightsVersionId,
    docxFileId: b.docxFileId,
    xlsxFileId: b.xlsxFileId,
    docxSha256: b.docxSha256,
    xlsxSha256: b.xlsxSha256,
    ownerDivision: b.ownerDivision,
  });
  const full = (b: BulletinRow) => ({ ...summary(b), figures: b.figures });

  app.post('/api/bulletins', {
    config: { access: { permission: 'bulletins.manage' } },
    schema: {
      tags,
      summary: 'Issue a bulletin (通报) now: the half-month or month containing `period`, for a division in your area',
      description:
        'Counts the figures from the indicators as they stand (docs/indicators.md), gives the next 文号 of the division’s year, makes the .docx (红头文件) and the .xlsx appendix, and archives the figures with them.',
      headers: IdempotencyHeaders,
      body: GenerateBody,
      response: { 201: BulletinView },
    },
    handler: async (request, reply) => {
      const b = request.body;
      const prepared = await bulletins.prepare(request.actor, {
        kind: b.kind,
        date: b.period,
        division: divisionCodeParam(b.division),
      });
      // With an Idempotency-Key a retry answers the bulletin first issued and takes no second number.
      return withIdempotency(ctx.idempotency, request, reply, async (tx) => ({
        status: 201,
        body: full(await bulletins.store(prepared, tx)),
      }));
    },
  });

  app.get('/api/bulletins', {
    config: { access: { permission: 'bulletins.read' } },
    schema: {
      tags,
      summary: 'The bulletins of your area, newest first',
      querystring: ListQuery,
      response: { 200: BulletinListView },
    },
    handler: async (request) => {
      const q = request.query;
      const page = await bulletins.list(request.actor, {
        kind: q.kind,
        division: q.division === undefined ? undefined : divisionCodeParam(q.division),
        page: q.page ?? 1,
        pageSize: q.pageSize ?? 20,
      });
      return { ...page, items: page.items.map(summary) };
    },
  });

  app.get('/api/bulletins/:id', {
    config: { access: { permission: 'bulletins.read' } },
    schema: {
      tags,
      summary: 'A bulletin with the exact figures it printed',
      params: IdParams,
      response: { 200: BulletinView },
    },
    handler: async (request) => full(await bulletins.get(request.actor, request.params.id)),
  });

  for (const which of ['docx', 'xlsx'] as const)
    app.get(`/api/bulletins/:id/${which}`, {
      config: { access: { permission: 'bulletins.read' } },
      schema: {
        tags,
        summary: which === 'docx' ? 'The bulletin as issued (.docx)' : 'The bulletin’s appendix as issued (.xlsx)',
        params: IdParams,
        response: { 200: which === 'docx' ? DocxContent : XlsxContent },
      },
      handler: async (request, reply) => {
        const f = await bulletins.file(request.actor, request.params.id, which);
        return reply
          .header('content-type', f.mediaType)
          .header('etag', `"${f.sha256}"`)
          .header(
            'content-disposition',
            `attachment; filename="bulletin.${which}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`,
          )
          .send(f.bytes);
      },
    });

  app.post('/api/bulletins/:id/regenerate', {
    config: { access: { permission: 'bulletins.manage' } },
    schema: {
      tags,
      summary: 'Make the bulletin’s files again from the archived figures and say whether the bytes are identical',
      params: IdParams,
      response: { 200: RegenerateView },
    },
    handler: async (request) => bulletins.regenerate(request.actor, request.params.id),
  });
}
