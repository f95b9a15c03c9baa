export const menu = {
  overview: '概览',
  jobs: '定时任务',
  config: '配置',
  apiDocs: '接口文档',
  navigation: '主导航',
} as const;
