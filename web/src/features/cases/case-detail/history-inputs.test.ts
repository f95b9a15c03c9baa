import { describe, expect, it } from 'vitest';
import type { Translate } from '../../../locales';
import { translate } from '../../../locales';
import { historyInputRows } from './history-inputs';

const t: Translate = (key, vars) => translate('zh-CN', key, vars);
const names = {
  unit: (id: string) => ({ u1: '环卫所', u2: '市政所' })[id],
  account: (id: string) => ({ a1: '周涛' })[id],
};

describe('historyInputRows', () => {
  it('names units, accounts, limits and choices, and skips the system clock key and empty values', () => {
    const rows = historyInputRows(
      t,
      {
        inputs: {
          lead: 'u1',
          assist: ['u2', 'u9'],
          limit: { amount: 2, unit: 'working_days' },
          checker: 'a1',
          closureType: 'normal',
          note: '',
          clock: 'handle',
        },
      },
      names,
    );
    expect(rows.map((r) => [r.label, r.value])).toEqual([
      ['主办单位', '环卫所'],
      ['协办单位', '市政所、u9'],
      ['处置时限', '2 工作日'],
      ['核查人员', '周涛'],
      ['结案类型', '正常结案'],
    ]);
  });

  it('reads a position on site as coordinates, with the accuracy and how far from the case it was taken', () => {
    const rows = historyInputRows(
      t,
      { inputs: { position: { lon: 113.11381, lat: 36.19318, accuracy: 12.4 }, $distanceM: 35.2 } },
      names,
    );
    expect(rows.map((r) => [r.label, r.value])).toEqual([
      ['现场位置', '北纬 36.19318、东经 113.11381(精度约 12 米),距案件位置 35 米'],
    ]);
  });

  it('marks another case’s id as a case', () => {
    const [row] = historyInputRows(t, { inputs: { into: 'c-2' } }, names);
    expect(row).toMatchObject({ kind: 'case', value: 'c-2', label: '合并到' });
  });
});
