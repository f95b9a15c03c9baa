/**
 * Platform costs a user feels on every request, measured on both engines with a real HTTP server
 * (listening on 127.0.0.1; requests from this process):
 * - sign-in latency (argon2id verification, session creation, audit record),
 * - an authenticated read (session resolution + actor + a scoped list),
 * - an idempotent create (key row + record + audit in one transaction).
 * Usage: node --import tsx bench/platform.ts [pglite|postgres] [iterations]
 */
import { performance } from 'node:perf_hooks';
import { createTestApp } from '../server/test/app.ts';

const engine = process.argv[2] === 'postgres' ? 'postgres' : 'pglite';
process.env.CIVICGRID_TEST_ENGINE = engine;
const iterations = Number(process.argv[3] ?? 200);

const t = await createTestApp({ demo: true });
await t.app.listen({ port: 0, host: '127.0.0.1' });
const address = t.app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

function summary(name: string, samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(1);
  return `${name.padEnd(34)} n=${s.length}  p50 ${q(0.5)} ms  p95 ${q(0.95)} ms  max ${s.at(-1)!.toFixed(1)} ms`;
}

async function time(fn: () => Promise<Response>): Promise<number> {
  const start = performance.now();
  const r = await fn();
  await r.arrayBuffer();
  if (r.status >= 400) throw new Error(`HTTP ${r.status}`);
  return performance.now() - start;
}

const login = () =>
  fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'acceptor', password: 'civicgrid' }),
  });

const signIns: number[] = [];
for (let i = 0; i < Math.min(iterations, 100); i++) signIns.push(await time(login));
const cookie = (await login()).headers.get('set-cookie')!.split(';')[0]!;

const reads: number[] = [];
for (let i = 0; i < iterations; i++)
  reads.push(await time(() => fetch(`${base}/api/people?pageSize=20`, { headers: { cookie } })));

const creates: number[] = [];
for (let i = 0; i < iterations; i++) {
  creates.push(
    await time(() =>
      fetch(`${base}/api/people`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'idempotency-key': `bench-${i}` },
        body: JSON.stringify({
          displayName: `压测${i}`,
          ownerDivision: '140403001',
          phone: `139${String(i).padStart(8, '0')}`,
        }),
      }),
    ),
  );
}

console.log(`engine: ${engine}, ${iterations} iterations, sequential requests over loopback`);
console.log(summary('sign-in (POST /api/auth/login)', signIns));
console.log(summary('read (GET /api/people)', reads));
console.log(summary('create (POST /api/people, sealed)', creates));
await t.close();
