import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { AppError } from '../errors.ts';
import { aesGcmSha256Suite, SM_SUITE_AVAILABLE, sm4CbcHmacSm3Suite } from './cipher-suite.ts';
import { KeyRing, loadKeyRing, newKeyRingJson } from './key-ring.ts';
import { idCardCheckDigit, isValidIdCard, normalizePhone, type PersonalDataKind } from './normalize.ts';
import { PersonalDataError, PersonalDataProtector } from './personal-data.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function fileRing(): KeyRing {
  const dir = mkdtempSync(path.join(tmpdir(), 'civicgrid-pd-'));
  dirs.push(dir);
  return loadKeyRing({ dataKeys: null, dataDir: dir });
}
const protector = () => new PersonalDataProtector({ keys: KeyRing.fromJson(newKeyRingJson()) });

const PHONE = '13812345678';
const ID_CARD = '11010519491231002X'; // the example of GB 11643-1999
const samples: [PersonalDataKind, string][] = [
  ['phone', PHONE],
  ['idCard', ID_CARD],
  ['address', '山西省长治市潞州区英雄中路123号4单元501室'],
  ['name', '张三丰'],
];

describe('sealing personal data', () => {
  const pd = protector();

  test('every kind round-trips, including rare characters and empty strings', () => {
    for (const [kind, value] of [...samples, ['name', '𠮷野·阿依古丽'], ['address', '']] as const) {
      const sealed = pd.seal(kind, value);
      assert.match(sealed, /^pd1\.aes-256-gcm\.k1\.[A-Za-z0-9_-]+$/);
      assert.equal(pd.open(kind, sealed), value);
    }
  });

  test('the sealed value never contains the plaintext digits, plain or encoded', () => {
    const sealed = pd.seal('phone', PHONE);
    assert.ok(!sealed.includes(PHONE));
    assert.ok(!sealed.includes(Buffer.from(PHONE).toString('base64url')));
    const body = Buffer.from(sealed.split('.')[3] ?? '', 'base64url');
    assert.equal(body.indexOf(Buffer.from(PHONE)), -1);
    assert.equal(body.indexOf(Buffer.from('5678')), -1);
  });

  test('a flipped byte anywhere in the body is refused', () => {
    const sealed = pd.seal('phone', PHONE);
    const prefix = sealed.slice(0, sealed.lastIndexOf('.') + 1);
    const body = Buffer.from(sealed.slice(prefix.length), 'base64url');
    for (let i = 0; i < body.length; i++) {
      const bad = Buffer.from(body);
      bad[i] = (bad[i] ?? 0) ^ 0x80;
      assert.throws(() => pd.open('phone', prefix + bad.toString('base64url')), PersonalDataError);
    }
  });

  test('a sealed phone number copied into an ID-card column does not open', () => {
    const sealed = pd.seal('phone', PHONE);
    assert.throws(() => pd.open('idCard', sealed), {
      name: 'PersonalDataError',
      message: /a sealed idCard \(key k1\) does not open: altered, sealed as another kind/,
    });
  });

  test('a value sealed under other keys, or an unknown key id, suite or format, is refused without the value', () => {
    const other = protector().seal('phone', PHONE);
    assert.throws(() => pd.open('phone', other), /does not open/);
    assert.throws(() => pd.open('phone', other.replace('.k1.', '.k7.')), /names key k7, which is not in the key ring/);
    assert.throws(() => pd.open('phone', other.replace('aes-256-gcm', 'rot13')), /cipher suite rot13, which is not/);
    for (const bad of [PHONE, 'pd1.aes-256-gcm.k1', 'pd2.aes-256-gcm.k1.AAAA', 'pd1.aes-256-gcm.k1.AA+A', '']) {
      assert.throws(() => pd.open('phone', bad), { name: 'PersonalDataError', message: /^not a sealed value/ });
    }
    assert.equal(PersonalDataProtector.isSealed(other), true);
    assert.equal(PersonalDataProtector.isSealed(PHONE), false);
  });

  test('an unknown kind is refused', () => {
    assert.throws(() => pd.seal('email' as PersonalDataKind, 'a@b.c'), /unknown kind of personal data "email"/);
  });
});

describe('blind index', () => {
  const pd = protector();

  test('the same phone written two ways has the same index but different ciphertexts', () => {
    assert.equal(pd.blindIndex('phone', '+86 138-1234-5678'), pd.blindIndex('phone', '13812345678'));
    assert.notEqual(pd.seal('phone', '13812345678'), pd.seal('phone', '13812345678'));
    assert.match(pd.blindIndex('phone', PHONE), /^[0-9a-f]{64}$/);
  });

  test('equal values of different kinds, and other installations, index differently', () => {
    assert.notEqual(pd.blindIndex('phone', '13812345678'), pd.blindIndex('name', '13812345678'));
    assert.notEqual(pd.blindIndex('phone', PHONE), protector().blindIndex('phone', PHONE));
  });

  test('ID cards and addresses are normalised before indexing', () => {
    assert.equal(pd.blindIndex('idCard', '11010519491231002x'), pd.blindIndex('idCard', ID_CARD));
    assert.equal(pd.blindIndex('idCard', '１１０１０５１９４９１２３１００２Ｘ'), pd.blindIndex('idCard', ID_CARD));
    assert.equal(
      pd.blindIndex('address', ' 英雄中路　123号  4单元 '),
      pd.blindIndex('address', '英雄中路 １２３号 4单元'),
    );
    assert.equal(pd.blindIndex('name', '阿依古丽 • 买买提'), pd.blindIndex('name', '阿依古丽·买买提'));
  });

  test('values that cannot be indexed are a 400 that does not quote them', () => {
    const refused = (kind: PersonalDataKind, value: string, code: string) =>
      assert.throws(
        () => pd.blindIndex(kind, value),
        (err: Error) =>
          err instanceof AppError &&
          err.status === 400 &&
          err.code === code &&
          (value.trim() === '' || !err.message.includes(value)),
      );
    refused('idCard', '110105194912310021', 'INVALID_ID_CARD');
    refused('phone', 'call me', 'INVALID_PHONE');
    refused('address', '  ', 'INVALID_ADDRESS');
    refused('name', '', 'INVALID_NAME');
  });
});

