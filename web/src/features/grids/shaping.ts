import type { Feature, FeatureCollection, Geometry } from '../map';

/**
 * Turning the server's reports (import dry runs, coverage checks) into what the screens show: counts,
 * table rows in file order, and the problem areas as GeoJSON for a map.
 */

export interface ProblemArea {
  /** Row key and feature code on the map. */
  code: string;
  kind: 'gap' | 'overlap' | 'outside';
  /** The grids concerned: both of an overlap, the one sticking out. */
  codes: string[];
  areaM2: number;
  /** The community a grid leaves (import reports). */
  community?: string;
}

interface ReportParts {
  gaps?: readonly { areaM2: number; geometry: unknown }[];
  overlaps?: readonly { codes: readonly string[]; areaM2: number; geometry: unknown }[];
  outside?: readonly { code: string; community?: string; areaM2: number; geometry: unknown }[];
}

const asGeometry = (g: unknown): Geometry | null =>
  typeof g === 'object' && g !== null && typeof (g as Geometry).type === 'string' ? (g as Geometry) : null;

/**
 * The gaps, overlaps and stray parts of a report, largest first within each kind, each with a stable
 * code (`gap-1`, `overlap-1`…) so a row in a list and its shape on the map can point at each other.
 */
export function problemAreas(report: ReportParts): { rows: ProblemArea[]; collection: FeatureCollection<ProblemArea> } {
  const rows: ProblemArea[] = [];
  const features: Feature<ProblemArea>[] = [];
  const add = (row: ProblemArea, geometry: unknown) => {
    rows.push(row);
    const g = asGeometry(geometry);
    if (g) features.push({ type: 'Feature', id: row.code, geometry: g, properties: row });
  };
  const bySize = <T extends { areaM2: number }>(list: readonly T[] | undefined) =>
    [...(list ?? [])].sort((a, b) => b.areaM2 - a.areaM2);
  bySize(report.gaps).forEach((g, i) => {
    add({ code: `gap-${i + 1}`, kind: 'gap', codes: [], areaM2: g.areaM2 }, g.geometry);
  });
  bySize(report.overlaps).forEach((o, i) => {
    add({ code: `overlap-${i + 1}`, kind: 'overlap', codes: [...o.codes].sort(), areaM2: o.areaM2 }, o.geometry);
  });
  bySize(report.outside).forEach((o, i) => {
    add(
      {
        code: `outside-${i + 1}`,
        kind: 'outside',
        codes: [o.code],
        areaM2: o.areaM2,
        ...(o.community ? { community: o.community } : {}),
      },
      o.geometry,
    );
  });
  return { rows, collection: { type: 'FeatureCollection', features } };
}

/** One kind's shapes, for a layer of its own colour. */
export function ofKind(
  collection: FeatureCollection<ProblemArea>,
  kind: ProblemArea['kind'],
): FeatureCollection<ProblemArea> {
  return { type: 'FeatureCollection', features: collection.features.filter((f) => f.properties.kind === kind) };
}

export interface ImportProblemRow {
  key: string;
  /** Index in the file, from 0, as the server counts; shown from 1. */
  feature: number;
  code: string | null;
  problem: string;
  message: string;
}

/** Problems in file order (then by code), keyed for a table. */
export function problemRows(
  problems: readonly { feature: number; code: string | null; problem: string; message: string }[],
): ImportProblemRow[] {
  return [...problems]
    .sort(
      (a, b) =>
        a.feature - b.feature || (a.code ?? '').localeCompare(b.code ?? '') || a.problem.localeCompare(b.problem),
    )
    .map((p, i) => ({ key: `${p.feature}-${p.problem}-${i}`, ...p }));
}

export interface ImportCounts {
  features: number;
  create: number;
  update: number;
  problems: number;
  overlaps: number;
  outside: number;
  /** Features that stand in the way of the import (a feature with two problems counts once). */
  refusedFeatures: number;
}

export function importCounts(report: {
  features: number;
  create: readonly string[];
  update: readonly string[];
  problems: readonly { feature: number }[];
  overlaps: readonly unknown[];
  outside: readonly unknown[];
}): ImportCounts {
  return {
    features: report.features,
    create: report.create.length,
    update: report.update.length,
    problems: report.problems.length,
    overlaps: report.overlaps.length,
    outside: report.outside.length,
    refusedFeatures: new Set(report.problems.map((p) => p.feature)).size,
  };
}

export type FileCheck =
  | { ok: true; collection: { type: 'FeatureCollection'; features: unknown[] }; features: number }
  | { ok: false; reason: 'json' | 'notCollection' | 'empty' | 'tooMany' };

/** The server takes at most this many features in one import. */
export const IMPORT_MAX_FEATURES = 20_000;

/**
 * A first look at the chosen file in the browser, so an obviously wrong file (not JSON, a single
 * Feature, nothing in it) is named before it is sent. Everything else is the server's dry run.
 */
export function checkGeojsonText(text: string): FileCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return { ok: false, reason: 'json' };
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    (parsed as { type?: unknown }).type !== 'FeatureCollection' ||
    !Array.isArray((parsed as { features?: unknown }).features)
  )
    return { ok: false, reason: 'notCollection' };
  const features = (parsed as { features: unknown[] }).features;
  if (features.length === 0) return { ok: false, reason: 'empty' };
  if (features.length > IMPORT_MAX_FEATURES) return { ok: false, reason: 'tooMany' };
  return { ok: true, collection: { type: 'FeatureCollection', features }, features: features.length };
}

export interface UncoveredRow {
  key: string;
  code: string;
  name: string;
  weekdays: number[];
  from: string;
  to: string;
}

/**
 * The server lists uncovered hours one weekday at a time; the same hours on several days of a grid
 * read better as one row ("周一至周五 12:00–14:30").
 */
export function groupUncovered(
  list: readonly { code: string; name: string; weekday: number; from: string; to: string }[],
): UncoveredRow[] {
  const rows = new Map<string, UncoveredRow>();
  for (const u of list) {
    const key = `${u.code}|${u.from}|${u.to}`;
    const row = rows.get(key);
    if (row) {
      if (!row.weekdays.includes(u.weekday)) row.weekdays.push(u.weekday);
    } else rows.set(key, { key, code: u.code, name: u.name, weekdays: [u.weekday], from: u.from, to: u.to });
  }
  return [...rows.values()]
    .map((r) => ({ ...r, weekdays: r.weekdays.sort((a, b) => a - b) }))
    .sort((a, b) => a.code.localeCompare(b.code) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}
