/**
 * Moving through the divisions on the map: province → city → county → town → village/community →
 * its grids. Codes are in significant form (GB/T 2260 + 10114): 2, 4, 6, 9 or 12 digits.
 */
export type Level = 'province' | 'city' | 'county' | 'town' | 'village';

const LEVEL_BY_LENGTH: Record<number, Level> = { 2: 'province', 4: 'city', 6: 'county', 9: 'town', 12: 'village' };
const LENGTHS = [12, 9, 6, 4, 2];

export function levelOfCode(code: string): Level | null {
  return /^\d+$/.test(code) ? (LEVEL_BY_LENGTH[code.length] ?? null) : null;
}

/** What a division's map shows: the divisions under it, or (for a village/community) its grids. */
export function showsGrids(code: string): boolean {
  return levelOfCode(code) === 'village';
}

/** The longest division code that starts both `a` and `b` ('' when they share no province). */
function commonDivision(a: string, b: string): string {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  const len = LENGTHS.find((l) => l <= n);
  return len === undefined ? '' : a.slice(0, len);
}

/**
 * Where the map starts for a user: the division their grants cover (the smallest one containing all of
 * them). null when a grant covers the whole installation (scope '') or there is none: the page then
 * looks the top division up.
 */
export function rootDivisionOf(scopes: readonly string[] | null | undefined): string | null {
  if (!scopes || scopes.length === 0 || scopes.some((s) => s === '')) return null;
  const valid = scopes.filter((s) => levelOfCode(s) !== null);
  if (valid.length === 0) return null;
  const root = valid.reduce(commonDivision);
  return root === '' ? null : root;
}

export interface Crumb {
  code: string;
  name: string;
  level: string;
}

/**
 * The breadcrumb from the user's root down to the current division. `lineage` is the server's, most
 * specific first; divisions above the root are left out (the user cannot go there), unless the current
 * division lies outside the root altogether (a link from elsewhere), when the whole lineage is shown.
 */
export function drillPath(lineage: readonly Crumb[], root: string | null): Crumb[] {
  const topDown = [...lineage].reverse();
  if (!root) return topDown;
  const at = topDown.findIndex((c) => c.code === root);
  return at === -1 ? topDown : topDown.slice(at);
}

/** The division above `code` in the breadcrumb, or null at the root. */
export function parentInPath(path: readonly Crumb[], code: string): Crumb | null {
  const at = path.findIndex((c) => c.code === code);
  return at > 0 ? (path[at - 1] ?? null) : null;
}

/** A division code from the address bar, or null when it is not one. */
export function divisionParam(value: string | null): string | null {
  const v = value?.trim() ?? '';
  return levelOfCode(v) ? v : null;
}
