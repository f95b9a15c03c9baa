import { sql } from 'drizzle-orm';
import {
  bigint,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import type { MultiPolygon, Polygon } from 'geojson';
import { instant, ownerDivision } from '../../db/columns.ts';
import { people } from '../people/people.tables.ts';

/** 单元网格 (urban-management unit grid), 综治/基础网格 (social-governance grid), 专属网格 (dedicated). */
export type GridKind = 'unit' | 'social' | 'dedicated';
export type GridStatus = 'active' | 'suspended' | 'retired';

/**
 * A grid (网格): the smallest area with a named person responsible for it. Its code is the 12-digit
 * village/community code plus a 3-character sequence ([0-9A-Z]); it lies in exactly that community.
 * Geometry is WGS84/CGCS2000 GeoJSON; the bounding box is kept beside it for the spatial index and for
 * bounding-box queries. A retired grid keeps its row (valid_to set) so history still finds it.
 */
export const grids = pgTable(
  'grid',
  {
    id: uuid('id').primaryKey(),
    code: varchar('code', { length: 15 }).notNull(),
    name: text('name').notNull(),
    kind: varchar('kind', { length: 12 }).$type<GridKind>().notNull(),
    communityCode: varchar('community_code', { length: 12 }).notNull(),
    status: varchar('status', { length: 12 }).$type<GridStatus>().notNull(),
    geometry: jsonb('geometry').$type<Polygon | MultiPolygon>().notNull(),
    areaM2: doublePrecision('area_m2').notNull(),
    minLng: doublePrecision('min_lng').notNull(),
    minLat: doublePrecision('min_lat').notNull(),
    maxLng: doublePrecision('max_lng').notNull(),
    maxLat: doublePrecision('max_lat').notNull(),
    /** `synthetic` for generated demo geometry, `imported` or `drawn` otherwise. */
    geometrySource: varchar('geometry_source', { length: 16 }).$type<'synthetic' | 'imported' | 'drawn'>().notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    /** Exclusive; null while in force. */
    validTo: date('valid_to', { mode: 'string' }),
    note: text('note'),
    /** Optimistic concurrency: an edit names the version it was made on. */
    version: integer('version').notNull(),
    ownerDivision: ownerDivision(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('grid_current_code_uq').on(t.code).where(sql`valid_to is null`),
    index('grid_community_idx').on(t.communityCode),
    index('grid_owner_idx').on(t.ownerDivision),
  ],
);

/**
 * One counter bumped in the transaction of every grid change: each server process compares it with the
 * version its in-memory locate index was built from, and PostgreSQL servers are also told by NOTIFY.
 */
export const gridIndexVersion = pgTable('grid_index_version', {
  id: integer('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
  changedAt: instant('changed_at').notNull(),
});

/** 网格长, 专职网格员, 兼职网格员, 监督员, 网格指导员. */
export type GridPostKind = 'leader' | 'full_time' | 'part_time' | 'supervisor' | 'instructor';

/**
 * 定人定岗定责: a person holding a post in a grid for a period, with the duties of that post. Ending a
 * post sets valid_to; posts are never deleted, so who was responsible on any past day can be answered.
 */
export const gridPosts = pgTable(
  'grid_post',
  {
    id: uuid('id').primaryKey(),
    gridId: uuid('grid_id')
      .notNull()
      .references(() => grids.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    post: varchar('post', { length: 16 }).$type<GridPostKind>().notNull(),
    duties: jsonb('duties').$type<string[]>().notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    endReason: text('end_reason'),
    ownerDivision: ownerDivision(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('grid_post_grid_idx').on(t.gridId),
    index('grid_post_person_idx').on(t.personId),
    index('grid_post_owner_idx').on(t.ownerDivision),
  ],
);

/**
 * 定时: when a grid is staffed and how often it is patrolled. A schedule belongs to a post (the holder's
 * hours) and carries validity dates like every rule that changes.
 */
export const gridSchedules = pgTable(
  'grid_duty_schedule',
  {
    id: uuid('id').primaryKey(),
    gridId: uuid('grid_id')
      .notNull()
      .references(() => grids.id),
    postId: uuid('post_id')
      .notNull()
      .references(() => gridPosts.id),
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    weekdays: jsonb('weekdays').$type<number[]>().notNull(),
    /** Local business time, HH:mm; end after start. */
    startTime: varchar('start_time', { length: 5 }).notNull(),
    endTime: varchar('end_time', { length: 5 }).notNull(),
    /** Patrols expected per duty day. */
    patrolsPerDay: integer('patrols_per_day').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    ownerDivision: ownerDivision(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('grid_schedule_grid_idx').on(t.gridId), index('grid_schedule_post_idx').on(t.postId)],
);
