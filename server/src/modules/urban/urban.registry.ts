import { Type } from 'typebox';
import { defineConfigKey } from '../config/config.registry.ts';

/**
 * When a new report is offered as a duplicate of an open case (重复上报): same category, within this
 * distance and this many hours of the earlier one. Cities tune it: a busy market street wants a small radius.
 */
export const DuplicateRules = defineConfigKey({
  key: 'urban.duplicates',
  description: {
    'zh-CN': '重复上报判定:同一小类、相距不超过若干米、在若干小时内上报的未结案件',
    'en-US': 'Possible duplicates: open cases of the same subclass within this distance, reported within these hours',
  },
  schema: Type.Object(
    {
      radiusM: Type.Number({ minimum: 1, maximum: 5000 }),
      windowHours: Type.Number({ minimum: 1, maximum: 24 * 90 }),
    },
    { additionalProperties: false },
  ),
  default: { radiusM: 50, windowHours: 72 },
});

const LimitSchema = Type.Object(
  {
    amount: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
    unit: Type.Union([Type.Literal('working_hours'), Type.Literal('working_days'), Type.Literal('natural_hours')]),
  },
  { additionalProperties: false },
);

/**
 * How long after a dispatch the lead unit may still return the case (退单时限), counted on the working
 * calendar like every clock, when the category's rules name no `return` limit. Local: 2 working hours is
 * common practice.
 */
export const ReturnLimit = defineConfigKey({
  key: 'urban.return-limit',
  description: {
    'zh-CN': '退单时限:派遣后多长时间内主办单位可以退单(问题小类未规定时使用)',
    'en-US': 'How long after a dispatch the lead unit may return the case (when the category names no limit)',
  },
  schema: LimitSchema,
  default: { amount: 2, unit: 'working_hours' as const },
});

/**
 * When the dispatcher must say why a dispatch goes to another lead unit than the one proposed: always when a
 * routing rule named the unit; cities that hold their dispatchers to the territorial fallback (属地兜底) too add
 * `fallback`.
 */
export const DispatchOverride = defineConfigKey({
  key: 'urban.dispatch-override',
  description: {
    'zh-CN': '派遣改派理由:未按派遣建议选择主办单位时,哪些建议来源要求填写理由(rule 派遣规则,fallback 属地兜底)',
    'en-US':
      'Which proposals a dispatcher must give a reason to depart from (rule: a routing rule; fallback: the territorial fallback)',
  },
  schema: Type.Object(
    {
      reasonRequiredFor: Type.Array(Type.Union([Type.Literal('rule'), Type.Literal('fallback')]), {
        uniqueItems: true,
        maxItems: 2,
      }),
    },
    { additionalProperties: false },
  ),
  default: { reasonRequiredFor: ['rule' as const] },
});

export const URBAN_CONFIG_KEYS = [DuplicateRules, ReturnLimit, DispatchOverride];
