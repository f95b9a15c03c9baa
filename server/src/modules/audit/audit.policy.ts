import { type Actor, requirePermission } from '../../platform/access.ts';
import { defineErrors } from '../../platform/errors.ts';

export const AuditErrors = defineErrors({
  AUDIT_RANGE_INVALID: {
    status: 400,
    'zh-CN': '起始时间 {from} 不早于结束时间 {to}',
    'en-US': 'The start {from} is not before the end {to}',
  },
  AUDIT_EXPORT_TOO_LARGE: {
    status: 422,
    'zh-CN': '符合条件的审计记录有 {count} 条,超过单次导出上限 {limit} 条,请缩小时间范围或增加筛选条件',
    'en-US': '{count} audit records match, more than the {limit} one export may hold; narrow the period or add filters',
  },
});

/**
 * The audit trail is read by holders of audit.read — the audit administrator of 三员分立, who is
 * neither the system nor the security administrator — and each sees the records of the divisions in
 * their data scope (the repository filters by it, so nothing outside is loaded). Verifying the chain
 * needs the same permission: it reports sequence numbers and hashes, not contents.
 */
export const auditPolicy = {
  read(actor: Actor): void {
    requirePermission(actor, 'audit.read');
  },
  verify(actor: Actor): void {
    requirePermission(actor, 'audit.read');
  },
};
