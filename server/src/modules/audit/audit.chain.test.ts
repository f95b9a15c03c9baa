import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GENESIS_HASH, recordHash, storableDetails, storableText } from './audit.chain.ts';
import { csvField, csvLine } from './audit.csv.ts';
import { outcomeOf } from './audit.plugin.ts';
import type { AuditRow } from './audit.repo.ts';

test('the chain hash covers every field and ignores the order of detail keys', () => {
  const base: Omit<AuditRow, 'prevHash' | 'hash'> = {
    seq: 1,
    id: '01890000-0000-7000-8000-000000000000',
    occurredAt: new Date('2026-03-02T02:00:00Z'),
    actorKind: 'operator',
    actorId: 'operator',
    actorName: 'operator',
    action: 'http.write',
    outcome: 'success',
    targetType: null,
    targetId: null,
    ownerDivision: '',
    ip: null,
    requestId: null,
    details: { a: 1, b: { c: 2, d: 3 } },
  };
  const h = recordHash(GENESIS_HASH, base);
  assert.equal(recordHash(GENESIS_HASH, { ...base, details: { b: { d: 3, c: 2 }, a: 1 } }), h);
  for (const [k, v] of Object.entries({ seq: 2, ip: '::1', targetId: '', actorId: null, ownerDivision: '14' })) {
    assert.notEqual(recordHash(GENESIS_HASH, { ...base, [k]: v }), h, k);
  }
  assert.notEqual(recordHash('f'.repeat(64), base), h);
});

test('text PostgreSQL would refuse is replaced, and long text is cut', () => {
  assert.equal(storableText('a\u0000b'), 'a\uFFFDb');
  assert.equal(storableText('x\uD800y\uDC00z'), 'x\uFFFDy\uFFFDz');
  assert.equal(storableText('😀 ok'), '😀 ok', 'a surrogate pair is kept');
  assert.equal(storableText('abcdef', 4), 'abc…');
  assert.deepEqual(storableDetails({ ['__proto__']: { polluted: true }, list: [new Date(0), undefined] }), {
    ['__proto__']: { polluted: true },
    list: ['1970-01-01T00:00:00.000Z', null],
  });
  assert.equal(({} as { polluted?: boolean }).polluted, undefined);
});

test('CSV fields are quoted when needed and formulas are neutralised', () => {
  assert.equal(csvField(null), '');
  assert.equal(csvField(12), '12');
  assert.equal(csvField('网格员 张三'), '网格员 张三');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"\nbye'), '"say ""hi""\nbye"');
  assert.equal(csvField('=1+2'), "'=1+2");
  assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvField('-2'), "'-2");
  assert.equal(csvLine(['a', null, 3]), 'a,,3\r\n');
});

test('a response status becomes an outcome: 2xx success, 401/403 denied, anything else failure', () => {
  assert.deepEqual([200, 201, 204, 400, 401, 403, 404, 409, 429, 500].map(outcomeOf), [
    'success',
    'success',
    'success',
    'failure',
    'denied',
    'denied',
    'failure',
    'failure',
    'failure',
    'failure',
  ]);
});
