import type { MessageKey, Translate } from '../../locales';
import type { DaySource, DeadlineUnit, LocalDayKind } from './calendar-api';

const SOURCE: Record<DaySource, MessageKey> = {
  builtin: 'calendar.sourceBuiltin',
  official: 'calendar.sourceOfficial',
  local: 'calendar.sourceLocal',
};

/** 内置（国务院安排） / 官方（已载入） / 本地调整. */
export function sourceLabel(source: DaySource, t: Translate): string {
  return t(SOURCE[source]);
}

export const SOURCE_COLOR: Record<DaySource, string> = { builtin: 'default', official: 'blue', local: 'gold' };

/** 休 / 班: the one-character mark of a calendar cell. */
export function kindMark(kind: LocalDayKind, t: Translate): string {
  return kind === 'holiday' ? t('calendar.markHoliday') : t('calendar.markWorkday');
}

/** 放假 / 上班. */
export function kindLabel(kind: LocalDayKind, t: Translate): string {
  return kind === 'holiday' ? t('calendar.kindHoliday') : t('calendar.kindWorkday');
}

const UNIT: Record<DeadlineUnit, MessageKey> = {
  working_hours: 'calendar.unitWorkingHours',
  working_days: 'calendar.unitWorkingDays',
  natural_hours: 'calendar.unitNaturalHours',
};

export const DEADLINE_UNITS: readonly DeadlineUnit[] = ['working_hours', 'working_days', 'natural_hours'];

/** 工作时 / 工作日 / 自然时. */
export function unitLabel(unit: DeadlineUnit, t: Translate): string {
  return t(UNIT[unit]);
}
