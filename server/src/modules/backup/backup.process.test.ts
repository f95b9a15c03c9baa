import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createEmptyPostgresDatabase } from '../../../test/engines.ts';
import { runCli, startServer } from '../../../test/processes.ts';
import { verifyArchive } from './archive.ts';
import type { DumpManifest } from './backup.schemas.ts';

/** Real processes, as an operator runs them: `civicgrid serve`, `backup`, `restore`, `export`, `import`. */

// Empty values count as unset: the tests choose the engine and the token themselves.
const EMBEDDED = { DATABASE_URL: '', CIVICGRID_OPERATOR_TOKEN: '', FILES_DIR: '' };

const civicgrid = (args: string[], env: Record<string, string> = {}) => runCli(args, { ...EMBEDDED, ...env });

interface Server {
  url: string;
  headers: Record<string, string>;
  stop(): Promise<unknown>;
}

async function serve(dataDir: string): Promise<Server> {
  const server = await startServer(['--data-dir', dataDir], EMBEDDED);
  const token = readFileSync(path.join(dataDir, 'operator-token'), 'utf8').trim();
  return { url: server.url, headers: { authorization: `Bearer ${token}` }, stop: () => server.stop() };
}

async function getJson(server: Server, url: string): Promise<unknown> {
  const r = await fetch(`${server.url}${url}`, { headers: server.headers });
  assert.equal(r.status, 200, await r.clone().text());
  return r.json();
}

async function getBytes(server: Server, url: string): Promise<Buffer> {
  const r = await fetch(`${server.url}${url}`, { headers: server.headers });
  assert.equal(r.status, 200);
  return Buffer.from(await r.arrayBuffer());
}

const tablesOf = (m: DumpManifest) => m.tables.map((t) => `${t.name} ${t.rows} ${t.sha256}`);
const manifestIn = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as DumpManifest;

