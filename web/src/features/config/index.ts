export { AddVersionModal } from './add-version-modal';
export {
  type ConfigKey,
  type ConfigVersion,
  type ConfigVersionsPage,
  createConfigVersion,
  fetchConfigKeys,
  fetchConfigVersions,
  resolveConfig,
} from './config-api';
export { ConfigKeyList } from './config-key-list';
export { ConfigVersionsTable } from './config-versions-table';
export { isDivisionCode } from './division';
export { newIdempotencyKey, SubmissionKeys } from './idempotency';
export { JsonValue } from './json-value';
export { ResolvePanel } from './resolve-panel';
