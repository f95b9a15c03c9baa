export {
  type AuditFilterQuery,
  type AuditOutcome,
  type AuditPage,
  type AuditQuery,
  type AuditRecord,
  type AuditVerification,
  auditExportUrl,
  fetchAudit,
  verifyAudit,
} from './audit-api';
export { AuditFilterBar } from './audit-filter-bar';
export {
  type AuditFilterValues,
  auditFilterQuery,
  auditFiltersFromParams,
  auditFiltersToParams,
} from './audit-filters';
export { AuditTable, type AuditTableProps } from './audit-table';
export { OutcomeTag, outcomeLabel } from './outcome';
export { VerifyResult } from './verify-result';
