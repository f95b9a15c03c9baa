import type { JobType } from '../scheduler/scheduler.service.ts';
import type { PortalService } from './portal.service.ts';

/** The recurring jobs of the module, ensured at every start (`ensurePlatformJobs`). */
export const PORTAL_RECURRING_JOBS: { type: string; key: string; cron: string }[] = [
  { type: 'portal.purge', key: 'portal.purge', cron: '50 3 * * *' },
];

export function portalJobTypes(portal: PortalService): JobType[] {
  return [
    {
      type: 'portal.purge',
      description:
        'Forgets expired challenges, idle client rows, photos no report took within a day, and client hashes older than a week',
      async run({ tx }) {
        const n = await portal.purge(tx);
        return `challenges ${n.challenges}, clients ${n.clients}, unused photos ${n.uploads}, client hashes ${n.hashes}`;
      },
    },
  ];
}
