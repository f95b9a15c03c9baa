import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadSettings, SettingsError } from '../../config/settings.ts';
import { createContext } from '../../context.ts';
import { KeyRing, KeyRingError, keysFileIn, loadKeyRing, newKeyRingJson } from './key-ring.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'civicgrid-keys-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const b64 = (n = 32) => randomBytes(n).toString('base64');

describe('keys file in the data directory', () => {
  test('is created on first use, readable only by its owner, and reused afterwards', () => {
    const dataDir = tempDir();
    const file = keysFileIn(dataDir);
    const ring = loadKeyRing({ dataKeys: null, dataDir });
    assert.equal(existsSync(file), false, 'nothing is written before a key is needed');

    assert.equal(ring.activeId, 'k1');
    assert.equal(ring.source, 'file');
    assert.equal(existsSync(file), true);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o700);
    assert.deepEqual(readdirSync(path.dirname(file)), ['personal-data-keys.json'], 'no temporary file left');
    assert.equal(ring.activeKey.length, 32);
    assert.notDeepEqual(ring.indexKey, ring.activeKey);

    const again = loadKeyRing({ dataKeys: null, dataDir });
    assert.deepEqual(again.activeKey, ring.activeKey);
    assert.deepEqual(again.indexKey, ring.indexKey);
  });

  test('rotation adds a key, makes it active, keeps the old one and survives a restart', () => {
    const dataDir = tempDir();
    const ring = loadKeyRing({ dataKeys: null, dataDir });
    const k1 = ring.activeKey;
    const index = ring.indexKey;
    assert.equal(ring.rotate(), 'k2');
    assert.equal(ring.activeId, 'k2');
    assert.deepEqual(ring.key('k1'), k1);
    assert.deepEqual(ring.indexKey, index, 'the blind-index key is not rotated');

    const restarted = loadKeyRing({ dataKeys: null, dataDir });
    assert.equal(restarted.activeId, 'k2');
    assert.deepEqual(restarted.ids.sort(), ['k1', 'k2']);
    assert.equal(statSync(keysFileIn(dataDir)).mode & 0o777, 0o600);
  });

  test('a key added by another process (the CLI rotating) is found by reading the file again', () => {
    const dataDir = tempDir();
    const server = loadKeyRing({ dataKeys: null, dataDir });
    assert.equal(server.activeId, 'k1');
    const cli = loadKeyRing({ dataKeys: null, dataDir });
    const id = cli.rotate();
    assert.deepEqual(server.key(id), cli.key(id));
    assert.equal(server.key('k9'), undefined);
  });

  // CivicGrid runs on Linux servers (Debian); file modes are part of how the keys are protected there.
  test('a keys file other users can read is refused', () => {
    const dataDir = tempDir();
    loadKeyRing({ dataKeys: null, dataDir }).activeId;
    chmodSync(keysFileIn(dataDir), 0o644);
    assert.throws(
      () => loadKeyRing({ dataKeys: null, dataDir }),
      /readable by other users \(mode 0644\); run chmod 600/,
    );
  });

  test('a damaged keys file is reported with its path', () => {
    const dataDir = tempDir();
    const file = keysFileIn(dataDir);
    loadKeyRing({ dataKeys: null, dataDir }).activeId;
    writeFileSync(file, '{"active": "k1"', { mode: 0o600 });
    assert.throws(
      () => loadKeyRing({ dataKeys: null, dataDir }),
      (err: Error) => err instanceof KeyRingError && err.message.startsWith(`${file}: not valid JSON`),
    );
  });
});

