import { purgeExpiredIdempotencyKeys } from '../../plugins/idempotency.ts';
import type { JobType } from '../scheduler/scheduler.service.ts';

export const systemJobTypes: JobType[] = [
  {
    type: 'system.purge-idempotency-keys',
    description: 'Forgets Idempotency-Keys past their retention time',
    async run({ tx, now }) {
      return `${await purgeExpiredIdempotencyKeys(tx, now)} keys forgotten`;
    },
  },
];
