const GPS_IFD_POINTER = 0x8825;
/** GPSLatitude, GPSLongitude, GPSDestLatitude, GPSDestLongitude: the tags that place a photo. */
const GPS_POSITION_TAGS = new Set([0x0002, 0x0004, 0x0014, 0x0016]);
const MAX_ENTRIES = 1000;

/**
 * Whether an EXIF block (as sharp's `metadata().exif` returns it, with or without the `Exif\0\0`
 * prefix) records where the picture was taken: IFD0 points at a GPS IFD that holds a position.
 * A GPS IFD we cannot read counts as a location: we would rather over-report than hide one.
 */
export function exifHasLocation(exif: Uint8Array | undefined): boolean {
  if (!exif || exif.length < 8) return false;
  let tiff = Buffer.from(exif.buffer, exif.byteOffset, exif.byteLength);
  if (tiff.subarray(0, 6).toString('latin1') === 'Exif\0\0') tiff = tiff.subarray(6);
  const order = tiff.subarray(0, 2).toString('latin1');
  if (order !== 'II' && order !== 'MM') return false;
  const le = order === 'II';
  const u16 = (at: number) => (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  if (tiff.length < 8 || u16(2) !== 42) return false;

  const entries = (ifd: number): { tag: number; value: number }[] | null => {
    if (ifd + 2 > tiff.length) return null;
    const count = u16(ifd);
    if (count > MAX_ENTRIES || ifd + 2 + count * 12 > tiff.length) return null;
    return Array.from({ length: count }, (_, i) => ({ tag: u16(ifd + 2 + i * 12), value: u32(ifd + 2 + i * 12 + 8) }));
  };

  const ifd0 = entries(u32(4));
  const pointer = ifd0?.find((e) => e.tag === GPS_IFD_POINTER);
  if (!pointer) return false;
  const gps = entries(pointer.value);
  return gps === null || gps.some((e) => GPS_POSITION_TAGS.has(e.tag));
}

/** XMP can carry the position too (exif:GPSLatitude), e.g. after editing in desktop software. */
export function xmpHasLocation(xmp: Uint8Array | undefined): boolean {
  if (!xmp) return false;
  return /GPS(Dest)?(Latitude|Longitude)/.test(
    Buffer.from(xmp.buffer, xmp.byteOffset, xmp.byteLength).toString('latin1'),
  );
}
