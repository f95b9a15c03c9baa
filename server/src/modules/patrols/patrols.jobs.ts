import type { JobType } from '../scheduler/scheduler.service.ts';
import type { PatrolsService } from './patrols.service.ts';

/** The recurring jobs of the module, ensured at every start (`ensurePlatformJobs`). */
export const PATROLS_RECURRING_JOBS: { type: string; key: string; cron: string }[] = [];

export function patrolsJobTypes(_patrols: PatrolsService): JobType[] {
  return [];
}
