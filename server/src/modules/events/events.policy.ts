import type { EngineEvent } from '../../engine/events.ts';
import { type Actor, inScope } from '../../platform/access.ts';
import { defineErrors, PlatformErrors } from '../../platform/errors.ts';

export const EventErrors = defineErrors({
  EVENT_ID_INVALID: {
    status: 400,
    'zh-CN': 'Last-Event-ID「{value}」不是本事件流的事件编号(格式为 <事务号>.<序号>)',
    'en-US': 'Last-Event-ID "{value}" is not an event id of this stream (<txId>.<id>)',
  },
});

/**
 * Who sees which event on the live stream: an installation-wide event (owner '') every signed-in caller; an
 * event naming the caller's org unit or account as the assignee (a department sees the tasks given to it
 * wherever the case lies); any other case event only to case staff (`cases.read`) whose data scope holds its
 * owner division — a resident's division grant must not show them every case of the village.
 */
export const eventsPolicy = {
  stream(actor: Actor): void {
    if (actor.kind === 'anonymous') throw PlatformErrors.AUTH_REQUIRED();
  },
  canSee(actor: Actor, event: EngineEvent): boolean {
    if (event.ownerDivision === '') return true;
    const { assigneeUnit, assigneeAccount } = event.payload;
    if (typeof assigneeUnit === 'string' && actor.scope.orgUnits.includes(assigneeUnit)) return true;
    if (actor.kind === 'user' && typeof assigneeAccount === 'string' && assigneeAccount === actor.id) return true;
    const caseEvent = event.caseId !== null || event.type.startsWith('case.');
    if (caseEvent && !actor.permissions.has('cases.read')) return false;
    return inScope(actor, event.ownerDivision);
  },
};
