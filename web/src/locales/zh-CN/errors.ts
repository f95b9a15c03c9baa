export const errors = {
  notFoundTitle: '页面不存在',
  notFoundText: '您访问的地址不存在或已被移除。',
  loadFailed: '加载失败',
  network: '无法连接服务器，请检查网络后重试。',
  unknown: '操作失败，请稍后重试。',
  pageCrashed: '页面出现异常，请刷新后重试。',
} as const;
