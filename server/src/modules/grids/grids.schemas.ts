import { Type } from 'typebox';
import { GRID_CODE_PATTERN } from '../../platform/divisions.ts';
import { PageQuery } from '../../platform/paging.ts';
import { DivisionCode, IdParams, LocalDate, Timestamp, Uuid } from '../../platform/schemas.ts';

export const GRID_KINDS = ['unit', 'social', 'dedicated'] as const;
export const GRID_STATUSES = ['active', 'suspended', 'retired'] as const;
export const GRID_POSTS = ['leader', 'full_time', 'part_time', 'supervisor', 'instructor'] as const;
export { GRID_CODE_PATTERN };
export const IMPORT_MAX_FEATURES = 20_000;

export const GridCode = Type.String({
  pattern: GRID_CODE_PATTERN,
  description: '网格编码: the 12-digit village/community code + a 3-character sequence [0-9A-Z]',
});
export const GridCodeParams = Type.Object({ code: GridCode }, { additionalProperties: false });
export const GridPostParams = Type.Object({ code: GridCode, id: Uuid }, { additionalProperties: false });

export const GridKind = Type.Union([Type.Literal('unit'), Type.Literal('social'), Type.Literal('dedicated')], {
  description: 'unit 单元网格 (urban management) | social 基础/综治网格 | dedicated 专属网格',
});
export const GridStatus = Type.Union([Type.Literal('active'), Type.Literal('suspended'), Type.Literal('retired')], {
  description: 'active | suspended | retired',
});
export const GridPost = Type.Union(
  [
    Type.Literal('leader'),
    Type.Literal('full_time'),
    Type.Literal('part_time'),
    Type.Literal('supervisor'),
    Type.Literal('instructor'),
  ],
  {
    description:
      'leader 网格长 | full_time 专职网格员 | part_time 兼职网格员 | supervisor 监督员 | instructor 网格指导员',
  },
);
export const Crs = Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02')], {
  description:
    'coordinate system: wgs84 (WGS84/CGCS2000, what GPS gives and what is stored) or gcj02 (GCJ-02, what Amap/Tencent maps and phones use)',
});
export const CrsQuery = Type.Object({ crs: Type.Optional(Crs) }, { additionalProperties: false });

/** A GeoJSON Polygon or MultiPolygon; the coordinates are checked by the service (bilingual problems). */
export const PolygonalGeometry = Type.Object(
  {
    type: Type.Union([Type.Literal('Polygon'), Type.Literal('MultiPolygon')]),
    coordinates: Type.Array(Type.Unknown(), { description: 'GeoJSON coordinates, [lng, lat] in the stated crs' }),
    bbox: Type.Optional(Type.Array(Type.Number())),
  },
  { additionalProperties: false },
);
const AnyGeometry = Type.Unknown({ description: 'GeoJSON geometry in the stated crs' });

export const Lineage = Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }), {
  description: 'from the community up to the province',
});

export const GridSummary = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  kind: GridKind,
  status: GridStatus,
  communityCode: Type.String(),
  areaM2: Type.Number(),
  geometrySource: Type.String({ description: 'synthetic (generated demo geometry), imported or drawn' }),
  validFrom: Type.String(),
  validTo: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  updatedAt: Timestamp,
});

export const StaffMember = Type.Object({
  postId: Uuid,
  post: GridPost,
  personId: Uuid,
  displayName: Type.String(),
  phone: Type.Union([Type.String({ description: 'masked unless the caller may unmask' }), Type.Null()]),
  duties: Type.Array(Type.String()),
  validFrom: Type.String(),
  validTo: Type.Union([Type.String(), Type.Null()]),
  endReason: Type.Union([Type.String(), Type.Null()]),
});

export const DutySchedule = Type.Object({
  id: Uuid,
  postId: Uuid,
  weekdays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { description: '1 = Monday … 7 = Sunday' }),
  startTime: Type.String(),
  endTime: Type.String(),
  patrolsPerDay: Type.Integer(),
  validFrom: Type.String(),
  validTo: Type.Union([Type.String(), Type.Null()]),
});

