import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Value } from 'typebox/value';
import type { AppContext } from '../../context.ts';
import { canonicalJson, sha256Hex } from '../../platform/canonical-json.ts';
import { AppError, ErrorResponse, PlatformErrors } from '../../platform/errors.ts';
import { formatBytes } from '../../platform/files.ts';
import { IdempotencyHeaders, IdParams, OwnerDivision } from '../../platform/schemas.ts';
import { withIdempotency } from '../../plugins/idempotency.ts';
import { contentDisposition, etagMatches, parseRange } from './files.http.ts';
import { FilesErrors } from './files.policy.ts';
import type { AttachmentRow } from './files.repo.ts';
import {
  Attachment,
  type AttachmentDto,
  BinaryContent,
  ContentHeaders,
  NotModified,
  UploadForm,
} from './files.schemas.ts';
import { type AttachmentVariant, type FilesService, type ReceivedContent, resolveRange } from './files.service.ts';

const VARIANTS: readonly { path: string; variant: AttachmentVariant; summary: string }[] = [
  { path: 'content', variant: 'original', summary: 'The original bytes, as uploaded' },
  { path: 'thumbnail', variant: 'thumbnail', summary: 'Images: a JPEG thumbnail, longest side at most 320 px' },
  {
    path: 'public',
    variant: 'public',
    summary: 'Images: the copy for the public, upright and without any metadata (no GPS)',
  },
];

export async function filesRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { files, time } = ctx;
  const tags = ['files'];
  // Any other body reaches the handler unread, which answers with what an upload should look like
  // instead of a bare "unsupported content type".
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  const toAttachment = (row: AttachmentRow): AttachmentDto => {
    const base = `/api/attachments/${row.id}`;
    return {
      id: row.id,
      sha256: row.sha256,
      size: row.size,
      mediaType: row.mediaType,
      originalName: row.originalName,
      width: row.width,
      height: row.height,
      hasThumbnail: row.thumbnailSha256 !== null,
      hadLocation: row.hadLocation,
      ownerDivision: row.ownerDivision,
      createdAt: time.format(row.createdAt),
      urls: {
        content: `${base}/content`,
        thumbnail: row.thumbnailSha256 ? `${base}/thumbnail` : null,
        public: row.publicSha256 ? `${base}/public` : null,
      },
    };
  };

  app.post('/api/attachments', {
    config: { access: { permission: 'files.upload' }, idempotent: true },
    schema: {
      tags,
      summary: 'Upload one file (multipart/form-data: part `file`, optional field `ownerDivision`)',
      consumes: ['multipart/form-data'],
      headers: IdempotencyHeaders,
      body: UploadForm,
      response: { 201: Attachment },
    },
    handler: async (request, reply) => {
      let form: ParsedUpload;
      try {
        form = await readUploadForm(request, files, ctx.settings.uploadMaxBytes);
      } catch (err) {
        // Refused before the whole body arrived (too large, wrong type): the client is still sending,
        // so this connection cannot carry another request.
        if (!request.raw.complete) reply.header('connection', 'close');
        throw err;
      }
      // Same content for the same division is the same request, whatever the multipart framing.
      const requestHash = sha256Hex(
        canonicalJson({ sha256: form.received.sha256, ownerDivision: form.ownerDivision ?? null }),
      );
      return withIdempotency(
        ctx.idempotency,
        request,
        reply,
        async (tx) => ({
          status: 201,
          body: toAttachment(
            await files.upload(
              request.actor,
              { content: form.received, filename: form.filename, ownerDivision: form.ownerDivision },
              tx,
            ),
          ),
        }),
        requestHash,
      );
    },
  });

  app.get('/api/attachments/:id', {
    config: { access: { permission: 'files.read' } },
    schema: {
      tags,
      summary: 'What an attachment is, and where its variants are',
      params: IdParams,
      response: { 200: Attachment },
    },
    handler: async (request) => toAttachment(await files.get(request.actor, request.params.id)),
  });

  for (const { path, variant, summary } of VARIANTS) {
    app.get(`/api/attachments/:id/${path}`, {
      config: { access: { permission: 'files.read' } },
      schema: {
        tags,
        summary,
        params: IdParams,
        headers: ContentHeaders,
        response: { 200: BinaryContent, 206: BinaryContent, 304: NotModified, 416: ErrorResponse },
      },
      handler: async (request, reply) => {
        const content = await files.open(request.actor, request.params.id, variant);
        const etag = `"${content.sha256}"`;
        // Content never changes under its address: cache for good, revalidate by the hash.
        const caching = () =>
          reply
            .header('etag', etag)
            .header('cache-control', 'private, max-age=31536000, immutable')
            .header('x-content-type-options', 'nosniff')
            .header('accept-ranges', 'bytes');
        if (etagMatches(request.headers['if-none-match'], etag)) return caching().status(304).send(null);
        const requested = parseRange(request.headers.range);
        let range = null;
        if (requested) {
          try {
            range = resolveRange(requested, content.size);
          } catch (err) {
            reply.header('content-range', `bytes */${content.size}`);
            throw err;
          }
        }
        caching()
          .header('content-type', content.mediaType)
          .header('content-disposition', contentDisposition(content.filename));
        if (range) {
          reply
            .status(206)
            .header('content-range', `bytes ${range.start}-${range.end}/${content.size}`)
            .header('content-length', range.end - range.start + 1);
          return reply.send(await content.read(range));
        }
        reply.header('content-length', content.size);
        return reply.send(await content.read());
      },
    });
  }
}

