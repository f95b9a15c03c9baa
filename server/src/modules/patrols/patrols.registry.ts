import { Type } from 'typebox';
import { type ConfigKey, defineConfigKey } from '../config/config.registry.ts';

/**
 * Patrols left open (the worker forgot to stop, the phone died) are ended by the job `patrols.auto-end`
 * this many hours after they started, resolved for the patrol's division.
 */
export const PatrolAutoEndHours = defineConfigKey({
  key: 'patrols.auto-end-hours',
  description: {
    'zh-CN': '巡查自动结束:开始后超过若干小时仍未结束的巡查由系统结束(结束时间取最后一个轨迹点)',
    'en-US':
      'Patrols still open this many hours after they started are ended by the system (at their last trail point)',
  },
  schema: Type.Integer({ minimum: 1, maximum: 72 }),
  default: 12,
});

/**
 * The duty check (定时): a patrol counts towards a post's duty day when it started inside the schedule's
 * window and lasted at least this many minutes (a patrol started and stopped at once is not a patrol).
 */
export const PatrolDutyMinMinutes = defineConfigKey({
  key: 'patrols.duty-min-minutes',
  description: {
    'zh-CN': '定时巡查考核:一次巡查至少持续若干分钟才计入值守时段的巡查次数',
    'en-US': 'Duty check: a patrol counts towards a duty window only when it lasted at least this many minutes',
  },
  schema: Type.Integer({ minimum: 0, maximum: 24 * 60 }),
  default: 10,
});

export const PATROLS_CONFIG_KEYS: ConfigKey[] = [PatrolAutoEndHours, PatrolDutyMinMinutes];
