import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { instant, ownerDivision } from '../../db/columns.ts';

/** What a code set classifies: CJ/T 214 events (事件) and components (部件), GB/T 47678.5 matters, 12345 demands. */
export type CodeSetKind = 'event' | 'component' | 'matter' | 'demand';

/** A limit as the engine counts it (engine/deadlines.ts `Limit`). */
export interface CategoryLimit {
  amount: number;
  unit: 'working_hours' | 'working_days' | 'natural_hours';
}

/** How urgent a problem is (紧急程度), with the handling limit it carries instead of the ordinary one. */
export interface UrgencyLevel {
  level: 'normal' | 'urgent' | 'emergency';
  name: { 'zh-CN': string; 'en-US': string };
  handle: CategoryLimit;
}

/**
 * The rules a subclass carries (CJ/T 214 立案条件/结案条件 and its stage limits); classes carry none.
 * Stage limits (local defaults in domain-standards §3): 核实 verify, 派遣 dispatch, 处置 handle, 核查 check.
 */
export interface CategoryRules {
  registration: { 'zh-CN': string; 'en-US': string } | null;
  closing: { 'zh-CN': string; 'en-US': string } | null;
  limits: { verify?: CategoryLimit; dispatch?: CategoryLimit; handle: CategoryLimit; check?: CategoryLimit };
  urgency: UrgencyLevel[];
}

/**
 * A classification the city uses (分类代码集): `cjt214.event`, `cjt214.component`, `gbt47678.matter`,
 * `12345.demand`… A new standard is a new code set plus a crosswalk, never a migration.
 */
export const taxonomyCodeSets = pgTable('taxonomy_code_set', {
  key: varchar('key', { length: 40 }).primaryKey(),
  kind: varchar('kind', { length: 16 }).$type<CodeSetKind>().notNull(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  /** The standard it comes from, e.g. `CJ/T 214-2007`; null for a local set. */
  standard: text('standard'),
  /** Whether new cases may be classified with it (an old set stays readable for old cases). */
  active: boolean('active').notNull(),
  ownerDivision: ownerDivision(),
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

/**
 * One version of a class (大类) or subclass (小类) of a code set. A category is never rewritten: an edit
 * closes the version in force (`valid_to`, exclusive) and opens the next from its effective date, so a
 * case keeps the limits and conditions of the day it was registered, and indicators the names of theirs.
 * `code` is the full code within the set (class `01`, subclass `0102`).
 */
export const taxonomyCategories = pgTable(
  'taxonomy_category',
  {
    id: uuid('id').primaryKey(),
    codeSet: varchar('code_set', { length: 40 })
      .notNull()
      .references(() => taxonomyCodeSets.key),
    code: varchar('code', { length: 16 }).notNull(),
    /** The class's code for a subclass; null for a class. */
    parentCode: varchar('parent_code', { length: 16 }),
    level: varchar('level', { length: 12 }).$type<'class' | 'subclass'>().notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    /** Subclasses only; null for a class. */
    rules: jsonb('rules').$type<CategoryRules>(),
    /** Display order within its parent. */
    position: integer('position').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    /** Exclusive; null while in force. */
    validTo: date('valid_to', { mode: 'string' }),
    /** 1 for the first version of a code, +1 for each later one. */
    version: integer('version').notNull(),
    updatedAt: instant('updated_at').notNull(),
    updatedBy: varchar('updated_by', { length: 64 }).notNull(),
    ownerDivision: ownerDivision(),
  },
  (t) => [
    uniqueIndex('taxonomy_category_version_uq').on(t.codeSet, t.code, t.validFrom),
    uniqueIndex('taxonomy_category_current_uq').on(t.codeSet, t.code).where(sql`valid_to is null`),
    index('taxonomy_category_parent_idx').on(t.codeSet, t.parentCode),
  ],
);

/** Which code of one set corresponds to which of another (CJ/T 214 ↔ GB/T 47678.5), for reading across. */
export const taxonomyCrosswalk = pgTable(
  'taxonomy_crosswalk',
  {
    fromSet: varchar('from_set', { length: 40 })
      .notNull()
      .references(() => taxonomyCodeSets.key),
    fromCode: varchar('from_code', { length: 16 }).notNull(),
    toSet: varchar('to_set', { length: 40 })
      .notNull()
      .references(() => taxonomyCodeSets.key),
    toCode: varchar('to_code', { length: 16 }).notNull(),
    ownerDivision: ownerDivision(),
  },
  (t) => [primaryKey({ columns: [t.fromSet, t.fromCode, t.toSet, t.toCode] })],
);
