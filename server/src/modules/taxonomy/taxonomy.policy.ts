import { type Actor, requirePermission } from '../../platform/access.ts';
import { defineErrors } from '../../platform/errors.ts';

export const TaxonomyErrors = defineErrors({
  TAXONOMY_CODE_SET_NOT_FOUND: {
    status: 404,
    'zh-CN': '没有分类代码集“{set}”',
    'en-US': 'There is no code set "{set}"',
  },
  TAXONOMY_CODE_SET_EXISTS: {
    status: 409,
    'zh-CN': '分类代码集“{set}”已存在',
    'en-US': 'The code set "{set}" exists already',
  },
  TAXONOMY_CATEGORY_NOT_FOUND: {
    status: 404,
    'zh-CN': '代码集 {set} 中没有分类 {code}',
    'en-US': 'The code set {set} has no category {code}',
  },
  TAXONOMY_CATEGORY_NOT_IN_FORCE: {
    status: 404,
    'zh-CN': '代码集 {set} 的分类 {code} 在 {at} 没有有效版本(各版本见 details)',
    'en-US': 'The category {code} of {set} has no version in force on {at} (its versions are in details)',
  },
  TAXONOMY_CATEGORY_EXISTS: {
    status: 409,
    'zh-CN': '代码集 {set} 中已有分类 {code}:修改请发布新版本(PUT),不要重复新建',
    'en-US': 'The code set {set} has a category {code} already: publish a new version of it (PUT) instead',
  },
  TAXONOMY_CATEGORY_INVALID: {
    status: 400,
    'zh-CN': '分类不符合要求:发现 {count} 处问题(详见 details.problems)',
    'en-US': 'The category is not valid: {count} problems were found (see details.problems)',
  },
  TAXONOMY_EFFECTIVE_TOO_EARLY: {
    status: 409,
    'zh-CN':
      '生效日期 {effectiveFrom} 不晚于 {code} 最新版本的生效日期 {current}:已有版本不能改写,请使用晚于 {current} 的日期',
    'en-US':
      'The date {effectiveFrom} is not after {current}, when the latest version of {code} begins: versions are never rewritten; use a later date',
  },
  TAXONOMY_PAST_DATE: {
    status: 409,
    'zh-CN': '生效日期 {effectiveFrom} 早于今天 {today}:已经适用的分类和时限不能改写',
    'en-US':
      'The date {effectiveFrom} is before today ({today}): the categories and limits already applied cannot be rewritten',
  },
  TAXONOMY_CATEGORY_RETIRED: {
    status: 409,
    'zh-CN': '分类 {code} 已自 {validTo} 起停用',
    'en-US': 'The category {code} is retired from {validTo} already',
  },
  TAXONOMY_CLASS_HAS_SUBCLASSES: {
    status: 409,
    'zh-CN': '大类 {code} 在 {effectiveFrom} 之后仍有有效的小类({subclasses}):请先停用这些小类',
    'en-US': 'The class {code} still has subclasses in force after {effectiveFrom} ({subclasses}): retire them first',
  },
  TAXONOMY_CROSSWALK_SAME_SET: {
    status: 400,
    'zh-CN': '对照的两端不能是同一个代码集({set})',
    'en-US': 'A crosswalk joins two different code sets, not {set} with itself',
  },
  TAXONOMY_CROSSWALK_CODES_UNKNOWN: {
    status: 404,
    'zh-CN': '代码集 {set} 中没有这些分类:{codes}',
    'en-US': 'The code set {set} has no categories {codes}',
  },
});

/**
 * One problem of a category, by rule (`TaxonomyErrors.TAXONOMY_CATEGORY_INVALID` lists them in
 * `details.problems`). Declared like errors so the catalogue stays in one place; never thrown, looked up by
 * `messageFor('TAXONOMY_PROBLEM_' + problem, locale, params)`.
 */
