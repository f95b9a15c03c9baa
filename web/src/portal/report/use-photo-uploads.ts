import { useCallback, useEffect, useRef, useState } from 'react';
// The file, not the feature's index: that brings the configuration screens (tables, selects) along.
import { newIdempotencyKey } from '../../features/config/idempotency';
import { shrinkPhoto } from '../../features/photos';
import { uploadPhoto } from '../portal-api';

export interface PhotoItem {
  /** This page's id for the photo. */
  id: string;
  /** A local preview (object URL): the server's copies are not for the public to read. */
  preview: string;
  state: 'uploading' | 'uploaded' | 'failed';
  error?: unknown;
  /** The attachment id once the server has it. */
  attachmentId?: string;
}

interface Pending {
  file: File;
  prepared?: { blob: Blob; filename: string };
  key: string;
  /** The upload token the last attempt was sent with: a retry under the same token reuses the key. */
  sentWith?: string | null;
}

/**
 * Photos uploaded as soon as they are picked, one after the other: the first answer brings the upload token
 * the others must name. A retry with the same token sends the same Idempotency-Key, so a photo whose answer
 * was lost is not stored twice (each token holds a few photos only).
 */
export function usePhotoUploads() {
  const [items, setItems] = useState<PhotoItem[]>([]);
  const token = useRef<string | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const pending = useRef(new Map<string, Pending>());
  const previews = useRef(new Set<string>());

  const patch = useCallback((id: string, change: Partial<PhotoItem>) => {
    setItems((list) => list.map((p) => (p.id === id ? { ...p, ...change } : p)));
  }, []);

  const send = useCallback(
    (id: string) => {
      queue.current = queue.current.then(async () => {
        const p = pending.current.get(id);
        if (!p) return;
        try {
          p.prepared ??= await shrinkPhoto(p.file);
          if (p.sentWith !== undefined && p.sentWith !== token.current) p.key = newIdempotencyKey();
          p.sentWith = token.current;
          const r = await uploadPhoto(p.prepared.blob, p.prepared.filename, p.key, token.current);
          token.current ??= r.uploadToken;
          patch(id, { state: 'uploaded', attachmentId: r.id, error: undefined });
        } catch (error) {
          patch(id, { state: 'failed', error });
        }
      });
    },
    [patch],
  );

  const add = useCallback(
    (files: Iterable<File>) => {
      const added: PhotoItem[] = [];
      for (const file of files) {
        const id = newIdempotencyKey();
        const preview = URL.createObjectURL(file);
        previews.current.add(preview);
        pending.current.set(id, { file, key: newIdempotencyKey() });
        added.push({ id, preview, state: 'uploading' });
      }
      setItems((list) => [...list, ...added]);
      for (const p of added) send(p.id);
    },
    [send],
  );

  const retry = useCallback(
    (id: string) => {
      patch(id, { state: 'uploading', error: undefined });
      send(id);
    },
    [patch, send],
  );

  const remove = useCallback((id: string) => {
    pending.current.delete(id);
    setItems((list) => {
      const gone = list.find((p) => p.id === id);
      if (gone) {
        URL.revokeObjectURL(gone.preview);
        previews.current.delete(gone.preview);
      }
      return list.filter((p) => p.id !== id);
    });
  }, []);

  useEffect(() => {
    const urls = previews.current;
    return () => {
      for (const url of urls) URL.revokeObjectURL(url);
    };
  }, []);

  const ids = items.flatMap((p) => (p.state === 'uploaded' && p.attachmentId ? [p.attachmentId] : []));
  return {
    items,
    add,
    retry,
    remove,
    busy: items.some((p) => p.state === 'uploading'),
    /** What the report names: the token and the uploaded photos, or nothing. */
    attached: token.current && ids.length ? { uploadToken: token.current, ids } : undefined,
  };
}