describe('phone normalisation', () => {
  const table: [string, string][] = [
    ['+86 138-1234-5678', '13812345678'],
    ['0086 138 1234 5678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['13812345678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['0355-2021234', '03552021234'],
    ['(0355) 202 1234', '03552021234'],
    ['+86 355 2021234', '03552021234'],
    ['+86 (0)355 2021234', '03552021234'],
    ['010-12345678', '01012345678'],
    ['+1 415 555 0100', '0014155550100'],
    ['12345', '12345'],
  ];
  for (const [input, expected] of table) {
    test(`${input} → ${expected}`, () => assert.equal(normalizePhone(input), expected));
  }
});

describe('ID card numbers (GB 11643-1999)', () => {
  test('the check character is computed from the first 17 digits', () => {
    assert.equal(idCardCheckDigit('11010519491231002'), 'X');
    assert.equal(idCardCheckDigit('14040219900101123'), '5');
  });
  test('valid numbers pass, in lower case or with spaces too', () => {
    assert.equal(isValidIdCard(ID_CARD), true);
    assert.equal(isValidIdCard('11010519491231002x'), true);
    assert.equal(isValidIdCard('140402 19900101 1235'), true);
  });
  test('a wrong check digit, a wrong length, an impossible birth date or the 15-digit form fail', () => {
    assert.equal(isValidIdCard('140402199001011234'), false);
    assert.equal(isValidIdCard('14040219900101123'), false);
    const feb30 = '14040219900230123';
    assert.equal(isValidIdCard(feb30 + idCardCheckDigit(feb30)), false);
    const old = '14040218990101123';
    assert.equal(isValidIdCard(old + idCardCheckDigit(old)), false);
    assert.equal(isValidIdCard('140402900101123'), false);
    assert.equal(isValidIdCard('1404021990010112X5'), false);
  });
});

describe('key rotation', () => {
  test('after a rotation old values open, need resealing, and reseal under the new key', () => {
    const keys = fileRing();
    const pd = new PersonalDataProtector({ keys });
    const before = pd.seal('phone', PHONE);
    const index = pd.blindIndex('phone', PHONE);
    assert.equal(pd.needsReseal(before), false);

    assert.equal(keys.rotate(), 'k2');
    assert.equal(pd.open('phone', before), PHONE);
    assert.equal(pd.needsReseal(before), true);
    const resealed = pd.reseal('phone', before);
    assert.match(resealed, /^pd1\.aes-256-gcm\.k2\./);
    assert.equal(pd.needsReseal(resealed), false);
    assert.equal(pd.open('phone', resealed), PHONE);
    assert.equal(pd.blindIndex('phone', PHONE), index, 'indexes do not change with rotation');

    const restarted = new PersonalDataProtector({
      keys: loadKeyRing({ dataKeys: null, dataDir: path.dirname(path.dirname(keys.file!)) }),
    });
    assert.equal(restarted.open('phone', before), PHONE);
    assert.equal(restarted.open('phone', resealed), PHONE);
  });
});

describe('national algorithms (SM4 + SM3)', () => {
  test('are available in this Node.js build', () => assert.equal(SM_SUITE_AVAILABLE, true));

  test('a deployment that switches suite still opens old values, and reseals them with the new suite', () => {
    const keys = KeyRing.fromJson(newKeyRingJson());
    const aes = new PersonalDataProtector({ keys });
    const sm = new PersonalDataProtector({ keys, suite: sm4CbcHmacSm3Suite });
    const old = aes.seal('idCard', ID_CARD);
    const sealed = sm.seal('idCard', ID_CARD);
    assert.match(sealed, /^pd1\.sm4-cbc-hmac-sm3\.k1\./);
    assert.equal(sm.open('idCard', sealed), ID_CARD);
    assert.throws(() => sm.open('phone', sealed), PersonalDataError);
    assert.equal(sm.open('idCard', old), ID_CARD);
    assert.equal(sm.needsReseal(old), true);
    assert.equal(sm.needsReseal(sm.reseal('idCard', old)), false);
    assert.notEqual(sm.blindIndex('idCard', ID_CARD), aes.blindIndex('idCard', ID_CARD), 'indexes follow the suite');
    assert.equal(sm.blindIndex('phone', '+86 138-1234-5678'), sm.blindIndex('phone', PHONE));
  });

  test('a protector restricted to one suite refuses values of another', () => {
    const keys = KeyRing.fromJson(newKeyRingJson());
    const smOnly = new PersonalDataProtector({ keys, suite: sm4CbcHmacSm3Suite, alsoOpen: [] });
    const old = new PersonalDataProtector({ keys, suite: aesGcmSha256Suite }).seal('phone', PHONE);
    assert.throws(() => smOnly.open('phone', old), /names cipher suite aes-256-gcm, which is not configured/);
  });
});
