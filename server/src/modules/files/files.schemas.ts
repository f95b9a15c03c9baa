import type { Readable } from 'node:stream';
import { type Static, Type } from 'typebox';
import { DivisionCode, Timestamp, Uuid } from '../../platform/schemas.ts';

const Url = Type.String({ description: 'path on this server' });

export const Attachment = Type.Object({
  id: Uuid,
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the original content' }),
  size: Type.Integer({ description: 'bytes of the original' }),
  mediaType: Type.String({ description: 'sniffed from the content, not taken from the client' }),
  originalName: Type.String(),
  width: Type.Union([Type.Integer(), Type.Null()], { description: 'images: as displayed (EXIF orientation applied)' }),
  height: Type.Union([Type.Integer(), Type.Null()]),
  hasThumbnail: Type.Boolean(),
  hadLocation: Type.Boolean({ description: 'the original carried a GPS position (never in the public copy)' }),
  ownerDivision: Type.String(),
  createdAt: Timestamp,
  urls: Type.Object({
    content: Url,
    thumbnail: Type.Union([Url, Type.Null()], { description: 'JPEG, longest side at most 320 px' }),
    public: Type.Union([Url, Type.Null()], { description: 'the picture without any metadata: what public pages show' }),
  }),
});
export type AttachmentDto = Static<typeof Attachment>;

/**
 * The upload form, for the OpenAPI document. Validation only runs for multipart requests and sees
 * no body there (@fastify/multipart hands parts to the handler, which checks them), hence nullable.
 */
export const UploadForm = {
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        nullable: true,
        required: ['file'],
        properties: {
          file: { type: 'string', format: 'binary', description: 'the one file; its type is sniffed from the content' },
          ownerDivision: Type.Union([DivisionCode, Type.Literal('')], {
            description: "owning division ('' = the whole installation); default: the caller's first division",
          }),
        },
      },
    },
  },
} as const;

export const ContentHeaders = Type.Object({
  range: Type.Optional(Type.String({ maxLength: 200, description: 'one byte range, e.g. bytes=0-1023' })),
  'if-none-match': Type.Optional(Type.String({ maxLength: 1000 })),
});

/** Bytes of any type, documented as such (not as JSON); the handler streams them. */
export const BinaryContent = Type.Unsafe<Readable>({
  description: 'the bytes; Content-Type as sniffed at upload',
  content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
});

export const NotModified = Type.Null({ description: 'not modified: If-None-Match names the current ETag' });
