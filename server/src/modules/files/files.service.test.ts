import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { type Actor, operatorActor, type Permission } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';
import { BlobNotFoundError, BlobTooLargeError, LocalBlobStore } from './files.blob-store.ts';
import { exifHasLocation } from './files.exif.ts';
import { contentDisposition, parseRange } from './files.http.ts';
import { filesRepo } from './files.repo.ts';
import { cleanFilename, resolveRange } from './files.service.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A phone photo: stored landscape with "rotate 90°" in EXIF, and the position it was taken at. */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 600, channels: 3, background: '#3a7' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'CivicPhone', Model: 'X1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '35/1 30/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '112/1 50/1 0/1' },
    })
    .toBuffer();
}

/** A zip with stored (uncompressed) entries: enough for an Office Open XML document. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const fileName = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function office(kind: 'word' | 'xl'): Buffer {
  const main =
    kind === 'word' ? `${DOCX}.main+xml` : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';
  const part = kind === 'word' ? '/word/document.xml' : '/xl/workbook.xml';
  return zip({
    '[Content_Types].xml': `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="${part}" ContentType="${main}"/></Types>`,
    [part.slice(1)]: '<?xml version="1.0"?><document/>',
  });
}

/** An ISO media file header as a phone's voice recorder writes it (brand M4A). */
function voiceNote(): Buffer {
  const ftyp = Buffer.alloc(32);
  ftyp.writeUInt32BE(32, 0);
  ftyp.write('ftypM4A ', 4, 'latin1');
  ftyp.write('\0\0\0\0M4A mp42isom', 12, 'latin1');
  return Buffer.concat([ftyp, Buffer.alloc(64)]);
}

/** The first bytes of a Windows program. */
function windowsProgram(): Buffer {
  const exe = Buffer.alloc(512);
  exe.write('MZ', 0, 'latin1');
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write('PE\0\0', 0x80, 'latin1');
  return exe;
}

