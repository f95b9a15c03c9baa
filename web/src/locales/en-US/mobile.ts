import type { Messages } from '../types';

export const mobile: Messages['mobile'] = {
  appName: 'Grid worker',
};
