import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Actor } from '../../platform/access.ts';
import { pageRequest } from '../../platform/paging.ts';
import { IdempotencyHeaders } from '../../platform/schemas.ts';
import { withIdempotency } from '../../plugins/idempotency.ts';
import type { CaseFilter, CaseSortField } from './cases.repo.ts';
import {
  ActionParams,
  ActionsView,
  ApplyBody,
  CandidatesView,
  CaseDetail,
  CaseListQuery,
  CaseListView,
  CaseParams,
  HistoryEntry,
  QueueView,
  RebuildQuery,
  RebuildReportView,
  SweepView,
  WorkflowSummary,
  XLSX_MEDIA_TYPE,
  XlsxContent,
} from './cases.schemas.ts';
import { type CaseDetailView, presentCase } from './cases.service.ts';

export async function casesRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { cases, time } = ctx;
  const tags = ['cases'];
  const detail = (c: CaseDetailView) => presentCase(time, c);

  /** The list's query as a filter (local dates become instants in the business zone; `to` is inclusive). */
  const filterOf = (q: Static<typeof CaseListQuery>, actor: Actor): CaseFilter => {
    const queue = q.queue ? cases.queueFilter(actor, q.queue) : {};
    const nextDay = (d: string) => time.startOfDay(time.local(time.startOfDay(d)).plus({ days: 1 }).toISODate()!);
    return {
      ...(q.workflow ? { workflow: q.workflow } : {}),
      ...(q.state
        ? {
            states: q.state
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean),
          }
        : {}),
      ...(q.division ? { division: q.division } : {}),
      ...(q.grid ? { grid: q.grid } : {}),
      ...(q.category ? { category: q.category } : {}),
      ...(q.channel ? { channel: q.channel } : {}),
      ...(q.unit ? { unit: q.unit } : {}),
      ...(q.deadlineStatus ? { deadlineStatus: q.deadlineStatus } : {}),
      ...(q.open !== undefined ? { open: q.open } : {}),
      ...(q.from ? { openedFrom: time.startOfDay(q.from) } : {}),
      ...(q.to ? { openedBefore: nextDay(q.to) } : {}),
      ...(q.q ? { q: q.q } : {}),
      // The queue's own conditions win: a queue is what it says, whatever else is filtered.
      ...queue,
      ...(queue.states && q.state ? { states: queue.states.filter((x) => q.state?.split(',').includes(x)) } : {}),
    };
  };

  app.get('/api/cases/export', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags,
      summary: 'The case list as an .xlsx workbook: the same filters and sorting, every matching case (at most 10,000)',
      querystring: CaseListQuery,
      response: { 200: XlsxContent },
    },
    handler: async (request, reply) => {
      const q = request.query;
      const described = Object.entries(q)
        .filter(([k]) => !['page', 'pageSize'].includes(k))
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      const out = await cases.exportXlsx(
        request.actor,
        filterOf(q, request.actor),
        pageRequest<CaseSortField>(q, '-openedAt').sort,
        request.locale,
        described || (request.locale === 'zh-CN' ? '全部' : 'all'),
      );
      const day = time.today().replaceAll('-', '');
      const name = request.locale === 'zh-CN' ? `案件列表-${day}.xlsx` : `cases-${day}.xlsx`;
      return reply
        .header('content-type', XLSX_MEDIA_TYPE)
        .header(
          'content-disposition',
          `attachment; filename="cases-${day}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
        )
        .header('x-total-rows', String(out.rows))
        .header('x-truncated', String(out.truncated))
        .send(out.bytes);
    },
  });

  app.get('/api/cases', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags,
      summary:
        'Cases the reader may see, filtered and sorted: by state, division subtree, grid, category, unit, deadline colour, channel, dates',
      description:
        'Visible: cases owned in the reader’s divisions or grids, and cases with an open task for their units or themselves (a department sees what it was given). `sort`: openedAt, updatedAt, number, dueAt (the earliest running due time), `-` for descending; default -openedAt.',
      querystring: CaseListQuery,
      response: { 200: CaseListView },
    },
    handler: async (request) => {
      const q = request.query;
      const page = await cases.list(
        request.actor,
        filterOf(q, request.actor),
        pageRequest<CaseSortField>(q, '-openedAt'),
        request.locale,
      );
      const at = (d: Date | null) => (d ? time.format(d) : null);
      return {
        ...page,
        items: page.items.map((i) => ({
          ...i,
          dueAt: at(i.dueAt),
          openedAt: time.format(i.openedAt),
          updatedAt: time.format(i.updatedAt),
          closedAt: at(i.closedAt),
        })),
      };
    },
  });

  app.get('/api/cases/queues', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags,
      summary:
        'Your work queues (acceptor inbox, dispatcher queue, department to-do…) with how many open cases wait in each',
      description: 'List a queue with GET /api/cases?queue=KEY (other filters narrow it further).',
      response: { 200: Type.Array(QueueView) },
    },
    handler: async (request) => cases.queues(request.actor, request.locale),
  });

  app.get('/api/cases/:id/candidates', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags,
      summary: 'Whom the actions you may take now can name: units for unit inputs, accounts for account inputs',
      params: CaseParams,
      response: { 200: CandidatesView },
    },
    handler: async (request) => cases.candidates(request.actor, request.params.id, request.locale),
  });

  app.get('/api/workflows', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags,
      summary: 'The registered workflows: states, actions with the roles that may take them, clocks',
      response: { 200: Type.Array(WorkflowSummary) },
    },
    handler: async (request) =>
      cases.workflows(request.actor).map((w) => ({
        key: w.key,
        version: w.version,
        name: w.name,
        states: Object.fromEntries(
          Object.entries(w.states).map(([k, s]) => [k, { name: s.name, terminal: s.terminal === true }]),
        ),
        actions: Object.fromEntries(
          Object.entries(w.actions).map(([k, a]) => [
            k,
            {
              name: a.name,
              from: a.from,
              to: a.to ?? null,
              roles: a.roles,
              task: a.task ? { kinds: a.task.kinds, from: a.task.from, to: a.task.to } : null,
            },
          ]),
        ),
        clocks: Object.fromEntries(
          Object.entries(w.clocks ?? {}).map(([k, c]) => [k, { name: c.name, holder: c.holder }]),
        ),
      })),
  });

  app.get('/api/cases/:id', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags,
      summary: 'A case: state, tasks, clocks with how each is counted, and what you may do now',
      params: CaseParams,
      response: { 200: CaseDetail },
    },
    handler: async (request) => detail(await cases.detail(request.actor, request.params.id, request.locale)),
  });

  app.get('/api/cases/:id/actions', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags,
      summary: 'What you may do with this case now, and what each action needs',
      params: CaseParams,
      response: { 200: ActionsView },
    },
    handler: async (request) => cases.actions(request.actor, request.params.id, request.locale),
  });

  app.get('/api/cases/:id/history', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags,
      summary: 'The action log of a case, oldest first: who did what, when, from which state to which',
      params: CaseParams,
      response: { 200: Type.Array(HistoryEntry) },
    },
    handler: async (request) =>
      (await cases.history(request.actor, request.params.id, request.locale)).map((h) => ({
        ...h,
        at: time.format(h.at),
      })),
  });

  app.post('/api/cases/:id/actions/:action', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags,
      summary: 'Take an action on a case (the workflow decides who may, in which state, with what)',
      description:
        'Wrong role → 403 ACTION_ROLE_FORBIDDEN; wrong state → 409 ACTION_NOT_ALLOWED or TASK_NOT_ALLOWED with the actions possible now in details.allowed; a `version` other than the current one → 409 CASE_STALE. With an Idempotency-Key a retry returns the first answer.',
      params: ActionParams,
      headers: IdempotencyHeaders,
      body: ApplyBody,
      response: { 200: CaseDetail },
    },
    handler: async (request, reply) => {
      const { id, action } = request.params;
      const result = await withIdempotency(ctx.idempotency, request, reply, async (tx) => ({
        status: 200,
        body: detail(await cases.apply(request.actor, id, action, request.body, request.locale, tx)),
      }));
      ctx.events.committed();
      return result;
    },
  });

  app.post('/api/cases/rebuild', {
    config: { access: { permission: 'cases.manage' } },
    schema: {
      tags,
      summary: 'Rebuild the case tables from the action log (dryRun=true: only report what differs)',
      querystring: RebuildQuery,
      response: { 200: RebuildReportView },
    },
    handler: async (request) => cases.rebuild(request.actor, request.query.dryRun !== false),
  });

  app.post('/api/cases/deadlines/sweep', {
    config: { access: { permission: 'cases.manage' } },
    schema: {
      tags,
      summary: 'Recolour deadlines now (the scheduler does it every minute)',
      response: { 200: SweepView },
    },
    handler: async (request) => cases.sweep(request.actor),
  });
}