describe('CIVICGRID_DATA_KEYS', () => {
  test('a valid ring is used as given, and nothing is written to the data directory', () => {
    const dataDir = tempDir();
    const k1 = b64();
    const k2 = b64();
    const ring = loadKeyRing({
      dataKeys: JSON.stringify({ active: 'k2', keys: { k1, k2 }, index: b64() }),
      dataDir,
    });
    assert.equal(ring.source, 'env');
    assert.equal(ring.activeId, 'k2');
    assert.equal(ring.key('k1')?.toString('base64'), k1);
    assert.equal(existsSync(path.join(dataDir, 'keys')), false);
  });

  test('newKeyRingJson makes a ring that passes the checks', () => {
    const ring = KeyRing.fromJson(newKeyRingJson());
    assert.equal(ring.activeId, 'k1');
  });

  test('rotation is refused: the keys belong to whoever manages the secret', () => {
    const ring = KeyRing.fromJson(newKeyRingJson());
    assert.throws(() => ring.rotate(), /CIVICGRID_DATA_KEYS is set.*add a new key to it, make it "active"/);
  });

  const secret = b64();
  const cases: [string, string, RegExp][] = [
    ['not JSON', `{"active": "k1", "keys": {"k1": "${secret}"`, /not valid JSON/],
    ['an array', '[]', /must be a JSON object/],
    [
      'an unknown field',
      JSON.stringify({ active: 'k1', keys: { k1: b64() }, index: b64(), foo: 1 }),
      /unknown field "foo"/,
    ],
    ['no keys', JSON.stringify({ active: 'k1', keys: {}, index: b64() }), /"keys" is empty/],
    [
      'active key missing',
      JSON.stringify({ active: 'k3', keys: { k1: b64() }, index: b64() }),
      /"active" key "k3" is not in "keys"/,
    ],
    ['no active', JSON.stringify({ keys: { k1: b64() }, index: b64() }), /"active" must name/],
    [
      'a short key',
      JSON.stringify({ active: 'k1', keys: { k1: b64(16) }, index: b64() }),
      /key "k1" must be 32 bytes in base64/,
    ],
    [
      'a key not in base64',
      JSON.stringify({ active: 'k1', keys: { k1: `${secret.slice(0, -2)}!=` }, index: b64() }),
      /key "k1" must be 32 bytes/,
    ],
    ['a bad key id', JSON.stringify({ active: 'k.1', keys: { 'k.1': b64() }, index: b64() }), /key id "k.1" must be/],
    [
      'no index key',
      JSON.stringify({ active: 'k1', keys: { k1: b64() } }),
      /"index" \(the blind-index key\) is missing/,
    ],
    [
      'index equal to a data key',
      JSON.stringify({ active: 'k1', keys: { k1: secret }, index: secret }),
      /"index" must differ/,
    ],
    [
      'two equal keys',
      JSON.stringify({ active: 'k1', keys: { k1: secret, k2: secret }, index: b64() }),
      /keys "k1" and "k2" are the same key/,
    ],
  ];
  for (const [what, json, message] of cases) {
    test(`${what} is a one-line error that names the variable and quotes no key`, () => {
      assert.throws(
        () => KeyRing.fromJson(json),
        (err: Error) => {
          assert.ok(err instanceof KeyRingError);
          assert.match(err.message, /^CIVICGRID_DATA_KEYS: /);
          assert.match(err.message, message);
          assert.doesNotMatch(err.message, /\n/);
          assert.ok(!err.message.includes(secret.slice(0, 12)), 'the message must not quote key material');
          return true;
        },
      );
    });
  }

  test('the server refuses to start with a bad value, in one line, before opening the database', async () => {
    const dataDir = tempDir();
    const settings = loadSettings({ CIVICGRID_DATA_KEYS: '{"active": "k1"}', LOG_LEVEL: 'silent' }, { dataDir });
    await assert.rejects(
      createContext(settings),
      (err: Error) =>
        err instanceof SettingsError &&
        err.message ===
          'CIVICGRID_DATA_KEYS: "keys" must be an object of key id → base64 key ' +
            '({"active": "k1", "keys": {"k1": "<base64>"}, "index": "<base64>"}, keys from `openssl rand -base64 32`)',
    );
    assert.deepEqual(readdirSync(dataDir), [], 'no database was created');
  });

  test('the keys file is not written when the keys come from the environment', () => {
    const dataDir = tempDir();
    const json = newKeyRingJson();
    const settings = loadSettings({ CIVICGRID_DATA_KEYS: json }, { dataDir });
    assert.equal(settings.dataKeys, json);
    loadKeyRing({ dataKeys: settings.dataKeys, dataDir }).activeKey;
    assert.equal(existsSync(keysFileIn(dataDir)), false);
  });
});
