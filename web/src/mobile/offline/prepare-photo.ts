import type { NewPhoto } from './outbox';

/** Longest side kept: plenty to see a broken kerb, a quarter of a phone camera's bytes on a thin connection. */
const MAX_SIDE = 2048;
/** Smaller files are kept as taken. */
const KEEP_BELOW_BYTES = 1_200_000;

/**
 * The bytes of a photo as they will wait on the device and be uploaded: large photos are scaled down to a JPEG once,
 * here, so every retry sends the same bytes (the upload's idempotency is keyed on their hash). A browser that cannot
 * decode the image keeps the original.
 */
export async function preparePhoto(file: File): Promise<NewPhoto> {
  const original = async (): Promise<NewPhoto> => ({
    name: file.name || 'photo.jpg',
    type: file.type || 'image/jpeg',
    bytes: await file.arrayBuffer(),
  });
  if (file.size < KEEP_BELOW_BYTES || typeof createImageBitmap !== 'function') return original();
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    if (!blob || blob.size >= file.size) return original();
    const name = `${(file.name || 'photo').replace(/\.[^.]+$/, '')}.jpg`;
    return { name, type: 'image/jpeg', bytes: await blob.arrayBuffer() };
  } catch {
    return original();
  }
}
