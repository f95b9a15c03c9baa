import type { Logger } from 'pino';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/access.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import { divisionCodeParam } from '../../platform/divisions.ts';
import { type Locale, messageFor } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { PageOf, PageRequest } from '../../platform/paging.ts';
import { type AuditActor, type AuditService, SYSTEM_ACTOR } from '../audit/audit.service.ts';
import type { ConfigService } from '../config/config.service.ts';
import type { GridsService } from '../grids/grids.service.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import { PatrolErrors, patrolsPolicy } from './patrols.policy.ts';
import { PatrolAutoEndHours, PatrolDutyMinMinutes } from './patrols.registry.ts';
import { type PatrolRow, type PatrolSortField, patrolsRepo } from './patrols.repo.ts';
import type { PatrolEndedBy } from './patrols.tables.ts';
import { CLOCK_SKEW_MS, refusedPoints, type TrailPoint, trailLengthM } from './patrols.trail.ts';

export type { PatrolSortField } from './patrols.repo.ts';

export interface PatrolsDeps {
  db: Db;
  time: BusinessTime;
  config: ConfigService;
  audit: AuditService;
  grids: GridsService;
  identity: IdentityService;
  log: Logger;
}

/** A patrol may be recorded this long after it started (sent from a phone that was offline). */
export const MAX_LATE_START_HOURS = 24;
/** The duty check covers at most this many days at once. */
export const MAX_DUTY_DAYS = 31;
/** Duty windows listed at most (the totals count all of them). */
const MAX_DUTY_ITEMS = 2000;
/** A point this far outside the nearest grid still counts as in it (GPS noise at a grid's edge). */
const NEAREST_GRID_TOLERANCE_M = 50;
/** Grid kinds a patrol may be located in, in order of preference when the worker holds no post in any. */
const LOCATE_KINDS = ['social', 'unit', 'dedicated'] as const;
/** The shortest auto-end limit the configuration allows: younger open patrols are never candidates. */
const MIN_AUTO_END_MS = 3_600_000;

export interface PositionInput {
  lon: number;
  lat: number;
  accuracy?: number;
}

export interface PatrolView {
  id: string;
  accountId: string;
  accountName: string;
  grid: { code: string; name: string };
  ownerDivision: string;
  startedAt: Date;
  endedAt: Date | null;
  endedBy: PatrolEndedBy | null;
  open: boolean;
  durationS: number;
  distanceM: number;
  pointCount: number;
  lastPointAt: Date | null;
  start: { lon: number; lat: number };
}

export interface PatrolDetailView extends PatrolView {
  trail: { type: 'LineString'; coordinates: [number, number][] } | null;
  times: Date[];
}

/** Where a patrol will be: worked out before the transaction (the locate index, the worker's posts). */
export interface PlacedPatrol {
  grid: { id: string; code: string; name: string; communityCode: string };
}

export interface DutyWindow {
  date: string;
  weekday: number;
  grid: { code: string; name: string };
  post: { id: string; kind: string };
  person: { id: string; displayName: string };
  accountId: string | null;
  scheduleId: string;
  window: { start: string; end: string };
  minMinutes: number;
  expected: number;
  done: number;
  over: boolean;
  shortfall: boolean;
  patrolIds: string[];
}

export interface DutyReport {
  division: string;
  from: string;
  to: string;
  totals: { windows: number; expected: number; done: number; missing: number; shortfalls: number };
  truncated: boolean;
  items: DutyWindow[];
}

/**
 * Patrols (巡查): a grid worker's walk through a grid, started and ended on the phone, with its trail
 * (轨迹) sent in batches, possibly late; patrols left open are ended by a job; the duty check (定时)
 * compares the patrols done with the grids' duty schedules.
 *
 * Times come from the device (a patrol started offline is sent when the signal returns) within limits: not
 * ahead of the server's clock by more than the skew, a start not older than a day. Every write of a patrol
 * locks its row, so batches of one patrol are applied one after another and its length stays the trail's.
 */
export class PatrolsService {
  constructor(readonly deps: PatrolsDeps) {}

  // ------------------------------------------------------------------ recording (the worker's phone)

