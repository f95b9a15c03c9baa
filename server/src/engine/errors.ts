import { defineErrors } from '../platform/errors.ts';

export const EngineErrors = defineErrors({
  CASE_NOT_FOUND: { status: 404, 'zh-CN': '未找到案件 {id}', 'en-US': 'Case {id} not found' },
  WORKFLOW_UNKNOWN: {
    status: 404,
    'zh-CN': '未知的业务流程 {workflow}',
    'en-US': 'Unknown workflow {workflow}',
  },
  ACTION_UNKNOWN: {
    status: 404,
    'zh-CN': '流程“{workflow}”没有“{action}”这一操作',
    'en-US': 'The {workflow} workflow has no action "{action}"',
  },
  ACTION_ROLE_FORBIDDEN: {
    status: 403,
    'zh-CN': '您的角色不能执行“{actionNameZh}”(可执行角色:{roles})',
    'en-US': 'Your roles may not take the action "{actionNameEn}" (roles that may: {roles})',
  },
  ACTION_NOT_ASSIGNEE: {
    status: 403,
    'zh-CN': '该任务不是派给您或您所在单位的,不能执行“{actionNameZh}”',
    'en-US': 'This task is not assigned to you or your unit, so you cannot take the action "{actionNameEn}"',
  },
  ACTION_NOT_ALLOWED: {
    status: 409,
    'zh-CN': '案件当前处于“{stateNameZh}”,不能执行“{actionNameZh}”;现在可执行:{allowedZh}',
    'en-US': 'The case is now "{stateNameEn}", so "{actionNameEn}" is not possible; possible now: {allowedEn}',
  },
  TASK_NOT_ALLOWED: {
    status: 409,
    'zh-CN': '任务当前处于“{stateNameZh}”,不能执行“{actionNameZh}”;现在可执行:{allowedZh}',
    'en-US': 'The task is now "{stateNameEn}", so "{actionNameEn}" is not possible; possible now: {allowedEn}',
  },
  CASE_STALE: {
    status: 409,
    'zh-CN': '案件已被他人处理(当前版本 {version},状态“{stateNameZh}”),请刷新;现在可执行:{allowedZh}',
    'en-US':
      'Someone else acted on the case (now version {version}, "{stateNameEn}"); reload. Possible now: {allowedEn}',
  },
  TASK_REQUIRED: {
    status: 400,
    'zh-CN': '请指明要对哪项任务执行“{actionNameZh}”',
    'en-US': 'Say which task the action "{actionNameEn}" is for',
  },
  TASK_NOT_FOUND: { status: 404, 'zh-CN': '案件没有任务 {taskId}', 'en-US': 'The case has no task {taskId}' },
  ACTION_INPUT_INVALID: {
    status: 400,
    'zh-CN': '“{actionNameZh}”的填写内容有误:{problemsZh}',
    'en-US': 'What was entered for "{actionNameEn}" is not valid: {problemsEn}',
  },
  ACTION_REFUSED: {
    status: 409,
    'zh-CN': '不能执行“{actionNameZh}”:{reasonZh}',
    'en-US': 'Cannot {actionNameEn}: {reasonEn}',
  },
  ACTION_REFERENCE_UNKNOWN: {
    status: 422,
    'zh-CN': '“{actionNameZh}”中指定的{whatZh}不存在或已停用:{ids}',
    'en-US': 'The {whatEn} named in "{actionNameEn}" do not exist or are inactive: {ids}',
  },
  ACTION_ATTACHMENT_UNKNOWN: {
    status: 422,
    'zh-CN': '“{actionNameZh}”的附件不存在或您无权查看:{ids}。请先上传附件,再引用其编号',
    'en-US':
      'The attachments given for "{actionNameEn}" do not exist or are not yours to see: {ids}. Upload them first, then name their ids',
  },
  CASE_MOVE_INVALID: {
    status: 422,
    'zh-CN': '不能“{actionNameZh}”到 {to}:{reasonZh}',
    'en-US': 'Cannot {actionNameEn} to {to}: {reasonEn}',
  },
  CASE_MOVE_OUT_OF_SCOPE: {
    status: 403,
    'zh-CN': '案件属于 {owner},不在您管辖的区划内,不能“{actionNameZh}”',
    'en-US': 'The case belongs to {owner}, outside your divisions, so you cannot {actionNameEn} it',
  },
  CASE_MOVED_AWAY: {
    status: 403,
    'zh-CN': '案件已移交 {owner} 办理,您只能查看,不能再执行“{actionNameZh}”',
    'en-US': 'The case has passed to {owner}: you may still read it but can no longer {actionNameEn}',
  },
  CASE_OUT_OF_SCOPE: {
    status: 403,
    'zh-CN': '不能在您管辖范围以外的区划 {divisionCode} 立案',
    'en-US': 'You cannot open a case in {divisionCode}, outside your area',
  },
});
