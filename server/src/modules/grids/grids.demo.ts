import { createHash } from 'node:crypto';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import {
  areaM2,
  bbox,
  boundaryDistanceM,
  containsPoint,
  labelPoint,
  type Polygonal,
  union,
  voronoiCells,
} from '../../platform/geo/index.ts';

/*
 * Demo geography. No public polygons exist below county level (and none we may use for counties, ADR 0017),
 * so the demo draws a plausible, deterministic tessellation and every caller marks it synthetic:
 *   city     a hand-made outline (Changzhi) or a generated one (any other city);
 *   counties Voronoi cells of the county seats, clipped to the city;
 *   towns    Voronoi cells of generated points in each county (streets near the seat), clipped to it;
 *   villages the same inside each town (communities near the town's point);
 *   grids    each village/community split into 1–4 Voronoi cells.
 * Clipping a cell to its parent keeps the vertices neighbouring cells share, so children tile their parent
 * exactly up to floating-point slivers (far below 1 m²).
 */

export interface DemoDivision {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county' | 'town' | 'village';
  kind: string;
  parentCode: string | null;
}

export interface DemoOutline {
  geometry: Polygon | MultiPolygon;
  areaM2: number;
  /** A point inside the outline for the label (WGS84 lng, lat). */
  label: [number, number];
}

export interface DemoGrid {
  /** The community code plus a 3-digit sequence, numbered north to south, then west to east. */
  code: string;
  name: string;
  kind: 'social';
  communityCode: string;
  /**
   * A Polygon, except where the community itself came out in separate pieces (a Voronoi cell cut twice by a
   * concave city outline): a piece that touches no other grid of the community stays with its grid.
   */
  geometry: Polygon | MultiPolygon;
  areaM2: number;
}

export interface DemoGeography {
  /** The city, its counties and towns (always all of them), and the villages/communities under `only`. */
  divisions: Map<string, DemoOutline>;
  grids: DemoGrid[];
}

/**
 * Approximate positions (WGS84) of the county government seats of Changzhi (长治市), read off public maps to
 * a few hundred metres. For the synthetic demo only: they anchor the made-up county areas.
 */
const CHANGZHI_COUNTY_SEATS: Readonly<Record<string, [number, number]>> = {
  '140403': [113.123, 36.201], // 潞州区
  '140404': [113.051, 36.052], // 上党区
  '140405': [112.892, 36.316], // 屯留区
  '140406': [113.229, 36.334], // 潞城区
  '140423': [113.05, 36.535], // 襄垣县
  '140425': [113.436, 36.2], // 平顺县
  '140426': [113.387, 36.502], // 黎城县
  '140427': [113.207, 36.115], // 壶关县
  '140428': [112.877, 36.122], // 长子县
  '140429': [112.865, 36.837], // 武乡县
  '140430': [112.699, 36.756], // 沁县
  '140431': [112.337, 36.5], // 沁源县
};

/**
 * SYNTHETIC: a hand-made 26-point outline roughly covering Changzhi's extent (lng 111.98–113.73,
 * lat 35.83–37.13). It is not the city's boundary and must never be shown or used as one.
 */
const CHANGZHI_SYNTHETIC_OUTLINE: [number, number][] = [
  [112.78, 35.85],
  [113.05, 35.83],
  [113.3, 35.86],
  [113.5, 35.92],
  [113.62, 36.03],
  [113.73, 36.18],
  [113.7, 36.36],
  [113.66, 36.52],
  [113.6, 36.66],
  [113.45, 36.72],
  [113.3, 36.8],
  [113.2, 36.95],
  [113.08, 37.08],
  [112.9, 37.13],
  [112.72, 37.08],
  [112.58, 36.98],
  [112.42, 36.92],
  [112.22, 36.88],
  [112.05, 36.76],
  [111.98, 36.58],
  [112.02, 36.4],
  [112.12, 36.27],
  [112.3, 36.2],
  [112.45, 36.1],
  [112.55, 35.98],
  [112.65, 35.9],
  [112.78, 35.85],
];

