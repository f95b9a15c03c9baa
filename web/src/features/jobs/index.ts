export { fetchJobs, type Job, type JobAction, type JobsPage, runJobAction } from './jobs-api';
export { JobsTable, type JobsTableProps } from './jobs-table';
