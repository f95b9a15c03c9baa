import { Type } from 'typebox';
import { defineConfigKey } from '../config/config.registry.ts';

const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
const Weekday = Type.Integer({ minimum: 1, maximum: 7 });

/**
 * 定人定时: the staffing rules the flags check. A city may change them from a date, or per county.
 * The duty hours are the hours someone must be on duty in every grid; hours no schedule covers are
 * flagged.
 */
export const GridStaffingRules = defineConfigKey({
  key: 'grids.staffing',
  description: {
    'zh-CN': '网格定人定时规则:每名网格员(专职、兼职)最多负责的网格数、网格应值守时段',
    'en-US':
      'Grid staffing rules: most grids one grid worker (full- or part-time) may serve, hours every grid must be staffed',
  },
  schema: Type.Object(
    {
      maxGridsPerPerson: Type.Integer({ minimum: 1, maximum: 100 }),
      dutyHours: Type.Array(
        Type.Object(
          { weekdays: Type.Array(Weekday, { minItems: 1, maxItems: 7 }), start: Clock, end: Clock },
          { additionalProperties: false },
        ),
        { maxItems: 14 },
      ),
    },
    { additionalProperties: false },
  ),
  // Grid workers typically patrol in working hours on weekdays and mornings at weekends (local).
  default: {
    maxGridsPerPerson: 3,
    dutyHours: [
      { weekdays: [1, 2, 3, 4, 5], start: '08:30', end: '17:30' },
      { weekdays: [6, 7], start: '09:00', end: '12:00' },
    ],
  },
});

const Duties = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 30 });

/** 定责: the duties each post carries unless the post itself names others. */
export const GridPostDuties = defineConfigKey({
  key: 'grids.post-duties',
  description: { 'zh-CN': '网格各岗位职责', 'en-US': 'Duties of each grid post' },
  schema: Type.Object(
    { leader: Duties, full_time: Duties, part_time: Duties, supervisor: Duties, instructor: Duties },
    { additionalProperties: false },
  ),
  default: {
    leader: ['统筹网格内各项工作', '组织网格员开展巡查走访', '协调解决网格内问题,重大事项及时上报'],
    full_time: [
      '每日巡查网格,及时发现并上报问题',
      '采集和更新人、地、事、物、组织等基础信息',
      '走访重点人群和困难群众',
      '排查化解矛盾纠纷,协助处置突发事件',
    ],
    part_time: ['协助专职网格员巡查走访', '发现问题及时报告'],
    supervisor: ['监督网格员履职', '核实、核查案件,现场拍照取证'],
    instructor: ['指导网格工作开展', '联系群众,听取意见建议'],
  },
});

/** Geometry checks: slivers below this area are rounding, not gaps or overlaps. */
export const GridGeometryRules = defineConfigKey({
  key: 'grids.geometry',
  description: {
    'zh-CN': '网格图形检查:面积小于容差(平方米)的缝隙和重叠视为误差忽略',
    'en-US': 'Grid geometry checks: gaps and overlaps smaller than the tolerance (m²) are ignored as rounding',
  },
  schema: Type.Object({ toleranceM2: Type.Number({ minimum: 0, maximum: 10_000 }) }, { additionalProperties: false }),
  default: { toleranceM2: 10 },
});

export const GRIDS_CONFIG_KEYS = [GridStaffingRules, GridPostDuties, GridGeometryRules];
