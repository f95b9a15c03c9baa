export {
  changePassword,
  disableTotp,
  enableTotp,
  endOtherSessions,
  endSession,
  fetchMySessions,
  type LoginRequest,
  type LoginResult,
  login,
  type MySession,
  setupTotp,
  type TotpSetup,
  verifyTotp,
} from './auth-api';
export { ChangePasswordForm } from './change-password-form';
export { DEMO_ACCOUNTS, DemoAccountsAlert } from './demo-accounts';
export { LoginForm, type LoginFormHandle, type LoginFormProps } from './login-form';
export { MySessions } from './my-sessions';
export { ProfileSummary } from './profile-summary';
export { TotpCard } from './totp-card';
