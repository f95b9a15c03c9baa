import { type Actor, requirePermission, requireScope } from '../../platform/access.ts';
import { defineErrors } from '../../platform/errors.ts';
import type { JobRow } from './scheduler.repo.ts';

export const SchedulerErrors = defineErrors({
  JOB_NOT_FOUND: { status: 404, 'zh-CN': '未找到定时任务 {id}', 'en-US': 'Scheduled job {id} not found' },
  JOB_TYPE_UNKNOWN: { status: 400, 'zh-CN': '未知的任务类型 {type}', 'en-US': 'Unknown job type {type}' },
  JOB_TYPE_NOT_SCHEDULABLE: {
    status: 400,
    'zh-CN': '任务类型 {type} 不能通过接口创建',
    'en-US': 'Jobs of type {type} cannot be created through the API',
  },
  JOB_KEY_TAKEN: { status: 409, 'zh-CN': '任务标识 {key} 已存在', 'en-US': 'A job with key {key} already exists' },
  JOB_PAUSED: { status: 409, 'zh-CN': '任务 {key} 已暂停,请先恢复', 'en-US': 'Job {key} is paused; resume it first' },
  BAD_CRON: {
    status: 400,
    'zh-CN': '周期表达式 {cron} 无效:{reason}',
    'en-US': 'The cron expression {cron} is invalid: {reason}',
  },
  BAD_PAYLOAD: {
    status: 400,
    'zh-CN': '任务 {type} 的参数不正确',
    'en-US': 'The payload for job type {type} is invalid',
  },
  CRON_OR_RUN_AT: {
    status: 400,
    'zh-CN': '请在周期表达式(cron)和执行时间(runAt)中二选一',
    'en-US': 'Give exactly one of cron and runAt',
  },
});

/** Who may see and steer scheduled jobs: the job's owning division must lie in the caller's scope. */
export const schedulerPolicy = {
  read(actor: Actor): void {
    requirePermission(actor, 'system.jobs.read');
  },
  readJob(actor: Actor, job: JobRow): void {
    requirePermission(actor, 'system.jobs.read');
    requireScope(actor, job.ownerDivision);
  },
  manage(actor: Actor, ownerDivision: string): void {
    requirePermission(actor, 'system.jobs.manage');
    requireScope(actor, ownerDivision);
  },
};
