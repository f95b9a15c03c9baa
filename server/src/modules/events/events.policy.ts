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
 * Who sees which event on the live stream: an installation-wide event (owner '') every signed-in caller; any
 * other when its owner division is in the caller's data scope, or when it names the caller's org unit or
 * account as the assignee (a department sees the tasks given to it wherever the case lies).
 */
export const eventsPolicy = {
  stream(actor: Actor): void {
    if (actor.kind === 'anonymous') throw PlatformErrors.AUTH_REQUIRED();
  },
  canSee(actor: Actor, event: EngineEvent): boolean {
    if (event.ownerDivision === '' || inScope(actor, event.ownerDivision)) return true;
    const { assigneeUnit, assigneeAccount } = event.payload;
    if (typeof assigneeUnit === 'string' && actor.scope.orgUnits.includes(assigneeUnit)) return true;
    return actor.kind === 'user' && typeof assigneeAccount === 'string' && assigneeAccount === actor.id;
  },
};
