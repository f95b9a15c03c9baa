import { describe, expect, it } from 'vitest';
import { formatTrackingCode, readTrackingCode } from './tracking-code';

// A code the server's algorithm accepts: body 11 characters, check = Σ(i+1)·value mod 32.
const BODY = 'K7QM2XPA9D4';
const sum = [...BODY].reduce((s, c, i) => s + (i + 1) * '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.indexOf(c), 0);
const CODE = BODY + '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[sum % 32];

describe('tracking codes as typed', () => {
  it('accepts the printed form, lower case, spaces and look-alikes', () => {
    const printed = formatTrackingCode(CODE);
    expect(printed).toMatch(/^K7QM-2XPA-9D4.$/);
    expect(readTrackingCode(printed)).toEqual({ code: CODE, formatted: printed, state: 'ok' });
    expect(readTrackingCode(` ${printed.toLowerCase().replaceAll('-', ' ')} `).state).toBe('ok');
  });

  it('reads I and L as 1, O as 0', () => {
    expect(readTrackingCode('il-o').code).toBe('110');
  });

  it('groups a partial code as far as it goes and says it is incomplete', () => {
    expect(readTrackingCode('k7qm2x')).toEqual({ code: 'K7QM2X', formatted: 'K7QM-2X', state: 'incomplete' });
    expect(readTrackingCode('')).toEqual({ code: '', formatted: '', state: 'incomplete' });
  });

  it('catches a slip: a wrong character fails the check, as do letters the alphabet lacks and extra ones', () => {
    const last = CODE[11] === '0' ? '1' : '0';
    expect(readTrackingCode(CODE.slice(0, 11) + last).state).toBe('mistyped');
    expect(readTrackingCode(`${CODE.slice(0, 11)}U`).state).toBe('mistyped');
    expect(readTrackingCode(`${CODE}7`).state).toBe('mistyped');
  });
});
