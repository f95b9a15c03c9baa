export { orgUnitKindLabel } from './kind';
export { OrgUnitFormModal, type OrgUnitFormModalProps } from './org-unit-form-modal';
export { OrgUnitSelect, type OrgUnitSelectProps } from './org-unit-select';
export { buildOrgUnitTree, descendantIds, type OrgUnitNode, type TreeUnit } from './org-unit-tree';
export { OrgUnitTreeView, type OrgUnitTreeViewProps } from './org-unit-tree-view';
export {
  createOrgUnit,
  fetchAllOrgUnits,
  fetchOrgUnitsPage,
  type NewOrgUnit,
  ORG_UNIT_KINDS,
  type OrgUnit,
  type OrgUnitKind,
  type OrgUnitPatch,
  updateOrgUnit,
} from './org-units-api';
