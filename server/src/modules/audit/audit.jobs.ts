import type { ConfigService } from '../config/config.service.ts';
import type { JobType } from '../scheduler/scheduler.service.ts';
import { AuditRetentionDays } from './audit.registry.ts';
import type { AuditService } from './audit.service.ts';

/** Records removed per run at most: on the embedded engine a job's transaction holds the database. */
const PURGE_BATCH = 50_000;

export function auditJobTypes(audit: AuditService, config: ConfigService): JobType[] {
  return [
    {
      type: 'audit.purge',
      description: 'Deletes audit records older than audit.retention-days, leaving a checkpoint in the chain',
      async run({ tx, now }) {
        // Read in the job's transaction: on the embedded engine a second connection does not exist.
        const days = await config.get(AuditRetentionDays, '', undefined, tx);
        const r = await audit.purgeBefore(new Date(now.getTime() - days * 86_400_000), { tx, limit: PURGE_BATCH });
        return r.throughSeq === null
          ? `nothing older than ${days} days`
          : `${r.deleted} records through seq ${r.throughSeq} deleted (older than ${days} days); checkpoint seq ${r.checkpointSeq}`;
      },
    },
  ];
}
