import { type Actor, requirePermission, requireScope } from '../../platform/access.ts';
import { isWithin } from '../../platform/divisions.ts';
import { defineErrors } from '../../platform/errors.ts';

export const RoutingErrors = defineErrors({
  ROUTING_RULE_NOT_FOUND: {
    status: 404,
    'zh-CN': '未找到派遣规则 {ruleId}',
    'en-US': 'Routing rule {ruleId} not found',
  },
  ROUTING_RULE_INVALID: {
    status: 400,
    'zh-CN': '派遣规则有 {count} 处问题,未保存(每处问题见 details.problems)',
    'en-US': 'The routing rule has {count} problems and was not saved (each is in details.problems)',
  },
  ROUTING_RULE_REFERENCES_INVALID: {
    status: 422,
    'zh-CN': '派遣规则引用的 {count} 项内容不存在或已停用:{values};未保存(见 details.problems)',
    'en-US':
      'The routing rule refers to {count} things that do not exist or are no longer in use: {values}; nothing was saved (see details.problems)',
  },
  ROUTING_PAST_DATE: {
    status: 409,
    'zh-CN': '生效日期 {effectiveFrom} 早于今天 {today}:已经执行过的派遣规则不能改写',
    'en-US':
      'Effective date {effectiveFrom} is before today ({today}): routing rules already applied cannot be rewritten',
  },
  ROUTING_REVISION_TOO_EARLY: {
    status: 409,
    'zh-CN': '新版本的生效日期 {effectiveFrom} 必须晚于现行第 {version} 版的生效日期 {validFrom}',
    'en-US':
      'A new version must take effect after {validFrom}, when version {version} took effect (asked: {effectiveFrom})',
  },
  ROUTING_RULE_RETIRED: {
    status: 409,
    'zh-CN': '派遣规则 {ruleId} 已停用(自 {validTo} 起),不能再修改',
    'en-US': 'Routing rule {ruleId} is retired (from {validTo}) and cannot be changed',
  },
  ROUTING_NO_RESPONSIBLE_UNIT: {
    status: 422,
    'zh-CN':
      '没有适用的派遣规则,而 {townName}({town})没有在用的街道办事处或乡镇政府单位,无法按属地兜底派遣;请先建立该单位,或为此类问题配置派遣规则',
    'en-US':
      'No routing rule applies and {townName} ({town}) has no active street office or town government to fall back on: create that org unit, or add a routing rule for such problems',
  },
});

/**
 * What is wrong with a rule, one problem each. Declared like errors so the catalog stays in one place; never
 * thrown, only looked up by `messageFor('ROUTING_PROBLEM_' + problem, …)`.
 */
