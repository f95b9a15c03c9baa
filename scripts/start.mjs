#!/usr/bin/env node
// `npm start`: build the console if it is missing or older than its sources, then serve everything on
// the embedded database with demo data (seeded on first start) at http://localhost:8080.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'web/dist/index.html');

function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

const sources = [path.join(root, 'web/src'), path.join(root, 'web/index.html')];
const stale =
  !existsSync(dist) ||
  sources.some((s) => (statSync(s).isDirectory() ? newest(s) : statSync(s).mtimeMs) > statSync(dist).mtimeMs);
if (stale) {
  console.log('Building the web console…');
  const r = spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const env = {
  ...process.env,
  CIVICGRID_DEMO: process.env.CIVICGRID_DEMO ?? '1',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
};
const r = spawnSync(
  process.execPath,
  [path.join(root, 'server/bin/civicgrid.mjs'), 'serve', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env,
  },
);
process.exit(r.status ?? 1);
