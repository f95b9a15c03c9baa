/**
 * The HTTP load generator, in a worker thread of its own (its own event loop, so the server's loop in the main
 * thread does not also build requests and parse answers): `concurrency` callers in a closed loop, each with
 * its own session, over keep-alive connections (node:http Agent), each request with a fresh Idempotency-Key.
 * Written as plain JavaScript text: a worker started with `eval` does not go through tsx.
 */
import { Worker } from 'node:worker_threads';

export interface HttpLoad {
  base: string;
  cookies: string[];
  points: { lng: number; lat: number }[];
  categories: string[];
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  tag: string;
}

/** Per request: start (ms since the load began), latency (ms), HTTP status. */
export interface Samples {
  start: Float64Array;
  latency: Float64Array;
  status: Uint16Array;
  n: number;
  elapsedMs: number;
  /** The first non-2xx answer, for diagnosis. */
  firstError: string | null;
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { base, cookies, points, categories, concurrency, warmupMs, durationMs, tag } = workerData;
const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
const start = [], latency = [], status = [];
let firstError = null;
const t0 = performance.now();
const end = t0 + warmupMs + durationMs;
function post(path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path, method: 'POST', agent,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
async function caller(v) {
  for (let i = 0; performance.now() < end; i++) {
    const p = points[(v * 7 + i) % points.length];
    const body = JSON.stringify({
      location: { lng: p.lng, lat: p.lat },
      category: { codeSet: 'cjt214.event', code: categories[(v + i) % categories.length] },
      description: '压测上报 ' + v + '-' + i + ':路边有暴露垃圾,请尽快清理',
      channel: 'hotline',
    });
    const s = performance.now();
    let code = 0;
    try {
      const r = await post('/api/cases', { cookie: cookies[v % cookies.length], 'idempotency-key': tag + '-' + v + '-' + i }, body);
      code = r.status;
      if ((code < 200 || code >= 300) && firstError === null) firstError = code + ' ' + r.body.slice(0, 300);
    } catch (err) {
      if (firstError === null) firstError = String(err);
    }
    const e = performance.now();
    start.push(s - t0);
    latency.push(e - s);
    status.push(code);
  }
}
Promise.all(Array.from({ length: concurrency }, (_, v) => caller(v))).then(() => {
  agent.destroy();
  parentPort.postMessage({
    start: Float64Array.from(start),
    latency: Float64Array.from(latency),
    status: Uint16Array.from(status),
    n: start.length,
    elapsedMs: performance.now() - t0,
    firstError,
  });
});
`;

export function runHttpLoad(load: HttpLoad): Promise<Samples> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: load });
    worker.once('message', (m: Samples) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
