/** Codes the server sends as they are (roles, channels, input names…) and the caseDetail keys that name them. */
import type { MessageKey, Translate } from '../../../locales';
import type { LimitUnit } from './action-form-fields';

const ROLES: Record<string, MessageKey> = {
  sysadmin: 'caseDetail.roleSysadmin',
  leader: 'caseDetail.roleLeader',
  dutychief: 'caseDetail.roleDutychief',
  acceptor: 'caseDetail.roleAcceptor',
  dispatcher: 'caseDetail.roleDispatcher',
  supervisor: 'caseDetail.roleSupervisor',
  gridworker: 'caseDetail.roleGridworker',
  handler: 'caseDetail.roleHandler',
  operator: 'caseDetail.roleOperator',
  stationstaff: 'caseDetail.roleStationstaff',
  resident: 'caseDetail.roleResident',
  system: 'caseDetail.roleSystem',
  $system: 'caseDetail.roleSystem',
};

const CHANNELS: Record<string, MessageKey> = {
  grid: 'caseDetail.channelGrid',
  supervisor: 'caseDetail.channelSupervisor',
  public: 'caseDetail.channelPublic',
  hotline: 'caseDetail.channelHotline',
  leader: 'caseDetail.channelLeader',
  other: 'caseDetail.channelOther',
};

const URGENCIES: Record<string, MessageKey> = {
  normal: 'caseDetail.urgencyNormal',
  urgent: 'caseDetail.urgencyUrgent',
  emergency: 'caseDetail.urgencyEmergency',
};

const INPUTS: Record<string, MessageKey> = {
  reason: 'caseDetail.inputReason',
  note: 'caseDetail.inputNote',
  description: 'caseDetail.inputDescription',
  closureType: 'caseDetail.inputClosureType',
  satisfaction: 'caseDetail.inputSatisfaction',
  comment: 'caseDetail.inputComment',
  lead: 'caseDetail.inputLead',
  assist: 'caseDetail.inputAssist',
  limit: 'caseDetail.inputLimit',
  extra: 'caseDetail.inputExtra',
  overrideReason: 'caseDetail.inputOverrideReason',
  verifier: 'caseDetail.inputVerifier',
  checker: 'caseDetail.inputChecker',
  into: 'caseDetail.inputInto',
  duplicate: 'caseDetail.inputDuplicate',
  to: 'caseDetail.inputTo',
  position: 'caseDetail.inputPosition',
};

const VALUES: Record<string, MessageKey> = {
  'closureType:normal': 'caseDetail.closureNormal',
  'closureType:overdue': 'caseDetail.closureOverdue',
  'closureType:error': 'caseDetail.closureError',
  'closureType:special': 'caseDetail.closureSpecial',
  'satisfaction:satisfied': 'caseDetail.satisfactionSatisfied',
  'satisfaction:basically': 'caseDetail.satisfactionBasically',
  'satisfaction:dissatisfied': 'caseDetail.satisfactionDissatisfied',
};

const LIMIT_UNITS: Record<LimitUnit, MessageKey> = {
  working_hours: 'caseDetail.limitUnitWorkingHours',
  working_days: 'caseDetail.limitUnitWorkingDays',
  natural_hours: 'caseDetail.limitUnitNaturalHours',
};

export const DEADLINE_STATUS: Record<string, { key: MessageKey; color: string }> = {
  green: { key: 'caseDetail.statusGreen', color: 'success' },
  yellow: { key: 'caseDetail.statusYellow', color: 'warning' },
  red: { key: 'caseDetail.statusRed', color: 'error' },
};

const CLOCK_STATES: Record<string, MessageKey> = {
  running: 'caseDetail.clockRunning',
  paused: 'caseDetail.clockPaused',
  stopped: 'caseDetail.clockStopped',
};

const named = (map: Record<string, MessageKey>, t: Translate, code: string | undefined | null) => {
  if (!code) return '';
  const key = map[code];
  return key ? t(key) : code;
};

export const roleName = (t: Translate, code: string) => named(ROLES, t, code);
export const channelName = (t: Translate, code: string | undefined) => named(CHANNELS, t, code);
export const urgencyName = (t: Translate, code: string | undefined) => named(URGENCIES, t, code);
export const inputName = (t: Translate, name: string) => named(INPUTS, t, name);
export const clockStateName = (t: Translate, state: string) => named(CLOCK_STATES, t, state);
export const limitUnitName = (t: Translate, unit: LimitUnit) => t(LIMIT_UNITS[unit]);
/** A choice the history recorded (结案类型, 满意度) by its label; other values as they are. */
export function choiceName(t: Translate, input: string, value: string): string {
  const key = VALUES[`${input}:${value}`];
  return key ? t(key) : value;
}
