import type { Messages } from '../types';

export const session: Messages['session'] = {
  notSignedIn: 'Not signed in',
  operator: 'Operator',
  user: 'User',
  signInRequiredTitle: 'Sign in required',
  signInRequiredText: 'This page is only available to signed-in staff. Please sign in and try again.',
  forbiddenTitle: 'No access',
  forbiddenText: 'Your account may not open this page. Ask a system administrator if you need access.',
  signIn: 'Sign in',
  signOut: 'Sign out',
  profile: 'Profile',
  goSignIn: 'Sign in',
};
