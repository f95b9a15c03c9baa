import type { Messages } from '../types';

export const auth: Messages['auth'] = {
  title: 'Sign in',
  username: 'Username',
  usernameRequired: 'Enter your username',
  password: 'Password',
  passwordRequired: 'Enter your password',
  signIn: 'Sign in',
  totpCode: 'Verification code',
  totpCodeRequired: 'Enter the code',
  totpCodeInvalid: 'The code has 6 digits',
  totpStepHelp: 'Two-step verification is on for {username}. Enter the 6-digit code your authenticator app shows.',
  verify: 'Verify',
  enrol: 'Turn on and sign in',
  enrolHelp:
    'Your account needs two-step verification before it can be used. Scan the QR code with an authenticator app (or type the secret in), then enter the 6-digit code it shows.',
  backToPassword: 'Back to the password',
  demoTitle: 'Demo installation: anyone may sign in with these demo accounts. Do not enter real personal information',
  demoText:
    'There is one demo account per role; the password of each is {password} unless it was changed. Click a username to fill it in.',
  demoBanner:
    'Demo installation: demo accounts use the password {password}. Data is for trying out only; do not enter real personal information.',
  roleSysadmin: 'System administrator',
  roleSecadmin: 'Security administrator',
  roleAuditor: 'Audit administrator',
  roleLeader: 'Leader',
  roleDutychief: 'Duty chief',
  roleAcceptor: 'Acceptor',
  roleDispatcher: 'Dispatcher',
  roleOperator: 'Call operator (12345)',
  roleSupervisor: 'Supervisor',
  roleHandler: 'Department handler',
  roleGridworker: 'Grid worker',
  roleMediator: 'Mediator',
  roleStationstaff: 'Station staff',
  roleVolunteer: 'Volunteer',
  roleResident: 'Resident',
};
