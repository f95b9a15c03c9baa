export const session = {
  notSignedIn: '未登录',
  operator: '运维管理员',
  user: '用户',
  signInRequiredTitle: '需要登录',
  signInRequiredText: '此页面仅对已登录的管理人员开放，请登录后再访问。',
  forbiddenTitle: '无权访问',
  forbiddenText: '当前账号没有访问此页面的权限，如需开通请联系系统管理员。',
  signIn: '登录',
  signOut: '退出登录',
  profile: '个人中心',
  goSignIn: '去登录',
} as const;
