import type { NewPhoto } from '../offline/outbox';
import { preparePhoto } from '../offline/prepare-photo';

export interface DraftPhoto {
  photo: NewPhoto;
  /** An object URL of the bytes, for the thumbnail. */
  url: string;
}

export type ReportMode = 'report' | 'self-resolve';

/**
 * The photo taken on the home screen, handed to the report form (which is another chunk, loaded after the camera
 * returns). Kept in memory only: the report is written to the device when it is sent.
 */
let pending: { mode: ReportMode; photos: DraftPhoto[] } | null = null;

export async function toDraftPhoto(file: File): Promise<DraftPhoto> {
  const photo = await preparePhoto(file);
  return { photo, url: URL.createObjectURL(new Blob([photo.bytes], { type: photo.type })) };
}

export function setPendingDraft(mode: ReportMode, photos: DraftPhoto[]): void {
  pending = { mode, photos };
}

/** The photos the home screen left; they stay until the report is saved or dropped (an unfinished one reopens). */
export function pendingDraft(): { mode: ReportMode; photos: DraftPhoto[] } | null {
  return pending;
}

export function clearPendingDraft(): void {
  pending = null;
}