describe('backup, restore, export and import as processes', { timeout: 600_000 }, () => {
  const temp = mkdtempSync(path.join(tmpdir(), 'civicgrid-backup-process-'));
  const live = path.join(temp, 'live');
  const backupFile = path.join(temp, 'backup.tar.gz');
  let attachment: { id: string; sha256: string };
  let liveResponses: { versions: unknown; attachment: unknown; content: Buffer; thumbnail: Buffer };

  after(() => rmSync(temp, { recursive: true, force: true }));

  describe('a backup taken while the server is serving', () => {
    let server: Server;
    before(async () => {
      server = await serve(live);
      for (const [divisionCode, effectiveFrom] of [
        ['1404', '2030-05-01'],
        ['140431', '2030-06-01'],
      ]) {
        const r = await fetch(`${server.url}/api/admin/config/versions`, {
          method: 'POST',
          headers: {
            ...server.headers,
            'content-type': 'application/json',
            'idempotency-key': `process-${divisionCode}`,
          },
          body: JSON.stringify({
            key: 'calendar.working-hours',
            divisionCode,
            effectiveFrom,
            value: { periods: [{ start: '08:00', end: '12:00' }] },
            note: '备份测试',
          }),
        });
        assert.equal(r.status, 201, await r.text());
      }
      const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2060c0' } })
        .png()
        .toBuffer();
      const form = new FormData();
      form.append('file', new Blob([png], { type: 'image/png' }), '巡查照片.png');
      const r = await fetch(`${server.url}/api/attachments`, { method: 'POST', headers: server.headers, body: form });
      const body = await r.text();
      assert.equal(r.status, 201, body);
      attachment = JSON.parse(body) as { id: string; sha256: string };
    });
    after(() => server?.stop());

    test('goes through the running server instead of failing on the lock, and the server keeps answering', async () => {
      const busy = (async () => {
        for (let i = 0; i < 20; i++) await getJson(server, '/api/admin/config/versions');
      })();
      const r = await civicgrid(['backup', backupFile, '--data-dir', live]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /through the server at http:\/\/127\.0\.0\.1:\d+/);
      await busy;
      const manifest = await verifyArchive(backupFile);
      assert.ok(
        manifest.files.some((f) => f.sha256 === attachment.sha256),
        'the attachment is in the backup',
      );
      assert.equal(manifest.tables.find((t) => t.name === 'config_version')?.rows, 2);
      liveResponses = {
        versions: await getJson(server, '/api/admin/config/versions?sort=effectiveFrom'),
        attachment: await getJson(server, `/api/attachments/${attachment.id}`),
        content: await getBytes(server, `/api/attachments/${attachment.id}/content`),
        thumbnail: await getBytes(server, `/api/attachments/${attachment.id}/thumbnail`),
      };
    });

    test('an export through the running server unpacks the same dump into a directory', async () => {
      const dir = path.join(temp, 'live-export');
      const r = await civicgrid(['export', dir, '--data-dir', live]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /through the server/);
      const config = manifestIn(dir).tables.find((t) => t.name === 'config_version');
      assert.equal(
        config?.sha256,
        (await verifyArchive(backupFile)).tables.find((t) => t.name === 'config_version')?.sha256,
      );
    });
  });

  describe('restored into an empty directory', () => {
    const restored = path.join(temp, 'restored');

    test('gives the same data and files', async () => {
      const r = await civicgrid(['restore', backupFile, '--data-dir', restored]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /restored .* into the embedded database/);

      // The restored rows, dumped again, hash the same as the rows in the backup.
      const again = path.join(temp, 'restored-export');
      const e = await civicgrid(['export', again, '--data-dir', restored]);
      assert.equal(e.code, 0, e.stderr);
      const backup = await verifyArchive(backupFile);
      assert.deepEqual(tablesOf(manifestIn(again)), tablesOf(backup));
      assert.deepEqual(manifestIn(again).files, backup.files);

      // Backups leave the personal-data keys out: without them the restored server refuses to start…
      const keyless = await civicgrid(['serve', '--port', '0', '--data-dir', restored]);
      assert.notEqual(keyless.code, 0);
      assert.match(keyless.stderr, /personal-data keys do not open this database/);
      // …and with the original keys copied over, as the operator does, it serves the same data.
      mkdirSync(path.join(restored, 'keys'), { recursive: true, mode: 0o700 });
      copyFileSync(
        path.join(live, 'keys', 'personal-data-keys.json'),
        path.join(restored, 'keys', 'personal-data-keys.json'),
      );
      const server = await serve(restored);
      try {
        assert.deepEqual(
          await getJson(server, '/api/admin/config/versions?sort=effectiveFrom'),
          liveResponses.versions,
        );
        assert.deepEqual(await getJson(server, `/api/attachments/${attachment.id}`), liveResponses.attachment);
        assert.ok((await getBytes(server, `/api/attachments/${attachment.id}/content`)).equals(liveResponses.content));
        assert.ok(
          (await getBytes(server, `/api/attachments/${attachment.id}/thumbnail`)).equals(liveResponses.thumbnail),
        );
      } finally {
        await server.stop();
      }
    });

    test('a restore over existing data is refused with one line', async () => {
      const r = await civicgrid(['restore', backupFile, '--data-dir', live]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^civicgrid: .*not empty.*config_version/);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    });
  });

  test('export from the embedded database and import into PostgreSQL give the same data', async () => {
    const dump = path.join(temp, 'embedded-export');
    const e = await civicgrid(['export', dump, '--data-dir', live]);
    assert.equal(e.code, 0, e.stderr);
    assert.match(e.stdout, /from the embedded database/);

    const pg = await createEmptyPostgresDatabase();
    try {
      const pgData = path.join(temp, 'pg-data');
      const i = await civicgrid(['import', dump, '--data-dir', pgData], { DATABASE_URL: pg.url });
      assert.equal(i.code, 0, i.stderr);
      assert.match(i.stdout, /imported .* into PostgreSQL database/);
      const back = path.join(temp, 'postgres-export');
      const x = await civicgrid(['export', back, '--data-dir', pgData], { DATABASE_URL: pg.url });
      assert.equal(x.code, 0, x.stderr);
      // Same rows in the same byte order: the engines agree on every value.
      assert.equal(manifestIn(back).engine, 'postgres');
      assert.deepEqual(tablesOf(manifestIn(back)), tablesOf(manifestIn(dump)));
      assert.deepEqual(manifestIn(back).files, manifestIn(dump).files);

      const again = await civicgrid(['import', dump, '--data-dir', pgData], { DATABASE_URL: pg.url });
      assert.equal(again.code, 1);
      assert.match(again.stderr, /not empty/);
    } finally {
      await pg.drop();
    }
  });

  test('a backup after the server was killed opens the data directory once the lock is stale', async () => {
    const dir = path.join(temp, 'restored');
    const server = await startServer(['--data-dir', dir], EMBEDDED);
    await server.kill9();
    const file = path.join(temp, 'after-crash.tar.gz');
    const r = await civicgrid(['backup', file, '--data-dir', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /from the embedded database/);
    assert.equal((await verifyArchive(file)).tables.find((t) => t.name === 'config_version')?.rows, 2);
  });

  test('every command explains itself with --help', async () => {
    for (const command of ['backup', 'restore', 'export', 'import']) {
      const r = await civicgrid([command, '--help']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`Usage: civicgrid ${command} `));
    }
  });
});
