import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { createEmptyPostgresDatabase } from '../../../test/engines.ts';
import { type ServerProcess, sleep, startServer } from '../../../test/processes.ts';

const TOKEN = 'two-process-operator-token-0123456789';
const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

test('a recurring job runs once per period with two server processes on one PostgreSQL, and resumes after a restart without running twice', async () => {
  const database = await createEmptyPostgresDatabase();
  cleanups.push(database.drop);
  const env = {
    DATABASE_URL: database.url,
    CIVICGRID_OPERATOR_TOKEN: TOKEN,
    CIVICGRID_SCHEDULER_POLL_MS: '100',
    // Processes sharing one database share its personal-data keys.
    CIVICGRID_DATA_KEYS: JSON.stringify({
      active: 'k1',
      keys: { k1: Buffer.alloc(32, 7).toString('base64') },
      index: Buffer.alloc(32, 9).toString('base64'),
    }),
  };
  const servers: ServerProcess[] = [];
  const start = async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'civicgrid-sched-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const s = await startServer(['--data-dir', dir], env);
    servers.push(s);
    cleanups.push(async () => s.child.exitCode === null && s.kill9());
    return s;
  };
  // Both start together: migrations are serialised by an advisory lock.
  const [a, b] = await Promise.all([start(), start()]);

  const created = await fetch(`${a.url}/api/admin/jobs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'system.heartbeat', key: 'test.every-second', cron: '* * * * * *' }),
  });
  assert.equal(created.status, 201, await created.clone().text());
  const { id } = (await created.json()) as { id: string };

  await sleep(6000);
  assert.equal(await b.stop(), 0);
  assert.equal(await a.stop(), 0);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  cleanups.push(() => client.end());
  const beats = async () =>
    (
      await client.query<{ scheduled_for: Date; worker: string }>(
        'SELECT scheduled_for, worker FROM scheduler_heartbeat WHERE job_id = $1 ORDER BY scheduled_for',
        [id],
      )
    ).rows;

  const before = await beats();
  assert.ok(before.length >= 4, `expected a run every second, got ${before.length}`);
  const periods = before.map((r) => r.scheduled_for.getTime());
  assert.equal(new Set(periods).size, periods.length, 'no period ran twice');
  const workers = new Set(before.map((r) => r.worker));
  console.log(`# ${before.length} runs before restart, by ${workers.size} worker(s)`);

  const lastBefore = periods.at(-1)!;
  await sleep(1500);
  const c = await start();
  await sleep(3000);
  assert.equal(await c.stop(), 0);
  const afterRestart = await beats();
  const all = afterRestart.map((r) => r.scheduled_for.getTime());
  assert.equal(new Set(all).size, all.length, 'no period ran twice across the restart');
  const resumed = all.filter((t) => t > lastBefore);
  assert.ok(resumed.length >= 2, `the job resumed after the restart (${resumed.length} runs)`);
  const runs = await client.query('SELECT count(*)::int AS n FROM job_run WHERE job_id = $1 AND status = $2', [
    id,
    'succeeded',
  ]);
  assert.equal(runs.rows[0].n, all.length, 'one recorded run per heartbeat');
});
