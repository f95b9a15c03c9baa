export const menu = {
  overview: '概览',
  jobs: '定时任务',
  config: '配置',
  apiDocs: '接口文档',
  navigation: '主导航',
  people: '居民/人员',
  users: '用户',
  roles: '角色',
  grants: '授权',
  orgUnits: '组织机构',
  audit: '审计日志',
} as const;
