import { date, index, integer, pgTable, smallint, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { instant, ownerDivision } from '../../db/columns.ts';

/**
 * A dispatch rule (派遣规则): problems of a category in a division (and its subtree), optionally only at
 * certain times of day, go to a lead unit (主办) with assisting units (协办). The most specific division
 * wins, then a rule with a time window over one without, then the higher priority. With no rule, the
 * town/street the problem lies in is responsible (属地兜底). Rules are versioned like the taxonomy: an edit
 * closes the version in force and opens the next from its effective date; a suggestion names the rule
 * version it came from.
 */
export const routingRules = pgTable(
  'routing_rule',
  {
    id: uuid('id').primaryKey(),
    /** Stable across versions of the same rule. */
    ruleId: uuid('rule_id').notNull(),
    version: integer('version').notNull(),
    codeSet: varchar('code_set', { length: 40 }).notNull(),
    /** A subclass, or a class (then every subclass of it). */
    categoryCode: varchar('category_code', { length: 16 }).notNull(),
    /** The division (significant-digit code) whose subtree the rule covers. */
    divisionCode: varchar('division_code', { length: 12 }).notNull(),
    /** Minutes after local midnight, [from, to); both null: all day. A window may cross midnight (from > to). */
    fromMinute: smallint('from_minute'),
    toMinute: smallint('to_minute'),
    leadUnitId: uuid('lead_unit_id').notNull(),
    assistUnitIds: uuid('assist_unit_ids').array().notNull(),
    priority: integer('priority').notNull(),
    note: text('note'),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    /** Exclusive; null while in force. */
    validTo: date('valid_to', { mode: 'string' }),
    updatedAt: instant('updated_at').notNull(),
    updatedBy: varchar('updated_by', { length: 64 }).notNull(),
    ownerDivision: ownerDivision(),
  },
  (t) => [
    index('routing_rule_lookup_idx').on(t.codeSet, t.categoryCode, t.divisionCode),
    index('routing_rule_rule_idx').on(t.ruleId, t.version),
  ],
);
