export const common = {
  productName: 'CivicGrid 网格治理平台',
  productShort: 'CivicGrid',
  language: '语言',
  loading: '加载中…',
  retry: '重试',
  refresh: '刷新',
  cancel: '取消',
  submit: '提交',
  no: '否',
  actions: '操作',
  total: '共 {total} 条',
  backHome: '返回概览',
} as const;
