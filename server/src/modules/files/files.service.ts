import type { Readable } from 'node:stream';
import { fileTypeFromStream } from 'file-type';
import sharp, { type Metadata } from 'sharp';
import type { Db } from '../../db/database.ts';
import { type Actor, inScope } from '../../platform/access.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { formatBytes } from '../../platform/files.ts';
import { newId } from '../../platform/ids.ts';
import { type BlobRange, type BlobStore, BlobTooLargeError } from './files.blob-store.ts';

/** The attachment store other modules (backup) depend on, through this service's module boundary. */
export type { BlobStore } from './files.blob-store.ts';

import { exifHasLocation, xmpHasLocation } from './files.exif.ts';
import { FilesErrors, filesPolicy } from './files.policy.ts';
import { type AttachmentRow, filesRepo } from './files.repo.ts';

export type AttachmentVariant = 'original' | 'thumbnail' | 'public';

/**
 * What we accept, by the type sniffed from the content (never the client's Content-Type or file
 * name), mapped to the type we record. Phones name voice notes .m4a (audio/x-m4a); it is audio/mp4.
 */
const ACCEPTED: ReadonlyMap<string, string> = new Map([
  ['image/jpeg', 'image/jpeg'],
  ['image/png', 'image/png'],
  ['image/webp', 'image/webp'],
  ['image/heic', 'image/heic'],
  ['image/heif', 'image/heif'],
  ['application/pdf', 'application/pdf'],
  [
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  ],
  [
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ],
  ['video/mp4', 'video/mp4'],
  ['audio/mpeg', 'audio/mpeg'],
  ['audio/mp4', 'audio/mp4'],
  ['audio/x-m4a', 'audio/mp4'],
]);

/** HEIC/HEIF decoding depends on the codecs of the sharp build; without them the file is kept as is. */
const DECODE_OPTIONAL = new Set(['image/heic', 'image/heif']);
const THUMBNAIL_EDGE = 320;
const THUMBNAIL_TYPE = 'image/jpeg';

/** The type of the public copy: browsers cannot show HEIC, so it becomes JPEG; others keep their format. */
export function publicCopyType(mediaType: string): string {
  return mediaType === 'image/png' || mediaType === 'image/webp' ? mediaType : 'image/jpeg';
}

/** The facts learnt from an uploaded content: stored, sniffed and, for images, derived. */
export interface ReceivedContent {
  sha256: string;
  size: number;
  mediaType: string;
  width: number | null;
  height: number | null;
  thumbnailSha256: string | null;
  publicSha256: string | null;
  hadLocation: boolean;
}

export interface UploadInput {
  /** The bytes, or what `receive` already made of them. */
  content: Readable | Uint8Array | ReceivedContent;
  filename?: string | undefined;
  /** Default: the caller's first division ('' for the operator). */
  ownerDivision?: string | undefined;
}

/** One variant of an attachment, described; its bytes are read on demand. */
export interface AttachmentContent {
  sha256: string;
  mediaType: string;
  /** Length of the whole variant in bytes. */
  size: number;
  filename: string;
  /** The bytes, or an inclusive range of them (resolve one with `resolveRange`). */
  read(range?: BlobRange): Promise<Readable>;
}

/** A byte range as HTTP asks for it, before it is resolved against the content's length. */
export type RequestedRange = { start: number; end?: number } | { suffix: number };

/**
 * Attachments: photos, documents, recordings. Bytes go to the blob store under their SHA-256 (the
 * same content is stored once, whoever uploads it); a row records who uploaded what, for which
 * division. Images get a thumbnail and a public copy with every piece of metadata removed: a photo
 * of a reported problem often carries the reporter's home position in its EXIF.
 */
export class FilesService {
  constructor(private readonly deps: { db: Db; time: BusinessTime; blobs: BlobStore; maxBytes: number }) {}

