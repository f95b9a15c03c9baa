import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { ensurePlatformJobs } from '../../context.ts';
import { verifyArchive } from './archive.ts';

describe('POST /api/admin/backup', () => {
  let t: TestApp;
  const temp = mkdtempSync(path.join(tmpdir(), 'civicgrid-backup-route-'));
  before(async () => {
    t = await createTestApp();
    await ensurePlatformJobs(t.ctx);
  });
  after(async () => {
    await t.close();
    rmSync(temp, { recursive: true, force: true });
  });

  test('a backup needs the system.backup permission', async () => {
    const r = await t.inject({ method: 'POST', url: '/api/admin/backup' });
    assert.equal(r.statusCode, 401);
  });

  test('the operator downloads a tar.gz named after the business time, with a checked manifest', async () => {
    const r = await t.inject({ method: 'POST', url: '/api/admin/backup', headers: t.operator });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.headers['content-type'], 'application/gzip');
    assert.equal(r.headers['content-disposition'], 'attachment; filename="civicgrid-backup-20260302-100000.tar.gz"');
    const file = path.join(temp, 'backup.tar.gz');
    writeFileSync(file, r.rawPayload);
    const manifest = await verifyArchive(file);
    const [jobs] = await t.ctx.database.query<{ n: number }>('SELECT count(*)::int AS n FROM job');
    assert.equal(manifest.tables.find((x) => x.name === 'job')?.rows, jobs?.n);
    assert.equal(manifest.engine, t.ctx.database.engine);
  });

  test('the route is documented as a gzip download', async () => {
    const doc = t.app.swagger() as {
      paths: Record<string, { post: { responses: Record<string, { content: object }> } }>;
    };
    assert.ok('application/gzip' in doc.paths['/api/admin/backup']!.post.responses['200']!.content);
  });
});
