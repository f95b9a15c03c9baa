import { type Actor, requirePermission, requireScope } from '../../platform/access.ts';
import { defineErrors } from '../../platform/errors.ts';

export const ConfigErrors = defineErrors({
  CONFIG_KEY_UNKNOWN: { status: 404, 'zh-CN': '未知的配置项 {key}', 'en-US': 'Unknown configuration key {key}' },
  CONFIG_VALUE_INVALID: {
    status: 400,
    'zh-CN': '配置项 {key} 的取值不符合要求',
    'en-US': 'The value for configuration key {key} is not valid',
  },
  CONFIG_PAST_DATE: {
    status: 409,
    'zh-CN': '生效日期 {effectiveFrom} 早于今天 {today}:已生效的历史配置不能改写',
    'en-US': 'Effective date {effectiveFrom} is before today ({today}): rules already in force cannot be rewritten',
  },
  CONFIG_DATE_TAKEN: {
    status: 409,
    'zh-CN': '{divisionCode} 在 {effectiveFrom} 已有一个版本,请先删除它',
    'en-US': '{divisionCode} already has a version from {effectiveFrom}; delete it first',
  },
  CONFIG_VERSION_NOT_FOUND: {
    status: 404,
    'zh-CN': '未找到配置版本 {id}',
    'en-US': 'Configuration version {id} not found',
  },
  CONFIG_VERSION_IN_FORCE: {
    status: 409,
    'zh-CN': '该版本已经生效,不能删除;请新增一个版本替代它',
    'en-US': 'This version is already in force and cannot be deleted; add a new version instead',
  },
});

/** Reading and changing domain configuration: a division's settings belong to those responsible for it. */
export const configPolicy = {
  read(actor: Actor): void {
    requirePermission(actor, 'system.config.read');
  },
  write(actor: Actor, divisionCode: string): void {
    requirePermission(actor, 'system.config.write');
    requireScope(actor, divisionCode);
  },
};
