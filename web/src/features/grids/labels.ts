import type { MessageKey, Translate } from '../../locales';
import type { WeekdayWords } from './format';
import type { GridKind, GridPost, GridStatus } from './grids-api';

const POST: Record<GridPost, MessageKey> = {
  leader: 'grids.postLeader',
  full_time: 'grids.postFullTime',
  part_time: 'grids.postPartTime',
  supervisor: 'grids.postSupervisor',
  instructor: 'grids.postInstructor',
};
const KIND: Record<GridKind, MessageKey> = {
  social: 'grids.kindSocial',
  unit: 'grids.kindUnit',
  dedicated: 'grids.kindDedicated',
};
const STATUS: Record<GridStatus, MessageKey> = {
  active: 'grids.statusActive',
  suspended: 'grids.statusSuspended',
  retired: 'grids.statusRetired',
};
const LEVEL: Record<string, MessageKey> = {
  province: 'grids.levelProvince',
  city: 'grids.levelCity',
  county: 'grids.levelCounty',
  town: 'grids.levelTown',
  village: 'grids.levelVillage',
};
const WEEKDAY: readonly MessageKey[] = [
  'grids.weekday1',
  'grids.weekday2',
  'grids.weekday3',
  'grids.weekday4',
  'grids.weekday5',
  'grids.weekday6',
  'grids.weekday7',
];

export const postLabel = (post: string, t: Translate) => (post in POST ? t(POST[post as GridPost]) : post);
export const kindLabel = (kind: string, t: Translate) => (kind in KIND ? t(KIND[kind as GridKind]) : kind);
export const statusLabel = (status: string, t: Translate) =>
  status in STATUS ? t(STATUS[status as GridStatus]) : status;
export const levelLabel = (level: string, t: Translate) => (level in LEVEL ? t(LEVEL[level] as MessageKey) : level);
export const weekdayLabel = (weekday: number, t: Translate) => {
  const key = WEEKDAY[weekday - 1];
  return key ? t(key) : String(weekday);
};

export function weekdayWords(t: Translate): WeekdayWords {
  return {
    day: (d) => weekdayLabel(d, t),
    through: (from, to) => t('grids.weekdayThrough', { from, to }),
    separator: t('grids.listSeparator'),
  };
}
