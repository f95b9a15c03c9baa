import { Type } from 'typebox';
import type { JobType } from '../scheduler/scheduler.service.ts';
import type { PeopleService } from './people.service.ts';

const BATCH_SIZE = 200;
/** Rows per run at most: on the embedded engine a job's transaction holds the only connection. */
const MAX_ROWS = 5_000;

/**
 * Key rotation for personal data: after a new key becomes active, values sealed with the old one are
 * resealed a run at a time, after which the old key can leave the ring. Runs nightly; an administrator
 * who has just rotated the keys runs it now (and again while the summary says more remain).
 */
export function peopleJobTypes(people: PeopleService): JobType[] {
  return [
    {
      type: 'people.reseal',
      description: `Reseals people's phone numbers, ID cards and addresses sealed with an older key (up to ${MAX_ROWS} per run)`,
      leaseMs: 15 * 60_000,
      payload: Type.Object(
        {
          batchSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000 })),
          maxRows: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
        },
        { additionalProperties: false },
      ),
      async run({ job, tx, log }) {
        const payload = job.payload as { batchSize?: number; maxRows?: number };
        const r = await people.resealBatch(tx, {
          batchSize: payload.batchSize ?? BATCH_SIZE,
          maxRows: payload.maxRows ?? MAX_ROWS,
          log,
        });
        const failed = r.failed > 0 ? `; ${r.failed} could not be opened (see the log)` : '';
        return `${r.resealed} people resealed${failed}${r.more ? '; more remain, run again' : ''}`;
      },
    },
  ];
}
