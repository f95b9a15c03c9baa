#!/usr/bin/env node
// Fails when web/src/api/openapi.json or schema.d.ts no longer match what the server declares:
// the web's API types are generated from the server's schemas, never edited by hand.
// Fix with `npm run api:types`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(tmpdir(), 'api-types-'));
const doc = execFileSync(process.execPath, [path.join(root, 'server/bin/civicgrid.mjs'), 'openapi'], {
  cwd: root,
  maxBuffer: 64 << 20,
});
writeFileSync(path.join(dir, 'openapi.json'), doc);
execFileSync(
  path.join(root, 'node_modules/.bin/openapi-typescript'),
  [path.join(dir, 'openapi.json'), '-o', path.join(dir, 'schema.d.ts')],
  {
    stdio: 'ignore',
  },
);
const stale = ['openapi.json', 'schema.d.ts'].filter(
  (f) => readFileSync(path.join(dir, f), 'utf8') !== readFileSync(path.join(root, 'web/src/api', f), 'utf8'),
);
if (stale.length) {
  console.error(
    `web/src/api/${stale.join(', ')} out of date with the server's OpenAPI document: run npm run api:types`,
  );
  process.exit(1);
}
console.log('api types: up to date');
