import { type Static, type TSchema, Type } from 'typebox';

/**
 * A domain setting: rules that change over time and differ between divisions (time limits, routing,
 * indicator weights, calendars, hotline data…). Modules declare their keys here, with a default that
 * applies until an administrator records a version.
 */
export interface ConfigKey<S extends TSchema = TSchema> {
  key: string;
  description: { 'zh-CN': string; 'en-US': string };
  schema: S;
  default: Static<S>;
}

export function defineConfigKey<S extends TSchema>(key: ConfigKey<S>): ConfigKey<S> {
  return key;
}

const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

export const WorkingHours = defineConfigKey({
  key: 'calendar.working-hours',
  description: {
    'zh-CN': '工作时间段(按工作时计算时限时使用)',
    'en-US': 'Working periods of a day (for limits counted in working hours)',
  },
  schema: Type.Object(
    {
      periods: Type.Array(Type.Object({ start: Clock, end: Clock }, { additionalProperties: false }), {
        minItems: 1,
        maxItems: 6,
      }),
    },
    { additionalProperties: false },
  ),
  default: {
    periods: [
      { start: '08:30', end: '12:00' },
      { start: '14:30', end: '18:00' },
    ],
  },
});

const Weight = Type.Number({ minimum: 0, maximum: 100 });
export const CompositeScoreWeights = defineConfigKey({
  key: 'indicators.composite-weights',
  description: {
    'zh-CN': '综合评价得分权重(处置率、按期处置率、返工率、超期待处置率、延期率)',
    'en-US': 'Composite score weights (handling, on-time handling, rework, overdue pending, extension rates)',
  },
  schema: Type.Object(
    {
      handlingRate: Weight,
      onTimeHandlingRate: Weight,
      reworkRate: Weight,
      overduePendingRate: Weight,
      extensionRate: Weight,
    },
    { additionalProperties: false },
  ),
  // Chengdu Jinniu's published scheme; cities set their own.
  default: { handlingRate: 30, onTimeHandlingRate: 20, reworkRate: 20, overduePendingRate: 20, extensionRate: 10 },
});

export const PLATFORM_CONFIG_KEYS: ConfigKey[] = [WorkingHours, CompositeScoreWeights];
