import { Type } from 'typebox';
import { defineConfigKey } from '../config/config.registry.ts';

/**
 * How many reports one client (one address) may send through the portal in an hour: more is a flood,
 * refused with a message that says when to try again. Other clients are not affected.
 */
export const PortalReportLimit = defineConfigKey({
  key: 'portal.report-limit',
  description: {
    'zh-CN': '市民门户举报频率:同一来源(IP 地址)每小时最多提交的举报数',
    'en-US': 'Citizen portal: how many reports one client (IP address) may send per hour',
  },
  schema: Type.Object(
    {
      perHour: Type.Integer({ minimum: 1, maximum: 1000 }),
      maxPhotos: Type.Integer({ minimum: 0, maximum: 9 }),
    },
    { additionalProperties: false },
  ),
  default: { perHour: 5, maxPhotos: 3 },
});

/** Whether the portal shows a public map of cases (anonymised, moderated): off unless a city turns it on. */
export const PortalPublicMap = defineConfigKey({
  key: 'portal.public-map',
  description: {
    'zh-CN': '市民门户公开地图:是否公开经审核的案件(位置取整约 100 米,仅显示分类和状态)',
    'en-US':
      'Citizen portal public map: whether moderated cases are shown (position rounded to ~100 m, category and status only)',
  },
  schema: Type.Object(
    {
      enabled: Type.Boolean(),
      /** Category codes never shown on the map, whatever the moderator says (e.g. 违法建设 reported by neighbours). */
      sensitiveCategories: Type.Array(Type.String({ minLength: 1, maxLength: 16 }), { maxItems: 200 }),
    },
    { additionalProperties: false },
  ),
  default: { enabled: false, sensitiveCategories: [] as string[] },
});

export const PORTAL_CONFIG_KEYS = [PortalReportLimit, PortalPublicMap];
