#!/usr/bin/env node
// The layering rules `npm run lint` enforces (docs/ARCHITECTURE.md, "Layers"):
//  - server/src/platform/ and server/src/db/ import no module, plugin or engine code (db may import *.tables.ts);
//  - server/src/engine/ imports no module;
//  - a module imports another module only through that module's service (or its registry of config keys);
//  - tables are imported only by their own module's repo, its tests, and the database layer;
//  - web: features never import pages; app imports pages only through the router.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const problems = [];

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function imports(file) {
  const src = readFileSync(file, 'utf8');
  const out = [];
  for (const m of src.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2];
    if (spec.startsWith('.')) out.push(path.relative(root, path.resolve(path.dirname(file), spec)));
  }
  return out;
}

const rel = (f) => path.relative(root, f);
for (const file of walk(path.join(root, 'server/src'))) {
  const from = rel(file);
  const isTest = from.endsWith('.test.ts');
  const fromModule = from.match(/^server\/src\/modules\/([^/]+)\//)?.[1];
  for (const to of imports(file)) {
    const toModule = to.match(/^server\/src\/modules\/([^/]+)\/(.+)$/);
    if (/^server\/src\/(platform|db)\//.test(from) && !from.endsWith('seeds.ts')) {
      if (
        /^server\/src\/(modules|plugins|engine)\//.test(to) &&
        !(from.startsWith('server/src/db/') && to.endsWith('.tables.ts'))
      )
        problems.push(`${from} → ${to}: platform and db code must not depend on modules, plugins or the engine`);
    }
    if (from.startsWith('server/src/engine/') && toModule)
      problems.push(`${from} → ${to}: the engine imports no module`);
    if (fromModule && toModule && toModule[1] !== fromModule && !isTest && !from.endsWith('.tables.ts')) {
      const file = toModule[2];
      if (!/^[^/]+\.(service|registry)\.ts$/.test(file))
        problems.push(`${from} → ${to}: modules use each other only through their service`);
    }
    // Table definitions may reference another module's tables for foreign keys; nothing else may.
    if (
      to.endsWith('.tables.ts') &&
      fromModule &&
      toModule &&
      toModule[1] !== fromModule &&
      !from.endsWith('.tables.ts')
    )
      problems.push(`${from} → ${to}: another module's tables`);
  }
}
for (const file of walk(path.join(root, 'web/src'))) {
  const from = rel(file);
  for (const to of imports(file)) {
    if (from.startsWith('web/src/features/') && to.startsWith('web/src/pages/'))
      problems.push(`${from} → ${to}: features never import pages`);
    if (from.startsWith('web/src/api/') && /^web\/src\/(pages|features|app)\//.test(to))
      problems.push(`${from} → ${to}: the API client imports no UI`);
  }
}
if (problems.length) {
  console.error(`Layer rules broken (${problems.length}):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('layers: ok');
