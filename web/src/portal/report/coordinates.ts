/**
 * Coordinates as a resident types them (from a map app, a sign, a relative's message): full-width digits,
 * a decimal comma or a trailing 度/°. Null unless both are numbers in range.
 */
export function readCoordinates(lngText: string, latText: string): { lng: number; lat: number } | null {
  const read = (text: string) => {
    const s = text
      .trim()
      .replace(/[０-９．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(/[°度]$/, '')
      .replace(',', '.');
    return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN;
  };
  const lng = read(lngText);
  const lat = read(latText);
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90) return null;
  return { lng, lat };
}
