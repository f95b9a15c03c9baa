import { shrinkPhoto } from '../../features/photos';
import type { NewPhoto } from './outbox';

/**
 * The bytes of a photo as they will wait on the device and be uploaded: a large photo is scaled down once, here,
 * so every retry sends the same bytes (the upload's idempotency is keyed on their hash).
 */
export async function preparePhoto(file: File): Promise<NewPhoto> {
  const { blob, filename } = await shrinkPhoto(file);
  return { name: filename, type: blob.type || file.type || 'image/jpeg', bytes: await blob.arrayBuffer() };
}