  /**
   * The grid a patrol starts in: the one named (in the caller's scope, else 404), or the grid the position
   * lies in (within 50 m of its edge) — among the grids of every kind there, one where the worker holds a post
   * today first. Reads only; done before the transaction.
   */
  async place(actor: Actor, input: { position: PositionInput; grid?: string }): Promise<PlacedPatrol> {
    const who = patrolsPolicy.record(actor);
    const pick = (g: { id: string; code: string; name: string; communityCode: string }) => ({
      grid: { id: g.id, code: g.code, name: g.name, communityCode: g.communityCode },
    });
    if (input.grid) {
      const grid = await this.deps.grids.visibleTo(actor, input.grid);
      if (!grid || grid.status === 'retired') throw PatrolErrors.PATROL_GRID_UNKNOWN({ code: input.grid });
      return pick(grid);
    }
    const { lon, lat } = input.position;
    const located: { code: string; distanceM: number }[] = [];
    let nearest: { code: string; distanceM: number } | null = null;
    for (const kind of LOCATE_KINDS) {
      const r = await this.deps.grids.locate({ lng: lon, lat, kind });
      if (!r.grid) continue;
      const distanceM = r.inside ? 0 : r.distanceM;
      if (!nearest || distanceM < nearest.distanceM) nearest = { code: r.grid.code, distanceM };
      if (distanceM <= NEAREST_GRID_TOLERANCE_M) located.push({ code: r.grid.code, distanceM });
    }
    if (!nearest) throw PatrolErrors.PATROL_NO_GRIDS();
    if (located.length === 0)
      throw PatrolErrors.PATROL_LOCATION_OUTSIDE({ nearest: nearest.code, distance: Math.round(nearest.distanceM) });
    const visible = [];
    for (const l of located) {
      const grid = await this.deps.grids.visibleTo(actor, l.code);
      if (grid) visible.push(grid);
    }
    if (visible.length === 0) throw PatrolErrors.PATROL_GRID_OUT_OF_SCOPE({ code: located[0]!.code });
    const mine = new Set(await this.deps.grids.gridsOfPerson(who.personId, this.deps.time.today()));
    return pick(visible.find((g) => mine.has(g.code)) ?? visible[0]!);
  }

