import { type Actor, requirePermission } from '../../platform/access.ts';
import { defineErrors } from '../../platform/errors.ts';
import type { Channel } from './urban.workflow.ts';

export const UrbanErrors = defineErrors({
  URBAN_LOCATION_OUTSIDE: {
    status: 422,
    'zh-CN': '该位置不在本市任何网格内(最近的网格 {nearest} 相距 {distance} 米),请核对位置',
    'en-US':
      'This place lies in no grid of the city (the nearest, {nearest}, is {distance} m away): check the location',
  },
  URBAN_NO_GRIDS: {
    status: 422,
    'zh-CN': '尚未划分网格,无法按位置确定责任区域',
    'en-US': 'No grids have been drawn yet, so no place can be given an owner',
  },
  URBAN_CATEGORY_UNKNOWN: {
    status: 422,
    'zh-CN': '分类 {codeSet}/{code} 不存在或不是小类,请选择具体的问题小类',
    'en-US': 'Category {codeSet}/{code} does not exist or is not a subclass: choose the specific kind of problem',
  },
  URBAN_NOT_AN_URBAN_CASE: {
    status: 404,
    'zh-CN': '案件 {id} 不是城市管理问题,没有派遣建议',
    'en-US': 'Case {id} is not an urban-management case: there is no dispatch proposal for it',
  },
  URBAN_MERGE_INTO_ITSELF: {
    status: 422,
    'zh-CN': '不能把案件 {id} 合并到它自己',
    'en-US': 'Case {id} cannot be merged into itself',
  },
  URBAN_OVERRIDE_REASON_REQUIRED: {
    status: 422,
    'zh-CN': '派遣建议:{explanationZh}改派其他单位须填写改派理由',
    'en-US': 'The proposal: {explanationEn} To dispatch to another unit, give the reason',
  },
  URBAN_RETURN_TOO_LATE: {
    status: 409,
    'zh-CN':
      '已超过退单时限:派遣后 {limitZh} 内可以退单,已于 {expiredAt} 截止(派遣时间 {dispatchedAt});请签收办理或申请延期',
    'en-US':
      'Too late to return: a case may be returned within {limitEn} of its dispatch, which ran out at {expiredAt} (dispatched {dispatchedAt}); sign for it or ask for more time',
  },
  URBAN_GRID_NOT_FOUND: {
    status: 404,
    'zh-CN': '未找到网格 {code},或不在您的管理范围内',
    'en-US': 'Grid {code} was not found or is outside your area',
  },
  URBAN_CHANNEL_FORBIDDEN: {
    status: 403,
    'zh-CN': '您的角色不能以“{channel}”渠道登记问题',
    'en-US': 'Your role cannot record a report as coming from "{channel}"',
  },
});

/**
 * Which source (问题来源) each role may record: a grid worker's report is a grid report; the acceptor
 * records what the public, leaders or others brought in; the 12345 operator records hotline calls.
 */
const CHANNELS_BY_ROLE: Record<string, readonly Channel[]> = {
  gridworker: ['grid'],
  supervisor: ['supervisor'],
  acceptor: ['public', 'leader', 'other', 'hotline'],
  operator: ['hotline'],
  resident: ['public'],
};

export const urbanPolicy = {
  /** What a grid's cases were about (category usage): case readers, for grids in their area (the service checks). */
  readUsage(actor: Actor): void {
    requirePermission(actor, 'cases.read');
  },
  /** The channel a report is recorded under: the one asked for, if the actor's roles allow it, else theirs. */
  channel(actor: Actor, asked: Channel | undefined): Channel {
    const allowed = actor.roles.flatMap((r) => CHANNELS_BY_ROLE[r] ?? []);
    if (asked) {
      if (!allowed.includes(asked)) throw UrbanErrors.URBAN_CHANNEL_FORBIDDEN({ channel: asked });
      return asked;
    }
    const first = allowed[0];
    if (!first) throw UrbanErrors.URBAN_CHANNEL_FORBIDDEN({ channel: 'other' });
    return first;
  },
};
