import type { JobType } from '../scheduler/scheduler.service.ts';
import type { CasesService } from './cases.service.ts';

/** Deadline colours and recomputation run on the scheduler: durable, once per period across processes. */
export function casesJobTypes(cases: CasesService): JobType[] {
  return [
    {
      type: 'cases.sweep-deadlines',
      description: 'Turns deadlines yellow or red as their time runs out, logging and announcing each change',
      run: async () => {
        const r = await cases.engine.sweep();
        return `${r.yellow} yellow, ${r.red} red`;
      },
    },
    {
      type: 'cases.recompute-deadlines',
      description: 'Recomputes every open deadline after the working calendar changed',
      // A million open clocks take up to a minute; another worker must not take over meanwhile.
      leaseMs: 15 * 60_000,
      run: async () => {
        const r = await cases.engine.recomputeOpenDeadlines();
        return `${r.examined} open deadlines examined, ${r.changed} changed`;
      },
    },
  ];
}