interface ParsedUpload {
  received: ReceivedContent;
  filename: string | undefined;
  ownerDivision: string | undefined;
}

/**
 * Walks the multipart parts in order: the file is streamed into the store as it arrives (never held
 * in memory), so ownerDivision may come before or after it. Anything else in the form is refused.
 */
async function readUploadForm(request: FastifyRequest, files: FilesService, maxBytes: number): Promise<ParsedUpload> {
  if (!request.isMultipart()) throw FilesErrors.ATTACHMENT_NOT_MULTIPART();
  let received: ReceivedContent | undefined;
  let filename: string | undefined;
  let ownerDivision: string | undefined;
  // One byte over the limit reaches the service, which refuses it (413) and keeps nothing.
  const parts = request.parts({ limits: { fileSize: maxBytes + 1 } });
  try {
    for (;;) {
      const next = await parts.next().catch((err: unknown) => {
        throw malformed(err);
      });
      if (next.done) break;
      const part = next.value;
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || received) {
          part.file.resume();
          throw part.fieldname !== 'file'
            ? FilesErrors.ATTACHMENT_UNEXPECTED_PART({ name: part.fieldname })
            : FilesErrors.ATTACHMENT_TOO_MANY_FILES();
        }
        // A broken form shows as an error on the file's stream; anything else the store throws is ours.
        let streamError: unknown = null;
        part.file.once('error', (err) => {
          streamError = err;
        });
        received = await files.receive(request.actor, part.file).catch((err: unknown) => {
          throw err === streamError ? malformed(err) : err;
        });
        if (part.file.truncated) throw PlatformErrors.PAYLOAD_TOO_LARGE({ limit: formatBytes(maxBytes) });
        filename = part.filename;
      } else if (part.fieldname === 'ownerDivision') {
        ownerDivision = typeof part.value === 'string' ? part.value.trim() : String(part.value);
        if (part.valueTruncated || !Value.Check(OwnerDivision, ownerDivision)) {
          throw PlatformErrors.VALIDATION_FAILED({}, [
            { in: 'body', path: '/ownerDivision', rule: 'pattern', message: 'must be a division code or empty' },
          ]);
        }
      } else {
        throw FilesErrors.ATTACHMENT_UNEXPECTED_PART({ name: part.fieldname });
      }
    }
  } finally {
    await parts.return?.(undefined).catch(() => undefined);
  }
  if (!received) throw FilesErrors.ATTACHMENT_FILE_MISSING();
  return { received, filename, ownerDivision };
}

/**
 * What the multipart parser (busboy) throws about a broken form or Content-Type header is the
 * client's fault: 400, not 500. The plugin's own limit errors (FST_…) keep their mapping.
 */
function malformed(err: unknown): unknown {
  if (err instanceof AppError || !(err instanceof Error)) return err;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('FST_')) return err;
  return PlatformErrors.MALFORMED_BODY({ reason: err.message.slice(0, 200) });
}
