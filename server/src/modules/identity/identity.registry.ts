import { Type } from 'typebox';
import { type ConfigKey, defineConfigKey } from '../config/config.registry.ts';

/**
 * Security policy as versioned configuration: a city may tighten it for a county (or relax the idle
 * timeout for a command centre that watches one screen all shift) from a date, without a restart.
 * Each value is resolved for the account's own division.
 */
export const SessionPolicy = defineConfigKey({
  key: 'security.sessions',
  description: {
    'zh-CN': '会话时限:无操作超时(分钟)与绝对时限(小时),超时后须重新登录',
    'en-US': 'Session limits: idle timeout (minutes) and absolute lifetime (hours), after which one signs in again',
  },
  schema: Type.Object(
    {
      idleMinutes: Type.Integer({ minimum: 1, maximum: 24 * 60 }),
      absoluteHours: Type.Integer({ minimum: 1, maximum: 24 * 30 }),
    },
    { additionalProperties: false },
  ),
  default: { idleMinutes: 30, absoluteHours: 12 },
});

export const LockoutPolicy = defineConfigKey({
  key: 'security.lockout',
  description: {
    'zh-CN': '登录失败锁定:连续失败次数上限与锁定时长(分钟)',
    'en-US': 'Lockout after failed sign-ins: failures in a row allowed and how long the account stays locked (minutes)',
  },
  schema: Type.Object(
    {
      maxFailures: Type.Integer({ minimum: 1, maximum: 100 }),
      lockMinutes: Type.Integer({ minimum: 1, maximum: 24 * 60 }),
    },
    { additionalProperties: false },
  ),
  default: { maxFailures: 5, lockMinutes: 15 },
});

export const PasswordPolicy = defineConfigKey({
  key: 'security.passwords',
  description: {
    'zh-CN': '密码规则:最小长度,以及大写字母、小写字母、数字、符号四类中至少包含几类',
    'en-US': 'Password rules: minimum length, and how many of upper case, lower case, digits and symbols it must mix',
  },
  schema: Type.Object(
    {
      minLength: Type.Integer({ minimum: 8, maximum: 64 }),
      requireClasses: Type.Integer({ minimum: 1, maximum: 4 }),
    },
    { additionalProperties: false },
  ),
  default: { minLength: 10, requireClasses: 3 },
});

export const IDENTITY_CONFIG_KEYS: ConfigKey[] = [SessionPolicy, LockoutPolicy, PasswordPolicy];
