#!/usr/bin/env node
// `npm test`: every tier of tests, the API suite once per database engine, and a summary that says
// which engines ran. Exits non-zero if anything failed or an expected tier could not run.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const ci = process.env.CI === 'true' || process.env.CI === '1';
const only = process.env.CIVICGRID_TEST_ONLY?.split(',');
const results = [];

function walk(dir, match, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, match, out);
    else if (match(name)) out.push(path.relative(root, p));
  }
  return out.sort();
}

function run(label, cmd, args, env = {}) {
  return new Promise((resolve) => {
    process.stdout.write(`\n=== ${label}\n`);
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('close', (code) => resolve({ code, out }));
  });
}

function nodeCounts(out) {
  const n = (k) => Number(out.match(new RegExp(`^# ${k} (\\d+)`, 'm'))?.[1] ?? 0);
  return { passed: n('pass'), failed: n('fail') + n('cancelled'), skipped: n('skipped') + n('todo') };
}

async function nodeSuite(label, files, env) {
  if (only && !only.some((o) => label.includes(o))) return;
  const { code, out } = await run(
    label,
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', ...files],
    env,
  );
  const c = nodeCounts(out);
  results.push({ label, ...c, ok: code === 0 && c.failed === 0 && c.passed > 0 });
}

const serverTests = walk(
  path.join(root, 'server/src'),
  (n) => n.endsWith('.test.ts') && !n.endsWith('.process.test.ts'),
);
const processTests = walk(path.join(root, 'server/src'), (n) => n.endsWith('.process.test.ts'));

// Engines: the embedded one always; PostgreSQL when reachable (CI must reach it).
const probe = await run('probe PostgreSQL', process.execPath, [
  '--import',
  'tsx',
  '-e',
  "const m = await import('./server/test/engines.ts'); console.log(await m.postgresReachable() ? 'postgres: reachable' : 'postgres: unreachable');",
]);
const engines = ['pglite'];
if (probe.out.includes('postgres: reachable')) engines.push('postgres');
else if (ci) results.push({ label: 'PostgreSQL reachable', passed: 0, failed: 1, skipped: 0, ok: false });

const prep = await run('prepare database templates', process.execPath, [
  '--import',
  'tsx',
  '-e',
  `const m = await import('./server/test/engines.ts'); await m.prepareTemplates(${JSON.stringify(engines)}); console.log('templates ready');`,
]);
if (prep.code !== 0) results.push({ label: 'prepare templates', passed: 0, failed: 1, skipped: 0, ok: false });

for (const engine of engines) {
  await nodeSuite(
    `server API and unit tests on ${engine === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL server'}`,
    serverTests,
    {
      CIVICGRID_TEST_ENGINE: engine,
    },
  );
}
if (processTests.length)
  await nodeSuite('server process tests (real servers, kill -9, two processes)', processTests, {});

if (!only || only.some((o) => 'web unit'.includes(o))) {
  const { code, out } = await run('web unit tests (Vitest)', 'npx', ['vitest', 'run', '--root', 'web']);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes from Vitest's output
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
  const passed = Number(plain.match(/Tests\s+(?:\d+ failed \| )?(\d+) passed/)?.[1] ?? 0);
  const failed = Number(plain.match(/Tests\s+(\d+) failed/)?.[1] ?? 0);
  results.push({ label: 'web unit tests (Vitest)', passed, failed, skipped: 0, ok: code === 0 && passed > 0 });
}

if (!only || only.some((o) => 'browser'.includes(o))) {
  const chromium = process.env.CIVICGRID_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    results.push({
      label: `browser tests (no ${chromium}: apt-get install -y chromium)`,
      passed: 0,
      failed: 1,
      skipped: 0,
      ok: false,
    });
  } else {
    const build = await run('build web console', 'npm', ['run', 'build', '-w', 'web']);
    if (build.code !== 0) results.push({ label: 'web build', passed: 0, failed: 1, skipped: 0, ok: false });
    else
      await nodeSuite(
        'browser tests (Chromium, playwright-core)',
        walk(path.join(root, 'web/e2e'), (n) => n.endsWith('.e2e.ts')),
        {},
      );
  }
}

console.log('\n=== Summary');
for (const r of results)
  console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.label}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
console.log(
  `engines: ${engines.map((e) => (e === 'pglite' ? 'PGlite (embedded, Postgres 18)' : 'PostgreSQL server')).join(' and ')}`,
);
const total = results.reduce(
  (a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed + (r.ok ? 0 : r.failed ? 0 : 1) }),
  { passed: 0, failed: 0 },
);
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