export const TaxonomyProblems = defineErrors({
  TAXONOMY_PROBLEM_CODE_FORMAT: {
    status: 400,
    'zh-CN': '代码“{value}”不正确:应为 1–16 位数字或字母',
    'en-US': 'The code "{value}" is not valid: 1–16 digits or letters',
  },
  TAXONOMY_PROBLEM_CLASS_CODE_LENGTH: {
    status: 400,
    'zh-CN': '{standard} 的大类代码为 2 位数字,“{value}”不符合',
    'en-US': 'A class code of {standard} has 2 digits; "{value}" does not',
  },
  TAXONOMY_PROBLEM_SUBCLASS_CODE_LENGTH: {
    status: 400,
    'zh-CN': '{standard} 的小类代码为大类代码加 2 位数字(共 4 位),“{value}”不符合',
    'en-US': 'A subclass code of {standard} is its class code and 2 more digits (4 in all); "{value}" is not',
  },
  TAXONOMY_PROBLEM_SUBCLASS_CODE_PREFIX: {
    status: 400,
    'zh-CN': '小类代码“{value}”应以所属大类的代码 {parent} 开头,并比它长',
    'en-US': 'The subclass code "{value}" must begin with its class code {parent} and be longer',
  },
  TAXONOMY_PROBLEM_PARENT_NOT_FOUND: {
    status: 400,
    'zh-CN': '所属大类 {parent} 在 {at} 不是本代码集的有效大类',
    'en-US': 'The class {parent} is not a class of this code set in force on {at}',
  },
  TAXONOMY_PROBLEM_RULES_REQUIRED: {
    status: 400,
    'zh-CN': '小类须有规则:立案条件、结案条件、各阶段时限(至少处置时限)和紧急程度',
    'en-US':
      'A subclass carries rules: registration and closing conditions, stage limits (a handle limit at least) and urgency levels',
  },
  TAXONOMY_PROBLEM_RULES_ON_CLASS: {
    status: 400,
    'zh-CN': '大类不带规则:立案条件、结案条件和时限属于小类',
    'en-US': 'A class carries no rules: conditions and limits belong to its subclasses',
  },
  TAXONOMY_PROBLEM_NAME_EMPTY: {
    status: 400,
    'zh-CN': '名称不能为空',
    'en-US': 'The name must not be empty',
  },
  TAXONOMY_PROBLEM_TEXT_EMPTY: {
    status: 400,
    'zh-CN': '条件须同时有中文和英文表述,且不能为空',
    'en-US': 'A condition needs non-empty zh-CN and en-US texts',
  },
  TAXONOMY_PROBLEM_LIMIT_MISSING: {
    status: 400,
    'zh-CN': '缺少时限',
    'en-US': 'The limit is missing',
  },
  TAXONOMY_PROBLEM_LIMIT_AMOUNT: {
    status: 400,
    'zh-CN': '时限须大于 0 且不超过 {max}(现为 {value})',
    'en-US': 'A limit must be more than 0 and at most {max} (it is {value})',
  },
  TAXONOMY_PROBLEM_LIMIT_UNIT: {
    status: 400,
    'zh-CN': '时限单位“{value}”不正确:working_hours 工作时、working_days 工作日或 natural_hours 自然时',
    'en-US': 'The unit "{value}" is not valid: working_hours, working_days or natural_hours',
  },
  TAXONOMY_PROBLEM_STAGE_UNKNOWN: {
    status: 400,
    'zh-CN': '没有“{value}”这个阶段:verify 核实、dispatch 派遣、handle 处置、check 核查',
    'en-US': 'There is no stage "{value}": verify, dispatch, handle or check',
  },
  TAXONOMY_PROBLEM_URGENCY_LEVEL: {
    status: 400,
    'zh-CN': '紧急程度“{value}”不正确:normal 一般、urgent 紧急或 emergency 特急',
    'en-US': 'The urgency level "{value}" is not valid: normal, urgent or emergency',
  },
  TAXONOMY_PROBLEM_URGENCY_DUPLICATE: {
    status: 400,
    'zh-CN': '紧急程度 {value} 重复出现',
    'en-US': 'The urgency level {value} appears more than once',
  },
});

/**
 * The taxonomy is installation-wide reference data: every signed-in user reads it (a clerk classifies a report,
 * a handler sees the limit of its subclass), so reading has no policy beyond the route's `authenticated`.
 * Changing it — code sets, categories, crosswalks — takes `taxonomy.manage` (the system administrator).
 */
export const taxonomyPolicy = {
  manage(actor: Actor): void {
    requirePermission(actor, 'taxonomy.manage');
  },
};
