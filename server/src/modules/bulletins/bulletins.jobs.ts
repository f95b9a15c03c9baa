import type { BusinessTime } from '../../platform/clock.ts';
import type { JobType } from '../scheduler/scheduler.service.ts';
import type { BulletinKind, BulletinsService } from './bulletins.service.ts';

/**
 * 半月一督查、一月一通报: after each half-month (the 1st and the 16th at 08:00 business time) and each month (the
 * 1st at 08:30), the bulletin of the period just ended for the installation's division.
 */
export function bulletinsRecurringJobs(rootDivision: string): {
  type: string;
  key: string;
  cron: string;
  payload: { division: string };
  ownerDivision: string;
}[] {
  return [
    {
      type: 'bulletins.half-month',
      key: `bulletins.half-month.${rootDivision}`,
      cron: '0 8 1,16 * *',
      payload: { division: rootDivision },
      ownerDivision: rootDivision,
    },
    {
      type: 'bulletins.month',
      key: `bulletins.month.${rootDivision}`,
      cron: '30 8 1 * *',
      payload: { division: rootDivision },
      ownerDivision: rootDivision,
    },
  ];
}

export function bulletinsJobTypes(bulletins: BulletinsService, time: BusinessTime): JobType[] {
  const job = (kind: BulletinKind): JobType => ({
    type: `bulletins.${kind}`,
    description:
      kind === 'month'
        ? 'Issues the monthly bulletin (月度通报) of the month just ended'
        : 'Issues the half-monthly supervision bulletin (半月督查) of the half-month just ended',
    leaseMs: 10 * 60_000,
    run: async ({ job, scheduledFor, db, log }) => {
      const division = String((job.payload as { division?: unknown } | null)?.division ?? '');
      // The period just ended: the day before the run was due.
      const date = time.local(scheduledFor).minus({ days: 1 }).toFormat('yyyy-MM-dd');
      const issue = () => bulletins.generateScheduled(kind, date, division);
      if (db) {
        // PostgreSQL: the figures are read and the bulletin written outside the job's transaction (a repeated
        // run finds the bulletin it made).
        const row = await issue();
        return `${row.number} (${row.periodFrom}–${row.periodTo})`;
      }
      // The embedded engine's one connection is held by this job's transaction: issue once it has committed.
      setImmediate(() => {
        issue().then(
          (row) => log.info({ number: row.number }, 'bulletin issued'),
          (err: unknown) => log.error({ err }, 'bulletin not issued'),
        );
      });
      return `bulletin of ${date} queued`;
    },
  });
  return [job('half-month'), job('month')];
}
