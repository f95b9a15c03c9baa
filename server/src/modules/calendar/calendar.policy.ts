import { type Actor, requirePermission } from '../../platform/access.ts';
import { defineErrors, PlatformErrors } from '../../platform/errors.ts';

export const CalendarErrors = defineErrors({
  CALENDAR_DAY_NOT_OVERRIDDEN: {
    status: 404,
    'zh-CN': '{date} 没有本地调整,无需删除',
    'en-US': '{date} has no local override to remove',
  },
  CALENDAR_DAY_NAME_EMPTY: {
    status: 400,
    'zh-CN': '请填写名称(如“防台风停工”“迎检调休上班”)',
    'en-US': 'Give the day a name (such as 防台风停工)',
  },
  CALENDAR_OFFICIAL_INVALID: {
    status: 422,
    'zh-CN': '{year} 年的工作日历未载入:发现 {count} 处错误,未写入任何数据(详见 details)',
    'en-US':
      'The working calendar for {year} was not loaded: {count} problems were found and nothing was written (see details)',
  },
  CALENDAR_WORKING_HOURS_INVALID: {
    status: 422,
    'zh-CN': '{division} 适用的工作时间段配置有误,无法计算时限:{problems}',
    'en-US': 'The working hours configured for {division} are not valid, so no deadline can be counted: {problems}',
  },
  CALENDAR_DEADLINE_UNCOUNTABLE: {
    status: 422,
    'zh-CN': '按当前的工作日历和作息时间,该时限在可计算的范围内不会届满',
    'en-US':
      'On this working calendar and these working hours the limit does not run out within the range that can be counted',
  },
});

/** What a change did, in both languages (looked up by `messageFor`, never thrown). */
export const CalendarMessages = defineErrors({
  CALENDAR_CHANGED: {
    status: 200,
    'zh-CN': '已更新 {count} 个日期;正在按新的工作日历重新计算未办结案件的时限',
    'en-US': '{count} dates changed; open deadlines are being recomputed on the new working calendar',
  },
  CALENDAR_UNCHANGED: {
    status: 200,
    'zh-CN': '工作日历已是如此,没有变化,无需重新计算时限',
    'en-US': 'The working calendar already says so: nothing changed and nothing is recomputed',
  },
});

/**
 * What a day of an official calendar may be, and what is wrong with it otherwise. Declared like errors so the
 * catalog stays in one place; never thrown, only looked up by `messageFor('CALENDAR_PROBLEM_' + problem, …)`.
 */
export const CalendarProblems = defineErrors({
  CALENDAR_PROBLEM_ENTRY_INVALID: {
    status: 422,
    'zh-CN': '第 {entry} 项不是 {"date", "kind", "name"} 形式的对象',
    'en-US': 'Entry {entry} is not an object {"date", "kind", "name"}',
  },
  CALENDAR_PROBLEM_DATE_INVALID: {
    status: 422,
    'zh-CN': '第 {entry} 项:“{date}”不是有效日期(应为 YYYY-MM-DD)',
    'en-US': 'Entry {entry}: "{date}" is not a valid date (YYYY-MM-DD)',
  },
  CALENDAR_PROBLEM_NOT_IN_YEAR: {
    status: 422,
    'zh-CN': '第 {entry} 项:{date} 不在 {year} 年内',
    'en-US': 'Entry {entry}: {date} is not in {year}',
  },
  CALENDAR_PROBLEM_DUPLICATE: {
    status: 422,
    'zh-CN': '第 {entry} 项:{date} 与第 {first} 项重复',
    'en-US': 'Entry {entry}: {date} repeats entry {first}',
  },
  CALENDAR_PROBLEM_KIND_INVALID: {
    status: 422,
    'zh-CN': '第 {entry} 项:类型“{kind}”不正确(holiday 放假或 workday 调休上班)',
    'en-US': 'Entry {entry}: the kind "{kind}" is not valid (holiday or workday)',
  },
  CALENDAR_PROBLEM_NAME_MISSING: {
    status: 422,
    'zh-CN': '第 {entry} 项:{date} 缺少名称(如“国庆节”),名称不超过 {max} 个字符',
    'en-US': 'Entry {entry}: {date} has no name (such as 国庆节), or one longer than {max} characters',
  },
  CALENDAR_PROBLEM_HOLIDAY_ON_WEEKEND: {
    status: 422,
    'zh-CN': '第 {entry} 项:{date} 是{weekdayZh},本来就休息;放假安排只需列出周一至周五的放假日',
    'en-US':
      'Entry {entry}: {date} is a {weekdayEn}, a rest day anyway; list only the holidays that fall on Monday to Friday',
  },
  CALENDAR_PROBLEM_WORKDAY_ON_WEEKDAY: {
    status: 422,
    'zh-CN': '第 {entry} 项:{date} 是{weekdayZh},本来就上班;调休上班日只能是周六或周日',
    'en-US':
      'Entry {entry}: {date} is a {weekdayEn}, a working day anyway; a make-up workday must be a Saturday or Sunday',
  },
});

/**
 * The working calendar is installation-wide reference data: every signed-in user may read it (a clerk
 * must see why a deadline falls where it does); changing it — local overrides, loading the State
 * Council's calendar for a year — takes `calendar.manage` (the system administrator).
 */
export const calendarPolicy = {
  read(actor: Actor): void {
    if (actor.kind === 'anonymous') throw PlatformErrors.AUTH_REQUIRED();
  },
  manage(actor: Actor): void {
    requirePermission(actor, 'calendar.manage');
  },
};
