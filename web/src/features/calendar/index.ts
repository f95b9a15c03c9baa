export {
  type CalendarDay,
  type CalendarYear,
  type DayKind,
  type DaySource,
  type DeadlineAnswer,
  type DeadlineUnit,
  fetchCalendarYear,
  fetchDeadline,
  type LocalDayChange,
  type LocalDayKind,
  removeLocalDay,
  setLocalDay,
} from './calendar-api';
export {
  businessInstant,
  defaultLocalKind,
  indexDays,
  MAX_YEAR,
  MIN_YEAR,
  monthGroups,
  monthWeeks,
  parseYear,
} from './calendar-days';
export { DeadlineHelper, type DeadlineHelperProps } from './deadline-helper';
export { kindLabel, kindMark, SOURCE_COLOR, sourceLabel, unitLabel } from './labels';
export { LocalDayModal, type LocalDayModalProps } from './local-day-modal';
export { LocalDaysTable, type LocalDaysTableProps } from './local-days-table';
export { dayDescription, YearCalendar, type YearCalendarProps } from './year-calendar';
export { YearSwitcher, type YearSwitcherProps } from './year-switcher';
