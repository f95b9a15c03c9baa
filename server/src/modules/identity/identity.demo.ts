/**
 * The demo installation's accounts (docs/contracts/identity-access.md): one per built-in role, named by
 * the role, each granted that role over a division of the Changzhi (长治市, 1404) demo data. All share the
 * password CIVICGRID_DEMO_PASSWORD and exist only in demo mode. Phone numbers are in Changzhi's 0355
 * range so that masking (138****0001) shows on every person.
 */
export interface DemoAccount {
  username: string;
  role: string;
  displayName: string;
  /** The division the role is granted over and the person belongs to ('' = the whole installation). */
  division: string;
  phone: string;
}

const accounts: [username: string, role: string, displayName: string, division: string][] = [
  ['admin', 'sysadmin', '王建国', ''],
  ['secadmin', 'secadmin', '李卫东', ''],
  ['auditor', 'auditor', '张秀英', ''],
  ['leader', 'leader', '刘志强', '1404'],
  ['dutychief', 'dutychief', '陈丽华', '1404'],
  ['acceptor', 'acceptor', '杨静', '1404'],
  ['dispatcher', 'dispatcher', '赵磊', '1404'],
  ['operator', 'operator', '黄敏', '1404'],
  ['gridadmin', 'gridadmin', '任国平', '1404'],
  ['supervisor', 'supervisor', '周涛', '140403'],
  ['handler', 'handler', '吴刚', '140403'],
  ['stationstaff', 'stationstaff', '胡晓燕', '140403'],
  ['gridworker', 'gridworker', '徐芳', '140403001'],
  ['mediator', 'mediator', '孙明德', '140403001'],
  ['volunteer', 'volunteer', '郭红梅', '140403001001'],
  ['resident', 'resident', '马桂兰', '140403001001'],
];

export const DEMO_ACCOUNTS: readonly DemoAccount[] = accounts.map(([username, role, displayName, division], i) => ({
  username,
  role,
  displayName,
  division,
  phone: `1380355${String(i + 1).padStart(4, '0')}`,
}));

/** The administrator the first start outside demo mode creates (with a one-time password). */
export const INITIAL_ADMIN = { username: 'admin', role: 'sysadmin', displayName: '系统管理员' } as const;
