import { bigint, char, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { instant, ownerDivision } from '../../db/columns.ts';

export type AuditOutcome = 'success' | 'failure' | 'denied';

/**
 * The audit trail: append-only, each record chained to the one before it by hash (audit.chain.ts).
 * `seq` is assigned by the service (last + 1 under an advisory lock), not by a database sequence:
 * like ids, sequence numbers come from the application so a logical export/import keeps them, and
 * the chain with them. Every column except `hash` is covered by the hash.
 */
export const auditRecords = pgTable(
  'audit_record',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull().unique(),
    occurredAt: instant('occurred_at').notNull(),
    /** 'operator' | 'user' | 'anonymous' | 'system' (scheduled jobs). */
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull(),
    /** Dotted name: 'http.write', 'config.version.created', 'auth.login.failed', 'audit.retention.purge'… */
    action: text('action').notNull(),
    outcome: text('outcome').$type<AuditOutcome>().notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    /** Who may read the record: the division it concerns ('' = the installation). */
    ownerDivision: ownerDivision(),
    ip: text('ip'),
    requestId: text('request_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    prevHash: char('prev_hash', { length: 64 }).notNull(),
    hash: char('hash', { length: 64 }).notNull(),
  },
  (t) => [
    index('audit_record_occurred_at_idx').on(t.occurredAt),
    index('audit_record_actor_idx').on(t.actorId, t.seq),
    index('audit_record_action_idx').on(t.action, t.seq),
    index('audit_record_target_idx').on(t.targetType, t.targetId),
  ],
);
