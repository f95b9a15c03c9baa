import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Logger } from 'pino';
import type { Static } from 'typebox';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/access.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import { commonDivision, divisionCodeParam } from '../../platform/divisions.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { coverageReport, findOverlaps } from '../../platform/geo/coverage.ts';
import { type Crs, fromWgs84, geometryFromWgs84, geometryToWgs84, toWgs84 } from '../../platform/geo/crs.ts';
import { areaM2, bbox, labelPoint } from '../../platform/geo/measure.ts';
import { difference, intersect, parts } from '../../platform/geo/overlay.ts';
import { type GeometryProblem, validatePolygonal } from '../../platform/geo/validate.ts';
import { newId } from '../../platform/ids.ts';
import type { PageOf, PageRequest } from '../../platform/paging.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { ConfigService } from '../config/config.service.ts';
import type { PeopleService } from '../people/people.service.ts';
import type { RegionsService } from '../regions/regions.service.ts';
import { GridIndexKeeper } from './grids.index.ts';
import { GridErrors, gridsPolicy } from './grids.policy.ts';
import { GridGeometryRules, GridPostDuties, GridStaffingRules } from './grids.registry.ts';
import {
  type GridListRow,
  type GridPostRow,
  type GridRow,
  type GridScheduleRow,
  type GridSortField,
  gridsRepo,
} from './grids.repo.ts';
import { GRID_CODE_PATTERN } from './grids.schemas.ts';
import { uncoveredIntervals } from './grids.staffing.ts';
import type { GridKind, GridPostKind, GridStatus } from './grids.tables.ts';

export type { GridSortField } from './grids.repo.ts';
export type { GridKind, GridPostKind, GridStatus } from './grids.tables.ts';

type Polygonal = Polygon | MultiPolygon;
const GRID_CODE = new RegExp(GRID_CODE_PATTERN);
const SEQUENCE_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Lists in the staffing flags stop here; the totals still count everything. */
const FLAG_LIST_MAX = 500;

export interface GridView extends GridListRow {}

export interface StaffView {
  postId: string;
  post: GridPostKind;
  personId: string;
  displayName: string;
  phone: string | null;
  duties: string[];
  validFrom: string;
  validTo: string | null;
  endReason: string | null;
}

export interface GridDetailView extends GridListRow {
  crs: Crs;
  geometry: Polygonal;
  bbox: [number, number, number, number];
  label: [number, number];
  lineage: { code: string; name: string; level: string }[];
  staff: StaffView[];
  schedules: GridScheduleRow[];
}

export interface NewGridInput {
  communityCode: string;
  code?: string;
  name: string;
  kind: GridKind;
  crs?: Crs;
  geometry: unknown;
  validFrom?: string;
  note?: string;
}

export interface GridPatchInput {
  version: number;
  name?: string;
  status?: 'active' | 'suspended';
  crs?: Crs;
  geometry?: unknown;
  note?: string | null;
}

export interface ImportProblem {
  feature: number;
  code: string | null;
  problem: string;
  params: Record<string, string | number>;
  at?: [number, number];
}

export interface ImportResult {
  ok: boolean;
  written: boolean;
  features: number;
  toleranceM2: number;
  create: string[];
  update: string[];
  problems: ImportProblem[];
  overlaps: { codes: [string, string]; areaM2: number; geometry: Polygon }[];
  outside: { code: string; community: string; areaM2: number; geometry: Polygon }[];
}

export interface LocateResultView {
  crs: Crs;
  point: { lng: number; lat: number };
  wgs84: { lng: number; lat: number };
  inside: boolean;
  distanceM: number;
  grid: { code: string; name: string; kind: GridKind; communityCode: string } | null;
  lineage: { code: string; name: string; level: string }[];
}

/** One duty schedule (定时) with its post, holder and grid: what the duty check counts patrols against. */
export interface DutyRosterEntry {
  grid: { code: string; name: string; communityCode: string };
  schedule: {
    id: string;
    /** ISO weekdays, 1 = Monday. */
    weekdays: number[];
    /** HH:mm, business time; the window is [start, end). */
    startTime: string;
    endTime: string;
    patrolsPerDay: number;
    validFrom: string;
    validTo: string | null;
  };
  post: { id: string; kind: GridPostKind; validFrom: string; validTo: string | null };
  person: { id: string; displayName: string };
}

/** A grid the demo generator (or another trusted bulk source) made, tiling its community already. */
export interface TrustedGrid {
  code: string;
  name: string;
  kind: GridKind;
  communityCode: string;
  geometry: Polygonal;
  geometrySource: 'synthetic' | 'imported';
}

/**
 * Grids (网格): their outlines, the checks that keep them a clean partition (no gaps, no overlaps, inside
 * their community), the locate index, import and export, and 定人定时定岗定责 staffing.
 *
 * Coordinates are stored in WGS84 (CGCS2000 differs by centimetres); every method taking or returning
 * coordinates is told the caller's system and converts GCJ-02 at the edge. Every write that changes an
 * outline first bumps the index version, which also locks it: outline changes are serialised, so the
 * overlap check inside the transaction sees every committed grid.
 */
export class GridsService {
  readonly index: GridIndexKeeper;

  constructor(
    private readonly deps: {
      db: Db;
      time: BusinessTime;
      audit: AuditService;
      config: ConfigService;
      regions: RegionsService;
      people: PeopleService;
      log: Logger;
      indexCheckMs: number;
    },
  ) {
    this.index = new GridIndexKeeper({
      db: deps.db,
      checkMs: deps.indexCheckMs,
      onRebuilt: (ms, size) => deps.log.debug({ ms: Math.round(ms), grids: size }, 'grid locate index rebuilt'),
      onError: (err) => deps.log.error({ err }, 'grid locate index could not be rebuilt; the last good one answers'),
    });
  }

