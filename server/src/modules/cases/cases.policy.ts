import { type Actor, requirePermission } from '../../platform/access.ts';
import { defineErrors } from '../../platform/errors.ts';

export const CasesErrors = defineErrors({
  CASE_QUEUE_UNKNOWN: {
    status: 404,
    'zh-CN': '没有名为“{queue}”的工作队列,或您的角色看不到它',
    'en-US': 'There is no work queue "{queue}", or your roles do not see it',
  },
});

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
