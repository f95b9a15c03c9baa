import { Type } from 'typebox';
import { newId } from '../../platform/ids.ts';
import { schedulerRepo } from './scheduler.repo.ts';
import type { JobType } from './scheduler.service.ts';

const RUN_RETENTION_DAYS = 90;

/** Jobs that keep the scheduler itself observable and tidy. */
export function schedulerJobTypes(): JobType[] {
  return [
    {
      type: 'system.heartbeat',
      description: 'Records that the scheduler ran (liveness for admins and monitoring)',
      payload: Type.Object({}, { additionalProperties: false }),
      async run({ job, scheduledFor, worker, tx, now }) {
        await schedulerRepo.insertHeartbeat(tx, { id: newId(), jobId: job.id, scheduledFor, worker, recordedAt: now });
        return `heartbeat by ${worker}`;
      },
    },
    {
      type: 'system.purge-job-runs',
      description: `Deletes job run records older than ${RUN_RETENTION_DAYS} days`,
      async run({ tx, scheduledFor }) {
        const n = await schedulerRepo.purgeRunsBefore(
          tx,
          new Date(scheduledFor.getTime() - RUN_RETENTION_DAYS * 86_400_000),
        );
        return `${n} runs deleted`;
      },
    },
  ];
}
