import { type Actor, type Permission, requirePermission } from '../../platform/access.ts';
import { defineErrors } from '../../platform/errors.ts';

export const PortalErrors = defineErrors({
  PORTAL_CHALLENGE_EXPIRED: {
    status: 422,
    'zh-CN': '验证题已过期,请重新获取验证题后再提交',
    'en-US': 'The check question has expired: get a new one and submit again',
  },
  PORTAL_CHALLENGE_WRONG: {
    status: 422,
    'zh-CN': '验证题答案不正确,请重新获取验证题后再试',
    'en-US': 'The answer to the check question is wrong: get a new question and try again',
  },
  PORTAL_CHALLENGE_USED: {
    status: 422,
    'zh-CN': '这道验证题已经用过了,请重新获取验证题',
    'en-US': 'This check question has already been used: get a new one',
  },
  PORTAL_TOO_MANY_REPORTS: {
    status: 429,
    'zh-CN': '提交过于频繁:每小时最多提交 {limit} 条举报,请在 {retryAt}({minutes} 分钟后)再试',
    'en-US': 'Too many reports: at most {limit} an hour may be sent; try again at {retryAt} (in {minutes} minutes)',
  },
  PORTAL_CODE_UNKNOWN: {
    status: 404,
    'zh-CN': '查询码 {code} 不存在,请核对后重新输入(不区分大小写,可省略横线)',
    'en-US': 'There is no report with tracking code {code}: check it and try again (case and dashes do not matter)',
  },
  PORTAL_NOT_CLOSED: {
    status: 409,
    'zh-CN': '问题尚未办结(当前:{status}),办结后才能评价',
    'en-US': 'The case is not closed yet (now: {status}); it can be rated once it is closed',
  },
  PORTAL_ALREADY_RATED: {
    status: 409,
    'zh-CN': '您已评价过本次办理结果,感谢您的反馈',
    'en-US': 'You have already rated how this was handled; thank you',
  },
  PORTAL_PHOTO_UNKNOWN: {
    status: 422,
    'zh-CN': '照片 {id} 不是通过本次上传获得的,或已用于其他举报,请重新上传',
    'en-US': 'Photo {id} was not uploaded with this upload token or was used by another report: upload it again',
  },
  PORTAL_TOO_MANY_PHOTOS: {
    status: 422,
    'zh-CN': '每条举报最多上传 {max} 张照片',
    'en-US': 'A report may carry at most {max} photos',
  },
  PORTAL_PHOTO_NOT_IMAGE: {
    status: 415,
    'zh-CN': '只能上传照片(JPEG、PNG、WebP、HEIC)',
    'en-US': 'Only photos may be uploaded (JPEG, PNG, WebP, HEIC)',
  },
  PORTAL_PHOTO_FORM: {
    status: 400,
    'zh-CN': '请以 multipart/form-data 格式上传一张照片,放在名为 file 的字段中',
    'en-US': 'Send one photo as multipart/form-data in a part named file',
  },
  PORTAL_MAP_DISABLED: {
    status: 404,
    'zh-CN': '本市未开放公开地图',
    'en-US': 'The public map is not enabled in this city',
  },
  PORTAL_MAP_NOT_PUBLIC_CASE: {
    status: 409,
    'zh-CN': '案件 {id} 不是公众举报的城市管理问题,不能发布到公开地图',
    'en-US': 'Case {id} is not an urban case reported by the public: it cannot be published on the map',
  },
  PORTAL_TOO_MANY_PHOTOS_CLIENT: {
    status: 429,
    'zh-CN': '上传照片过于频繁:每小时最多上传 {limit} 张,请在 {retryAt}({minutes} 分钟后)再试',
    'en-US': 'Too many photos: at most {limit} an hour may be uploaded; try again at {retryAt} (in {minutes} minutes)',
  },
  PORTAL_REPORT_NONE: {
    status: 404,
    'zh-CN': '案件 {id} 不是通过市民门户反映的,没有门户联系方式',
    'en-US': 'Case {id} was not reported through the citizen portal: there is no portal contact',
  },
  PORTAL_MAP_MODERATOR_ONLY: {
    status: 403,
    'zh-CN': '只有受理员和值班长可以审核公开地图',
    'en-US': 'Only acceptors and duty chiefs moderate the public map',
  },
});

/** Who moderates the public map: the centre's acceptors and duty chiefs. */
const MODERATORS = ['acceptor', 'dutychief'];

export const portalPolicy = {
  moderate(actor: Actor): void {
    requirePermission(actor, 'cases.read');
    if (actor.kind !== 'operator' && !actor.roles.some((r) => MODERATORS.includes(r)))
      throw PortalErrors.PORTAL_MAP_MODERATOR_ONLY();
  },
  /** Staff who read the case see that a contact was left, masked; the case's scope is checked by the cases service. */
  readContact(actor: Actor): void {
    requirePermission(actor, 'cases.read');
  },
  /** Calling the citizen back needs the number in full: those allowed to unmask personal data (受理员, 12345 话务员). */
  unmaskContact(actor: Actor): void {
    requirePermission(actor, 'personal-data.unmask');
  },
};

const PORTAL_PERMISSIONS: readonly Permission[] = ['cases.read', 'files.upload'];

/**
 * The portal's in-process actor: the citizen as the workflow sees them. Reports are taken with the role
 * `resident` (channel 'public'); the satisfaction rating (回访) with `operator`, the role that records a
 * follow-up call — the portal's rating stands in for that call. Scope: the whole installation (a report may
 * land in any community; the portal reaches a case only through its tracking code). Never a request's actor.
 */
export function portalActor(role: 'resident' | 'operator', anonymous: boolean): Actor {
  return {
    kind: 'user',
    id: 'portal',
    personId: null,
    displayName: anonymous ? '匿名市民(门户)/ anonymous citizen (portal)' : '市民(门户)/ citizen (portal)',
    roles: [role],
    permissions: new Set(PORTAL_PERMISSIONS),
    scope: { divisions: [''], grids: [], orgUnits: [] },
    sessionId: null,
  };
}
