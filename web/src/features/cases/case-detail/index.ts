export { CaseDetailView } from './case-detail-view';