type LngLat = [number, number];

const cache = new Map<string, DemoGeography>();
/** Tests generate a few variants (a town, the whole city); more than that is not worth the memory. */
const CACHE_LIMIT = 4;

/**
 * The synthetic geography of one city, memoised per process by (city, `only`, the divisions given): treat
 * the result as read-only. `divisions` are the city's real divisions (city, counties, towns, villages;
 * significant-digit codes). `only` (a division code) limits villages and grids to that subtree — counties
 * and towns are always drawn for the whole city, so the map shows all of it.
 */
export function generateDemoGeography(
  divisions: DemoDivision[],
  options: { cityCode: string; only?: string },
): DemoGeography {
  const key = `${options.cityCode}|${options.only ?? ''}|${fingerprint(divisions)}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const geography = buildDemoGeography(divisions, options);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, geography);
  return geography;
}

function fingerprint(divisions: DemoDivision[]): string {
  const lines = divisions.map((d) => [d.code, d.name, d.level, d.kind, d.parentCode ?? ''].join('\t')).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** {@link generateDemoGeography} without the memo: every call computes afresh. */
export function buildDemoGeography(
  divisions: DemoDivision[],
  options: { cityCode: string; only?: string },
): DemoGeography {
  const { cityCode } = options;
  const only = options.only || undefined;
  const inScope = (code: string) => only === undefined || code.startsWith(only);
  const childrenOf = groupByParent(divisions);
  const counties = (childrenOf.get(cityCode) ?? []).filter((d) => d.level === 'county');
  const outlines = new Map<string, DemoOutline>();
  const grids: DemoGrid[] = [];

  const layout = cityCode === '1404' ? changzhiLayout(counties) : generatedLayout(cityCode, counties);
  outlines.set(cityCode, outline(layout.outline));

  const countyCells = voronoiCells(
    counties.map((c) => layout.seats.get(c.code)!),
    layout.outline,
  );
  counties.forEach((county, c) => {
    const countyArea = tidy(countyCells[c]!);
    if (!countyArea) return;
    outlines.set(county.code, outline(countyArea));
    const towns = (childrenOf.get(county.code) ?? []).filter((d) => d.level === 'town');
    const townSites = childSites(county.code, countyArea, layout.seats.get(county.code)!, towns, 'street');
    const townCells = voronoiCells(townSites, countyArea);
    towns.forEach((town, t) => {
      const townArea = tidy(townCells[t]!);
      if (!townArea) return;
      outlines.set(town.code, outline(townArea));
      const villages = (childrenOf.get(town.code) ?? []).filter((d) => d.level === 'village');
      if (!villages.some((v) => inScope(v.code))) return;
      // Sites depend on the town alone, so a village looks the same whatever `only` is.
      const villageSites = childSites(town.code, townArea, townSites[t]!, villages, 'community');
      const villageCells = voronoiCells(villageSites, townArea, (v) => inScope(villages[v]!.code));
      villages.forEach((village, v) => {
        if (!inScope(village.code)) return;
        const villageArea = tidy(villageCells[v]!);
        if (!villageArea) return;
        outlines.set(village.code, outline(villageArea));
        grids.push(...gridsOf(village, villageArea));
      });
    });
  });
  return { divisions: outlines, grids };
}

function groupByParent(divisions: DemoDivision[]): Map<string, DemoDivision[]> {
  const byParent = new Map<string, DemoDivision[]>();
  const parentLength: Record<number, number> = { 4: 2, 6: 4, 9: 6, 12: 9 };
  for (const d of [...divisions].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))) {
    const parent = d.parentCode ?? d.code.slice(0, parentLength[d.code.length] ?? 0);
    const list = byParent.get(parent);
    if (list) list.push(d);
    else byParent.set(parent, [d]);
  }
  return byParent;
}

function outline(geometry: Polygon | MultiPolygon): DemoOutline {
  return { geometry, areaM2: areaM2(geometry), label: labelPoint(geometry) };
}

/** A clipping result as a Polygon when it is in one piece; null when nothing is left. */
function tidy(multi: MultiPolygon): Polygon | MultiPolygon | null {
  if (multi.coordinates.length === 0) return null;
  if (multi.coordinates.length === 1) return { type: 'Polygon', coordinates: multi.coordinates[0]! };
  return multi;
}

interface Layout {
  outline: Polygon;
  seats: Map<string, LngLat>;
}

function changzhiLayout(counties: DemoDivision[]): Layout {
  // Through polyclip once, so the outline has the same ring orientation and form as every clipped piece.
  const outline: Polygon = {
    type: 'Polygon',
    coordinates: union({ type: 'Polygon', coordinates: [CHANGZHI_SYNTHETIC_OUTLINE] }).coordinates[0]!,
  };
  const seats = new Map<string, LngLat>();
  for (const county of counties) {
    const seat = CHANGZHI_COUNTY_SEATS[county.code];
    if (seat) seats.set(county.code, seat);
  }
  // A county the table does not know (a new district, a development zone at county level) gets a made-up seat.
  const unknown = counties.filter((c) => !seats.has(c.code));
  const placed = placeSites({
    area: outline,
    anchor: labelPoint(outline),
    clustered: 0,
    spread: unknown.length,
    avoid: [...seats.values()],
    random: randomFor('seats', ...unknown.map((c) => c.code)),
  });
  for (const [i, county] of unknown.entries()) seats.set(county.code, placed[i]!);
  return { outline, seats };
}

/**
 * Any city other than Changzhi: no seats are known, so the counties are laid out on a jittered grid around a
 * centre derived from the city code (somewhere in China), inside a generated 24-point outline.
 */
function generatedLayout(cityCode: string, counties: DemoDivision[]): Layout {
  const random = randomFor('layout', cityCode);
  const centre: LngLat = [104 + random() * 14, 25 + random() * 14];
  const kx = Math.cos((centre[1] * Math.PI) / 180);
  const columns = Math.max(1, Math.ceil(Math.sqrt(counties.length)));
  const rows = Math.max(1, Math.ceil(counties.length / columns));
  const spacing = 0.3;
  const seats = new Map<string, LngLat>();
  let reach = 0;
  counties.forEach((county, k) => {
    const dx = ((k % columns) - (columns - 1) / 2 + (random() - 0.5) * 0.4) * spacing;
    const dy = ((rows - 1) / 2 - Math.floor(k / columns) + (random() - 0.5) * 0.4) * spacing;
    seats.set(county.code, [centre[0] + dx / kx, centre[1] + dy]);
    reach = Math.max(reach, Math.hypot(dx, dy));
  });
  const radius = reach + 0.5 * spacing;
  const ring: Position[] = [];
  for (let k = 0; k < 24; k++) {
    const angle = (2 * Math.PI * k) / 24;
    const r = radius * (1 + 0.15 * random());
    ring.push([centre[0] + (r * Math.cos(angle)) / kx, centre[1] + r * Math.sin(angle)]);
  }
  ring.push(ring[0]!);
  return {
    outline: { type: 'Polygon', coordinates: union({ type: 'Polygon', coordinates: [ring] }).coordinates[0]! },
    seats,
  };
}

/**
 * Points for the children of one division: the children of kind `clusterKind` (streets in a county,
 * communities in a town) near the anchor, the others spread over the whole area. When every child is of
 * that kind (an urban district) they are all spread, as a city's streets cover all of it.
 */
function childSites(
  parentCode: string,
  area: Polygonal,
  anchor: LngLat,
  children: DemoDivision[],
  clusterKind: string,
): LngLat[] {
  if (children.length === 0) return [];
  const clusteredChildren = children.filter((c) => c.kind === clusterKind);
  const clustered = clusteredChildren.length === children.length ? 0 : clusteredChildren.length;
  const sites = placeSites({
    area,
    anchor,
    clustered,
    spread: children.length - clustered,
    avoid: [],
    random: randomFor('sites', parentCode),
  });
  // placeSites returns the clustered points first; hand them to the clustered children in code order.
  const order = clustered > 0 ? [...clusteredChildren, ...children.filter((c) => c.kind !== clusterKind)] : children;
  const byCode = new Map(order.map((c, i) => [c.code, sites[i]!]));
  return children.map((c) => byCode.get(c.code)!);
}

interface Placement {
  area: Polygonal;
  anchor: LngLat;
  clustered: number;
  spread: number;
  /** Points already taken (seats) that new points keep their distance from. */
  avoid: LngLat[];
  random: () => number;
}

const ATTEMPTS_PER_POINT = 60;

/**
 * Rejection sampling with a minimum spacing (a poor man's Poisson disc): cells come out of similar size
 * without looking like a lattice. Clustered points go in a disc around the anchor, 0.45 of the spread
 * spacing apart. Each point keeps a margin from the boundary so its Voronoi cell is never a sliver. When a
 * point cannot be placed after many attempts the spacing shrinks, so placement always ends.
 */
function placeSites({ area, anchor, clustered, spread, avoid, random }: Placement): LngLat[] {
  const total = clustered + spread;
  if (total === 0) return [];
  const [minLng, minLat, maxLng, maxLat] = bbox(area);
  const metresPerDegreeLat = 111_195;
  const metresPerDegreeLng = metresPerDegreeLat * Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const distance = (p: LngLat, q: LngLat) =>
    Math.hypot((p[0] - q[0]) * metresPerDegreeLng, (p[1] - q[1]) * metresPerDegreeLat);
  const taken: LngLat[] = [...avoid];
  const placed: LngLat[] = [];
  let spacing = 0.55 * Math.sqrt(areaM2(area) / total);
  let clusterSpacing = 0.45 * spacing;
  let clusterRadius = clusterSpacing * (0.8 + 0.8 * Math.sqrt(clustered));

  // As the spacing shrinks the rules come down to "a new point inside", so placement always ends.
  const fits = (p: LngLat, minimum: number) =>
    containsPoint(p[0], p[1], area) &&
    boundaryDistanceM(p[0], p[1], area) >= 0.25 * minimum &&
    taken.every((q) => distance(p, q) >= Math.max(minimum, 1e-9));

  for (let k = 0; k < total; k++) {
    const inCluster = k < clustered;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0 && attempt % ATTEMPTS_PER_POINT === 0) {
        // Crowded: loosen the rules a little and try again.
        spacing *= 0.85;
        clusterSpacing *= 0.85;
        clusterRadius *= 1.25;
      }
      let candidate: LngLat;
      if (inCluster) {
        const r = clusterRadius * Math.sqrt(random());
        const angle = 2 * Math.PI * random();
        candidate = [
          anchor[0] + (r * Math.cos(angle)) / metresPerDegreeLng,
          anchor[1] + (r * Math.sin(angle)) / metresPerDegreeLat,
        ];
      } else {
        candidate = [minLng + random() * (maxLng - minLng), minLat + random() * (maxLat - minLat)];
      }
      if (fits(candidate, inCluster ? clusterSpacing : spacing)) {
        taken.push(candidate);
        placed.push(candidate);
        break;
      }
    }
  }
  return placed;
}

/** Committee words dropped from a community's name for its grids: 城西社区居民委员会 → 城西社区. */
const COMMITTEE_SUFFIXES = ['居民委员会', '村民委员会', '居委会', '村委会'];

/**
 * The short name people use: 城西社区居民委员会 → 城西社区, 东阳关村民委员会 → 东阳关村, 北庄村委会 → 北庄村.
 * 社区 and 村 are kept, so a town's 城西社区 and 城西村 still have different grid names.
 */
export function communityShortName(name: string): string {
  for (const suffix of COMMITTEE_SUFFIXES) {
    if (!name.endsWith(suffix) || name.length === suffix.length) continue;
    const base = name.slice(0, -suffix.length);
    // 村民委员会 and 村委会 are "the village's committee": the 村 belongs to the village's name too.
    const isVillageCommittee = suffix.startsWith('村');
    return isVillageCommittee && !base.endsWith('村') ? `${base}村` : base;
  }
  return name;
}

function gridsOf(village: DemoDivision, area: Polygon | MultiPolygon): DemoGrid[] {
  const random = randomFor('grids', village.code);
  const count = village.kind === 'community' ? 2 + Math.floor(random() * 3) : 1 + Math.floor(random() * 2);
  let pieces: (Polygon | MultiPolygon)[];
  if (count === 1) {
    pieces = [area];
  } else {
    const sites = placeSites({ area, anchor: labelPoint(area), clustered: 0, spread: count, avoid: [], random });
    pieces = keepPiecesTogether(voronoiCells(sites, area));
  }
  const labels = pieces.map((p) => labelPoint(p));
  const [, minLat, , maxLat] = bbox(area);
  // Rows of roughly equal height, north first; west to east within a row.
  const rows = Math.max(1, Math.round(Math.sqrt(pieces.length)));
  const rowOf = (lat: number) => Math.min(rows - 1, Math.floor(((maxLat - lat) / (maxLat - minLat || 1)) * rows));
  const order = pieces
    .map((_, i) => i)
    .sort((a, b) => rowOf(labels[a]![1]) - rowOf(labels[b]![1]) || labels[a]![0] - labels[b]![0]);
  const shortName = communityShortName(village.name);
  return order.map((i, n) => ({
    code: `${village.code}${String(n + 1).padStart(3, '0')}`,
    name: `${shortName}第${n + 1}网格`,
    kind: 'social',
    communityCode: village.code,
    geometry: pieces[i]!,
    areaM2: areaM2(pieces[i]!),
  }));
}

/**
 * A Voronoi cell of a non-convex community can fall apart into pieces. Each grid keeps its largest piece;
 * a smaller piece joins a sibling grid it shares an edge with (the union then stays one polygon), and only
 * a piece touching no sibling stays with its own grid. The pieces still tile the community exactly: a union
 * adds no area and loses none.
 */
function keepPiecesTogether(cells: MultiPolygon[]): (Polygon | MultiPolygon)[] {
  const sorted = cells.map((cell) =>
    [...cell.coordinates]
      .map((coordinates) => ({ coordinates, area: areaM2({ type: 'Polygon', coordinates }) }))
      .sort((a, b) => b.area - a.area)
      .map((p) => p.coordinates),
  );
  const main = sorted.map((polygons) => polygons[0]);
  const stray: Position[][][][] = sorted.map(() => []);
  sorted.forEach((polygons, i) => {
    for (const piece of polygons.slice(1)) {
      const home = main.findIndex((m, j) => {
        if (j === i || !m) return false;
        const merged = union({ type: 'Polygon', coordinates: m }, { type: 'Polygon', coordinates: piece });
        if (merged.coordinates.length !== 1) return false;
        main[j] = merged.coordinates[0]!;
        return true;
      });
      if (home < 0) stray[i]!.push(piece);
    }
  });
  return main.flatMap((m, i): (Polygon | MultiPolygon)[] => {
    if (!m) return [];
    const extra = stray[i]!;
    return extra.length === 0
      ? [{ type: 'Polygon', coordinates: m }]
      : [{ type: 'MultiPolygon', coordinates: [m, ...extra] }];
  });
}

/** A seeded generator (mulberry32 over an FNV-1a hash of the parts): same codes, same demo. */
function randomFor(...parts: string[]): () => number {
  let hash = 0x811c9dc5;
  for (const char of parts.join('|')) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193);
  }
  let state = hash >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
