import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  characterClasses,
  hashPassword,
  passwordProblems,
  temporaryPassword,
  verifyPassword,
} from './identity.password.ts';

const POLICY = { minLength: 10, requireClasses: 3 };

describe('passwords', () => {
  test('hashes are argon2id, salted, and verify only the right password', async () => {
    const a = await hashPassword('Correct-Horse-7');
    const b = await hashPassword('Correct-Horse-7');
    assert.match(a, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.notEqual(a, b);
    assert.equal(await verifyPassword(a, 'Correct-Horse-7'), true);
    assert.equal(await verifyPassword(a, 'correct-horse-7'), false);
    assert.equal(await verifyPassword('not a hash', 'x'), false);
  });

  test('the policy: length, three of four character classes, no username, nothing common', () => {
    assert.deepEqual(passwordProblems('Gr1d-Worker-2026', POLICY, 'zhangwei'), []);
    assert.deepEqual(passwordProblems('Ab1!', POLICY, 'zhangwei'), ['too-short']);
    assert.deepEqual(passwordProblems('abcdefghijkmn', POLICY, 'zhangwei'), ['too-simple']);
    assert.deepEqual(passwordProblems('Zhangwei-2026', POLICY, 'zhangwei'), ['contains-username']);
    assert.ok(passwordProblems('Password123!', POLICY, 'zhangwei').includes('too-common'));
    assert.ok(passwordProblems('1234567890', POLICY, 'x').includes('too-common'));
    // Chinese characters count as the fourth class (neither letter case nor digit).
    assert.equal(characterClasses('网格abc123'), 3);
  });

  test('temporary passwords pass the strictest policy', () => {
    for (let i = 0; i < 50; i++) {
      const p = temporaryPassword();
      assert.equal(p.length, 16);
      assert.deepEqual(passwordProblems(p, { minLength: 16, requireClasses: 4 }, 'admin'), []);
    }
  });
});
