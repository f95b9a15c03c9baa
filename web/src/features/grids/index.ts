export { CoverageSummary } from './coverage-summary';
export {
  type Crumb,
  divisionParam,
  drillPath,
  type Level,
  levelOfCode,
  parentInPath,
  rootDivisionOf,
  showsGrids,
} from './drill';
export { formatArea, formatTimeRange, formatWeekdays, percent } from './format';
export { GridDetailView, lineageText, SchedulesTable, StaffTable } from './grid-detail';
export {
  type Coverage,
  type Crs,
  type Division,
  type DivisionFeatureProps,
  type DivisionOutlines,
  fetchChildOutlines,
  fetchCoverage,
  fetchDivision,
  fetchGrid,
  fetchGridOutlines,
  fetchOwnOutline,
  fetchStaffingFlags,
  GRID_KINDS,
  type GridDetail,
  type GridFeatureProps,
  type GridKind,
  type GridOutlines,
  type GridSummary,
  gridsExportHref,
  type ImportReport,
  type ImportRequest,
  importGrids,
  type StaffingFlags,
  searchDivisions,
  searchGrids,
  topDivision,
} from './grids-api';
export { ImportReportView } from './import-report-view';
export { kindLabel, levelLabel, postLabel } from './labels';
export { GridSelect, PersonSelect } from './pickers';
export { type Place, PlaceSearch } from './place-search';
export { PROBLEM_COLORS, ProblemAreasTable } from './problem-areas-table';
export { checkGeojsonText, type FileCheck, ofKind, type ProblemArea, problemAreas } from './shaping';
export { StaffingEditor } from './staffing-editor';
export { StaffingFlagsView } from './staffing-flags';
