import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { exifHasLocation } from './files.exif.ts';
import { filesRepo } from './files.repo.ts';

const UPLOAD_MAX_BYTES = 200 * 1024;

interface Part {
  name: string;
  filename?: string;
  type?: string;
  data: Buffer | string;
}

/** A multipart/form-data body, built by hand so every test says exactly what is sent. */
function form(...parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----civicgrid${createHash('sha256').update(String(Math.random())).digest('hex').slice(0, 16)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const filename = p.filename === undefined ? '' : `; filename="${p.filename}"`;
    const type = p.type ? `Content-Type: ${p.type}\r\n` : '';
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${filename}\r\n${type}\r\n`),
    );
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function gpsPhoto(color = '#d43'): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 900, channels: 3, background: color } })
    .jpeg()
    .withExifMerge({
      IFD0: { Make: 'CivicPhone' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '35/1 30/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '112/1 50/1 0/1' },
    })
    .toBuffer();
}

function windowsProgram(): Buffer {
  const exe = Buffer.alloc(1024);
  exe.write('MZ', 0, 'latin1');
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write('PE\0\0', 0x80, 'latin1');
  return exe;
}

interface AttachmentBody {
  id: string;
  sha256: string;
  size: number;
  mediaType: string;
  originalName: string;
  width: number | null;
  height: number | null;
  hasThumbnail: boolean;
  hadLocation: boolean;
  ownerDivision: string;
  createdAt: string;
  urls: { content: string; thumbnail: string | null; public: string | null };
}

interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

describe('attachments API', () => {
  let t: TestApp;
  let photo: AttachmentBody;
  before(async () => {
    t = await createTestApp({ settings: { uploadMaxBytes: UPLOAD_MAX_BYTES } });
  });
  after(() => t.close());

  const upload = (
    body: { payload: Buffer; headers: Record<string, string> },
    headers: Record<string, string> = t.operator,
  ) =>
    t.inject({
      method: 'POST',
      url: '/api/attachments',
      payload: body.payload,
      headers: { ...body.headers, ...headers },
    });
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.inject({ method: 'GET', url, headers: { ...t.operator, ...headers } });
  const errorOf = (r: { json(): unknown }) => (r.json() as ErrorBody).error;

  test('a photo is uploaded as multipart and described with its variants', async () => {
    const jpeg = await gpsPhoto();
    const r = await upload(
      form(
        { name: 'ownerDivision', data: '140431' },
        { name: 'file', filename: '路灯损坏.jpg', type: 'image/jpeg', data: jpeg },
      ),
    );
    assert.equal(r.statusCode, 201, r.body);
    photo = r.json() as AttachmentBody;
    assert.equal(photo.sha256, createHash('sha256').update(jpeg).digest('hex'));
    assert.equal(photo.size, jpeg.length);
    assert.equal(photo.mediaType, 'image/jpeg');
    assert.equal(photo.originalName, '路灯损坏.jpg');
    assert.deepEqual([photo.width, photo.height], [1200, 900]);
    assert.equal(photo.hasThumbnail, true);
    assert.equal(photo.hadLocation, true);
    assert.equal(photo.ownerDivision, '140431');
    assert.equal(photo.createdAt, '2026-03-02T10:00:00+08:00');
    assert.deepEqual(photo.urls, {
      content: `/api/attachments/${photo.id}/content`,
      thumbnail: `/api/attachments/${photo.id}/thumbnail`,
      public: `/api/attachments/${photo.id}/public`,
    });
    const again = await get(`/api/attachments/${photo.id}`);
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), photo);
  });

  test('the original is served as uploaded, with type, length, name and caching headers', async () => {
    const r = await get(photo.urls.content);
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'image/jpeg');
    assert.equal(r.headers['content-length'], String(photo.size));
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers.etag, `"${photo.sha256}"`);
    assert.equal(r.headers['cache-control'], 'private, max-age=31536000, immutable');
    assert.equal(
      r.headers['content-disposition'],
      `inline; filename="____.jpg"; filename*=UTF-8''${encodeURIComponent('路灯损坏.jpg')}`,
    );
    assert.equal(createHash('sha256').update(r.rawPayload).digest('hex'), photo.sha256);
    assert.ok(exifHasLocation((await sharp(r.rawPayload).metadata()).exif));
  });

  test('the public copy has no GPS, no EXIF at all; the thumbnail is at most 320 px', async () => {
    const pub = await get(photo.urls.public!);
    assert.equal(pub.statusCode, 200);
    assert.equal(pub.headers['content-type'], 'image/jpeg');
    assert.equal(pub.headers['content-length'], String(pub.rawPayload.length));
    const meta = await sharp(pub.rawPayload).metadata();
    assert.equal(meta.exif, undefined);
    assert.equal(meta.xmp, undefined);
    assert.equal(exifHasLocation(meta.exif), false);
    assert.deepEqual([meta.width, meta.height], [1200, 900]);

    const thumb = await get(photo.urls.thumbnail!);
    assert.equal(thumb.statusCode, 200);
    assert.equal(thumb.headers['content-type'], 'image/jpeg');
    const tm = await sharp(thumb.rawPayload).metadata();
    assert.deepEqual([tm.width, tm.height], [320, 240]);
    assert.equal(tm.exif, undefined);
    assert.match(String(thumb.headers['content-disposition']), /filename\*=UTF-8''.*-thumbnail\.jpg$/);
  });

  test('a cached copy is revalidated by its hash and a range can be fetched', async () => {
    const notModified = await get(photo.urls.content, { 'if-none-match': `"${photo.sha256}"` });
    assert.equal(notModified.statusCode, 304);
    assert.equal(notModified.rawPayload.length, 0);

    const head = await get(photo.urls.content, { range: 'bytes=0-9' });
    assert.equal(head.statusCode, 206);
    assert.equal(head.headers['content-range'], `bytes 0-9/${photo.size}`);
    assert.equal(head.headers['content-length'], '10');
    assert.deepEqual([...head.rawPayload.subarray(0, 3)], [0xff, 0xd8, 0xff]);

    const beyond = await get(photo.urls.content, { range: `bytes=${photo.size}-` });
    assert.equal(beyond.statusCode, 416);
    assert.equal(beyond.headers['content-range'], `bytes */${photo.size}`);
    assert.equal(errorOf(beyond).code, 'ATTACHMENT_RANGE_NOT_SATISFIABLE');
  });

  test('an uploaded .exe renamed .jpg is refused with 415, in the language asked for', async () => {
    const body = form({ name: 'file', filename: 'holiday.jpg', type: 'image/jpeg', data: windowsProgram() });
    const zh = await upload(body);
    assert.equal(zh.statusCode, 415);
    assert.equal(errorOf(zh).code, 'ATTACHMENT_TYPE_NOT_ALLOWED');
    assert.match(errorOf(zh).message, /不支持的附件类型/);
    const en = await upload(body, { ...t.operator, 'accept-language': 'en-US,en;q=0.9' });
    assert.equal(en.statusCode, 415);
    assert.match(errorOf(en).message, /^This kind of file is not accepted \(application\/x-msdownload\)/);
  });

  test('a file over the limit is refused with 413', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(UPLOAD_MAX_BYTES)]);
    const r = await upload(form({ name: 'file', filename: 'big.pdf', type: 'application/pdf', data: big }), {
      ...t.operator,
      'accept-language': 'en-US',
    });
    assert.equal(r.statusCode, 413, r.body);
    assert.equal(errorOf(r).code, 'PAYLOAD_TOO_LARGE');
    assert.equal(errorOf(r).message, 'The content is too large (limit 200 KB)');
  });

  test('a retried upload with the same Idempotency-Key returns the first answer and records one attachment', async () => {
    const jpeg = await gpsPhoto('#2a6');
    const body = form({ name: 'file', filename: 'retry.jpg', type: 'image/jpeg', data: jpeg });
    const headers = { ...t.operator, 'idempotency-key': 'upload-retry-1' };
    const first = await upload(body, headers);
    assert.equal(first.statusCode, 201, first.body);
    // The retry arrives with another multipart boundary: the content, not the framing, is the request.
    const second = await upload(form({ name: 'file', filename: 'retry.jpg', type: 'image/jpeg', data: jpeg }), headers);
    assert.equal(second.statusCode, 201);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.deepEqual(second.json(), first.json());
    const sha = (first.json() as AttachmentBody).sha256;
    assert.equal(await filesRepo.countBySha(t.ctx.database.db, sha), 1);

    const other = await upload(form({ name: 'file', filename: 'retry.jpg', data: await gpsPhoto('#000') }), headers);
    assert.equal(other.statusCode, 422);
    assert.equal(errorOf(other).code, 'IDEMPOTENCY_KEY_REUSED');
  });

  test('a document gets no thumbnail and no public copy', async () => {
    const r = await upload(form({ name: 'file', filename: '整改报告.pdf', data: '%PDF-1.7\n%%EOF\n' }));
    assert.equal(r.statusCode, 201, r.body);
    const doc = r.json() as AttachmentBody;
    assert.equal(doc.mediaType, 'application/pdf');
    assert.deepEqual([doc.width, doc.height, doc.hasThumbnail, doc.hadLocation], [null, null, false, false]);
    assert.deepEqual(doc.urls, { content: `/api/attachments/${doc.id}/content`, thumbnail: null, public: null });
    assert.equal(doc.ownerDivision, '', "the operator's division is the whole installation");
    const thumb = await get(`/api/attachments/${doc.id}/thumbnail`);
    assert.equal(thumb.statusCode, 404);
    assert.equal(errorOf(thumb).code, 'ATTACHMENT_NO_THUMBNAIL');
    assert.equal((await get(`/api/attachments/${doc.id}/content`)).headers['content-type'], 'application/pdf');
  });

  test('anonymous callers get 401 on every attachment route', async () => {
    const jpeg = await gpsPhoto();
    const r = await upload(form({ name: 'file', filename: 'a.jpg', data: jpeg }), {});
    assert.equal(r.statusCode, 401);
    assert.equal(errorOf(r).code, 'AUTH_REQUIRED');
    for (const url of [`/api/attachments/${photo.id}`, photo.urls.content, photo.urls.thumbnail!, photo.urls.public!]) {
      const g = await t.inject({ method: 'GET', url, headers: { 'accept-language': 'en-US' } });
      assert.equal(g.statusCode, 401, url);
      assert.equal(errorOf(g).message, 'Please sign in first');
    }
  });

  test('malformed uploads get a clear 4xx, never a 500', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const cases: [string, Promise<{ statusCode: number; json(): unknown; body: string }>, number, string][] = [
      [
        'JSON instead of a form',
        t.inject({ method: 'POST', url: '/api/attachments', payload: { file: 'x' }, headers: t.operator }),
        415,
        'ATTACHMENT_NOT_MULTIPART',
      ],
      [
        'raw bytes instead of a form',
        t.inject({
          method: 'POST',
          url: '/api/attachments',
          payload: png,
          headers: { ...t.operator, 'content-type': 'image/png' },
        }),
        415,
        'ATTACHMENT_NOT_MULTIPART',
      ],
      ['no file', upload(form({ name: 'ownerDivision', data: '1404' })), 400, 'ATTACHMENT_FILE_MISSING'],
      ['an empty form', upload(form()), 400, 'ATTACHMENT_FILE_MISSING'],
      [
        'two files',
        upload(form({ name: 'file', filename: 'a.png', data: png }, { name: 'file', filename: 'b.png', data: png })),
        400,
        'ATTACHMENT_TOO_MANY_FILES',
      ],
      [
        'an empty file',
        upload(form({ name: 'file', filename: 'empty.jpg', type: 'image/jpeg', data: '' })),
        400,
        'ATTACHMENT_EMPTY',
      ],
      [
        'a file under another name',
        upload(form({ name: 'photo', filename: 'a.png', data: png })),
        400,
        'ATTACHMENT_UNEXPECTED_PART',
      ],
      [
        'an unknown field',
        upload(form({ name: 'caseId', data: '1' }, { name: 'file', filename: 'a.png', data: png })),
        400,
        'ATTACHMENT_UNEXPECTED_PART',
      ],
      [
        'a bad division',
        upload(form({ name: 'file', filename: 'a.png', data: png }, { name: 'ownerDivision', data: '14xx' })),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'no boundary',
        t.inject({
          method: 'POST',
          url: '/api/attachments',
          payload: 'x',
          headers: { ...t.operator, 'content-type': 'multipart/form-data' },
        }),
        400,
        '',
      ],
      [
        'a boundary longer than the parser takes',
        t.inject({
          method: 'POST',
          url: '/api/attachments',
          payload: 'x',
          headers: { ...t.operator, 'content-type': `multipart/form-data; boundary=${'b'.repeat(5000)}` },
        }),
        400,
        'MALFORMED_BODY',
      ],
      [
        'a truncated form',
        upload({
          ...form({ name: 'file', filename: 'a.png', data: png }),
          payload: form({ name: 'file', filename: 'a.png', data: png }).payload.subarray(0, 80),
        }),
        400,
        '',
      ],
    ];
    for (const [name, pending, status, code] of cases) {
      const r = await pending;
      assert.equal(r.statusCode, status, `${name}: ${r.body}`);
      const error = errorOf(r);
      assert.ok(error.message.length > 0, name);
      if (code) assert.equal(error.code, code, name);
    }
  });

  test('unknown attachments are 404 and a malformed id is 400', async () => {
    const missing = await get('/api/attachments/01900000-0000-7000-8000-000000000000/content', {
      'accept-language': 'en-US',
    });
    assert.equal(missing.statusCode, 404);
    assert.equal(errorOf(missing).message, 'Attachment 01900000-0000-7000-8000-000000000000 not found');
    assert.equal((await get('/api/attachments/not-an-id')).statusCode, 400);
  });

  test('the OpenAPI document describes the upload form and binary answers', async () => {
    const doc = t.app.swagger() as unknown as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, { schema: { properties: Record<string, { format?: string }> } }> };
            responses: Record<string, { content?: Record<string, unknown> }>;
            tags: string[];
          }
        >
      >;
    };
    const post = doc.paths['/api/attachments']!.post!;
    assert.deepEqual(post.tags, ['files']);
    assert.equal(post.requestBody?.content['multipart/form-data']?.schema.properties.file?.format, 'binary');
    const content = doc.paths['/api/attachments/{id}/content']!.get!;
    assert.deepEqual(Object.keys(content.responses['200']?.content ?? {}), ['*/*']);
  });
});