export const GridDetail = Type.Object({
  ...GridSummary.properties,
  crs: Crs,
  geometry: AnyGeometry,
  bbox: Type.Array(Type.Number(), { description: '[minLng, minLat, maxLng, maxLat] in crs' }),
  label: Type.Array(Type.Number(), { description: 'a point inside the grid, [lng, lat] in crs' }),
  note: Type.Union([Type.String(), Type.Null()]),
  lineage: Lineage,
  staff: Type.Array(StaffMember, { description: 'posts in force today' }),
  schedules: Type.Array(DutySchedule, { description: 'duty schedules in force today' }),
});

export const GridListQuery = PageQuery(['code', 'name', 'areaM2', 'updatedAt'] as const, {
  under: Type.Optional(Type.Union([DivisionCode, Type.Literal('')], { description: 'division subtree' })),
  kind: Type.Optional(GridKind),
  status: Type.Optional(GridStatus),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'part of the name, or a code prefix' })),
});

export const GeoJsonQuery = Type.Object(
  {
    under: Type.Union([DivisionCode, Type.Literal('')], { description: 'the division whose grids to return' }),
    kind: Type.Optional(GridKind),
    crs: Type.Optional(Crs),
    download: Type.Optional(Type.Boolean({ description: 'true: sent as an attachment (export)' })),
  },
  { additionalProperties: false },
);

export const NewGrid = Type.Object(
  {
    communityCode: Type.String({ pattern: '^[0-9]{12}$', description: 'the village/community the grid lies in' }),
    code: Type.Optional(GridCode),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    kind: GridKind,
    crs: Type.Optional(Crs),
    geometry: PolygonalGeometry,
    validFrom: Type.Optional(LocalDate),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const GridPatch = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'the version the change was made on (stale → 409)' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])),
    crs: Type.Optional(Crs),
    geometry: Type.Optional(PolygonalGeometry),
    note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const RetireGrid = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 300 }) },
  { additionalProperties: false },
);

const GeometryProblem = Type.Object({
  code: Type.String(),
  message: Type.String(),
  at: Type.Optional(Type.Array(Type.Number())),
});

export const ImportRequest = Type.Object(
  {
    crs: Type.Optional(Crs),
    dryRun: Type.Optional(Type.Boolean({ default: true, description: 'check only (default); false writes' })),
    defaultKind: Type.Optional(GridKind),
    featureCollection: Type.Object(
      {
        type: Type.Literal('FeatureCollection'),
        features: Type.Array(Type.Unknown(), { maxItems: IMPORT_MAX_FEATURES }),
      },
      { additionalProperties: true, description: 'GeoJSON; each feature: properties.code, .name, optional .kind' },
    ),
  },
  { additionalProperties: false },
);

export const ImportReport = Type.Object({
  ok: Type.Boolean({ description: 'true when nothing stands in the way of the import' }),
  written: Type.Boolean(),
  features: Type.Integer(),
  toleranceM2: Type.Number(),
  create: Type.Array(Type.String(), { description: 'codes that would be (or were) created' }),
  update: Type.Array(Type.String(), { description: 'codes whose outline would be (or was) replaced' }),
  problems: Type.Array(
    Type.Object({
      feature: Type.Integer({ description: 'index in the file, from 0' }),
      code: Type.Union([Type.String(), Type.Null()]),
      problem: Type.String(),
      message: Type.String(),
      at: Type.Optional(Type.Array(Type.Number())),
    }),
  ),
  overlaps: Type.Array(Type.Object({ codes: Type.Array(Type.String()), areaM2: Type.Number(), geometry: AnyGeometry })),
  outside: Type.Array(
    Type.Object({ code: Type.String(), community: Type.String(), areaM2: Type.Number(), geometry: AnyGeometry }),
  ),
});
export { GeometryProblem };

