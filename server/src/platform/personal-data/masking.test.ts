import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { mask, maskAddress, maskIdCard, maskName, maskPhone } from './masking.ts';
import { MaskedString } from './schemas.ts';

function table(name: string, fn: (v: string) => string, rows: [string, string][]): void {
  describe(name, () => {
    for (const [input, expected] of rows)
      test(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(fn(input), expected));
  });
}

table('a grid worker sees phone numbers masked', maskPhone, [
  ['13812345678', '138****5678'],
  ['+86 138-1234-5678', '138****5678'],
  ['0355-2021234', '0355-****234'],
  ['03552021234', '0355****234'],
  ['010-12345678', '010-*****678'],
  ['12345', '***45'],
  ['110', '***'],
  ['123456789012345678901', '*******************01'],
  ['', ''],
]);

table('ID card numbers keep the region and the last four', maskIdCard, [
  ['140402199001011234', '140402********1234'],
  ['11010519491231002x', '110105********002X'],
  ['140402900101123', '140402******123'],
  ['1404', '****'],
]);

table('addresses are kept down to the street or village', maskAddress, [
  ['山西省长治市潞州区英雄中路123号4单元501室', '山西省长治市潞州区英雄中路***'],
  ['山西省长治市潞州区英雄中路１２３号', '山西省长治市潞州区英雄中路***'],
  ['河北省唐山市路南区学院路1号', '河北省唐山市路南区学院路***'],
  ['北京市朝阳区建国门外大街1号', '北京市朝阳区建国门外大街***'],
  ['山西省长治市潞州区大辛庄镇东沟村3组12号', '山西省长治市潞州区大辛庄镇东沟村***'],
  ['长治市潞州区东街街道英雄中路123号', '长治市潞州区东街街道英雄中路***'],
  ['潞州区紫金小区5号楼2单元301', '潞州区***'],
  ['英雄中路市场3号', '英雄中路***'],
  ['Room 501', '***'],
  ['', ''],
]);

table('names keep the first character', maskName, [
  ['张三丰', '张**'],
  ['李四', '李*'],
  ['王', '*'],
  ['𠮷野家', '𠮷**'],
  ['阿依古丽·买买提', '阿*******'],
]);

test('mask picks the masking of the kind and keeps null', () => {
  assert.equal(mask('phone', '13812345678'), '138****5678');
  assert.equal(mask('idCard', '140402199001011234'), '140402********1234');
  assert.equal(mask('name', '张三丰'), '张**');
  assert.equal(mask('address', null), null);
});

test('MaskedString tells OpenAPI readers the value is masked unless unmasked, and accepts masked values', () => {
  const schema = MaskedString('phone', { maxLength: 40 });
  const { description, examples } = schema as { description?: string; examples?: unknown };
  assert.match(description ?? '', /masked \(e\.g\. 138\*{4}5678\) unless .* unmask.*audit/);
  assert.deepEqual(examples, ['138****5678']);
  assert.equal(Value.Check(Type.Object({ phone: schema }), { phone: '138****5678' }), true);
});
