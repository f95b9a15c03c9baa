import type { Messages } from '../types';

export const portal: Messages['portal'] = {
  appName: 'Report a problem',
};
