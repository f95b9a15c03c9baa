import type { Messages } from '../types';

export const errors: Messages['errors'] = {
  notFoundTitle: 'Page not found',
  notFoundText: 'The address you opened does not exist or has been removed.',
  loadFailed: 'Could not load',
  network: 'Cannot reach the server. Check the network and try again.',
  unknown: 'Something went wrong. Please try again later.',
  pageCrashed: 'This page ran into a problem. Reload and try again.',
};
