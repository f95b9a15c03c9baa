import type { RequestedRange } from './files.service.ts';

/**
 * `Content-Disposition: inline` with the name twice: an ASCII stand-in for old clients and the real
 * name in RFC 5987 form (filename*=UTF-8''…), which is how a Chinese file name survives the header.
 */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `inline; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * One byte range from a Range header, or null when the header asks for something we serve whole
 * (absent, another unit, several ranges, malformed): RFC 9110 lets a server ignore Range.
 */
export function parseRange(header: string | undefined): RequestedRange | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const [, from = '', to = ''] = m;
  if (from === '' && to === '') return null;
  if (from === '') return { suffix: Number(to) };
  const start = Number(from);
  if (to === '') return { start };
  const end = Number(to);
  return end < start ? null : { start, end };
}

/** Whether an If-None-Match header names this strong ETag (or is `*`). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}
