import { Type } from 'typebox';
import { type ConfigKey, defineConfigKey } from '../config/config.registry.ts';

/** The shortest retention the issue allows: audit records are kept at least six months. */
export const MIN_AUDIT_RETENTION_DAYS = 183;

/**
 * How long audit records are kept. The audit trail is one chain for the whole installation, so only
 * the installation-wide value ('') applies; versions for a division are ignored.
 */
export const AuditRetentionDays = defineConfigKey({
  key: 'audit.retention-days',
  description: {
    'zh-CN': '审计日志保留天数(不少于 183 天,即 6 个月;仅全平台级设置生效)',
    'en-US': 'Days audit records are kept (at least 183, i.e. six months; only the installation-wide value applies)',
  },
  schema: Type.Integer({ minimum: MIN_AUDIT_RETENTION_DAYS, maximum: 36_500 }),
  default: 365,
});

export const AUDIT_CONFIG_KEYS: ConfigKey[] = [AuditRetentionDays];
