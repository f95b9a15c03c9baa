export { StatusDescriptions } from './status-descriptions';
export { fetchSystemStatus, type SystemStatus } from './system-api';
export { SystemStatusProvider, useBusinessTimeZone, useSystemStatus } from './system-status-context';