function clerk(permissions: Permission[], divisions: string[]): Actor {
  return {
    kind: 'user',
    id: 'clerk-1',
    personId: null,
    displayName: '网格员',
    roles: ['gridworker'],
    permissions: new Set(permissions),
    scope: { divisions, grids: [], orgUnits: [] },
    sessionId: null,
  };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof AppError, `expected an AppError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a refusal');
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function listAll(store: LocalBlobStore): Promise<string[]> {
  const out: string[] = [];
  for await (const sha of store.list()) out.push(sha);
  return out;
}

describe('the local blob store', () => {
  let root: string;
  let store: LocalBlobStore;
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'civicgrid-blobs-'));
    store = new LocalBlobStore(root);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('content is named by its SHA-256, filed under two levels of its prefix, and stored once', async () => {
    const content = Buffer.from('村口路灯不亮');
    const sha256 = createHash('sha256').update(content).digest('hex');
    const first = await store.put(content);
    const second = await store.put(Readable.from([content.subarray(0, 5), content.subarray(5)]));
    assert.deepEqual(first, { sha256, size: content.length });
    assert.deepEqual(second, first);
    assert.deepEqual(readdirSync(path.join(root, sha256.slice(0, 2), sha256.slice(2, 4))), [sha256]);
    assert.deepEqual(readdirSync(path.join(root, '.tmp')), [], 'no temporary file is left behind');
    assert.equal(await store.has(sha256), true);
    assert.equal(await store.size(sha256), content.length);
    assert.deepEqual(await readAll(await store.open(sha256)), content);
    assert.deepEqual(await readAll(await store.open(sha256, { start: 3, end: 5 })), content.subarray(3, 6));
  });

  test('list walks every blob and nothing else', async () => {
    const other = await store.put(Buffer.from('another'));
    const listed = await listAll(store);
    assert.ok(listed.includes(other.sha256));
    assert.ok(listed.every((s) => /^[0-9a-f]{64}$/.test(s)));
  });

  test('content over the limit is refused and leaves nothing behind', async () => {
    const before = (await listAll(store)).length;
    await assert.rejects(
      store.put(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), { maxBytes: 1000 }),
      (err: unknown) => err instanceof BlobTooLargeError,
    );
    assert.equal((await listAll(store)).length, before);
    assert.deepEqual(readdirSync(path.join(root, '.tmp')), []);
  });

  test('names that are not SHA-256 never become paths, and missing blobs say so', async () => {
    await assert.rejects(store.open('../../etc/passwd'), RangeError);
    await assert.rejects(store.has('ABC'), RangeError);
    await assert.rejects(store.open('0'.repeat(64)), BlobNotFoundError);
    await assert.rejects(store.size('0'.repeat(64)), BlobNotFoundError);
  });
});

describe('attachments', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ settings: { uploadMaxBytes: 64 * 1024 } });
  });
  after(() => t.close());
  const operator = operatorActor();

  test('a phone photo gets its displayed size, a thumbnail, and a public copy without any metadata', async () => {
    const row = await t.ctx.files.upload(operator, {
      content: await phonePhoto(),
      filename: '路面塌陷.jpg',
      ownerDivision: '1404',
    });
    assert.equal(row.mediaType, 'image/jpeg');
    assert.equal(row.originalName, '路面塌陷.jpg');
    assert.deepEqual([row.width, row.height], [600, 800], 'portrait, as the phone showed it');
    assert.equal(row.hadLocation, true);
    assert.equal(row.createdBy, 'operator');

    const original = await sharp(
      await readAll(await (await t.ctx.files.open(operator, row.id, 'original')).read()),
    ).metadata();
    assert.ok(exifHasLocation(original.exif), 'the original is kept as uploaded');

    const pub = await t.ctx.files.open(operator, row.id, 'public');
    assert.equal(pub.mediaType, 'image/jpeg');
    const publicMeta = await sharp(await readAll(await pub.read())).metadata();
    assert.equal(publicMeta.exif, undefined, 'no EXIF at all, so no GPS');
    assert.equal(publicMeta.xmp, undefined);
    assert.equal(publicMeta.iptc, undefined);
    assert.equal(publicMeta.orientation, undefined);
    assert.deepEqual(
      [publicMeta.width, publicMeta.height],
      [600, 800],
      'turned upright since the orientation tag is gone',
    );

    const thumb = await t.ctx.files.open(operator, row.id, 'thumbnail');
    const thumbMeta = await sharp(await readAll(await thumb.read())).metadata();
    assert.equal(thumb.mediaType, 'image/jpeg');
    assert.ok(Math.max(thumbMeta.width ?? 0, thumbMeta.height ?? 0) <= 320);
    assert.deepEqual([thumbMeta.width, thumbMeta.height], [240, 320]);
    assert.equal(thumbMeta.exif, undefined);
  });

  test('a picture without a position is recorded as such; a PNG keeps its format in the public copy', async () => {
    const png = await sharp({ create: { width: 1000, height: 400, channels: 4, background: '#00f8' } })
      .png()
      .toBuffer();
    const row = await t.ctx.files.upload(operator, { content: png, filename: 'map.png' });
    assert.equal(row.hadLocation, false);
    assert.equal((await t.ctx.files.open(operator, row.id, 'public')).mediaType, 'image/png');
    const thumb = await sharp(
      await readAll(await (await t.ctx.files.open(operator, row.id, 'thumbnail')).read()),
    ).metadata();
    assert.deepEqual([thumb.width, thumb.height, thumb.format], [320, 128, 'jpeg']);
  });

  test('the same photo uploaded twice is stored once and recorded twice', async () => {
    const photo = await phonePhoto();
    const a = await t.ctx.files.upload(operator, { content: photo, filename: 'a.jpg' });
    const b = await t.ctx.files.upload(operator, { content: Readable.from([photo]), filename: 'b.jpg' });
    assert.notEqual(a.id, b.id);
    assert.equal(a.sha256, b.sha256);
    assert.equal(a.publicSha256, b.publicSha256);
    assert.ok((await filesRepo.countBySha(t.ctx.database.db, a.sha256)) >= 2);
  });

  test('documents and recordings are typed by their content, whatever their name says', async () => {
    const cases: [Buffer, string, string][] = [
      [Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'), 'scan.txt', 'application/pdf'],
      [office('word'), '情况说明.doc', DOCX],
      [office('xl'), '台账.xls', XLSX],
      [voiceNote(), '语音.amr', 'audio/mp4'],
    ];
    for (const [content, filename, mediaType] of cases) {
      const row = await t.ctx.files.upload(operator, { content, filename });
      assert.equal(row.mediaType, mediaType, filename);
      assert.equal(row.thumbnailSha256, null);
      assert.equal(row.publicSha256, null);
      assert.equal((await refusal(t.ctx.files.open(operator, row.id, 'thumbnail'))).code, 'ATTACHMENT_NO_THUMBNAIL');
      assert.equal((await refusal(t.ctx.files.open(operator, row.id, 'public'))).code, 'ATTACHMENT_NO_PUBLIC_COPY');
    }
  });

  test('a program renamed .jpg is refused as what it is', async () => {
    const err = await refusal(t.ctx.files.upload(operator, { content: windowsProgram(), filename: 'photo.jpg' }));
    assert.equal(err.code, 'ATTACHMENT_TYPE_NOT_ALLOWED');
    assert.equal(err.status, 415);
    assert.match(err.messageIn('en-US'), /not accepted \(application\/x-msdownload\)/);
    assert.match(err.messageIn('zh-CN'), /不支持的附件类型/);
  });

  test('plain text, an empty file and a broken image are refused', async () => {
    assert.equal(
      (await refusal(t.ctx.files.upload(operator, { content: Buffer.from('just text') }))).code,
      'ATTACHMENT_TYPE_NOT_ALLOWED',
    );
    assert.equal((await refusal(t.ctx.files.upload(operator, { content: Buffer.alloc(0) }))).code, 'ATTACHMENT_EMPTY');
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]);
    assert.equal(
      (await refusal(t.ctx.files.upload(operator, { content: broken }))).code,
      'ATTACHMENT_IMAGE_UNREADABLE',
    );
  });

  test('content over the upload limit is refused with 413 and its limit', async () => {
    const err = await refusal(
      t.ctx.files.upload(operator, { content: Readable.from([Buffer.alloc(40_000), Buffer.alloc(40_000)]) }),
    );
    assert.equal(err.code, 'PAYLOAD_TOO_LARGE');
    assert.equal(err.status, 413);
    assert.match(err.messageIn('en-US'), /64 KB/);
  });

  test('uploading needs files.upload and a division in scope; reading needs files.read and the row in scope', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    const reader = clerk(['files.read'], ['140431']);
    assert.equal((await refusal(t.ctx.files.upload(reader, { content: png }))).code, 'FORBIDDEN');

    const gridWorker = clerk(['files.upload', 'files.read'], ['140431']);
    const mine = await t.ctx.files.upload(gridWorker, { content: png, filename: 'a.png' });
    assert.equal(mine.ownerDivision, '140431', "by default the attachment belongs to the uploader's division");
    assert.equal(mine.createdBy, 'clerk-1');
    assert.equal(
      (await refusal(t.ctx.files.upload(gridWorker, { content: png, ownerDivision: '140403' }))).code,
      'OUT_OF_SCOPE',
    );

    const elsewhere = await t.ctx.files.upload(operator, { content: png, ownerDivision: '140403' });
    assert.equal((await t.ctx.files.get(reader, mine.id)).id, mine.id);
    assert.equal((await refusal(t.ctx.files.get(reader, elsewhere.id))).code, 'OUT_OF_SCOPE');
    assert.equal((await refusal(t.ctx.files.open(reader, elsewhere.id, 'public'))).code, 'OUT_OF_SCOPE');
    assert.equal((await refusal(t.ctx.files.get(clerk([], ['']), mine.id))).code, 'FORBIDDEN');
    assert.equal(
      (await refusal(t.ctx.files.get(reader, '01900000-0000-7000-8000-000000000000'))).code,
      'ATTACHMENT_NOT_FOUND',
    );
  });
});

describe('EXIF location', () => {
  test('a GPS IFD with a position counts; none, or one with only a version, does not', async () => {
    const withGps = await sharp(await phonePhoto()).metadata();
    assert.equal(exifHasLocation(withGps.exif), true);
    const camera = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'CivicPhone' } })
      .toBuffer();
    assert.equal(exifHasLocation((await sharp(camera).metadata()).exif), false);
    assert.equal(exifHasLocation(undefined), false);
    assert.equal(exifHasLocation(Buffer.from('Exif\0\0garbage')), false);
  });

  test('big-endian (Motorola) EXIF is read too, and an unreadable GPS IFD counts as a location', () => {
    // TIFF header MM, IFD0 at 8 with one entry: GPS IFD pointer → 26, GPS IFD with GPSLatitude.
    const be = Buffer.alloc(60);
    be.write('MM', 0, 'latin1');
    be.writeUInt16BE(42, 2);
    be.writeUInt32BE(8, 4);
    be.writeUInt16BE(1, 8);
    be.writeUInt16BE(0x8825, 10);
    be.writeUInt16BE(4, 12);
    be.writeUInt32BE(1, 14);
    be.writeUInt32BE(26, 18);
    be.writeUInt16BE(1, 26);
    be.writeUInt16BE(0x0002, 28);
    assert.equal(exifHasLocation(be), true);
    be.writeUInt16BE(0x0000, 28); // only GPSVersionID
    assert.equal(exifHasLocation(be), false);
    be.writeUInt32BE(5000, 18); // pointer beyond the block
    assert.equal(exifHasLocation(be), true);
  });
});

describe('serving helpers', () => {
  test('a Chinese file name survives Content-Disposition in RFC 5987 form', () => {
    assert.equal(
      contentDisposition('现场 照片(1).jpg'),
      `inline; filename="__ __(1).jpg"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%20%E7%85%A7%E7%89%87%281%29.jpg`,
    );
    assert.equal(contentDisposition('a"b\\c.pdf'), `inline; filename="a_b_c.pdf"; filename*=UTF-8''a%22b%5Cc.pdf`);
  });

  test('file names lose their path and control characters, and get one when missing', () => {
    assert.equal(cleanFilename('C:\\fakepath\\照片.jpg', 'image/jpeg'), '照片.jpg');
    assert.equal(cleanFilename('../../etc/passwd\u0000', 'application/pdf'), 'passwd');
    assert.equal(cleanFilename(undefined, 'application/pdf'), 'attachment.pdf');
    assert.equal(cleanFilename('..', 'image/png'), 'attachment.png');
  });

  test('one byte range is understood; anything else is served whole', () => {
    assert.deepEqual(parseRange('bytes=0-99'), { start: 0, end: 99 });
    assert.deepEqual(parseRange('bytes=100-'), { start: 100 });
    assert.deepEqual(parseRange('bytes=-20'), { suffix: 20 });
    assert.equal(parseRange('bytes=0-1,5-6'), null);
    assert.equal(parseRange('items=0-1'), null);
    assert.equal(parseRange('bytes=9-3'), null);
    assert.deepEqual(resolveRange({ start: 90 }, 100), { start: 90, end: 99 });
    assert.deepEqual(resolveRange({ start: 0, end: 500 }, 100), { start: 0, end: 99 });
    assert.deepEqual(resolveRange({ suffix: 500 }, 100), { start: 0, end: 99 });
    assert.throws(
      () => resolveRange({ start: 100 }, 100),
      (err: AppError) => err.status === 416,
    );
  });
});
