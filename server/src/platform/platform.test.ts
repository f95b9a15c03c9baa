import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalJson } from './canonical-json.ts';
import { BusinessTime, ManualClock } from './clock.ts';
import { countyOf, divisionLineage, normalizeDivisionCode } from './divisions.ts';
import { negotiateLocale } from './errors.ts';

describe('business time', () => {
  test('"today" is Shanghai’s date while the machine’s UTC date is still yesterday', () => {
    const clock = new ManualClock('2026-09-30T17:30:00Z'); // 01:30 on 1 October in Shanghai
    const time = new BusinessTime(clock, 'Asia/Shanghai');
    assert.equal(time.today(), '2026-10-01');
    assert.equal(time.month(), '2026-10');
    assert.equal(time.format(), '2026-10-01T01:30:00+08:00');
    assert.equal(time.startOfDay('2026-10-01').toISOString(), '2026-09-30T16:00:00.000Z');
  });

  test('tests move the clock and business time follows', () => {
    const clock = new ManualClock('2026-12-31T15:59:59Z');
    const time = new BusinessTime(clock, 'Asia/Shanghai');
    assert.equal(time.month(), '2026-12');
    clock.advance(1000);
    assert.equal(time.month(), '2027-01');
  });
});

describe('division codes', () => {
  test('a town inherits from its county, city, province and the installation, in that order', () => {
    assert.deepEqual(divisionLineage('140431101'), ['140431101', '140431', '1404', '14', '']);
  });
  test('padded six-digit forms are understood', () => {
    assert.equal(normalizeDivisionCode('140400'), '1404');
    assert.equal(normalizeDivisionCode('140000'), '14');
    assert.equal(normalizeDivisionCode('140403'), '140403');
    assert.throws(() => normalizeDivisionCode('1404031'), /2, 4, 6, 9 or 12 digits/);
  });
  test('the county of a community is its first six digits', () => {
    assert.equal(countyOf('140403001002'), '140403');
    assert.equal(countyOf('1404'), null);
  });
});

describe('language negotiation', () => {
  test('English when the browser prefers it, Chinese otherwise', () => {
    assert.equal(negotiateLocale('en-US,en;q=0.9'), 'en-US');
    assert.equal(negotiateLocale('zh-TW'), 'zh-CN');
    assert.equal(negotiateLocale('fr-FR, en;q=0.5'), 'en-US');
    assert.equal(negotiateLocale('fr-FR'), 'zh-CN');
    assert.equal(negotiateLocale('en;q=0.2, zh;q=0.8'), 'zh-CN');
    assert.equal(negotiateLocale(undefined), 'zh-CN');
    assert.equal(negotiateLocale('en;q=abc'), 'zh-CN');
  });
});

describe('canonical JSON', () => {
  test('the same body with keys in another order is the same request', () => {
    assert.equal(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] }), canonicalJson({ a: [{ x: 1, y: 2 }], b: 1 }));
    assert.notEqual(canonicalJson({ a: 1 }), canonicalJson({ a: '1' }));
  });
});
