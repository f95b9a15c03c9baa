import { type Actor, requirePermission, requireScope } from '../../platform/access.ts';
import { defineErrors } from '../../platform/errors.ts';

export const RegionsErrors = defineErrors({
  DIVISION_NOT_FOUND: {
    status: 404,
    'zh-CN': '未找到 {at} 有效的行政区划 {code}',
    'en-US': 'No division {code} was in force on {at}',
  },
  BAD_DIVISION_CODE: {
    status: 400,
    'zh-CN':
      '行政区划代码“{code}”不正确:应为 2、4、6、9 或 12 位数字(如 14、1404、140403),也可写作补零的 6 位(如 140400)',
    'en-US':
      'The division code "{code}" is not valid: 2, 4, 6, 9 or 12 digits (14, 1404, 140403), or a padded 6-digit form (140400)',
  },
  DIVISION_NOT_A_CITY: {
    status: 400,
    'zh-CN': '“{code}”不是地级市代码:请给出 4 位代码(如 1404)或补零的 6 位代码(如 140400)',
    'en-US': '"{code}" is not a city code: give 4 digits (1404) or the padded 6-digit form (140400)',
  },
  CITY_NOT_IN_DATASET: {
    status: 422,
    'zh-CN': '行政区划数据 {source} 中没有代码为 {code} 的地级市',
    'en-US': 'The division dataset {source} has no city with the code {code}',
  },
  DIVISION_VALID_FROM_TOO_EARLY: {
    status: 409,
    'zh-CN':
      '生效日期 {validFrom} 早于 {code} 现行版本的生效日期 {current}:已有的历史版本不能改写,请使用不早于 {current} 的日期',
    'en-US':
      'The date {validFrom} is before {current}, when the version of {code} in force began: history cannot be rewritten; use {current} or later',
  },
  DIVISION_GEOMETRY_INVALID: {
    status: 422,
    'zh-CN': '{code} 的边界不是有效的面(多边形):{problems}',
    'en-US': 'The boundary of {code} is not a valid area (polygon): {problems}',
  },
});

/**
 * Division names and codes are public reference data (they are printed on every signpost): any signed-in
 * user reads them, so reading has no policy. Changing them — imports, boundaries — needs `regions.manage`
 * and the divisions in the caller's scope: a county's administrator cannot re-import the whole city.
 */
export const regionsPolicy = {
  manage(actor: Actor, divisionCode: string): void {
    requirePermission(actor, 'regions.manage');
    requireScope(actor, divisionCode);
  },
};