  // ------------------------------------------------------------------ reading

  async list(
    actor: Actor,
    page: PageRequest<GridSortField>,
    filter: { under?: string; kind?: GridKind; status?: GridStatus; q?: string },
    db: Db = this.deps.db,
  ): Promise<PageOf<GridListRow>> {
    gridsPolicy.read(actor);
    const { items, total } = await gridsRepo.page(db, page, {
      ...filter,
      under: filter.under ? divisionCodeParam(filter.under) : undefined,
      scope: actor.scope,
    });
    return { items, total, page: page.page, pageSize: page.pageSize };
  }

  /** A division's grids as GeoJSON (the map and the export). */
  async featureCollection(
    actor: Actor,
    query: { under: string; kind?: GridKind; crs?: Crs },
    db: Db = this.deps.db,
  ): Promise<FeatureCollection & { crs: Crs; synthetic: boolean }> {
    const under = divisionCodeParam(query.under);
    gridsPolicy.read(actor);
    const rows = await gridsRepo.withGeometry(db, { under, kind: query.kind, scope: actor.scope });
    const crs = query.crs ?? 'wgs84';
    return {
      type: 'FeatureCollection',
      crs,
      synthetic: rows.some((r) => r.geometrySource === 'synthetic'),
      features: rows.map(
        (row): Feature => ({
          type: 'Feature',
          id: row.code,
          geometry: geometryFromWgs84(row.geometry, crs),
          properties: {
            code: row.code,
            name: row.name,
            kind: row.kind,
            status: row.status,
            communityCode: row.communityCode,
            areaM2: Math.round(row.areaM2),
            geometrySource: row.geometrySource,
            validFrom: row.validFrom,
          },
        }),
      ),
    };
  }

  async get(actor: Actor, code: string, options: { crs?: Crs } = {}, db: Db = this.deps.db): Promise<GridDetailView> {
    gridsPolicy.read(actor);
    const row = await this.#visible(actor, code, db);
    const crs = options.crs ?? 'wgs84';
    const today = this.deps.time.today();
    const [posts, schedules, lineage] = await Promise.all([
      gridsRepo.posts(db, [row.id], today),
      gridsRepo.schedules(db, [row.id], today),
      this.deps.regions.lineage(row.communityCode, {}, db),
    ]);
    const [minLng, minLat] = fromWgs84(row.minLng, row.minLat, crs);
    const [maxLng, maxLat] = fromWgs84(row.maxLng, row.maxLat, crs);
    const { geometry: _g, ...rest } = row;
    return {
      ...rest,
      crs,
      geometry: geometryFromWgs84(row.geometry, crs),
      bbox: [minLng, minLat, maxLng, maxLat],
      label: fromWgs84(...labelPoint(row.geometry), crs),
      lineage,
      staff: await this.#staff(posts, db),
      schedules,
    };
  }

  // ------------------------------------------------------------------ drawing

