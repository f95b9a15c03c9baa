import type { JobType } from '../scheduler/scheduler.service.ts';
import type { PatrolsService } from './patrols.service.ts';

/** The recurring jobs of the module, ensured at every start (`ensurePlatformJobs`). */
export const PATROLS_RECURRING_JOBS: { type: string; key: string; cron: string }[] = [
  { type: 'patrols.auto-end', key: 'patrols.auto-end', cron: '*/10 * * * *' },
];

export function patrolsJobTypes(patrols: PatrolsService): JobType[] {
  return [
    {
      type: 'patrols.auto-end',
      description: 'Ends patrols left open longer than patrols.auto-end-hours, at their last trail point',
      async run({ tx }) {
        const ended = await patrols.autoEnd(tx);
        return ended === 0 ? 'no patrol left open too long' : `${ended} patrols ended`;
      },
    },
  ];
}
