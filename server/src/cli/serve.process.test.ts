import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli, type ServerProcess, sleep, startServer } from '../../test/processes.ts';

const KEY = 'calendar.working-hours';
const value = {
  periods: [
    { start: '08:00', end: '12:00' },
    { start: '14:00', end: '17:30' },
  ],
};
const tmp: string[] = [];
const servers: ServerProcess[] = [];
after(async () => {
  for (const s of servers) if (s.child.exitCode === null) await s.kill9();
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'civicgrid-serve-'));
  tmp.push(d);
  return d;
}

async function start(dir: string): Promise<ServerProcess> {
  const s = await startServer(['--data-dir', dir]);
  servers.push(s);
  return s;
}

const auth = (dir: string) => ({
  authorization: `Bearer ${readFileSync(path.join(dir, 'operator-token'), 'utf8').trim()}`,
});

async function versions(s: ServerProcess, dir: string, division: string) {
  const r = await fetch(`${s.url}/api/admin/config/versions?key=${KEY}&division=${division}`, { headers: auth(dir) });
  assert.equal(r.status, 200);
  return ((await r.json()) as { items: { id: string; note: string }[] }).items;
}

function addVersion(s: ServerProcess, dir: string, division: string, headers: Record<string, string> = {}, note = 'n') {
  return fetch(`${s.url}/api/admin/config/versions`, {
    method: 'POST',
    headers: { ...auth(dir), 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ key: KEY, divisionCode: division, effectiveFrom: '2099-01-01', value, note }),
  });
}

describe('civicgrid serve on the embedded database', () => {
  test('a second server on the same data directory exits with a clear message; the first keeps serving and loses nothing', async () => {
    const dir = dataDir();
    const first = await start(dir);
    assert.equal((await addVersion(first, dir, '140403')).status, 201);

    const second = await runCli(['serve', '--port', '0', '--data-dir', dir]);
    assert.notEqual(second.code, 0);
    assert.match(second.stderr, new RegExp(`data directory ${dir} is in use by process ${first.child.pid}`));

    assert.equal((await fetch(`${first.url}/readyz`)).status, 200);
    assert.equal((await addVersion(first, dir, '140404')).status, 201);
    assert.equal((await versions(first, dir, '140403')).length, 1);
    assert.equal((await versions(first, dir, '140404')).length, 1);
    assert.equal(await first.stop(), 0);
  });

  test('a record acknowledged with 201 survives kill -9 and restart', async () => {
    const dir = dataDir();
    const s = await start(dir);
    const created = await addVersion(s, dir, '140405', {}, 'written just before the crash');
    assert.equal(created.status, 201);
    const { id } = (await created.json()) as { id: string };
    await s.kill9();

    const restarted = await start(dir);
    const items = await versions(restarted, dir, '140405');
    assert.deepEqual(
      items.map((v) => [v.id, v.note]),
      [[id, 'written just before the crash']],
    );
    assert.equal(await restarted.stop(), 0);
  });

  test('the server commits a create, the response is lost, the client retries with the same key: exactly one record', async () => {
    const dir = dataDir();
    const s = await start(dir);
    const body = JSON.stringify({
      key: KEY,
      divisionCode: '140406',
      effectiveFrom: '2099-01-01',
      value,
      note: 'retried',
    });
    const headers = { ...auth(dir), 'content-type': 'application/json', 'idempotency-key': 'phone-7f3a-0001' };

    // Send the request and cut the connection before any response can arrive.
    await new Promise<void>((resolve) => {
      const u = new URL(`${s.url}/api/admin/config/versions`);
      const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers });
      req.on('error', () => resolve());
      req.on('response', () => assert.fail('the response should have been cut'));
      req.end(body, () => {
        req.destroy();
        resolve();
      });
    });
    await sleep(1500);

    const retry = await fetch(`${s.url}/api/admin/config/versions`, { method: 'POST', headers, body });
    assert.equal(retry.status, 201);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    const items = await versions(s, dir, '140406');
    assert.equal(items.length, 1);
    assert.equal(((await retry.json()) as { id: string }).id, items[0]!.id);

    const other = await fetch(`${s.url}/api/admin/config/versions`, {
      method: 'POST',
      headers: { ...headers, 'accept-language': 'en-US' },
      body: body.replace('retried', 'something else'),
    });
    assert.equal(other.status, 422);
    assert.match(
      ((await other.json()) as { error: { message: string } }).error.message,
      /already used for a different request/,
    );
    assert.equal((await versions(s, dir, '140406')).length, 1);
    assert.equal(await s.stop(), 0);
  });

  test('a wrong setting stops the process with a one-line explanation', async () => {
    const r = await runCli(['serve', '--data-dir', dataDir()], { CIVICGRID_TIME_ZONE: 'Mars/Olympus' });
    assert.notEqual(r.code, 0);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /CIVICGRID_TIME_ZONE=Mars\/Olympus is not an IANA time zone/);
  });
});
