export { CaseFilterBar, type CaseFilterBarProps } from './case-filter-bar';
export {
  type CaseFilterValues,
  caseFiltersFromParams,
  caseFiltersToParams,
  caseListQuery,
} from './case-filters';
export { CaseReportForm } from './case-report-form';
export { CaseTable, type CaseTableProps } from './case-table';
export {
  type CaseListItem,
  type CaseListQuery,
  type CasePage,
  casesExportHref,
  fetchCases,
  fetchQueues,
  type WorkQueue,
} from './cases-api';
export { CHANNELS, channelLabel, DEADLINE_TAG, deadlineLabel } from './labels';
export { type Option, useCategoryOptions, useStateOptions } from './reference-options';
