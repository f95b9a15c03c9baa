import { type Actor, requirePermission, requireScope } from '../../platform/access.ts';
import { defineErrors } from '../../platform/errors.ts';

export const IdentityErrors = defineErrors({
  INVALID_CREDENTIALS: {
    status: 401,
    'zh-CN': '用户名或密码错误',
    'en-US': 'Wrong username or password',
  },
  ACCOUNT_LOCKED: {
    status: 423,
    'zh-CN': '登录失败次数过多,账号已锁定至 {until};请稍后再试,或联系系统管理员解锁',
    'en-US':
      'Too many failed sign-ins: the account is locked until {until}. Try again later or ask the system administrator to unlock it',
  },
  ACCOUNT_DISABLED: {
    status: 403,
    'zh-CN': '该账号已停用,请联系系统管理员',
    'en-US': 'This account is disabled; contact the system administrator',
  },
  SESSION_REQUIRED: {
    status: 401,
    'zh-CN': '此操作需要以用户身份登录(运维令牌不是用户会话)',
    'en-US': 'This needs a signed-in user (the operator token is not a user session)',
  },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    'zh-CN': '请先修改初始密码,再进行其他操作',
    'en-US': 'Change your initial password before doing anything else',
  },
  SECOND_FACTOR_REQUIRED: {
    status: 403,
    'zh-CN': '请先完成双因素认证(输入身份验证器中的动态口令;尚未绑定的请先绑定)',
    'en-US':
      'Complete two-factor sign-in first (enter the code from your authenticator app; set one up if you have none)',
  },
  CURRENT_PASSWORD_WRONG: {
    status: 403,
    'zh-CN': '当前密码不正确',
    'en-US': 'The current password is wrong',
  },
  PASSWORD_TOO_SHORT: {
    status: 400,
    'zh-CN': '密码太短:至少需要 {minLength} 个字符',
    'en-US': 'The password is too short: it needs at least {minLength} characters',
  },
  PASSWORD_TOO_LONG: {
    status: 400,
    'zh-CN': '密码太长:最多 {maxLength} 个字符',
    'en-US': 'The password is too long: at most {maxLength} characters',
  },
  PASSWORD_TOO_SIMPLE: {
    status: 400,
    'zh-CN': '密码太简单:须包含大写字母、小写字母、数字、符号中的至少 {requireClasses} 类',
    'en-US': 'The password is too simple: mix at least {requireClasses} of upper case, lower case, digits and symbols',
  },
  PASSWORD_CONTAINS_USERNAME: {
    status: 400,
    'zh-CN': '密码不能包含用户名',
    'en-US': 'The password must not contain the username',
  },
  PASSWORD_TOO_COMMON: {
    status: 400,
    'zh-CN': '密码过于常见,容易被猜中,请换一个',
    'en-US': 'The password is too common and easily guessed; choose another',
  },
  PASSWORD_UNCHANGED: {
    status: 400,
    'zh-CN': '新密码不能与当前密码相同',
    'en-US': 'The new password must differ from the current one',
  },
  USERNAME_TAKEN: {
    status: 409,
    'zh-CN': '用户名 {username} 已被使用',
    'en-US': 'The username {username} is already taken',
  },
  USERNAME_INVALID: {
    status: 400,
    'zh-CN': '用户名须为 3–64 个字符,由小写字母、数字和 . _ - 组成,并以字母或数字开头',
    'en-US': 'A username has 3–64 characters: lower-case letters, digits and . _ -, starting with a letter or digit',
  },
  USER_NOT_FOUND: { status: 404, 'zh-CN': '未找到用户 {id}', 'en-US': 'User {id} not found' },
  ORG_UNIT_UNKNOWN: {
    status: 400,
    'zh-CN': '组织机构 {id} 不存在',
    'en-US': 'Organisation unit {id} does not exist',
  },
  CANNOT_DISABLE_SELF: {
    status: 409,
    'zh-CN': '不能停用自己正在使用的账号',
    'en-US': 'You cannot disable the account you are signed in with',
  },
  SESSION_NOT_FOUND: { status: 404, 'zh-CN': '未找到会话 {id}', 'en-US': 'Session {id} not found' },
  TOTP_INVALID: {
    status: 401,
    'zh-CN': '动态口令不正确或已使用过',
    'en-US': 'The code is wrong or has already been used',
  },
  TOTP_ALREADY_ENABLED: {
    status: 409,
    'zh-CN': '已启用双因素认证;如需更换,请先停用',
    'en-US': 'Two-factor sign-in is already on; turn it off first to set up another authenticator',
  },
  TOTP_NOT_SET_UP: {
    status: 409,
    'zh-CN': '请先生成密钥并添加到身份验证器',
    'en-US': 'Set up a secret in your authenticator app first',
  },
  TOTP_NOT_ENABLED: {
    status: 409,
    'zh-CN': '该账号未启用双因素认证',
    'en-US': 'Two-factor sign-in is not on for this account',
  },
  TOTP_REQUIRED_FOR_ROLE: {
    status: 409,
    'zh-CN': '系统管理员、安全管理员和审计管理员必须使用双因素认证,不能停用',
    'en-US': 'System, security and audit administrators must use two-factor sign-in; it cannot be turned off',
  },
  TOTP_NOT_PENDING: {
    status: 409,
    'zh-CN': '本次登录不需要动态口令',
    'en-US': 'This session does not need a code',
  },
});

/**
 * Accounts belong to the system administrator (三员分立): reading needs `identity.users.read`, changing
 * `identity.users.manage`, and both only for accounts whose division lies in the administrator's scope.
 * What a signed-in user does to their own account (password, sessions, second factor) needs only the session.
 */
export const identityPolicy = {
  readUsers(actor: Actor): void {
    requirePermission(actor, 'identity.users.read');
  },
  readUser(actor: Actor, ownerDivision: string): void {
    requirePermission(actor, 'identity.users.read');
    requireScope(actor, ownerDivision);
  },
  manageUser(actor: Actor, ownerDivision: string): void {
    requirePermission(actor, 'identity.users.manage');
    requireScope(actor, ownerDivision);
  },
  /** Self-service (password, sessions, TOTP): a user acting through a session, never the operator token. */
  self(actor: Actor): string {
    if (actor.kind !== 'user' || !actor.id) throw IdentityErrors.SESSION_REQUIRED();
    return actor.id;
  },
};

/**
 * The three administrators (三员): their accounts must use a second factor outside demo mode, since each of
 * them alone can change who may do what, what the system does, or read who did what.
 */
export const ADMIN_ROLES: readonly string[] = ['sysadmin', 'secadmin', 'auditor'];
