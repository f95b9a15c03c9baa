import { describe, expect, it } from 'vitest';
import { newIdempotencyKey, SubmissionKeys } from './idempotency';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('SubmissionKeys', () => {
  const body = { key: 'case.deadline', divisionCode: '140403', effectiveFrom: '2025-01-01', value: 5, note: null };

  it('reuses the key when the same submission is retried after a failure', () => {
    const keys = new SubmissionKeys();
    const first = keys.keyFor(body);
    expect(first).toMatch(UUID);
    expect(keys.keyFor({ ...body })).toBe(first);
  });

  it('starts a new submission when the payload changes', () => {
    const keys = new SubmissionKeys();
    const first = keys.keyFor(body);
    expect(keys.keyFor({ ...body, value: 6 })).not.toBe(first);
  });

  it('starts a new submission after a success, even with the same payload', () => {
    const keys = new SubmissionKeys();
    const first = keys.keyFor(body);
    keys.succeeded();
    expect(keys.keyFor(body)).not.toBe(first);
  });
});

describe('newIdempotencyKey', () => {
  it('makes a v4 UUID without crypto.randomUUID (plain-http intranet pages)', () => {
    const original = crypto.randomUUID;
    try {
      Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
      const key = newIdempotencyKey();
      expect(key).toMatch(UUID);
      expect(newIdempotencyKey()).not.toBe(key);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: original, configurable: true });
    }
  });
});
