import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { webPlugin } from './web.plugin.ts';

let root: string;
let app: FastifyInstance;

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'civicgrid-web-'));
  await mkdir(path.join(root, 'm'));
  await mkdir(path.join(root, 'portal'));
  await mkdir(path.join(root, 'assets'));
  await writeFile(path.join(root, 'index.html'), 'console');
  await writeFile(path.join(root, 'm/index.html'), 'grid worker app');
  await writeFile(path.join(root, 'm/sw.js'), 'worker');
  await writeFile(path.join(root, 'portal/index.html'), 'citizen portal');
  await writeFile(path.join(root, 'assets/app-abc.js'), 'code');
  app = Fastify();
  await app.register(webPlugin, { root });
  await app.ready();
});
after(async () => {
  await app.close();
  await rm(root, { recursive: true, force: true });
});

test('each app answers its own page for the paths its client router owns', async () => {
  for (const [url, body] of [
    ['/', 'console'],
    ['/cases/123', 'console'],
    ['/m/', 'grid worker app'],
    ['/m/tasks', 'grid worker app'],
    ['/portal/', 'citizen portal'],
    ['/portal/track/K7QM2XPA9D4C', 'citizen portal'],
  ] as const) {
    const res = await app.inject({ url });
    assert.equal(res.statusCode, 200, url);
    assert.equal(res.body, body, url);
    assert.equal(res.headers['cache-control'], 'no-cache', url);
  }
  const bare = await app.inject({ url: '/m' });
  assert.equal(bare.statusCode, 302);
  assert.equal(bare.headers.location, '/m/');
});

test('the service worker is revalidated on every load; hashed assets are cached', async () => {
  const worker = await app.inject({ url: '/m/sw.js' });
  assert.equal(worker.body, 'worker');
  assert.equal(worker.headers['cache-control'], 'no-cache');
  const asset = await app.inject({ url: '/assets/app-abc.js' });
  assert.match(String(asset.headers['cache-control']), /max-age=3600/);
});

test('unknown API paths keep their JSON 404', async () => {
  const res = await app.inject({ url: '/api/nothing-here' });
  assert.equal(res.statusCode, 404);
});
