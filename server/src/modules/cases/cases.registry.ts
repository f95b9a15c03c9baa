import { Type } from 'typebox';
import { defineConfigKey } from '../config/config.registry.ts';

const Share = Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 });
const Remaining = Type.Number({ exclusiveMinimum: 0, maximum: 1000 });
const Rule = Type.Object({ share: Share, remaining: Remaining }, { additionalProperties: false });

/**
 * When a running clock turns yellow (预警): a share of its limit used, or an amount left in the limit's
 * own unit — whichever comes first. The amount-left rule applies only to limits longer than it, so a
 * 2-working-hour case is not yellow at birth. 12345 practice: the yellow card comes 1 working day
 * before the deadline.
 */
export const DeadlineStatusRules = defineConfigKey({
  key: 'cases.deadline-status',
  description: {
    'zh-CN': '时限预警(黄灯)规则:已用时限比例,或剩余时限(按时限自身单位),先到者为准',
    'en-US': 'When a deadline turns yellow: share of the limit used, or time left in its own unit, whichever first',
  },
  schema: Type.Object(
    { working_hours: Rule, working_days: Rule, natural_hours: Rule },
    { additionalProperties: false },
  ),
  default: {
    working_hours: { share: 0.8, remaining: 1 },
    working_days: { share: 0.8, remaining: 1 },
    natural_hours: { share: 0.8, remaining: 1 },
  },
});

export const CASES_CONFIG_KEYS = [DeadlineStatusRules];

/**
 * A work queue (工作台队列): what one kind of user works through — the acceptor's inbox, the dispatcher's
 * queue, a department's to-do. Declared by the domain beside its workflow, shown to holders of its roles.
 * A case is in the queue when it is in one of `states` and, if `tasks` is given, has an open task of those
 * kinds for the reader (their account or one of their units); `tasks` alone means any state.
 */
export interface WorkQueue {
  key: string;
  workflow: string;
  name: { 'zh-CN': string; 'en-US': string };
  description: { 'zh-CN': string; 'en-US': string };
  roles: readonly string[];
  states?: readonly string[];
  tasks?: readonly string[];
}
