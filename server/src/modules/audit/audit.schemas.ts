import type { Readable } from 'node:stream';
import { type TSchema, Type } from 'typebox';
import { PageQuery } from '../../platform/paging.ts';
import { Timestamp, Uuid } from '../../platform/schemas.ts';

const Outcome = Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('denied')]);
const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const filters = {
  actorId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9.-]+$' })),
  targetType: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  outcome: Type.Optional(Outcome),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'inclusive' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'exclusive' })),
};

export const AuditListQuery = PageQuery(['seq', 'occurredAt'] as const, filters);
export const AuditExportQuery = Type.Object(filters, { additionalProperties: false });

export const AuditRecord = Type.Object({
  seq: Type.Integer(),
  id: Uuid,
  occurredAt: Timestamp,
  actorKind: Type.String({ description: "'operator' | 'user' | 'anonymous' | 'system'" }),
  actorId: Nullable(Type.String()),
  actorName: Type.String(),
  action: Type.String(),
  outcome: Outcome,
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  ownerDivision: Type.String({ description: "'' = the whole installation" }),
  ip: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  details: Type.Unknown(),
  prevHash: Sha256,
  hash: Sha256,
});

export const AuditVerification = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer({ description: 'records checked up to the first broken one' }),
  firstBrokenSeq: Nullable(Type.Integer()),
  reason: Nullable(Type.String()),
  firstSeq: Nullable(Type.Integer({ description: 'oldest record kept by retention' })),
  lastSeq: Nullable(Type.Integer({ description: 'head of the chain' })),
  lastHash: Nullable(Type.String({ description: 'hash of the head: keep it elsewhere to detect later rewrites' })),
});

/** The CSV download: documented as text for OpenAPI; the handler streams it. */
export const AuditCsv = Type.Unsafe<Readable>({
  description:
    'UTF-8 CSV with a byte order mark (so spreadsheet programs read Chinese correctly), a header row, one record ' +
    'per line in seq order, times in business time. Content-Disposition names it audit-<YYYYMMDD-HHmmss>.csv.',
  content: { 'text/csv': { schema: { type: 'string' } } },
});
