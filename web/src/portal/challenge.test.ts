import { describe, expect, it } from 'vitest';
import { readAnswer } from './challenge';

describe('the answer to the check question', () => {
  it('takes digits as typed, full-width digits and leading zeros', () => {
    expect(readAnswer(' 12 ')).toBe('12');
    expect(readAnswer('１２')).toBe('12');
    expect(readAnswer('07')).toBe('7');
  });

  it('reads Chinese numerals from handwriting or voice input', () => {
    expect(readAnswer('七')).toBe('7');
    expect(readAnswer('十')).toBe('10');
    expect(readAnswer('十二')).toBe('12');
    expect(readAnswer('十八。')).toBe('18');
    expect(readAnswer('二十')).toBe('20');
    expect(readAnswer('两')).toBe('2');
  });

  it('sends what it cannot read as typed (the server refuses it)', () => {
    expect(readAnswer('twelve')).toBe('twelve');
    expect(readAnswer('十十')).toBe('十十');
  });
});