  async create(actor: Actor, input: NewGridInput, db: Db = this.deps.db): Promise<GridDetailView> {
    const communityCode = await this.#community(input.communityCode, db);
    gridsPolicy.manage(actor, communityCode);
    const geometry = checkedGeometry(input.geometry, input.crs);
    const validFrom = input.validFrom ?? this.deps.time.today();
    const now = this.deps.time.now();
    const created = await db.transaction(async (tx) => {
      await gridsRepo.bumpIndexVersion(tx, now);
      const code = input.code ?? (await this.#nextCode(tx, communityCode));
      checkCode(code, communityCode);
      if (await gridsRepo.current(tx, code)) throw GridErrors.GRID_CODE_TAKEN({ code });
      await this.#checkPlacement(tx, { code, kind: input.kind, communityCode, geometry });
      const row = await gridsRepo.insert(tx, {
        ...newGridRow(
          { code, name: input.name.trim(), kind: input.kind, communityCode, geometry, geometrySource: 'drawn' },
          validFrom,
          now,
        ),
        note: input.note ?? null,
      });
      await this.deps.audit.record(
        {
          actor,
          action: 'grids.grid.created',
          target: { type: 'grid', id: row.code },
          ownerDivision: communityCode,
          details: { kind: row.kind, areaM2: Math.round(row.areaM2) },
        },
        tx,
      );
      return row;
    });
    this.index.markStale();
    return this.get(actor, created.code, { crs: input.crs }, db);
  }

  async update(actor: Actor, code: string, patch: GridPatchInput, db: Db = this.deps.db): Promise<GridDetailView> {
    gridsPolicy.read(actor);
    const before = await this.#visible(actor, code, db);
    gridsPolicy.manage(actor, before.communityCode);
    const geometry = patch.geometry === undefined ? null : checkedGeometry(patch.geometry, patch.crs);
    const now = this.deps.time.now();
    await db.transaction(async (tx) => {
      if (geometry) await gridsRepo.bumpIndexVersion(tx, now);
      const row = await gridsRepo.current(tx, code, { forUpdate: true });
      if (!row) throw GridErrors.GRID_NOT_FOUND({ code });
      if (row.version !== patch.version) throw GridErrors.GRID_STALE_VERSION({ code, current: row.version });
      if (geometry)
        await this.#checkPlacement(tx, { code, kind: row.kind, communityCode: row.communityCode, geometry });
      const changes: Partial<GridRow> = {};
      if (patch.name !== undefined && patch.name.trim() !== row.name) changes.name = patch.name.trim();
      if (patch.status !== undefined && patch.status !== row.status) changes.status = patch.status;
      if (patch.note !== undefined && patch.note !== row.note) changes.note = patch.note;
      if (geometry) Object.assign(changes, shape(geometry), { geometrySource: 'drawn' as const });
      if (Object.keys(changes).length === 0) return;
      await gridsRepo.update(tx, row.id, { ...changes, version: row.version + 1, updatedAt: now });
      if (changes.status !== undefined && !geometry) await gridsRepo.bumpIndexVersion(tx, now);
      await this.deps.audit.record(
        {
          actor,
          action: 'grids.grid.changed',
          target: { type: 'grid', id: code },
          ownerDivision: row.communityCode,
          details: { fields: Object.keys(changes).filter((k) => !k.endsWith('Lng') && !k.endsWith('Lat')) },
        },
        tx,
      );
    });
    this.index.markStale();
    return this.get(actor, code, { crs: patch.crs }, db);
  }

  /** Retires a grid (it stays in history with its outline); posts and schedules in force end with it. */
  async retire(actor: Actor, code: string, reason: string, db: Db = this.deps.db): Promise<void> {
    gridsPolicy.read(actor);
    const before = await this.#visible(actor, code, db);
    gridsPolicy.manage(actor, before.communityCode);
    const now = this.deps.time.now();
    const today = this.deps.time.today();
    await db.transaction(async (tx) => {
      await gridsRepo.bumpIndexVersion(tx, now);
      const row = await gridsRepo.current(tx, code, { forUpdate: true });
      if (!row) throw GridErrors.GRID_NOT_FOUND({ code });
      for (const post of await gridsRepo.posts(tx, [row.id], today))
        await gridsRepo.updatePost(tx, post.id, { validTo: today, endReason: reason, updatedAt: now });
      for (const schedule of await gridsRepo.schedules(tx, [row.id], today))
        await gridsRepo.updateSchedule(tx, schedule.id, { validTo: today, updatedAt: now });
      await gridsRepo.update(tx, row.id, {
        status: 'retired',
        validTo: today,
        version: row.version + 1,
        note: row.note ? `${row.note}\n${reason}` : reason,
        updatedAt: now,
      });
      await this.deps.audit.record(
        {
          actor,
          action: 'grids.grid.retired',
          target: { type: 'grid', id: code },
          ownerDivision: row.communityCode,
          details: { reason },
        },
        tx,
      );
    });
    this.index.markStale();
  }

  /**
   * GeoJSON import, all or nothing. The report lists every problem found (bad features, wrong or
   * duplicate codes, unknown communities, invalid or self-intersecting outlines, grids outside their
   * community, overlaps with each other or with grids already there, with their areas); with `dryRun`
   * nothing is written, otherwise the grids are written only when the report is clean.
   */
  async import(
    actor: Actor,
    input: { featureCollection: { features: unknown[] }; crs?: Crs; dryRun: boolean; defaultKind?: GridKind },
    db: Db = this.deps.db,
  ): Promise<ImportResult> {
    gridsPolicy.read(actor);
    const toleranceM2 = await this.#tolerance(db);
    const attempt = async (tx: Db): Promise<ImportResult> => {
      const { report, accepted } = await this.#checkImport(actor, tx, input, toleranceM2);
      if (input.dryRun || !report.ok) return report;
      await this.#writeImport(actor, tx, report, accepted, input.crs ?? 'wgs84');
      return { ...report, written: true };
    };
    if (input.dryRun) return attempt(db);
    const result = await db.transaction(async (tx) => {
      await gridsRepo.bumpIndexVersion(tx, this.deps.time.now());
      return attempt(tx);
    });
    if (result.written) this.index.markStale();
    return result;
  }

  /** Grids from the demo generator: they tile their communities by construction, so placement is not rechecked. */
  async createTrusted(actor: Actor, items: readonly TrustedGrid[], db: Db = this.deps.db): Promise<number> {
    const now = this.deps.time.now();
    const today = this.deps.time.today();
    for (const item of items) gridsPolicy.manage(actor, item.communityCode);
    await db.transaction(async (tx) => {
      await gridsRepo.bumpIndexVersion(tx, now);
      for (const item of items) {
        if (await gridsRepo.current(tx, item.code)) continue;
        await gridsRepo.insert(tx, newGridRow(item, today, now));
      }
      await this.deps.audit.record(
        { actor, action: 'grids.grid.bulk-created', ownerDivision: '', details: { grids: items.length } },
        tx,
      );
    });
    this.index.markStale();
    return items.length;
  }

  // ------------------------------------------------------------------ coverage and locate

  /** 无死角: where a division is covered by no grid of a kind, or by two, and grid parts outside it. */
  async coverage(
    actor: Actor,
    query: { division: string; kind?: GridKind; toleranceM2?: number; crs?: Crs },
    db: Db = this.deps.db,
  ) {
    const code = divisionCodeParam(query.division);
    gridsPolicy.readDivision(actor, code);
    const area = await this.deps.regions.require(code, {}, db);
    if (!area.geometry) throw GridErrors.DIVISION_WITHOUT_GEOMETRY({ code });
    const kind = query.kind ?? 'social';
    const toleranceM2 = query.toleranceM2 ?? (await this.#tolerance(db));
    const rows = await gridsRepo.withGeometry(db, { under: code, kind, scope: { divisions: [''], grids: [] } });
    const active = rows.filter((r) => r.status !== 'retired');
    const report = coverageReport(
      area.geometry,
      active.map((r) => ({ code: r.code, geometry: r.geometry })),
      { toleranceM2 },
    );
    const crs = query.crs ?? 'wgs84';
    const out = <T extends { geometry: Polygon; areaM2: number }>(items: T[]) =>
      items.map((item) => ({ ...item, areaM2: round2(item.areaM2), geometry: geometryFromWgs84(item.geometry, crs) }));
    return {
      division: code,
      kind,
      crs,
      synthetic: area.geometrySource === 'synthetic' || active.some((r) => r.geometrySource === 'synthetic'),
      toleranceM2,
      grids: active.length,
      areaM2: round2(report.areaM2),
      coveredM2: round2(report.coveredM2),
      gaps: out(report.gaps),
      overlaps: out(report.overlaps),
      outside: out(report.outside),
    };
  }

  /**
   * Point → grid → community → town → county → city. The point may be given in GCJ-02; the answer
   * repeats it as given and in WGS84. A point on a shared edge or vertex belongs to the grid with the
   * smallest code; a point in no grid gets the nearest grid, flagged `inside: false` with its distance.
   */
  async locate(query: { lng: number; lat: number; crs?: Crs; kind?: GridKind }): Promise<LocateResultView> {
    const crs = query.crs ?? 'wgs84';
    const [lng, lat] = toWgs84(query.lng, query.lat, crs);
    const built = await this.index.current();
    const locator = built.byKind.get(query.kind ?? 'social');
    const found = locator?.locate(lng, lat) ?? null;
    const base = { crs, point: { lng: query.lng, lat: query.lat }, wgs84: { lng, lat } };
    if (!found) return { ...base, inside: false, distanceM: 0, grid: null, lineage: [] };
    const grid = built.grids.get(found.code)!;
    return {
      ...base,
      inside: found.inside,
      distanceM: found.inside ? 0 : round2(found.distanceM),
      grid,
      lineage: await this.deps.regions.lineage(grid.communityCode),
    };
  }

  // ------------------------------------------------------------------ staffing

  async posts(actor: Actor, code: string, options: { history?: boolean } = {}, db: Db = this.deps.db) {
    gridsPolicy.read(actor);
    const row = await this.#visible(actor, code, db);
    const posts = await gridsRepo.posts(db, [row.id], options.history ? null : this.deps.time.today());
    return this.#staff(posts, db);
  }

  async addPost(
    actor: Actor,
    code: string,
    input: { personId: string; post: GridPostKind; duties?: string[]; validFrom?: string },
    db: Db = this.deps.db,
  ): Promise<StaffView> {
    gridsPolicy.read(actor);
    const grid = await this.#visible(actor, code, db);
    gridsPolicy.staff(actor, grid);
    try {
      await this.deps.people.get(actor, input.personId, {}, db);
    } catch {
      throw GridErrors.GRID_PERSON_UNKNOWN({ id: input.personId });
    }
    const validFrom = input.validFrom ?? this.deps.time.today();
    const duties =
      input.duties ?? (await this.deps.config.get(GridPostDuties, grid.communityCode, validFrom, db))[input.post];
    const now = this.deps.time.now();
    const post = await db.transaction(async (tx) => {
      const locked = await gridsRepo.current(tx, code, { forUpdate: true });
      if (!locked) throw GridErrors.GRID_NOT_FOUND({ code });
      const held = await gridsRepo.posts(tx, [locked.id], validFrom);
      if (held.some((p) => p.personId === input.personId && p.post === input.post))
        throw GridErrors.GRID_POST_DUPLICATE();
      const row = await gridsRepo.insertPost(tx, {
        id: newId(),
        gridId: locked.id,
        personId: input.personId,
        post: input.post,
        duties,
        validFrom,
        validTo: null,
        endReason: null,
        ownerDivision: locked.communityCode,
        createdAt: now,
        updatedAt: now,
      });
      await this.deps.audit.record(
        {
          actor,
          action: 'grids.post.assigned',
          target: { type: 'grid', id: code },
          ownerDivision: locked.communityCode,
          details: { postId: row.id, post: row.post, personId: row.personId, validFrom },
        },
        tx,
      );
      return row;
    });
    return (await this.#staff([post], db))[0]!;
  }

  async endPost(
    actor: Actor,
    code: string,
    postId: string,
    input: { validTo?: string; reason: string },
    db: Db = this.deps.db,
  ): Promise<StaffView> {
    gridsPolicy.read(actor);
    const grid = await this.#visible(actor, code, db);
    gridsPolicy.staff(actor, grid);
    const validTo = input.validTo ?? this.deps.time.today();
    const now = this.deps.time.now();
    const post = await db.transaction(async (tx) => {
      const row = await gridsRepo.findPost(tx, postId, { forUpdate: true });
      if (!row || row.gridId !== grid.id) throw GridErrors.GRID_POST_NOT_FOUND({ id: postId });
      if (row.validTo !== null) throw GridErrors.GRID_POST_ENDED({ validTo: row.validTo });
      if (validTo < row.validFrom) throw GridErrors.GRID_DATES_INVALID({ validFrom: row.validFrom, validTo });
      for (const schedule of await gridsRepo.schedules(tx, [grid.id], validTo))
        if (schedule.postId === row.id) await gridsRepo.updateSchedule(tx, schedule.id, { validTo, updatedAt: now });
      const ended = await gridsRepo.updatePost(tx, row.id, { validTo, endReason: input.reason, updatedAt: now });
      await this.deps.audit.record(
        {
          actor,
          action: 'grids.post.ended',
          target: { type: 'grid', id: code },
          ownerDivision: grid.communityCode,
          details: { postId, validTo, reason: input.reason },
        },
        tx,
      );
      return ended;
    });
    return (await this.#staff([post], db))[0]!;
  }

  async schedules(actor: Actor, code: string, db: Db = this.deps.db): Promise<GridScheduleRow[]> {
    gridsPolicy.read(actor);
    const grid = await this.#visible(actor, code, db);
    return gridsRepo.schedules(db, [grid.id], this.deps.time.today());
  }

  async addSchedule(
    actor: Actor,
    code: string,
    input: {
      postId: string;
      weekdays: number[];
      startTime: string;
      endTime: string;
      patrolsPerDay: number;
      validFrom?: string;
    },
    db: Db = this.deps.db,
  ): Promise<GridScheduleRow> {
    gridsPolicy.read(actor);
    const grid = await this.#visible(actor, code, db);
    gridsPolicy.staff(actor, grid);
    if (input.endTime <= input.startTime)
      throw GridErrors.GRID_SCHEDULE_INVALID({ reason: `${input.startTime}–${input.endTime}` });
    const validFrom = input.validFrom ?? this.deps.time.today();
    const now = this.deps.time.now();
    return db.transaction(async (tx) => {
      const post = await gridsRepo.findPost(tx, input.postId, { forUpdate: true });
      if (!post || post.gridId !== grid.id) throw GridErrors.GRID_POST_NOT_FOUND({ id: input.postId });
      if (post.validTo !== null && post.validTo <= validFrom)
        throw GridErrors.GRID_POST_ENDED({ validTo: post.validTo });
      const row = await gridsRepo.insertSchedule(tx, {
        id: newId(),
        gridId: grid.id,
        postId: post.id,
        weekdays: [...new Set(input.weekdays)].sort(),
        startTime: input.startTime,
        endTime: input.endTime,
        patrolsPerDay: input.patrolsPerDay,
        validFrom,
        validTo: post.validTo,
        ownerDivision: grid.communityCode,
        createdAt: now,
        updatedAt: now,
      });
      await this.deps.audit.record(
        {
          actor,
          action: 'grids.schedule.added',
          target: { type: 'grid', id: code },
          ownerDivision: grid.communityCode,
          details: {
            scheduleId: row.id,
            postId: post.id,
            weekdays: row.weekdays,
            from: row.startTime,
            to: row.endTime,
          },
        },
        tx,
      );
      return row;
    });
  }

  async endSchedule(
    actor: Actor,
    code: string,
    scheduleId: string,
    input: { validTo?: string },
    db: Db = this.deps.db,
  ): Promise<GridScheduleRow> {
    gridsPolicy.read(actor);
    const grid = await this.#visible(actor, code, db);
    gridsPolicy.staff(actor, grid);
    const validTo = input.validTo ?? this.deps.time.today();
    const now = this.deps.time.now();
    return db.transaction(async (tx) => {
      const row = await gridsRepo.findSchedule(tx, scheduleId, { forUpdate: true });
      if (!row || row.gridId !== grid.id) throw GridErrors.GRID_SCHEDULE_NOT_FOUND({ id: scheduleId });
      if (validTo < row.validFrom) throw GridErrors.GRID_DATES_INVALID({ validFrom: row.validFrom, validTo });
      const ended = await gridsRepo.updateSchedule(tx, row.id, { validTo, updatedAt: now });
      await this.deps.audit.record(
        {
          actor,
          action: 'grids.schedule.ended',
          target: { type: 'grid', id: code },
          ownerDivision: grid.communityCode,
          details: { scheduleId, validTo },
        },
        tx,
      );
      return ended;
    });
  }

  /**
   * 定人定时 flags for a division today: grids with no full-time grid worker, people holding posts in
   * more grids than the rule allows, and duty hours no schedule covers (rules from configuration, as
   * in force today for each grid's county).
   */
  async staffingFlags(actor: Actor, divisionCode: string, db: Db = this.deps.db) {
    const under = divisionCodeParam(divisionCode);
    gridsPolicy.readDivision(actor, under);
    const today = this.deps.time.today();
    const rows = (await gridsRepo.withoutGeometry(db, { under, scope: { divisions: [''], grids: [] } })).filter(
      (r) => r.status === 'active',
    );
    const ids = rows.map((r) => r.id);
    const [posts, schedules] = await Promise.all([
      gridsRepo.posts(db, ids, today),
      gridsRepo.schedules(db, ids, today),
    ]);
    const rulesByCounty = new Map<string, Static<typeof GridStaffingRules.schema>>();
    const rulesFor = async (communityCode: string) => {
      const county = communityCode.slice(0, 6);
      const known = rulesByCounty.get(county);
      if (known) return known;
      const rules = await this.deps.config.get(GridStaffingRules, county, today, db);
      rulesByCounty.set(county, rules);
      return rules;
    };
    const rootRules = await this.deps.config.get(GridStaffingRules, under, today, db);

    const withoutFullTimeWorker: { code: string; name: string }[] = [];
    const uncoveredHours: { code: string; name: string; weekday: number; from: string; to: string }[] = [];
    const postsByGrid = groupBy(posts, (p) => p.gridId);
    const schedulesByGrid = groupBy(schedules, (s) => s.gridId);
    for (const grid of rows) {
      const gridPosts = postsByGrid.get(grid.id) ?? [];
      if (!gridPosts.some((p) => p.post === 'full_time'))
        withoutFullTimeWorker.push({ code: grid.code, name: grid.name });
      const rules = await rulesFor(grid.communityCode);
      const gridSchedules = schedulesByGrid.get(grid.id) ?? [];
      for (const gap of uncoveredIntervals(rules.dutyHours, gridSchedules))
        uncoveredHours.push({ code: grid.code, name: grid.name, ...gap });
    }

    const personIds = [...new Set(posts.map((p) => p.personId))];
    const held = await gridsRepo.postsOfPeople(db, personIds, today);
    const gridsOf = new Map<string, Set<string>>();
    // Grid workers spread too thin are the concern; a community's leader or instructor over all its grids is not.
    for (const h of held.filter((p) => p.post === 'full_time' || p.post === 'part_time')) {
      const set = gridsOf.get(h.personId) ?? new Set<string>();
      gridsOf.set(h.personId, set);
      set.add(h.gridCode);
    }
    const overloaded = [...gridsOf].filter(([, codes]) => codes.size > rootRules.maxGridsPerPerson);
    const profiles = await this.deps.people.profiles(
      overloaded.map(([id]) => id),
      db,
    );
    const overloadedPeople = overloaded.map(([personId, codes]) => ({
      personId,
      displayName: profiles.get(personId)?.displayName ?? '',
      grids: [...codes].sort(),
    }));
    return {
      division: under,
      date: today,
      maxGridsPerPerson: rootRules.maxGridsPerPerson,
      grids: rows.length,
      totals: {
        withoutFullTimeWorker: withoutFullTimeWorker.length,
        overloadedPeople: overloadedPeople.length,
        uncoveredHours: uncoveredHours.length,
      },
      withoutFullTimeWorker: withoutFullTimeWorker.slice(0, FLAG_LIST_MAX),
      overloadedPeople: overloadedPeople.slice(0, FLAG_LIST_MAX),
      uncoveredHours: uncoveredHours.slice(0, FLAG_LIST_MAX),
    };
  }

  // ------------------------------------------------------------------ for other modules (patrols, urban)

  /**
   * The grid in force with this code when the caller's scope reaches it (its community in one of their
   * division subtrees, or the grid named in a grids grant), else null — without its outline. Scope only:
   * the calling module checks its own permission.
   */
  async visibleTo(actor: Actor, code: string, db: Db = this.deps.db): Promise<GridListRow | null> {
    const row = GRID_CODE.test(code) ? await gridsRepo.current(db, code) : null;
    if (!row || !gridsPolicy.sees(actor, row)) return null;
    const { geometry: _g, ...rest } = row;
    return rest;
  }

  /** Grid names by code, for lists that name grids (a retired grid keeps its last name). */
  async names(codes: readonly string[], db: Db = this.deps.db): Promise<Map<string, string>> {
    const rows = await gridsRepo.namesByCodes(db, [...new Set(codes)]);
    const names = new Map<string, string>();
    // In force first: a code retired and drawn again is named as it is now.
    for (const r of rows.sort((a, b) => Number(a.validTo !== null) - Number(b.validTo !== null)))
      if (!names.has(r.code)) names.set(r.code, r.name);
    return names;
  }

  /** The grids (codes) in which a person holds a post on a date: a patrol prefers one of them. */
  async gridsOfPerson(personId: string, date: string, db: Db = this.deps.db): Promise<string[]> {
    const held = await gridsRepo.postsOfPeople(db, [personId], date);
    return [...new Set(held.map((h) => h.gridCode))].sort();
  }

  /**
   * 定时, for the duty check: every duty schedule of the active grids in force under a division that is valid on
   * some day of [from, to], with its post, the post's holder and the grid. Each carries the validity dates of
   * the schedule and of the post, so the caller decides day by day. No actor: the caller has checked the scope.
   */
  async dutyRoster(divisionCode: string, from: string, to: string, db: Db = this.deps.db): Promise<DutyRosterEntry[]> {
    const under = divisionCodeParam(divisionCode);
    const rows = (await gridsRepo.withoutGeometry(db, { under, scope: { divisions: [''], grids: [] } })).filter(
      (r) => r.status === 'active',
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const schedules = await gridsRepo.schedulesBetween(db, [...byId.keys()], from, to);
    const posts = new Map(
      (await gridsRepo.postsByIds(db, [...new Set(schedules.map((s) => s.postId))])).map((p) => [p.id, p]),
    );
    const profiles = await this.deps.people.profiles([...new Set([...posts.values()].map((p) => p.personId))], db);
    const entries: DutyRosterEntry[] = [];
    for (const s of schedules) {
      const grid = byId.get(s.gridId);
      const post = posts.get(s.postId);
      if (!grid || !post) continue;
      entries.push({
        grid: { code: grid.code, name: grid.name, communityCode: grid.communityCode },
        schedule: {
          id: s.id,
          weekdays: s.weekdays,
          startTime: s.startTime,
          endTime: s.endTime,
          patrolsPerDay: s.patrolsPerDay,
          validFrom: s.validFrom,
          validTo: s.validTo,
        },
        post: { id: post.id, kind: post.post, validFrom: post.validFrom, validTo: post.validTo },
        person: { id: post.personId, displayName: profiles.get(post.personId)?.displayName ?? '' },
      });
    }
    return entries.sort(
      (a, b) =>
        a.grid.code.localeCompare(b.grid.code) ||
        a.schedule.startTime.localeCompare(b.schedule.startTime) ||
        a.schedule.id.localeCompare(b.schedule.id),
    );
  }

  // ------------------------------------------------------------------ helpers

  /** The grid in force if the caller may see it; otherwise the same 404 as for one that does not exist. */
  async #visible(actor: Actor, code: string, db: Db): Promise<GridRow> {
    const row = GRID_CODE.test(code) ? await gridsRepo.current(db, code) : null;
    if (!row || !gridsPolicy.sees(actor, row)) throw GridErrors.GRID_NOT_FOUND({ code });
    return row;
  }

  async #staff(posts: GridPostRow[], db: Db): Promise<StaffView[]> {
    const profiles = await this.deps.people.profiles(
      posts.map((p) => p.personId),
      db,
    );
    return posts.map((p) => ({
      postId: p.id,
      post: p.post,
      personId: p.personId,
      displayName: profiles.get(p.personId)?.displayName ?? '',
      phone: profiles.get(p.personId)?.phone ?? null,
      duties: p.duties,
      validFrom: p.validFrom,
      validTo: p.validTo,
      endReason: p.endReason,
    }));
  }

  async #community(code: string, db: Db): Promise<string> {
    const row = /^[0-9]{12}$/.test(code) ? await this.deps.regions.get(code, {}, db) : null;
    if (row?.level !== 'village') throw GridErrors.GRID_COMMUNITY_UNKNOWN({ code });
    return row.code;
  }

  async #tolerance(db: Db): Promise<number> {
    return (await this.deps.config.get(GridGeometryRules, '', undefined, db)).toleranceM2;
  }

  /** The next free sequence in the community (retired codes are not reused): 001…999, then A00…ZZZ. */
  async #nextCode(db: Db, communityCode: string): Promise<string> {
    const used = new Set((await gridsRepo.codesInCommunity(db, communityCode)).map((c) => c.slice(12)));
    for (const seq of sequences()) if (!used.has(seq)) return `${communityCode}${seq}`;
    throw PlatformErrors.CONFLICT({ reason: `no grid code left in ${communityCode}` });
  }

