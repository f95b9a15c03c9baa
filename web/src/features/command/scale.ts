/**
 * The map's colour scale: how many open (or overdue) cases an area has, in a few classes. Classes are
 * equal steps of whole numbers up to the largest count on screen, so the legend reads "1–3, 4–6…";
 * an area with none is drawn in a neutral colour.
 */
export type Measure = 'open' | 'overdue';

export const PALETTES: Record<Measure, readonly string[]> = {
  open: ['#cfd8e3', '#ffe8a3', '#ffc266', '#ff9933', '#f06418', '#c4320a'],
  overdue: ['#cfd8e3', '#ffd6d6', '#ff9f9f', '#f56565', '#d62828', '#8f1010'],
};

export interface ColourClass {
  /** Index into the palette: 0 is "none". */
  index: number;
  from: number;
  /** Inclusive; null for the last class when it is open-ended (never: the max is known). */
  to: number;
  colour: string;
}

/** The classes for counts up to `max` (0 gives the "none" class only). */
export function colourClasses(max: number, measure: Measure): ColourClass[] {
  const palette = PALETTES[measure];
  const none: ColourClass = { index: 0, from: 0, to: 0, colour: palette[0] as string };
  const top = Math.max(0, Math.floor(max));
  if (top === 0) return [none];
  const steps = Math.min(palette.length - 1, top);
  const width = Math.ceil(top / steps);
  const out = [none];
  for (let i = 0; i < steps; i++) {
    const from = i * width + 1;
    if (from > top) break;
    out.push({ index: i + 1, from, to: Math.min(top, (i + 1) * width), colour: palette[i + 1] as string });
  }
  return out;
}

/** The class a count falls in. */
export function classOf(classes: readonly ColourClass[], value: number): ColourClass {
  const v = Math.max(0, Math.floor(value));
  return classes.find((c) => v >= c.from && v <= c.to) ?? (classes[classes.length - 1] as ColourClass);
}
