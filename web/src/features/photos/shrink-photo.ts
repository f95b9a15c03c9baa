/** Phone cameras write 3–10 MB; on a weak signal that is minutes of upload. Larger photos are scaled down. */
const SHRINK_ABOVE_BYTES = 1_500_000;
const MAX_EDGE_PX = 2048;

/**
 * The photo as it will be uploaded (the citizen portal, the grid worker's app): a large JPEG, PNG or WebP redrawn
 * at most 2048 px on its long edge as a JPEG — plenty to see a broken kerb; anything else (HEIC, which most
 * browsers cannot draw), a small photo or a failure: the file itself.
 */
export async function shrinkPhoto(file: File): Promise<{ blob: Blob; filename: string }> {
  const original = { blob: file as Blob, filename: file.name || 'photo.jpg' };
  if (file.size <= SHRINK_ABOVE_BYTES || !/^image\/(jpeg|png|webp)$/.test(file.type)) return original;
  if (typeof createImageBitmap !== 'function') return original;
  try {
    // createImageBitmap applies the EXIF orientation, so portrait photos stay upright.
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_EDGE_PX / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    if (!blob || blob.size >= file.size) return original;
    return { blob, filename: `${original.filename.replace(/\.[^.]*$/, '') || 'photo'}.jpg` };
  } catch {
    return original;
  }
}