  /** Inside its community (when the community has an outline) and overlapping no grid of its kind. */
  async #checkPlacement(
    db: Db,
    grid: { code: string; kind: GridKind; communityCode: string; geometry: Polygonal },
  ): Promise<void> {
    const toleranceM2 = await this.#tolerance(db);
    const community = await this.deps.regions.get(grid.communityCode, {}, db);
    if (community?.geometry) {
      const outsideM2 = parts(difference(grid.geometry, community.geometry), toleranceM2).reduce(
        (s, p) => s + p.areaM2,
        0,
      );
      if (outsideM2 > 0)
        throw GridErrors.GRID_OUTSIDE_COMMUNITY({ areaM2: round2(outsideM2), community: grid.communityCode });
    }
    const overlaps: { code: string; areaM2: number }[] = [];
    for (const other of await gridsRepo.bboxNeighbours(db, bbox(grid.geometry), grid.kind, [grid.code])) {
      const m2 = parts(intersect(grid.geometry, other.geometry), toleranceM2).reduce((s, p) => s + p.areaM2, 0);
      if (m2 > 0) overlaps.push({ code: other.code, areaM2: round2(m2) });
    }
    if (overlaps.length)
      throw GridErrors.GRID_OVERLAP(
        {
          others: overlaps.map((o) => o.code).join(', '),
          areaM2: round2(overlaps.reduce((s, o) => s + o.areaM2, 0)),
        },
        { overlaps },
      );
  }

  async #checkImport(
    actor: Actor,
    db: Db,
    input: { featureCollection: { features: unknown[] }; crs?: Crs; defaultKind?: GridKind },
    toleranceM2: number,
  ): Promise<{ report: ImportResult; accepted: TrustedGrid[] }> {
    const problems: ImportProblem[] = [];
    const accepted: TrustedGrid[] = [];
    const seen = new Map<string, number>();
    const communities = new Map<string, Polygonal | null | false>();
    for (const [index, raw] of input.featureCollection.features.entries()) {
      const feature = raw as { type?: unknown; geometry?: unknown; properties?: Record<string, unknown> | null };
      const props = feature && typeof feature === 'object' ? (feature.properties ?? {}) : {};
      const code = typeof props.code === 'string' ? props.code.trim().toUpperCase() : null;
      const add = (problem: string, params: Record<string, string | number> = {}, at?: [number, number]) =>
        problems.push({ feature: index, code, problem, params, ...(at ? { at } : {}) });
      if (!feature || typeof feature !== 'object' || feature.type !== 'Feature') {
        add('NOT_A_FEATURE');
        continue;
      }
      if (code === null || !GRID_CODE.test(code)) {
        add('CODE_INVALID', { value: String(props.code ?? '') });
        continue;
      }
      const first = seen.get(code);
      if (first !== undefined) {
        add('CODE_DUPLICATE', { first });
        continue;
      }
      seen.set(code, index);
      const name = typeof props.name === 'string' && props.name.trim() ? props.name.trim().slice(0, 100) : null;
      if (!name) add('NAME_MISSING');
      const kindValue = props.kind ?? input.defaultKind ?? 'social';
      const kind = (['unit', 'social', 'dedicated'] as const).find((k) => k === kindValue);
      if (!kind) add('KIND_INVALID', { value: String(kindValue) });
      const communityCode = code.slice(0, 12);
      if (!communities.has(communityCode)) {
        const row = await this.deps.regions.get(communityCode, {}, db);
        communities.set(communityCode, row && row.level === 'village' ? (row.geometry ?? null) : false);
      }
      const community = communities.get(communityCode);
      if (community === false) add('COMMUNITY_UNKNOWN', { community: communityCode });
      else if (!gridsPolicy.sees(actor, { code, communityCode }) || !actor.permissions.has('grids.manage'))
        add('OUT_OF_SCOPE', { community: communityCode });
      const geometryProblems = validatePolygonal(feature.geometry);
      for (const p of geometryProblems) add(`GEOMETRY_${p.code}`, {}, p.at);
      if (geometryProblems.length || community === false || !kind || !name) continue;
      accepted.push({
        geometrySource: 'imported',
        code,
        name,
        kind,
        communityCode,
        geometry: geometryToWgs84(feature.geometry as Polygonal, input.crs ?? 'wgs84'),
      });
    }

    const outside: ImportResult['outside'] = [];
    for (const item of accepted) {
      const community = communities.get(item.communityCode);
      if (!community) continue;
      for (const part of parts(difference(item.geometry, community), toleranceM2))
        outside.push({ code: item.code, community: item.communityCode, ...part });
    }

    // Overlaps among the file's grids and with grids in force that the file does not replace.
    const overlaps: ImportResult['overlaps'] = [];
    const importedCodes = accepted.map((a) => a.code);
    for (const kind of ['unit', 'social', 'dedicated'] as const) {
      const mine = accepted.filter((a) => a.kind === kind);
      if (mine.length === 0) continue;
      const box = mine.map((m) => bbox(m.geometry)).reduce(unionBox);
      const existing = await gridsRepo.bboxNeighbours(db, box, kind, importedCodes);
      const cells = [
        ...mine.map((m) => ({ code: m.code, geometry: m.geometry })),
        ...existing.map((e) => ({ code: e.code, geometry: e.geometry })),
      ];
      const mineCodes = new Set(mine.map((m) => m.code));
      for (const o of findOverlaps(cells, toleranceM2))
        if (mineCodes.has(o.codes[0]) || mineCodes.has(o.codes[1])) overlaps.push(o);
    }

    const existing = new Set((await gridsRepo.currentByCodes(db, importedCodes)).map((r) => r.code));
    const report: ImportResult = {
      ok: problems.length === 0 && outside.length === 0 && overlaps.length === 0,
      written: false,
      features: input.featureCollection.features.length,
      toleranceM2,
      create: importedCodes.filter((c) => !existing.has(c)),
      update: importedCodes.filter((c) => existing.has(c)),
      problems,
      overlaps: overlaps.map((o) => ({ ...o, areaM2: round2(o.areaM2) })),
      outside: outside.map((o) => ({ ...o, areaM2: round2(o.areaM2) })),
    };
    return { report, accepted };
  }

  async #writeImport(actor: Actor, tx: Db, report: ImportResult, accepted: TrustedGrid[], crs: Crs): Promise<void> {
    const now = this.deps.time.now();
    const today = this.deps.time.today();
    for (const item of accepted) {
      const current = await gridsRepo.current(tx, item.code, { forUpdate: true });
      if (current) {
        await gridsRepo.update(tx, current.id, {
          name: item.name,
          kind: item.kind,
          ...shape(item.geometry),
          geometrySource: 'imported',
          version: current.version + 1,
          updatedAt: now,
        });
      } else {
        await gridsRepo.insert(tx, newGridRow(item, today, now));
      }
    }
    await this.deps.audit.record(
      {
        actor,
        action: 'grids.imported',
        ownerDivision: commonDivision(accepted.map((a) => a.communityCode)),
        details: { created: report.create.length, updated: report.update.length, crs },
      },
      tx,
    );
  }
}

