#!/usr/bin/env node
// `npm run dev`: the API on :8080 and the Vite dev server (with a proxy to it) on :5173.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const env = { ...process.env, CIVICGRID_DEMO: process.env.CIVICGRID_DEMO ?? '1' };
const children = [
  spawn(process.execPath, ['server/bin/civicgrid.mjs', 'serve'], { cwd: root, stdio: 'inherit', env }),
  spawn('npm', ['run', 'dev', '-w', 'web'], { cwd: root, stdio: 'inherit', env }),
];
const stop = () => {
  for (const c of children) c.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', stop);
