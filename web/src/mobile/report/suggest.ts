export interface CategoryOption {
  code: string;
  nameZh: string;
  nameEn: string;
  /** The class (大类) the subclass belongs to. */
  parentCode: string | null;
}

export type SuggestionReason = 'text' | 'grid' | 'recent' | 'common';
export interface Suggestion {
  code: string;
  reason: SuggestionReason;
}

/** Character pairs: Chinese needs no word splitting to tell that 垃圾满溢 is about 垃圾. */
function bigrams(s: string): Set<string> {
  const clean = s.toLowerCase().replace(/[\s\p{P}]+/gu, '');
  const out = new Set<string>();
  for (let i = 0; i < clean.length - 1; i++) out.add(clean.slice(i, i + 2));
  return out;
}

const STOP_WORDS = new Set(['the', 'and', 'for', 'with', 'from', 'near', 'not', 'are', 'has']);

/** Words of a Latin-script text (letter pairs would match "road" with "broad" and "rubbish bags" with anything). */
function words(s: string): Set<string> {
  return new Set(
    s
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length >= 3 && !STOP_WORDS.has(w)),
  );
}

/** Same word, its plural, or the same stem at the start (parked, parking). */
const sameWord = (a: string, b: string) =>
  a === b || `${a}s` === b || `${b}s` === a || (a.length >= 5 && b.length >= 5 && a.slice(0, 5) === b.slice(0, 5));

/** How well a typed description matches a category's name, 0 (not at all) to 1. */
export function textScore(text: string, category: Pick<CategoryOption, 'nameZh' | 'nameEn'>): number {
  const typed = text.trim().toLowerCase();
  if (typed.length < 2) return 0;
  let best = 0;
  for (const name of [category.nameZh, category.nameEn]) {
    const n = name.toLowerCase();
    if (!n) continue;
    if (typed.includes(n) || n.includes(typed)) return 1;
    if (/[a-z]/.test(n)) {
      const own = words(n);
      if (own.size === 0) continue;
      const theirs = [...words(typed)];
      let shared = 0;
      for (const w of own) if (theirs.some((t) => sameWord(w, t))) shared += 1;
      best = Math.max(best, shared / own.size);
      continue;
    }
    const own = bigrams(n);
    if (own.size === 0) continue;
    const theirs = bigrams(typed);
    let shared = 0;
    for (const b of own) if (theirs.has(b)) shared += 1;
    best = Math.max(best, shared / own.size);
  }
  return best;
}

/**
 * The category chips under a report: what the description names first (best match first), then what is reported
 * most in this grid, then what this worker chose lately, then the classification's own order — each category once.
 */
export function suggestCategories(args: {
  categories: readonly CategoryOption[];
  /** Codes most reported in the grid, most first. */
  gridUsage: readonly string[];
  /** Codes this worker chose, latest first. */
  recent: readonly string[];
  text: string;
  limit: number;
}): Suggestion[] {
  const known = new Map(args.categories.map((c) => [c.code, c]));
  const out: Suggestion[] = [];
  const seen = new Set<string>();
  const push = (code: string, reason: SuggestionReason) => {
    if (out.length >= args.limit || seen.has(code) || !known.has(code)) return;
    seen.add(code);
    out.push({ code, reason });
  };
  const matches = args.categories
    .map((c, i) => ({ code: c.code, score: textScore(args.text, c), i }))
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, 3);
  for (const m of matches) push(m.code, 'text');
  for (const code of args.gridUsage) push(code, 'grid');
  for (const code of args.recent) push(code, 'recent');
  for (const c of args.categories) push(c.code, 'common');
  return out;
}

/** The worker's latest choice first, each once, at most `max`. */
export function rememberChoice(recent: readonly string[], code: string, max = 10): string[] {
  return [code, ...recent.filter((c) => c !== code)].slice(0, max);
}