  /**
   * Stores the content and learns what it is. Runs before the transaction that records the row, so
   * the slow part (disk, image work) holds no lock; content refused here may stay in the store
   * unreferenced, where it does no harm and a future sweep can find it.
   */
  async receive(actor: Actor, content: Readable | Uint8Array): Promise<ReceivedContent> {
    filesPolicy.upload(actor);
    const { blobs, maxBytes } = this.deps;
    let stored: { sha256: string; size: number };
    try {
      stored = await blobs.put(content, { maxBytes });
    } catch (err) {
      if (err instanceof BlobTooLargeError) throw PlatformErrors.PAYLOAD_TOO_LARGE({ limit: formatBytes(maxBytes) });
      throw err;
    }
    if (stored.size === 0) throw FilesErrors.ATTACHMENT_EMPTY();

    const sniffed = await this.#sniff(stored.sha256);
    const mediaType = sniffed ? ACCEPTED.get(sniffed) : undefined;
    if (!mediaType)
      throw FilesErrors.ATTACHMENT_TYPE_NOT_ALLOWED({ detected: sniffed ?? 'unknown' }, { detected: sniffed ?? null });

    const received: ReceivedContent = {
      ...stored,
      mediaType,
      width: null,
      height: null,
      thumbnailSha256: null,
      publicSha256: null,
      hadLocation: false,
    };
    return mediaType.startsWith('image/') ? this.#processImage(received) : received;
  }

  /** Records an attachment; stores the content first when given bytes rather than a received content. */
  async upload(actor: Actor, input: UploadInput, db: Db = this.deps.db): Promise<AttachmentRow> {
    filesPolicy.upload(actor);
    const ownerDivision = input.ownerDivision ?? actor.scope.divisions[0] ?? '';
    filesPolicy.place(actor, ownerDivision);
    const received = isReceived(input.content) ? input.content : await this.receive(actor, input.content);
    return filesRepo.insert(db, {
      id: newId(),
      sha256: received.sha256,
      size: received.size,
      mediaType: received.mediaType,
      originalName: cleanFilename(input.filename, received.mediaType),
      width: received.width,
      height: received.height,
      thumbnailSha256: received.thumbnailSha256,
      publicSha256: received.publicSha256,
      hadLocation: received.hadLocation,
      ownerDivision,
      createdBy: actor.id ?? 'anonymous',
      createdAt: this.deps.time.now(),
    });
  }

  async get(actor: Actor, id: string): Promise<AttachmentRow> {
    const row = await filesRepo.findById(this.deps.db, id);
    if (!row) throw FilesErrors.ATTACHMENT_NOT_FOUND({ id });
    filesPolicy.read(actor, row);
    return row;
  }

  /**
   * Which of these attachments exist and the actor may name (a case step's photos): those they uploaded, and
   * those they may read (`files.read`, the row in scope). In the caller's transaction when given one.
   */
  async readableIds(actor: Actor, ids: readonly string[], db: Db = this.deps.db): Promise<Set<string>> {
    const out = new Set<string>();
    const reader = actor.kind !== 'anonymous' && actor.permissions.has('files.read');
    for (const id of ids) {
      const row = await filesRepo.findById(db, id);
      if (!row) continue;
      if ((actor.id !== null && row.createdBy === actor.id) || (reader && inScope(actor, row.ownerDivision)))
        out.add(id);
    }
    return out;
  }

  /** One variant of an attachment: what it is and a way to read it (whole, or a range for seeking). */
  async open(actor: Actor, id: string, variant: AttachmentVariant): Promise<AttachmentContent> {
    const row = await this.get(actor, id);
    const { sha256, mediaType, filename } = variantOf(row, variant);
    const { blobs } = this.deps;
    const size = await blobs.size(sha256);
    return { sha256, mediaType, size, filename, read: (range) => blobs.open(sha256, range) };
  }