  /**
   * Starts a patrol in the caller's transaction (the idempotency key's): one open patrol per account (409
   * PATROL_ALREADY_OPEN naming it), never starting before the previous one ended (409 PATROL_OVERLAPS). The
   * start position is the trail's first point.
   */
  async start(
    actor: Actor,
    placed: PlacedPatrol,
    input: { position: PositionInput; startedAt?: string },
    db: Db,
  ): Promise<PatrolView> {
    const who = patrolsPolicy.record(actor);
    const now = this.deps.time.now();
    const startedAt = input.startedAt ? new Date(input.startedAt) : now;
    this.#notAhead(startedAt, now);
    if (startedAt.getTime() < now.getTime() - MAX_LATE_START_HOURS * 3_600_000)
      throw PatrolErrors.PATROL_TIME_TOO_OLD({ at: this.#local(startedAt), hours: MAX_LATE_START_HOURS });
    const open = await patrolsRepo.openOf(db, who.accountId);
    if (open) throw this.#alreadyOpen(open);
    const lastEnd = await patrolsRepo.lastEndOf(db, who.accountId);
    if (lastEnd && startedAt.getTime() < lastEnd.getTime())
      throw PatrolErrors.PATROL_OVERLAPS({ startedAt: this.#local(startedAt), endedAt: this.#local(lastEnd) });
    const { lon, lat, accuracy } = input.position;
    const row = await patrolsRepo.insertIfNoneOpen(db, {
      id: newId(),
      accountId: who.accountId,
      personId: who.personId,
      gridId: placed.grid.id,
      gridCode: placed.grid.code,
      startedAt,
      endedAt: null,
      endedBy: null,
      startLon: lon,
      startLat: lat,
      distanceM: 0,
      pointCount: 1,
      lastPointAt: startedAt,
      ownerDivision: placed.grid.communityCode,
      createdAt: now,
      updatedAt: now,
    });
    // Another request of the same account started one meanwhile (the partial unique index).
    if (!row) throw this.#alreadyOpen((await patrolsRepo.openOf(db, who.accountId))!);
    await patrolsRepo.insertPoints(db, [
      {
        patrolId: row.id,
        at: startedAt,
        lon,
        lat,
        accuracy: accuracy ?? null,
        receivedAt: now,
        ownerDivision: row.ownerDivision,
      },
    ]);
    await this.deps.audit.record(
      {
        actor,
        action: 'patrols.patrol.started',
        target: { type: 'patrol', id: row.id },
        ownerDivision: row.ownerDivision,
        details: { grid: row.gridCode, startedAt: startedAt.toISOString(), late: startedAt < now },
      },
      db,
    );
    return (await this.#views([row], db))[0]!;
  }

  /** The caller's open patrol, or null. */
  async current(actor: Actor, db: Db = this.deps.db): Promise<PatrolView | null> {
    const who = patrolsPolicy.record(actor);
    const open = await patrolsRepo.openOf(db, who.accountId);
    return open ? (await this.#views([open], db))[0]! : null;
  }

  /**
   * Adds a batch of trail points (device times, possibly late). A time the patrol has already is ignored, so a
   * batch sent again changes nothing. Points outside the patrol's span, ahead of the server's clock, at (0, 0)
   * or beyond any plausible speed refuse the whole batch (422 PATROL_POINTS_REFUSED, each named by its index in
   * `details.problems`): the phone drops them and sends the rest.
   */
  async addPoints(
    actor: Actor,
    id: string,
    points: readonly { at: string; lon: number; lat: number; accuracy?: number }[],
    locale: Locale,
    db: Db = this.deps.db,
  ): Promise<{ patrol: PatrolView; accepted: number; duplicates: number }> {
    const who = patrolsPolicy.record(actor);
    const result = await db.transaction(async (tx) => {
      const patrol = await this.#own(tx, who.accountId, id);
      const now = this.deps.time.now();
      const stored = (await patrolsRepo.pointsOf(tx, id)).map(trailPoint);
      const seen = new Set(stored.map((p) => p.at.getTime()));
      const fresh: (TrailPoint & { index: number })[] = [];
      let duplicates = 0;
      for (const [index, p] of points.entries()) {
        const at = new Date(p.at);
        if (seen.has(at.getTime())) {
          duplicates++;
          continue;
        }
        seen.add(at.getTime());
        fresh.push({ index, at, lon: p.lon, lat: p.lat, accuracy: p.accuracy ?? null });
      }
      const refused = refusedPoints({
        startedAt: patrol.startedAt,
        endedAt: patrol.endedAt,
        now,
        stored,
        incoming: fresh,
      });
      if (refused.length) {
        throw PatrolErrors.PATROL_POINTS_REFUSED(
          { count: refused.length },
          {
            problems: refused.map((r) => {
              const params = {
                at: this.#local(r.at),
                startedAt: this.#local(patrol.startedAt),
                endedAt: patrol.endedAt ? this.#local(patrol.endedAt) : '',
                now: this.#local(now),
                previousAt: r.previousAt ? this.#local(r.previousAt) : '',
                distanceM: r.distanceM ?? 0,
              };
              return {
                index: r.index,
                at: this.deps.time.format(r.at),
                problem: r.problem,
                message: messageFor(`PATROL_POINT_${r.problem}`, locale, params),
              };
            }),
          },
        );
      }
      const accepted = await patrolsRepo.insertPoints(
        tx,
        fresh.map((p) => ({
          patrolId: id,
          at: p.at,
          lon: p.lon,
          lat: p.lat,
          accuracy: p.accuracy,
          receivedAt: now,
          ownerDivision: patrol.ownerDivision,
        })),
      );
      const updated = await this.#measure(tx, patrol, [...stored, ...fresh], now);
      return { patrol: updated, accepted, duplicates: duplicates + (fresh.length - accepted) };
    });
    return { ...result, patrol: (await this.#views([result.patrol]))[0]! };
  }

  /**
   * Ends the caller's patrol (idempotent: an ended patrol is answered unchanged, whoever ended it). The end is
   * the time given (default now), moved to the last trail point if one is later; a position given is the
   * trail's last point (dropped when it is not a plausible fix, so that stopping never fails on a bad fix).
   */
  async end(
    actor: Actor,
    id: string,
    input: { endedAt?: string; position?: PositionInput },
    db: Db = this.deps.db,
  ): Promise<PatrolView> {
    const who = patrolsPolicy.record(actor);
    const row = await db.transaction(async (tx) => {
      const patrol = await this.#own(tx, who.accountId, id);
      if (patrol.endedAt) return patrol;
      const now = this.deps.time.now();
      const endedAt = input.endedAt ? new Date(input.endedAt) : now;
      this.#notAhead(endedAt, now);
      if (endedAt < patrol.startedAt)
        throw PatrolErrors.PATROL_END_BEFORE_START({
          endedAt: this.#local(endedAt),
          startedAt: this.#local(patrol.startedAt),
        });
      const stored = (await patrolsRepo.pointsOf(tx, id)).map(trailPoint);
      const trail = [...stored];
      if (input.position && !stored.some((p) => p.at.getTime() === endedAt.getTime())) {
        const last = { index: 0, at: endedAt, ...input.position, accuracy: input.position.accuracy ?? null };
        const refused = refusedPoints({ startedAt: patrol.startedAt, endedAt, now, stored, incoming: [last] });
        if (refused.length === 0) {
          await patrolsRepo.insertPoints(tx, [
            { patrolId: id, ...last, receivedAt: now, ownerDivision: patrol.ownerDivision },
          ]);
          trail.push(last);
        }
      }
      const lastPointAt = Math.max(...trail.map((p) => p.at.getTime()));
      const ended = await this.#finish(tx, patrol, new Date(Math.max(endedAt.getTime(), lastPointAt)), 'user', actor);
      return this.#measure(tx, ended, trail, now);
    });
    return (await this.#views([row]))[0]!;
  }

  /**
   * The job `patrols.auto-end`: patrols still open `patrols.auto-end-hours` (for their grid's division) after
   * they started are ended at their last trail point, by the system. Returns how many.
   */
  async autoEnd(tx: Db): Promise<number> {
    const now = this.deps.time.now();
    const candidates = await patrolsRepo.openStartedBefore(tx, new Date(now.getTime() - MIN_AUTO_END_MS));
    const hoursFor = memo((division: string) =>
      this.deps.config.get(PatrolAutoEndHours, division, this.deps.time.today(now), tx),
    );
    let ended = 0;
    for (const patrol of candidates) {
      const hours = await hoursFor(patrol.ownerDivision);
      if (patrol.startedAt.getTime() + hours * 3_600_000 > now.getTime()) continue;
      const at = patrol.lastPointAt && patrol.lastPointAt > patrol.startedAt ? patrol.lastPointAt : patrol.startedAt;
      await this.#finish(tx, patrol, at, 'system', SYSTEM_ACTOR);
      ended++;
    }
    return ended;
  }

  // ------------------------------------------------------------------ reading

  async get(actor: Actor, id: string, db: Db = this.deps.db): Promise<PatrolDetailView> {
    patrolsPolicy.list(actor);
    const row = await patrolsRepo.find(db, id);
    if (!row || !patrolsPolicy.sees(actor, row)) throw PatrolErrors.PATROL_NOT_FOUND({ id });
    const points = await patrolsRepo.pointsOf(db, id);
    const [view] = await this.#views([row], db);
    return {
      ...view!,
      trail: points.length >= 2 ? { type: 'LineString', coordinates: points.map((p) => [p.lon, p.lat]) } : null,
      times: points.map((p) => p.at),
    };
  }

  /**
   * The patrol log: a worker's own patrols, or (`patrols.read`) those of the grids in the caller's area;
   * filtered by grid, account, local dates of the start and open or ended; newest first by default.
   */
  async list(
    actor: Actor,
    page: PageRequest<PatrolSortField>,
    filter: { grid?: string; account?: string; from?: string; to?: string; open?: boolean },
    db: Db = this.deps.db,
  ): Promise<PageOf<PatrolView>> {
    const mode = patrolsPolicy.list(actor);
    const time = this.deps.time;
    const { items, total } = await patrolsRepo.page(db, page, {
      sight: mode === 'own' ? { account: actor.id as string } : actor.scope,
      grid: filter.grid,
      account: filter.account,
      from: filter.from ? time.startOfDay(filter.from) : undefined,
      to: filter.to ? time.local(time.startOfDay(filter.to)).plus({ days: 1 }).toJSDate() : undefined,
      open: filter.open,
    });
    return { items: await this.#views(items, db), total, page: page.page, pageSize: page.pageSize };
  }

  /**
   * The duty check (定时): for every duty schedule of the grids under a division and every day of [from, to]
   * it applies (its weekdays, the schedule and the post valid that day), the patrols expected (`patrolsPerDay`)
   * and done — ended patrols of the post's holder in that grid that started inside the window (business time)
   * and lasted at least `patrols.duty-min-minutes` — and a shortfall flag once the window is over.
   */
  async duty(
    actor: Actor,
    query: { division: string; from?: string; to?: string; shortfallOnly?: boolean },
    db: Db = this.deps.db,
  ): Promise<DutyReport> {
    const division = divisionCodeParam(query.division);
    patrolsPolicy.duty(actor, division);
    const time = this.deps.time;
    const from = query.from ?? time.today();
    const to = query.to ?? from;
    const first = time.local(time.startOfDay(from));
    const days = Math.round(time.local(time.startOfDay(to)).diff(first, 'days').days) + 1;
    if (days < 1 || days > MAX_DUTY_DAYS) throw PatrolErrors.PATROL_RANGE_INVALID({ from, to, maxDays: MAX_DUTY_DAYS });

    const roster = await this.deps.grids.dutyRoster(division, from, to, db);
    const accounts = await this.deps.identity.accountsOfPeople([...new Set(roster.map((r) => r.person.id))], db);
    const patrols = await patrolsRepo.endedInGrids(
      db,
      [...new Set(roster.map((r) => r.grid.code))],
      first.toJSDate(),
      first.plus({ days }).toJSDate(),
    );
    const byHolder = new Map<string, typeof patrols>();
    for (const p of patrols) {
      const key = `${p.gridCode}|${p.personId}`;
      byHolder.set(key, [...(byHolder.get(key) ?? []), p]);
    }
    const minMinutes = memo((key: string) => {
      const [community, date] = key.split('|') as [string, string];
      return this.deps.config.get(PatrolDutyMinMinutes, community, date, db);
    });
    const now = time.now();
    const windows: DutyWindow[] = [];
    for (let i = 0; i < days; i++) {
      const day = first.plus({ days: i });
      const date = day.toISODate()!;
      for (const r of roster) {
        const s = r.schedule;
        const valid = (v: { validFrom: string; validTo: string | null }) =>
          v.validFrom <= date && (v.validTo === null || date < v.validTo);
        if (!s.weekdays.includes(day.weekday) || !valid(s) || !valid(r.post)) continue;
        const at = (hhmm: string) => {
          const [h, m] = hhmm.split(':').map(Number) as [number, number];
          return day.set({ hour: h, minute: m, second: 0, millisecond: 0 }).toJSDate();
        };
        const start = at(s.startTime);
        const end = at(s.endTime);
        const min = await minMinutes(`${r.grid.communityCode}|${date}`);
        const counted = (byHolder.get(`${r.grid.code}|${r.person.id}`) ?? []).filter(
          (p) =>
            p.startedAt >= start &&
            p.startedAt < end &&
            p.endedAt !== null &&
            p.endedAt.getTime() - p.startedAt.getTime() >= min * 60_000,
        );
        const over = end.getTime() <= now.getTime();
        windows.push({
          date,
          weekday: day.weekday,
          grid: { code: r.grid.code, name: r.grid.name },
          post: { id: r.post.id, kind: r.post.kind },
          person: r.person,
          accountId: accounts.get(r.person.id) ?? null,
          scheduleId: s.id,
          window: { start: s.startTime, end: s.endTime },
          minMinutes: min,
          expected: s.patrolsPerDay,
          done: counted.length,
          over,
          shortfall: over && counted.length < s.patrolsPerDay,
          patrolIds: counted.map((p) => p.id),
        });
      }
    }
    const listed = query.shortfallOnly ? windows.filter((w) => w.shortfall) : windows;
    return {
      division,
      from,
      to,
      totals: {
        windows: windows.length,
        expected: windows.reduce((n, w) => n + w.expected, 0),
        done: windows.reduce((n, w) => n + w.done, 0),
        missing: windows.reduce((n, w) => n + (w.over ? Math.max(0, w.expected - w.done) : 0), 0),
        shortfalls: windows.filter((w) => w.shortfall).length,
      },
      truncated: listed.length > MAX_DUTY_ITEMS,
      items: listed.slice(0, MAX_DUTY_ITEMS),
    };
  }

  // ------------------------------------------------------------------ helpers

  /** The caller's own patrol, locked; anyone else's does not exist for them. */
  async #own(tx: Db, accountId: string, id: string): Promise<PatrolRow> {
    const row = await patrolsRepo.find(tx, id, { forUpdate: true });
    if (!row || row.accountId !== accountId) throw PatrolErrors.PATROL_NOT_FOUND({ id });
    return row;
  }

  async #finish(tx: Db, patrol: PatrolRow, endedAt: Date, by: PatrolEndedBy, actor: AuditActor): Promise<PatrolRow> {
    const ended = await patrolsRepo.update(tx, patrol.id, {
      endedAt,
      endedBy: by,
      updatedAt: this.deps.time.now(),
    });
    await this.deps.audit.record(
      {
        actor,
        action: 'patrols.patrol.ended',
        target: { type: 'patrol', id: patrol.id },
        ownerDivision: patrol.ownerDivision,
        details: { by, grid: patrol.gridCode, endedAt: endedAt.toISOString() },
      },
      tx,
    );
    return ended;
  }

  /** Recomputes the trail's length, size and last time on the row. */
  async #measure(tx: Db, patrol: PatrolRow, trail: readonly TrailPoint[], now: Date): Promise<PatrolRow> {
    const lastPointAt = trail.length ? new Date(Math.max(...trail.map((p) => p.at.getTime()))) : null;
    return patrolsRepo.update(tx, patrol.id, {
      distanceM: trailLengthM(trail),
      pointCount: trail.length,
      lastPointAt,
      updatedAt: now,
    });
  }

  #notAhead(at: Date, now: Date): void {
    if (at.getTime() > now.getTime() + CLOCK_SKEW_MS)
      throw PatrolErrors.PATROL_TIME_IN_FUTURE({ at: this.#local(at), now: this.#local(now) });
  }

  #alreadyOpen(open: PatrolRow) {
    return PatrolErrors.PATROL_ALREADY_OPEN(
      { grid: open.gridCode, startedAt: this.#local(open.startedAt) },
      { patrolId: open.id, grid: open.gridCode, startedAt: this.deps.time.format(open.startedAt) },
    );
  }

  /** An instant as people read it in messages: local date and time. */
  #local(at: Date): string {
    return this.deps.time.local(at).toFormat('yyyy-MM-dd HH:mm:ss');
  }

  async #views(rows: readonly PatrolRow[], db: Db = this.deps.db): Promise<PatrolView[]> {
    const [names, grids] = await Promise.all([
      this.deps.identity.accountNames([...new Set(rows.map((r) => r.accountId))], db),
      this.deps.grids.names(
        rows.map((r) => r.gridCode),
        db,
      ),
    ]);
    const now = this.deps.time.now().getTime();
    return rows.map((r) => ({
      id: r.id,
      accountId: r.accountId,
      accountName: names.get(r.accountId) ?? '',
      grid: { code: r.gridCode, name: grids.get(r.gridCode) ?? '' },
      ownerDivision: r.ownerDivision,
      startedAt: r.startedAt,
      endedAt: r.endedAt,
      endedBy: r.endedBy,
      open: r.endedAt === null,
      durationS: Math.max(0, Math.round(((r.endedAt?.getTime() ?? now) - r.startedAt.getTime()) / 1000)),
      distanceM: Math.round(r.distanceM * 10) / 10,
      pointCount: r.pointCount,
      lastPointAt: r.lastPointAt,
      start: { lon: r.startLon, lat: r.startLat },
    }));
  }
}

function trailPoint(p: { at: Date; lon: number; lat: number; accuracy: number | null }): TrailPoint {
  return { at: p.at, lon: p.lon, lat: p.lat, accuracy: p.accuracy };
}

/** One lookup per key (configuration resolved per division or per division and day). */
function memo<T>(lookup: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const known = new Map<string, Promise<T>>();
  return (key) => {
    let value = known.get(key);
    if (!value) {
      value = lookup(key);
      known.set(key, value);
    }
    return value;
  };
}
