import type { JobType } from '../scheduler/scheduler.service.ts';
import type { CasesService } from './cases.service.ts';

/** Deadline colours and recomputation run on the scheduler: durable, once per period across processes. */
export function casesJobTypes(cases: CasesService): JobType[] {
  return [
    {
      type: 'cases.sweep-deadlines',
      description: 'Turns deadlines yellow or red as their time runs out, logging and announcing each change',
      // On a server in transactions of its own, a share of the cases each, run side by side (a morning burst
      // after a holiday is tens of thousands of clocks); a repeated sweep finds nothing left to do.
      run: async ({ tx, db }) => {
        const r = await cases.engine.sweep(db ? {} : { db: tx });
        return `${r.yellow} yellow, ${r.red} red`;
      },
    },
    {
      type: 'cases.recompute-deadlines',
      description: 'Recomputes every open deadline after the working calendar changed',
      // A million open clocks take up to a minute; another worker must not take over meanwhile.
      leaseMs: 15 * 60_000,
      // On a server a page is committed at a time: one transaction over a million clocks would hold their
      // locks, and every database's event horizon, for a minute (ADR 0018). Repeating a run is harmless
      // (a clock already on the new calendar does not move). The embedded engine has one connection, which
      // the job's transaction holds.
      run: async ({ tx, db }) => {
        const r = await cases.engine.recomputeOpenDeadlines(db ? {} : { db: tx });
        return `${r.examined} open deadlines examined, ${r.changed} changed`;
      },
    },
  ];
}
