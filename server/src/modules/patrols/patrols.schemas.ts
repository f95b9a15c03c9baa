import { Type } from 'typebox';
import { GRID_CODE_PATTERN } from '../../platform/divisions.ts';
import { PageQuery } from '../../platform/paging.ts';
import { NullableTimestamp, Timestamp, Uuid } from '../../platform/schemas.ts';

/** Most trail points one request may carry: a phone sends what it gathered offline in batches of this size. */
export const MAX_POINTS_PER_BATCH = 500;
export const PATROL_SORT_FIELDS = ['startedAt', 'distanceM'] as const;

const GridCode = Type.String({ pattern: GRID_CODE_PATTERN, description: '网格编码 (15 characters)' });
const Instant = (description: string) => Type.String({ format: 'date-time', description });
const Lon = Type.Number({
  minimum: -180,
  maximum: 180,
  description: 'longitude, WGS84 (as the Geolocation API gives it)',
});
const Lat = Type.Number({ minimum: -90, maximum: 90, description: 'latitude, WGS84' });
const Accuracy = Type.Number({ minimum: 0, maximum: 1_000_000, description: 'metres, as the device reports it' });

export const Position = Type.Object(
  { lon: Lon, lat: Lat, accuracy: Type.Optional(Accuracy) },
  { additionalProperties: false, description: 'a WGS84 position on the phone (GPS)' },
);

export const NewPatrol = Type.Object(
  {
    position: Position,
    startedAt: Type.Optional(
      Instant(
        'when the worker tapped start, by the device (a patrol started offline is sent later); default now. Not more than 2 minutes ahead of the server, not more than 24 hours ago',
      ),
    ),
    grid: Type.Optional(
      Type.String({
        pattern: GRID_CODE_PATTERN,
        description: 'the grid patrolled; default: located from the position (a grid of the worker’s posts first)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const PointsBody = Type.Object(
  {
    points: Type.Array(
      Type.Object(
        { at: Instant('the device time of the fix'), lon: Lon, lat: Lat, accuracy: Type.Optional(Accuracy) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_POINTS_PER_BATCH },
    ),
  },
  { additionalProperties: false },
);

export const EndPatrol = Type.Object(
  {
    endedAt: Type.Optional(Instant('when the worker tapped stop, by the device; default now')),
    position: Type.Optional(Position),
  },
  { additionalProperties: false },
);

export const PatrolView = Type.Object({
  id: Uuid,
  accountId: Uuid,
  accountName: Type.String({ description: 'the worker’s name' }),
  grid: Type.Object({ code: Type.String(), name: Type.String() }),
  ownerDivision: Type.String({ description: 'the grid’s community' }),
  startedAt: Timestamp,
  endedAt: NullableTimestamp,
  endedBy: Type.Union([Type.Literal('user'), Type.Literal('system'), Type.Null()], {
    description: 'user: the worker stopped it; system: left open and ended by patrols.auto-end at its last point',
  }),
  open: Type.Boolean(),
  durationS: Type.Integer({ description: 'seconds from start to end (so far, while open)' }),
  distanceM: Type.Number({ description: 'metres along the trail (haversine between consecutive points)' }),
  pointCount: Type.Integer(),
  lastPointAt: NullableTimestamp,
  start: Type.Object({ lon: Type.Number(), lat: Type.Number() }),
});

export const PatrolDetail = Type.Object({
  ...PatrolView.properties,
  trail: Type.Union(
    [
      Type.Object({
        type: Type.Literal('LineString'),
        coordinates: Type.Array(Type.Array(Type.Number(), { minItems: 2, maxItems: 2 })),
      }),
      Type.Null(),
    ],
    { description: 'GeoJSON LineString of the trail in time order, [lon, lat] in WGS84; null below two points' },
  ),
  times: Type.Array(Timestamp, { description: 'the time of each trail point, in the order of the coordinates' }),
});

export const CurrentPatrol = Type.Object({
  patrol: Type.Union([PatrolView, Type.Null()], { description: 'the caller’s open patrol, or null' }),
});

export const PointsAccepted = Type.Object({
  patrol: PatrolView,
  accepted: Type.Integer({ description: 'new points stored' }),
  duplicates: Type.Integer({ description: 'points already stored (same time): ignored' }),
});

export const PatrolListQuery = PageQuery(PATROL_SORT_FIELDS, {
  grid: Type.Optional(GridCode),
  account: Type.Optional(Uuid),
  from: Type.Optional(Type.String({ format: 'date', description: 'started on or after this local date' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'started on or before this local date' })),
  open: Type.Optional(Type.Boolean({ description: 'true: still open; false: ended' })),
});

export const DutyQuery = Type.Object(
  {
    division: Type.String({ pattern: '^[0-9]{2,12}$', description: 'a division: its grids (subtree)' }),
    from: Type.Optional(Type.String({ format: 'date', description: 'first duty day (local); default today' })),
    to: Type.Optional(
      Type.String({ format: 'date', description: 'last duty day (local); default from; at most 31 days' }),
    ),
    shortfallOnly: Type.Optional(Type.Boolean({ description: 'list only the duty windows with a shortfall' })),
  },
  { additionalProperties: false },
);

export const DutyView = Type.Object({
  division: Type.String(),
  from: Type.String(),
  to: Type.String(),
  totals: Type.Object({
    windows: Type.Integer({ description: 'duty windows (schedule × day) in the range' }),
    expected: Type.Integer(),
    done: Type.Integer(),
    missing: Type.Integer({ description: 'patrols short, summed over the windows that are over' }),
    shortfalls: Type.Integer({ description: 'windows over with fewer patrols than expected' }),
  }),
  truncated: Type.Boolean({ description: 'more windows than listed (the totals count them all)' }),
  items: Type.Array(
    Type.Object({
      date: Type.String(),
      weekday: Type.Integer({ description: '1 = Monday … 7 = Sunday' }),
      grid: Type.Object({ code: Type.String(), name: Type.String() }),
      post: Type.Object({ id: Uuid, kind: Type.String() }),
      person: Type.Object({ id: Uuid, displayName: Type.String() }),
      accountId: Type.Union([Uuid, Type.Null()], { description: 'the person’s account (patrols are recorded by it)' }),
      scheduleId: Uuid,
      window: Type.Object({ start: Type.String(), end: Type.String() }),
      minMinutes: Type.Integer({ description: 'a patrol counts when it lasted at least this long' }),
      expected: Type.Integer(),
      done: Type.Integer(),
      over: Type.Boolean({ description: 'the window has ended (a shortfall is flagged only then)' }),
      shortfall: Type.Boolean(),
      patrolIds: Type.Array(Uuid, { description: 'the patrols counted' }),
    }),
  ),
});
