/** The citizen portal (/portal/). */
export const portal = {
  appName: '市民随手拍',
} as const;
