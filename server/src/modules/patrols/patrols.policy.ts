import { type Actor, inScope, requirePermission, requireScope } from '../../platform/access.ts';
import { defineErrors } from '../../platform/errors.ts';

export const PatrolErrors = defineErrors({
  PATROL_NOT_FOUND: { status: 404, 'zh-CN': '未找到巡查记录 {id}', 'en-US': 'Patrol {id} not found' },
  PATROL_NEEDS_ACCOUNT: {
    status: 403,
    'zh-CN': '巡查须由网格员以本人账号登录后记录',
    'en-US': 'Patrols are recorded by a grid worker signed in with their own account',
  },
  PATROL_ALREADY_OPEN: {
    status: 409,
    'zh-CN': '您有一次巡查尚未结束(网格 {grid},开始于 {startedAt}),请先结束它再开始新的巡查',
    'en-US': 'You have a patrol still open (grid {grid}, started {startedAt}): end it before starting another',
  },
  PATROL_OVERLAPS: {
    status: 409,
    'zh-CN': '开始时间 {startedAt} 早于您上一次巡查的结束时间 {endedAt},巡查时间不能重叠',
    'en-US': 'The start {startedAt} is before your previous patrol ended ({endedAt}): patrols cannot overlap',
  },
  PATROL_GRID_UNKNOWN: {
    status: 404,
    'zh-CN': '未找到网格 {code},或不在您的管理范围内',
    'en-US': 'Grid {code} was not found or is outside your area',
  },
  PATROL_GRID_OUT_OF_SCOPE: {
    status: 403,
    'zh-CN': '该位置属于网格 {code},不在您的管理范围内,不能在此开始巡查',
    'en-US': 'This place lies in grid {code}, which is outside your area: a patrol cannot start here',
  },
  PATROL_LOCATION_OUTSIDE: {
    status: 422,
    'zh-CN': '该位置不在任何网格内(最近的网格 {nearest} 相距 {distance} 米),请核对定位或指定网格',
    'en-US':
      'This place lies in no grid (the nearest, {nearest}, is {distance} m away): check the position or name the grid',
  },
  PATROL_NO_GRIDS: {
    status: 422,
    'zh-CN': '尚未划分网格,无法按位置确定巡查网格',
    'en-US': 'No grids have been drawn yet, so a patrol cannot be placed in one',
  },
  PATROL_TIME_IN_FUTURE: {
    status: 422,
    'zh-CN': '时间 {at} 晚于服务器当前时间 {now},请检查手机的时间设置',
    'en-US': 'The time {at} is later than the server’s time ({now}): check the phone’s clock',
  },
  PATROL_TIME_TOO_OLD: {
    status: 422,
    'zh-CN': '开始时间 {at} 已超过 {hours} 小时,不能再补录这次巡查',
    'en-US': 'The start {at} is more than {hours} hours ago: the patrol can no longer be recorded',
  },
  PATROL_END_BEFORE_START: {
    status: 422,
    'zh-CN': '结束时间 {endedAt} 早于开始时间 {startedAt}',
    'en-US': 'The end {endedAt} is before the start {startedAt}',
  },
  PATROL_POINTS_REFUSED: {
    status: 422,
    'zh-CN': '有 {count} 个轨迹点不能接受(见 details.problems),本批均未保存;请去掉这些点后重新提交',
    'en-US':
      '{count} trail points cannot be accepted (see details.problems), so none of the batch was stored: send it again without them',
  },
  PATROL_RANGE_INVALID: {
    status: 422,
    'zh-CN': '日期范围 {from} 至 {to} 不正确:开始不能晚于结束,且最长 {maxDays} 天',
    'en-US':
      'The dates {from} to {to} are not a valid range: the start must not be after the end, and at most {maxDays} days',
  },
});

/**
 * Why a trail point is refused; looked up by `PATROL_POINT_<problem>` for the caller's language, never thrown.
 */
export const PatrolPointProblems = defineErrors({
  PATROL_POINT_BEFORE_START: {
    status: 422,
    'zh-CN': '时间 {at} 早于巡查开始时间 {startedAt}',
    'en-US': 'the time {at} is before the patrol started ({startedAt})',
  },
  PATROL_POINT_AFTER_END: {
    status: 422,
    'zh-CN': '时间 {at} 晚于巡查结束时间 {endedAt}',
    'en-US': 'the time {at} is after the patrol ended ({endedAt})',
  },
  PATROL_POINT_IN_FUTURE: {
    status: 422,
    'zh-CN': '时间 {at} 晚于服务器当前时间 {now},请检查手机的时间设置',
    'en-US': 'the time {at} is later than the server’s time ({now}): check the phone’s clock',
  },
  PATROL_POINT_NULL_ISLAND: {
    status: 422,
    'zh-CN': '坐标 (0, 0) 不是有效的定位结果',
    'en-US': 'the position (0, 0) is not a real fix',
  },
  PATROL_POINT_TOO_FAST: {
    status: 422,
    'zh-CN': '与前一个点({previousAt})相距 {distanceM} 米,超出可能的移动速度',
    'en-US': 'it lies {distanceM} m from the point before it ({previousAt}): faster than anyone patrols',
  },
});

/**
 * Grid workers record their own patrols (`patrols.record`), as themselves: an account with a person, never the
 * operator token. Those who oversee the work (`patrols.read`: supervisors, the grid centre, leaders, duty
 * chiefs) see the patrols of the grids in their area — the grid's community in one of their division subtrees,
 * or the grid in a grids grant; a worker sees their own. A patrol out of sight does not exist (404).
 */
export const patrolsPolicy = {
  record(actor: Actor): { accountId: string; personId: string } {
    requirePermission(actor, 'patrols.record');
    if (actor.kind !== 'user' || !actor.id || !actor.personId) throw PatrolErrors.PATROL_NEEDS_ACCOUNT();
    return { accountId: actor.id, personId: actor.personId };
  },
  /** Lists: the overseers see their area; a recorder without `patrols.read` sees only their own. */
  list(actor: Actor): 'area' | 'own' {
    if (actor.permissions.has('patrols.read')) return 'area';
    if (actor.permissions.has('patrols.record') && actor.kind === 'user' && actor.id) return 'own';
    requirePermission(actor, 'patrols.read');
    return 'own';
  },
  sees(actor: Actor, patrol: { accountId: string; ownerDivision: string; gridCode: string }): boolean {
    if (actor.kind === 'user' && actor.id === patrol.accountId && actor.permissions.has('patrols.record')) return true;
    return (
      actor.permissions.has('patrols.read') &&
      (inScope(actor, patrol.ownerDivision) || actor.scope.grids.includes(patrol.gridCode))
    );
  },
  duty(actor: Actor, divisionCode: string): void {
    requirePermission(actor, 'patrols.read');
    requireScope(actor, divisionCode);
  },
};
