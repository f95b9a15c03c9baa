import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { runCli, startServer } from '../../test/processes.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'civicgrid-cli-'));
  dirs.push(d);
  return d;
}

test('every command explains itself with --help', async () => {
  const top = await runCli(['--help']);
  assert.equal(top.code, 0);
  const names = [...top.stdout.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]!);
  assert.ok(names.includes('serve') && names.includes('migrate') && names.includes('seed'));
  for (const name of names) {
    const r = await runCli([name, '--help']);
    assert.equal(r.code, 0, name);
    assert.match(r.stdout, new RegExp(`^civicgrid ${name} — .+\\n\\nUsage: civicgrid ${name}`), name);
  }
  const unknown = await runCli(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
});

test('migrate applies migrations; seed --demo loads demo data once', async () => {
  const dir = tmp();
  const m = await runCli(['migrate', '--data-dir', dir]);
  assert.equal(m.code, 0, m.stderr);
  assert.match(m.stdout, /migrations applied: (\d+)\/\1 .* on pglite/);
  const first = await runCli(['seed', '--demo', '--data-dir', dir]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /demo\.config\.summer-working-hours: summer working hours from \d{4}-05-01/);
  const second = await runCli(['seed', '--demo', '--data-dir', dir]);
  assert.match(second.stdout, /nothing to seed/);
});

test('serve takes a certificate and key and serves HTTPS', async () => {
  const dir = tmp();
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
    ],
    {
      stdio: 'ignore',
    },
  );
  const s = await startServer(['--data-dir', path.join(dir, 'data'), '--tls-cert', cert, '--tls-key', key]);
  try {
    assert.match(s.url, /^https:\/\//);
    const status = await new Promise<number>((resolve, reject) => {
      request(`${s.url}/healthz`, { rejectUnauthorized: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    assert.equal(status, 200);
  } finally {
    assert.equal(await s.stop(), 0);
  }
});

test('keys-rotate adds a key and makes it active; the old one stays', async () => {
  const dir = tmp();
  const keysFile = path.join(dir, 'keys', 'personal-data-keys.json');
  const first = await runCli(['keys-rotate', '--data-dir', dir]);
  assert.equal(first.code, 0, first.stderr);
  const before = JSON.parse(readFileSync(keysFile, 'utf8')) as { active: string; keys: Record<string, string> };
  const r = await runCli(['keys-rotate', '--data-dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  const after = JSON.parse(readFileSync(keysFile, 'utf8')) as { active: string; keys: Record<string, string> };
  assert.notEqual(after.active, before.active);
  assert.equal(after.keys[before.active], before.keys[before.active]);
  assert.equal(Object.keys(after.keys).length, Object.keys(before.keys).length + 1);
  assert.match(r.stdout, new RegExp(`${before.active} → ${after.active}`));
  const fromEnv = JSON.stringify({
    active: 'k1',
    keys: { k1: Buffer.alloc(32, 1).toString('base64') },
    index: Buffer.alloc(32, 2).toString('base64'),
  });
  const refused = await runCli(['keys-rotate', '--data-dir', dir], { CIVICGRID_DATA_KEYS: fromEnv });
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /CIVICGRID_DATA_KEYS is set/);
});
