import type { Actor } from '../../platform/access.ts';
import { defineErrors, PlatformErrors } from '../../platform/errors.ts';

export const NotificationErrors = defineErrors({
  NOTIFICATION_NOT_FOUND: { status: 404, 'zh-CN': '未找到通知 {id}', 'en-US': 'Notification {id} not found' },
});

/** Whose notifications a caller reads: those addressed to their account, and to the org units they belong to. */
export interface Recipient {
  /** The caller's account; null for the operator, who has no inbox of its own. */
  accountId: string | null;
  units: readonly string[];
}

/**
 * Each caller sees only their own inbox: what was addressed to their account, or to an org unit in their
 * scope (`actor.scope.orgUnits`). Another user's notification is "not found", never "forbidden".
 */
export const notificationsPolicy = {
  recipient(actor: Actor): Recipient {
    if (actor.kind === 'anonymous') throw PlatformErrors.AUTH_REQUIRED();
    return { accountId: actor.kind === 'user' ? actor.id : null, units: actor.scope.orgUnits };
  },
};