  async #sniff(sha256: string): Promise<string | undefined> {
    const stream = await this.deps.blobs.open(sha256);
    try {
      return (await fileTypeFromStream(stream))?.mime;
    } finally {
      stream.destroy();
    }
  }

  async #processImage(received: ReceivedContent): Promise<ReceivedContent> {
    const { blobs } = this.deps;
    const input = await readAll(await blobs.open(received.sha256));
    const decodeOptional = DECODE_OPTIONAL.has(received.mediaType);
    // failOn 'error': phones produce slightly irregular JPEGs that still display fine.
    const image = () => sharp(input, { failOn: 'error' });

    let meta: Metadata;
    try {
      meta = await image().metadata();
    } catch {
      if (decodeOptional) return received;
      throw FilesErrors.ATTACHMENT_IMAGE_UNREADABLE();
    }
    const withFacts: ReceivedContent = {
      ...received,
      // As shown: a portrait photo stored sideways with an orientation tag is portrait.
      width: meta.autoOrient?.width ?? meta.width ?? null,
      height: meta.autoOrient?.height ?? meta.height ?? null,
      hadLocation: exifHasLocation(meta.exif) || xmpHasLocation(meta.xmp),
    };

    let thumbnail: Buffer;
    let publicCopy: Buffer;
    try {
      thumbnail = await image()
        .autoOrient()
        .resize(THUMBNAIL_EDGE, THUMBNAIL_EDGE, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 80, mozjpeg: true })
        .toBuffer();
      // sharp writes no EXIF, XMP, IPTC or ICC unless told to keep them: the public copy is the
      // picture alone, turned upright since the orientation tag goes with the rest.
      const upright = image().autoOrient();
      const type = publicCopyType(received.mediaType);
      publicCopy = await (type === 'image/png'
        ? upright.png()
        : type === 'image/webp'
          ? upright.webp({ quality: 90 })
          : upright.jpeg({ quality: 90 })
      ).toBuffer();
    } catch {
      if (decodeOptional) return withFacts;
      throw FilesErrors.ATTACHMENT_IMAGE_UNREADABLE();
    }
    const [thumb, pub] = [await blobs.put(thumbnail), await blobs.put(publicCopy)];
    return { ...withFacts, thumbnailSha256: thumb.sha256, publicSha256: pub.sha256 };
  }
}

function isReceived(content: UploadInput['content']): content is ReceivedContent {
  return !(content instanceof Uint8Array) && typeof (content as ReceivedContent).sha256 === 'string';
}

function variantOf(
  row: AttachmentRow,
  variant: AttachmentVariant,
): { sha256: string; mediaType: string; filename: string } {
  const stem = row.originalName.replace(/\.[^.]*$/, '') || 'attachment';
  switch (variant) {
    case 'original':
      return { sha256: row.sha256, mediaType: row.mediaType, filename: row.originalName };
    case 'thumbnail':
      if (!row.thumbnailSha256) throw FilesErrors.ATTACHMENT_NO_THUMBNAIL({ id: row.id });
      return { sha256: row.thumbnailSha256, mediaType: THUMBNAIL_TYPE, filename: `${stem}-thumbnail.jpg` };
    case 'public': {
      if (!row.publicSha256) throw FilesErrors.ATTACHMENT_NO_PUBLIC_COPY({ id: row.id });
      const type = publicCopyType(row.mediaType);
      return { sha256: row.publicSha256, mediaType: type, filename: `${stem}.${EXTENSIONS[type] ?? 'jpg'}` };
    }
  }
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'video/mp4': 'mp4',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
};

/**
 * The name to show and offer on download: the last path segment of what the client sent (some
 * browsers send C:\fakepath\…), without control characters, at most 200 characters.
 */
export function cleanFilename(given: string | undefined, mediaType: string): string {
  const base = (given ?? '').split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const cut = Array.from(clean).slice(0, 200).join('');
  return cut && cut !== '.' && cut !== '..' ? cut : `attachment.${EXTENSIONS[mediaType] ?? 'bin'}`;
}

/** Resolves an HTTP byte range against the content's length (RFC 9110 §14.1.2). */
export function resolveRange(requested: RequestedRange, size: number): BlobRange {
  if ('suffix' in requested) {
    if (requested.suffix <= 0 || size === 0) throw FilesErrors.ATTACHMENT_RANGE_NOT_SATISFIABLE({ size });
    return { start: Math.max(0, size - requested.suffix), end: size - 1 };
  }
  if (requested.start >= size) throw FilesErrors.ATTACHMENT_RANGE_NOT_SATISFIABLE({ size });
  return { start: requested.start, end: Math.min(requested.end ?? size - 1, size - 1) };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