export const CoverageQuery = Type.Object(
  {
    division: DivisionCode,
    kind: Type.Optional(GridKind),
    toleranceM2: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000 })),
    crs: Type.Optional(Crs),
  },
  { additionalProperties: false },
);

export const CoverageView = Type.Object({
  division: Type.String(),
  kind: GridKind,
  crs: Crs,
  synthetic: Type.Boolean({ description: 'true when the outlines are generated demo geometry' }),
  toleranceM2: Type.Number({ description: 'gaps and overlaps smaller than this are ignored as rounding' }),
  grids: Type.Integer(),
  areaM2: Type.Number(),
  coveredM2: Type.Number(),
  gaps: Type.Array(Type.Object({ areaM2: Type.Number(), geometry: AnyGeometry })),
  overlaps: Type.Array(Type.Object({ codes: Type.Array(Type.String()), areaM2: Type.Number(), geometry: AnyGeometry })),
  outside: Type.Array(Type.Object({ code: Type.String(), areaM2: Type.Number(), geometry: AnyGeometry })),
});

export const LocateQuery = Type.Object(
  {
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    crs: Type.Optional(Crs),
    kind: Type.Optional(GridKind),
  },
  { additionalProperties: false },
);

export const LocateView = Type.Object({
  crs: Crs,
  point: Type.Object({ lng: Type.Number(), lat: Type.Number() }, { description: 'as given, in crs' }),
  wgs84: Type.Object({ lng: Type.Number(), lat: Type.Number() }),
  inside: Type.Boolean({ description: 'false: the point is in no grid; the nearest grid is given' }),
  distanceM: Type.Number({ description: 'distance to the grid in metres (0 when inside)' }),
  grid: Type.Union([
    Type.Object({ code: Type.String(), name: Type.String(), kind: GridKind, communityCode: Type.String() }),
    Type.Null(),
  ]),
  lineage: Lineage,
});

export const NewPost = Type.Object(
  {
    personId: Uuid,
    post: GridPost,
    duties: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 30 })),
    validFrom: Type.Optional(LocalDate),
  },
  { additionalProperties: false },
);

export const EndPost = Type.Object(
  { validTo: Type.Optional(LocalDate), reason: Type.String({ minLength: 1, maxLength: 300 }) },
  { additionalProperties: false },
);

export const PostsQuery = Type.Object(
  { history: Type.Optional(Type.Boolean({ description: 'true: ended posts too' })) },
  { additionalProperties: false },
);

const HHMM = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
export const NewSchedule = Type.Object(
  {
    postId: Uuid,
    weekdays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7, uniqueItems: true }),
    startTime: HHMM,
    endTime: HHMM,
    patrolsPerDay: Type.Integer({ minimum: 0, maximum: 24 }),
    validFrom: Type.Optional(LocalDate),
  },
  { additionalProperties: false },
);
export const EndSchedule = Type.Object({ validTo: Type.Optional(LocalDate) }, { additionalProperties: false });

export const FlagsQuery = Type.Object(
  { division: Type.Union([DivisionCode, Type.Literal('')]) },
  { additionalProperties: false },
);

export const StaffingFlags = Type.Object({
  division: Type.String(),
  totals: Type.Object({
    withoutFullTimeWorker: Type.Integer(),
    overloadedPeople: Type.Integer(),
    uncoveredHours: Type.Integer(),
  }),
  date: Type.String(),
  maxGridsPerPerson: Type.Integer(),
  grids: Type.Integer({ description: 'active grids checked' }),
  withoutFullTimeWorker: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  overloadedPeople: Type.Array(
    Type.Object({ personId: Uuid, displayName: Type.String(), grids: Type.Array(Type.String()) }),
  ),
  uncoveredHours: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      weekday: Type.Integer(),
      from: Type.String(),
      to: Type.String(),
    }),
  ),
});

export { IdParams };
