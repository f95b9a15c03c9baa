import { describe, expect, it } from 'vitest';
import { catalogues, translate } from './translate';
import { LOCALES } from './types';

function flatten(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(`${prefix}${k}`, v);
    else for (const [kk, vv] of flatten(v as object, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('locale catalogues', () => {
  const zh = flatten(catalogues['zh-CN']);

  it.each(LOCALES)('%s has exactly the keys of zh-CN', (locale) => {
    expect([...flatten(catalogues[locale]).keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it.each(LOCALES)('%s uses the same {placeholders} as zh-CN and leaves no string empty', (locale) => {
    for (const [key, text] of flatten(catalogues[locale])) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(text), key).toEqual(placeholders(zh.get(key) ?? ''));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh-CN', 'common.total', { total: 3 })).toBe('共 3 条');
    expect(translate('en-US', 'common.total', { total: 3 })).toBe('3 in total');
    expect(translate('en-US', 'common.total')).toBe('{total} in total');
  });
});
