/**
 * Where the command centre's map is: the division on screen, what its areas are (child divisions or, in a
 * community, grids) and the counts drawn on each. Pure helpers; division codes are 2, 4, 6, 9 or 12 digits.
 */
import { type ColourClass, classOf, colourClasses, type Measure } from './scale';

const LEVELS = [2, 4, 6, 9, 12];

/** The length of the codes one level below `code`, or null when its areas are grids (a community). */
export function childLength(code: string): number | null {
  return LEVELS.find((n) => n > code.length) ?? null;
}

export interface AreaCount {
  code: string;
  open: number;
  overdue: number;
}

export interface AreaFeature<P> {
  type: 'Feature';
  id?: string | number;
  geometry: { type: string; coordinates: unknown } | null;
  properties: P;
}

export interface ColouredAreas<P> {
  classes: ColourClass[];
  /** The features of each class (index as in `classes`), each with its counts in its properties. */
  byClass: { cls: ColourClass; features: AreaFeature<P & { open: number; overdue: number }>[] }[];
  /** Areas drawn, and the largest count among them. */
  count: number;
  max: number;
}

/**
 * Splits the outlines into colour classes by the measure's count (an outline with no row counts 0). A count
 * under a code that has no outline (cases owned at the division's own level, or in no grid) is not drawn.
 */
export function colourAreas<P extends { code: string }>(
  features: readonly AreaFeature<P>[],
  rows: readonly AreaCount[],
  measure: Measure,
): ColouredAreas<P> {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const withCounts = features.map((f) => {
    const row = byCode.get(f.properties.code);
    return { ...f, properties: { ...f.properties, open: row?.open ?? 0, overdue: row?.overdue ?? 0 } };
  });
  const max = withCounts.reduce((m, f) => Math.max(m, f.properties[measure]), 0);
  const classes = colourClasses(max, measure);
  const byClass = classes.map((cls) => ({ cls, features: [] as typeof withCounts }));
  for (const f of withCounts) byClass[classOf(classes, f.properties[measure]).index]?.features.push(f);
  return { classes, byClass, count: withCounts.length, max };
}

/** The division to go back to from `code` (one level up, not above `root`), or null at the root. */
export function parentOf(code: string, root: string): string | null {
  if (code.length <= root.length) return null;
  const up = [...LEVELS].reverse().find((n) => n < code.length && n >= root.length);
  return up === undefined ? null : code.slice(0, up);
}