export const RoutingProblems = defineErrors({
  ROUTING_PROBLEM_CODE_SET_INVALID: {
    status: 400,
    'zh-CN': '分类代码集“{value}”格式不正确(如 cjt214.event)',
    'en-US': 'The code set "{value}" is not valid (such as cjt214.event)',
  },
  ROUTING_PROBLEM_CATEGORY_INVALID: {
    status: 400,
    'zh-CN': '类别代码“{value}”格式不正确(1–16 位字母或数字,如 0102)',
    'en-US': 'The category code "{value}" is not valid (1–16 letters or digits, such as 0102)',
  },
  ROUTING_PROBLEM_DIVISION_INVALID: {
    status: 400,
    'zh-CN': '区划代码“{value}”格式不正确(2、4、6、9 或 12 位数字)',
    'en-US': 'The division code "{value}" is not valid (2, 4, 6, 9 or 12 digits)',
  },
  ROUTING_PROBLEM_MINUTE_RANGE: {
    status: 400,
    'zh-CN': '{field} 应为 0–1439 之间的整数(当地时间零点后的分钟数),实为 {value}',
    'en-US': '{field} must be a whole number of minutes after local midnight, 0–1439 (got {value})',
  },
  ROUTING_PROBLEM_WINDOW_INCOMPLETE: {
    status: 400,
    'zh-CN': '时段须同时给出开始(fromMinute)和结束(toMinute),全天适用则两者都不填',
    'en-US': 'A time window needs both fromMinute and toMinute; leave both out for all day',
  },
  ROUTING_PROBLEM_WINDOW_EMPTY: {
    status: 400,
    'zh-CN': '时段的开始和结束相同({value});全天适用请不填时段',
    'en-US': 'The time window starts where it ends ({value}); leave it out for all day',
  },
  ROUTING_PROBLEM_LEAD_ALSO_ASSISTING: {
    status: 400,
    'zh-CN': '主办单位 {value} 不能同时是协办单位',
    'en-US': 'The lead unit {value} cannot also be an assisting unit',
  },
  ROUTING_PROBLEM_ASSIST_DUPLICATE: {
    status: 400,
    'zh-CN': '协办单位 {value} 重复',
    'en-US': 'The assisting unit {value} is listed twice',
  },
  ROUTING_PROBLEM_ASSIST_TOO_MANY: {
    status: 400,
    'zh-CN': '协办单位最多 {max} 个',
    'en-US': 'At most {max} assisting units',
  },
  ROUTING_PROBLEM_UNIT_ID_INVALID: {
    status: 400,
    'zh-CN': '{field} 不是有效的单位编号:“{value}”',
    'en-US': '{field} is not a valid org unit id: "{value}"',
  },
  ROUTING_PROBLEM_PRIORITY_RANGE: {
    status: 400,
    'zh-CN': '优先级应为 0–{max} 之间的整数,实为 {value}',
    'en-US': 'The priority must be a whole number from 0 to {max} (got {value})',
  },
  ROUTING_PROBLEM_NOTE_TOO_LONG: {
    status: 400,
    'zh-CN': '备注不超过 {max} 个字符',
    'en-US': 'The note may have at most {max} characters',
  },
  ROUTING_PROBLEM_DATE_INVALID: {
    status: 400,
    'zh-CN': '生效日期“{value}”不是有效日期(YYYY-MM-DD)',
    'en-US': 'The effective date "{value}" is not a valid date (YYYY-MM-DD)',
  },
  ROUTING_PROBLEM_DIVISION_UNKNOWN: {
    status: 422,
    'zh-CN': '区划 {value} 在 {date} 不存在',
    'en-US': 'Division {value} does not exist on {date}',
  },
  ROUTING_PROBLEM_CATEGORY_UNKNOWN: {
    status: 422,
    'zh-CN': '代码集 {codeSet} 在 {date} 没有类别 {value}',
    'en-US': 'Code set {codeSet} has no category {value} on {date}',
  },
  ROUTING_PROBLEM_LEAD_UNIT_INACTIVE: {
    status: 422,
    'zh-CN': '主办单位 {value} 不存在或已撤销',
    'en-US': 'The lead unit {value} does not exist or has been dissolved',
  },
  ROUTING_PROBLEM_ASSIST_UNIT_INACTIVE: {
    status: 422,
    'zh-CN': '协办单位 {value} 不存在或已撤销',
    'en-US': 'The assisting unit {value} does not exist or has been dissolved',
  },
});

/** Where a suggestion came from, in both languages (looked up by `messageFor`, never thrown). */
export const RoutingMessages = defineErrors({
  ROUTING_EXPLAIN_RULE: {
    status: 200,
    'zh-CN':
      '依据派遣规则 {ruleId} 第 {version} 版(自 {validFrom} 起生效):{divisionName}({divisionCode})范围内 {categoryZh} 的问题,{windowZh}由该规则指定的单位主办、协办,优先级 {priority}。{skippedZh}',
    'en-US':
      'Routing rule {ruleId} version {version} (in force from {validFrom}): {categoryEn} problems in {divisionName} ({divisionCode}) go to the units it names, {windowEn}, priority {priority}.{skippedEn}',
  },
  ROUTING_EXPLAIN_FALLBACK: {
    status: 200,
    'zh-CN': '没有适用的派遣规则,按属地兜底由{townName}({town})的{unitName}主办。{skippedZh}',
    'en-US':
      'No routing rule applies: territorial fallback (属地兜底) to {unitName}, which serves {townName} ({town}).{skippedEn}',
  },
  ROUTING_EXPLAIN_SKIPPED: {
    status: 200,
    'zh-CN': '规则 {rules} 因所列单位不存在或已撤销而未采用。',
    'en-US': ' Skipped rules {rules}: they name an org unit that does not exist or has been dissolved.',
  },
});

/**
 * Routing rules are read by those who dispatch and oversee dispatching (`routing.read`: dispatcher, duty chief,
 * leader) and written by `routing.manage` (duty chief, system administrator) for divisions in their scope. A
 * reader sees the rules of divisions in their scope and of the divisions above it (a city-wide rule applies in
 * every county); a rule out of sight does not exist for them (404).
 */
export const routingPolicy = {
  read(actor: Actor): void {
    requirePermission(actor, 'routing.read');
  },
  /** Whether the actor sees a rule of this division: inside their scope, or above it. */
  sees(actor: Actor, divisionCode: string): boolean {
    return actor.scope.divisions.some((root) => isWithin(divisionCode, root) || isWithin(root, divisionCode));
  },
  /** Asking where a problem in this division would go. */
  suggest(actor: Actor, divisionCode: string): void {
    requirePermission(actor, 'routing.read');
    requireScope(actor, divisionCode);
  },
  manage(actor: Actor): void {
    requirePermission(actor, 'routing.manage');
  },
  /** Writing a rule for this division. */
  write(actor: Actor, divisionCode: string): void {
    requirePermission(actor, 'routing.manage');
    requireScope(actor, divisionCode);
  },
};
