import type { Text, WorkflowDefinition } from '../src/engine/workflow.ts';
import type { Actor } from '../src/platform/access.ts';
import type { TestApp } from './app.ts';

const t = (zh: string, en: string): Text => ({ 'zh-CN': zh, 'en-US': en });
const reason = { type: 'text', label: t('原因', 'reason'), required: true, max: 500 } as const;
const unit = { type: 'unit', label: t('承办单位', 'unit'), required: true } as const;

/**
 * A workflow that exists only in tests: the engine must run it with no change to itself. Small, but it
 * has a task per unit, a case clock and a task clock, pause/resume/extend, a cancel-and-reopen, a
 * counted guard and a rule that moves the case when its tasks finish.
 */
export const TOY_WORKFLOW: WorkflowDefinition = {
  key: 'toy',
  version: 1,
  name: t('测试流程', 'Toy workflow'),
  states: {
    new: { name: t('新建', 'new') },
    assigned: { name: t('办理中', 'assigned') },
    handled: { name: t('待结案', 'handled') },
    done: { name: t('已结案', 'done'), terminal: true },
    void: { name: t('已作废', 'void'), terminal: true },
  },
  tasks: {
    work: {
      name: t('办理任务', 'work'),
      initial: 'todo',
      states: {
        todo: { name: t('待签收', 'to do') },
        doing: { name: t('办理中', 'doing') },
        finished: { name: t('已办结', 'finished'), terminal: true },
        cancelled: { name: t('已撤回', 'cancelled'), terminal: true },
      },
    },
  },
  clocks: {
    overall: { name: t('总时限', 'overall'), holder: 'case', limit: { amount: 3, unit: 'working_days' } },
    work: { name: t('办理时限', 'handling'), holder: 'task', limit: { amount: 4, unit: 'working_hours' } },
  },
  actions: {
    report: {
      name: t('上报', 'report'),
      from: [],
      to: 'new',
      roles: ['acceptor', 'gridworker'],
      inputs: { title: { type: 'text', label: t('标题', 'title'), required: true, max: 100 } },
      sets: { title: 'title' },
      clocks: [{ clock: 'overall', effect: 'start' }],
    },
    assign: {
      name: t('派遣', 'assign'),
      from: ['new'],
      to: 'assigned',
      roles: ['dispatcher'],
      inputs: { unit },
      opens: [{ kind: 'work', assignee: { input: 'unit' } }],
      clocks: [{ clock: 'work', effect: 'start' }],
    },
    accept: {
      name: t('签收', 'accept'),
      from: ['assigned'],
      roles: ['handler'],
      task: { kinds: ['work'], from: ['todo'], to: 'doing', assigneeOnly: true },
    },
    finish: {
      name: t('办结', 'finish'),
      from: ['assigned'],
      roles: ['handler'],
      task: { kinds: ['work'], from: ['doing'], to: 'finished', assigneeOnly: true },
      attachments: { min: 1, max: 9, label: t('处置后照片', 'after photos') },
    },
    suspend: {
      name: t('挂账', 'suspend'),
      from: ['assigned'],
      roles: ['dutychief'],
      inputs: { reason },
      clocks: [
        { clock: 'overall', effect: 'pause' },
        { clock: 'work', effect: 'pause' },
      ],
    },
    resume: {
      name: t('恢复', 'resume'),
      from: ['assigned'],
      roles: ['dutychief'],
      clocks: [
        { clock: 'overall', effect: 'resume' },
        { clock: 'work', effect: 'resume' },
      ],
    },
    extend: {
      name: t('延期', 'extend'),
      from: ['assigned'],
      roles: ['dutychief'],
      inputs: { extra: { type: 'limit', label: t('延长时限', 'extra time'), required: true }, reason },
      clocks: [{ clock: 'work', effect: 'extend', input: 'extra' }],
    },
    reassign: {
      name: t('转派', 'reassign'),
      from: ['assigned'],
      roles: ['dispatcher'],
      inputs: { unit, reason },
      cancels: { kinds: ['work'], to: 'cancelled' },
      opens: [{ kind: 'work', assignee: { input: 'unit' } }],
      clocks: [{ clock: 'work', effect: 'start' }],
      counts: ['reassigned'],
      guards: [(c) => ((c.counts.reassigned ?? 0) >= 2 ? t('最多转派两次', 'at most two reassignments') : null)],
    },
    rework: {
      name: t('返工', 'rework'),
      from: ['handled'],
      to: 'assigned',
      roles: ['dutychief'],
      inputs: { unit, reason },
      opens: [{ kind: 'work', assignee: { input: 'unit' } }],
      clocks: [{ clock: 'work', effect: 'start' }],
      counts: ['rework'],
    },
    close: { name: t('结案', 'close'), from: ['handled'], to: 'done', roles: ['dutychief'] },
    void: { name: t('作废', 'void'), from: ['new'], to: 'void', roles: ['dutychief'], inputs: { reason } },
  },
  followTasks: [{ when: ['assigned'], allTasks: ['work'], anyIn: ['finished'], to: 'handled' }],
};

/** Registers the toy workflow once per app. */
export function registerToy(app: TestApp): void {
  if (!app.ctx.engine.workflows().some((w) => w.key === TOY_WORKFLOW.key)) app.ctx.engine.register(TOY_WORKFLOW);
}

/** A user acting in one role, for service-level tests that need no session. */
export function actorWith(
  role: string,
  options: { id?: string; divisions?: string[]; orgUnits?: string[] } = {},
): Actor {
  return {
    kind: 'user',
    id:
      options.id ??
      `00000000-0000-4000-8000-${role
        .padEnd(12, '0')
        .slice(0, 12)
        .replace(/[^0-9a-f]/g, '0')}`,
    personId: null,
    displayName: role,
    roles: [role],
    permissions: new Set(['cases.read']),
    scope: { divisions: options.divisions ?? [''], grids: [], orgUnits: options.orgUnits ?? [] },
    sessionId: null,
  };
}
