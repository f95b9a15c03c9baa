import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, pgTable, primaryKey, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { instant, ownerDivision } from '../../db/columns.ts';
import { grids } from '../grids/grids.tables.ts';
import { accounts } from '../identity/identity.tables.ts';
import { people } from '../people/people.tables.ts';

/** Who ended a patrol: its worker (the phone), or the system (`patrols.auto-end`) when it was left open. */
export type PatrolEndedBy = 'user' | 'system';

/**
 * A patrol (巡查): a grid worker's walk through one grid, from the start to the end they tapped on the phone
 * (the device's times, which may arrive late after a time offline). At most one patrol per account is open
 * (`ended_at` null); the unique partial index holds that against concurrent starts. The trail's length and
 * size are kept on the row, recomputed whenever points arrive, so lists need not read the trail.
 */
export const patrols = pgTable(
  'patrol',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    /** The account's person: the duty check matches patrols to the posts people hold (grid_post.person_id). */
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    gridId: uuid('grid_id')
      .notNull()
      .references(() => grids.id),
    gridCode: varchar('grid_code', { length: 15 }).notNull(),
    startedAt: instant('started_at').notNull(),
    endedAt: instant('ended_at'),
    endedBy: varchar('ended_by', { length: 8 }).$type<PatrolEndedBy>(),
    /** WGS84 position where it started (also the trail's first point). */
    startLon: doublePrecision('start_lon').notNull(),
    startLat: doublePrecision('start_lat').notNull(),
    /** Metres along the trail (haversine between consecutive points in time order). */
    distanceM: doublePrecision('distance_m').notNull(),
    pointCount: integer('point_count').notNull(),
    lastPointAt: instant('last_point_at'),
    /** The grid's community. */
    ownerDivision: ownerDivision(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('patrol_open_account_uq').on(t.accountId).where(sql`ended_at is null`),
    index('patrol_account_started_idx').on(t.accountId, t.startedAt),
    index('patrol_grid_started_idx').on(t.gridCode, t.startedAt),
    index('patrol_owner_started_idx').on(t.ownerDivision, t.startedAt),
  ],
);

/**
 * One position of a patrol's trail (轨迹) at a device time. The key is the patrol and the time: a batch sent
 * again after a lost answer inserts nothing twice.
 */
export const patrolPoints = pgTable(
  'patrol_point',
  {
    patrolId: uuid('patrol_id')
      .notNull()
      .references(() => patrols.id),
    at: instant('at').notNull(),
    /** WGS84. */
    lon: doublePrecision('lon').notNull(),
    lat: doublePrecision('lat').notNull(),
    /** Metres, as the device reported it (the radius of 68 % confidence in the Geolocation API). */
    accuracy: doublePrecision('accuracy'),
    receivedAt: instant('received_at').notNull(),
    ownerDivision: ownerDivision(),
  },
  (t) => [primaryKey({ columns: [t.patrolId, t.at] })],
);
