import { type Actor, requirePermission } from '../../platform/access.ts';

/** Who may do what with cases beyond the workflow's own roles (which the engine checks per action). */
export const casesPolicy = {
  read(actor: Actor): void {
    requirePermission(actor, 'cases.read');
  },
  /** Rebuilding projections, sweeping and recomputing deadlines by hand: operations work. */
  manage(actor: Actor): void {
    requirePermission(actor, 'cases.manage');
  },
};