function checkCode(code: string, communityCode: string): void {
  if (!GRID_CODE.test(code) || !code.startsWith(communityCode)) throw GridErrors.GRID_CODE_INVALID({ code });
}

/** Validates an outline given in `crs` and returns it in WGS84, or throws with the problems listed. */
function checkedGeometry(geometry: unknown, crs: Crs = 'wgs84'): Polygonal {
  const problems = validatePolygonal(geometry);
  if (problems.length) throw GridErrors.GRID_GEOMETRY_INVALID({ problems: describeProblems(problems) }, { problems });
  return geometryToWgs84(geometry as Polygonal, crs);
}

function describeProblems(problems: GeometryProblem[]): string {
  return problems
    .slice(0, 5)
    .map((p) => (p.at ? `${p.code} (${p.at[0]}, ${p.at[1]})` : p.code))
    .join('; ');
}

/** A new grid row in force from `validFrom`, version 1, owned by its community. */
function newGridRow(
  item: Omit<TrustedGrid, 'geometrySource'> & { geometrySource: GridRow['geometrySource'] },
  validFrom: string,
  now: Date,
) {
  return {
    id: newId(),
    code: item.code,
    name: item.name,
    kind: item.kind,
    communityCode: item.communityCode,
    status: 'active' as const,
    ...shape(item.geometry),
    geometrySource: item.geometrySource,
    validFrom,
    validTo: null,
    note: null,
    version: 1,
    ownerDivision: item.communityCode,
    createdAt: now,
    updatedAt: now,
  };
}

/** The stored shape of an outline: geometry, area and bounding box. */
function shape(geometry: Polygonal) {
  const [minLng, minLat, maxLng, maxLat] = bbox(geometry);
  return { geometry, areaM2: areaM2(geometry), minLng, minLat, maxLng, maxLat };
}

function unionBox(a: [number, number, number, number], b: [number, number, number, number]) {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])] as [
    number,
    number,
    number,
    number,
  ];
}

/** 001…999 first, then the sequences with letters (00A…ZZZ) that GB/T 47678 allows. */
function* sequences(): Generator<string> {
  for (let n = 1; n < 1000; n++) yield String(n).padStart(3, '0');
  for (let n = 0; n < 36 ** 3; n++) {
    const seq = [Math.floor(n / 1296), Math.floor(n / 36) % 36, n % 36].map((i) => SEQUENCE_ALPHABET[i]).join('');
    if (!/^[0-9]{3}$/.test(seq)) yield seq;
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item)) ?? [];
    groups.set(key(item), group);
    group.push(item);
  }
  return groups;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
