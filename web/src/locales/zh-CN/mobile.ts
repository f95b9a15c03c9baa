/** The grid worker's phone app (/m/). */
export const mobile = {
  appName: '网格员',
} as const;
