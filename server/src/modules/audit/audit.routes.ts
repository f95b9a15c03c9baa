import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { Locale } from '../../platform/errors.ts';
import { Page, pageRequest } from '../../platform/paging.ts';
import { BOM, csvLine } from './audit.csv.ts';
import type { AuditRow, AuditSortField } from './audit.repo.ts';
import { AuditCsv, AuditExportQuery, AuditListQuery, AuditRecord, AuditVerification } from './audit.schemas.ts';
import type { AuditFilterInput } from './audit.service.ts';

const COLUMNS: {
  label: Record<Locale, string>;
  value: (r: AuditRow, format: (d: Date) => string) => string | number | null;
}[] = [
  { label: { 'en-US': 'seq', 'zh-CN': '序号' }, value: (r) => r.seq },
  { label: { 'en-US': 'id', 'zh-CN': '记录编号' }, value: (r) => r.id },
  { label: { 'en-US': 'occurredAt', 'zh-CN': '时间' }, value: (r, format) => format(r.occurredAt) },
  { label: { 'en-US': 'actorKind', 'zh-CN': '操作者类型' }, value: (r) => r.actorKind },
  { label: { 'en-US': 'actorId', 'zh-CN': '操作者编号' }, value: (r) => r.actorId },
  { label: { 'en-US': 'actorName', 'zh-CN': '操作者' }, value: (r) => r.actorName },
  { label: { 'en-US': 'action', 'zh-CN': '操作' }, value: (r) => r.action },
  { label: { 'en-US': 'outcome', 'zh-CN': '结果' }, value: (r) => r.outcome },
  { label: { 'en-US': 'targetType', 'zh-CN': '对象类型' }, value: (r) => r.targetType },
  { label: { 'en-US': 'targetId', 'zh-CN': '对象编号' }, value: (r) => r.targetId },
  { label: { 'en-US': 'ownerDivision', 'zh-CN': '所属区划' }, value: (r) => r.ownerDivision },
  { label: { 'en-US': 'ip', 'zh-CN': 'IP 地址' }, value: (r) => r.ip },
  { label: { 'en-US': 'requestId', 'zh-CN': '请求编号' }, value: (r) => r.requestId },
  { label: { 'en-US': 'details', 'zh-CN': '详情' }, value: (r) => JSON.stringify(r.details) },
  { label: { 'en-US': 'prevHash', 'zh-CN': '前一条哈希' }, value: (r) => r.prevHash },
  { label: { 'en-US': 'hash', 'zh-CN': '哈希' }, value: (r) => r.hash },
];

export async function auditRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { audit, time } = ctx;
  const tags = ['audit'];
  const access = { permission: 'audit.read' } as const;
  const format = (d: Date) => time.format(d);
  const toRecord = (r: AuditRow) => ({ ...r, occurredAt: format(r.occurredAt) });
  const filterOf = (q: {
    actorId?: string;
    action?: string;
    targetType?: string;
    targetId?: string;
    outcome?: AuditFilterInput['outcome'];
    from?: string;
    to?: string;
  }): AuditFilterInput => ({
    actorId: q.actorId,
    action: q.action,
    targetType: q.targetType,
    targetId: q.targetId,
    outcome: q.outcome,
    from: q.from === undefined ? undefined : new Date(q.from),
    to: q.to === undefined ? undefined : new Date(q.to),
  });

  app.get('/api/admin/audit', {
    config: { access },
    schema: {
      tags,
      summary: 'Audit records in your data scope, newest first by default',
      querystring: AuditListQuery,
      response: { 200: Page(AuditRecord) },
    },
    handler: async (request) => {
      const page = await audit.list(
        request.actor,
        pageRequest<AuditSortField>(request.query, '-seq'),
        filterOf(request.query),
      );
      return { ...page, items: page.items.map(toRecord) };
    },
  });

  app.get('/api/admin/audit/export', {
    config: { access },
    schema: {
      tags,
      summary: 'Audit records in your data scope as CSV (same filters as the list); the export is itself recorded',
      querystring: AuditExportQuery,
      response: { 200: AuditCsv },
    },
    handler: async (request, reply) => {
      const records = await audit.exportRecords(request.actor, filterOf(request.query), {
        ip: request.ip,
        requestId: String(request.id),
      });
      const locale = request.locale;
      const lines = (async function* () {
        yield BOM + csvLine(COLUMNS.map((c) => c.label[locale]));
        for await (const r of records) yield csvLine(COLUMNS.map((c) => c.value(r, format)));
      })();
      const filename = `audit-${time.local().toFormat('yyyyMMdd-HHmmss')}.csv`;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(lines));
    },
  });

  app.post('/api/admin/audit/verify', {
    config: { access },
    schema: {
      tags,
      summary: 'Check the hash chain of the whole audit trail; reports the first broken record',
      description: '`civicgrid audit-verify` runs the same check from the command line.',
      response: { 200: AuditVerification },
    },
    handler: async (request) => audit.verifyAs(request.actor),
  });
}
