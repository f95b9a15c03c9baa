import type { JobType } from '../scheduler/scheduler.service.ts';
import type { IndicatorsService } from './indicators.service.ts';

/** The recurring jobs of the module, ensured at every start (`ensurePlatformJobs`). */
export const INDICATORS_RECURRING_JOBS: { type: string; key: string; cron: string }[] = [
  { type: 'indicators.catch-up', key: 'indicators.catch-up', cron: '7-59/10 * * * *' },
];

export function indicatorsJobTypes(indicators: IndicatorsService): JobType[] {
  return [
    {
      type: 'indicators.catch-up',
      description:
        'Derives again the indicator facts of cases whose handling clock moved without an event (recomputed after a calendar change)',
      run: async ({ tx }) => `${await indicators.catchUp(tx)} cases refreshed`,
    },
  ];
}
