import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadSettings, SettingsError } from './settings.ts';

describe('process settings', () => {
  test('defaults serve Changzhi on :8080 in Shanghai time with the embedded database', () => {
    const s = loadSettings({});
    assert.equal(s.port, 8080);
    assert.equal(s.timeZone, 'Asia/Shanghai');
    assert.equal(s.databaseUrl, null);
    assert.equal(s.rootDivision, '1404');
    assert.ok(path.isAbsolute(s.dataDir));
  });

  test('each wrong value stops start-up with one line naming the variable', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ PORT: 'eighty' }, /^PORT=eighty is not a whole number/],
      [{ PORT: '70000' }, /^PORT=70000 is invalid/],
      [{ CIVICGRID_TIME_ZONE: 'Beijing' }, /^CIVICGRID_TIME_ZONE=Beijing is not an IANA time zone/],
      [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL=mysql:\/\/x is invalid/],
      [{ CIVICGRID_DEMO: 'maybe' }, /^CIVICGRID_DEMO=maybe must be true or false/],
      [{ TLS_CERT: '/nope.pem' }, /^TLS_CERT and TLS_KEY must be given together/],
      [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL=loud is invalid/],
    ];
    for (const [env, expected] of cases) {
      assert.throws(
        () => loadSettings(env),
        (err: Error) => err instanceof SettingsError && expected.test(err.message) && !err.message.includes('\n'),
        JSON.stringify(env),
      );
    }
  });

  test('an optional JSON file supplies settings; the environment wins over it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'settings-'));
    const file = path.join(dir, 'civicgrid.json');
    writeFileSync(file, JSON.stringify({ PORT: 9000, CIVICGRID_TIME_ZONE: 'Asia/Urumqi' }));
    const s = loadSettings({ CIVICGRID_CONFIG_FILE: file, PORT: '9100' });
    assert.equal(s.port, 9100);
    assert.equal(s.timeZone, 'Asia/Urumqi');
    writeFileSync(file, JSON.stringify({ PROT: 1 }));
    assert.throws(() => loadSettings({ CIVICGRID_CONFIG_FILE: file }), /unknown setting PROT/);
  });
});
