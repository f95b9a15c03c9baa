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

export const URBAN_CONFIG_KEYS = [DuplicateRules];
