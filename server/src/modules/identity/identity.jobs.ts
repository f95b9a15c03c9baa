import type { JobType } from '../scheduler/scheduler.service.ts';
import type { IdentityService } from './identity.service.ts';

/** Ended sessions are kept this long for "my sessions" and investigations, then deleted. */
export const SESSION_RETENTION_DAYS = 30;

export function identityJobTypes(identity: IdentityService): JobType[] {
  return [
    {
      type: 'identity.purge-sessions',
      description: `Deletes sessions that ended (expired, signed out, revoked) more than ${SESSION_RETENTION_DAYS} days ago`,
      async run({ tx }) {
        return `${await identity.purgeSessions(SESSION_RETENTION_DAYS, tx)} sessions deleted`;
      },
    },
    {
      type: 'identity.reseal-totp',
      description: 'Reseals second-factor secrets sealed with an older personal-data key (after a key rotation)',
      async run({ tx }) {
        const r = await identity.resealTotpSecrets(tx);
        return `${r.resealed} second-factor secrets resealed${r.failed ? `; ${r.failed} could not be opened` : ''}`;
      },
    },
  ];
}
