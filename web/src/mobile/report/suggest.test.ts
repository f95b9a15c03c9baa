import { describe, expect, it } from 'vitest';
import { type CategoryOption, rememberChoice, suggestCategories, textScore } from './suggest';

const cat = (code: string, nameZh: string, nameEn: string): CategoryOption => ({
  code,
  nameZh,
  nameEn,
  parentCode: code.slice(0, 2),
});
const categories = [
  cat('0101', '私搭乱建', 'Illegal structure'),
  cat('0102', '暴露垃圾', 'Exposed rubbish'),
  cat('0103', '积存垃圾渣土', 'Accumulated rubbish'),
  cat('0104', '道路不洁', 'Unclean road'),
  cat('0404', '下水道堵塞或破损', 'Blocked or broken sewer'),
  cat('0505', '机动车乱停放', 'Illegally parked car'),
];
const codes = (s: { code: string }[]) => s.map((x) => x.code);

describe('textScore', () => {
  it('matches a name inside the description and pairs of characters', () => {
    expect(textScore('路边有暴露垃圾', categories[1]!)).toBe(1);
    expect(textScore('下水道堵了', categories[4]!)).toBeGreaterThan(0);
    expect(textScore('two cars parked on the pavement', categories[5]!)).toBeCloseTo(2 / 3);
    expect(textScore('rubbish bags by the road', categories[3]!)).toBe(0.5);
    expect(textScore('a broad street', categories[3]!)).toBe(0);
    expect(textScore('垃', categories[1]!)).toBe(0);
    expect(textScore('', categories[1]!)).toBe(0);
  });
});

describe('suggestCategories', () => {
  it('puts what the description names first, then the grid’s most used, then the worker’s recent choices', () => {
    const s = suggestCategories({
      categories,
      gridUsage: ['0505', '0104'],
      recent: ['0404', '0505'],
      text: '一堆垃圾',
      limit: 5,
    });
    expect(s[0]).toEqual({ code: '0102', reason: 'text' });
    expect(s.slice(2)).toEqual([
      { code: '0505', reason: 'grid' },
      { code: '0104', reason: 'grid' },
      { code: '0404', reason: 'recent' },
    ]);
    expect(s[1]).toEqual({ code: '0103', reason: 'text' });
  });

  it('without any history offers the classification’s order, each category once, up to the limit', () => {
    expect(codes(suggestCategories({ categories, gridUsage: [], recent: [], text: '', limit: 3 }))).toEqual([
      '0101',
      '0102',
      '0103',
    ]);
    const s = suggestCategories({ categories, gridUsage: ['0104', '9999'], recent: ['0104'], text: '', limit: 10 });
    expect(codes(s)).toEqual(['0104', '0101', '0102', '0103', '0404', '0505']);
  });
});

describe('rememberChoice', () => {
  it('keeps the latest first, once, and forgets the oldest', () => {
    expect(rememberChoice(['a', 'b', 'c'], 'b')).toEqual(['b', 'a', 'c']);
    expect(rememberChoice(['a', 'b', 'c'], 'd', 3)).toEqual(['d', 'a', 'b']);
  });
});
