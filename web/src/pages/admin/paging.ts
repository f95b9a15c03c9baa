/** A page number from the address bar; anything odd falls back rather than reaching the server. */
export function positiveInt(raw: string | null, fallback: number): number {
  const n = raw === null ? Number.NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
