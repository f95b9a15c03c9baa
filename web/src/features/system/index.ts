export { StatusDescriptions } from './status-descriptions';
export { fetchSystemStatus, type SystemStatus } from './system-api';
export { SystemStatusProvider, useBusinessTimeZone, useDemoPassword, useSystemStatus } from './system-status-context';
