import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TOY_WORKFLOW } from '../../test/toy-workflow.ts';
import { checkWorkflow, type WorkflowDefinition } from './workflow.ts';

const t = (s: string) => ({ 'zh-CN': s, 'en-US': s });

describe('a workflow definition is checked when it is registered', () => {
  test('the toy workflow is valid', () => {
    assert.deepEqual(checkWorkflow(TOY_WORKFLOW), []);
  });

  test('every mistake is reported, not just the first', () => {
    const broken: WorkflowDefinition = {
      key: 'Broken Key',
      version: 0,
      name: t('broken'),
      states: { open: { name: t('open') } },
      tasks: { work: { name: t('work'), initial: 'nowhere', states: { waiting: { name: t('waiting') } } } },
      clocks: { sla: { name: t('sla'), holder: 'case' } },
      actions: {
        report: { name: t('report'), from: [], roles: [] },
        move: {
          name: t('move'),
          from: ['open', 'ghost'],
          to: 'limbo',
          roles: ['dispatcher'],
          task: { kinds: ['chore'], from: ['waiting'], to: 'done' },
          opens: [{ kind: 'work', assignee: { input: 'who' } }],
          clocks: [
            { clock: 'sla', effect: 'start' },
            { clock: 'other', effect: 'stop' },
          ],
          inputs: { pick: { type: 'choice', label: t('pick') } },
        },
      },
      followTasks: [{ when: ['open'], allTasks: ['chore'], to: 'closed' }],
    };
    const problems = checkWorkflow(broken);
    for (const expected of [
      /key "Broken Key"/,
      /version must be a positive integer/,
      /task kind work: initial state nowhere/,
      /task kind work: no terminal state/,
      /action report: opens a case, so it must name the state/,
      /action report: no role may take it/,
      /action move: from-state ghost is not a state/,
      /action move: to-state limbo is not a state/,
      /action move: task kind chore is not declared/,
      /action move: assignee input who must be an input of type unit/,
      /action move: starts clock sla, which has no default limit/,
      /action move: clock other is not declared/,
      /action move: choice input pick has no options/,
      /followTasks\[0\]: state closed is not a state/,
    ])
      assert.ok(
        problems.some((p) => expected.test(p)),
        `${expected} among:\n${problems.join('\n')}`,
      );
  });

  test('a workflow with a mistake cannot be registered', async () => {
    const { CaseEngine } = await import('./case-engine.ts');
    const engine = new CaseEngine({} as ConstructorParameters<typeof CaseEngine>[0]);
    assert.throws(
      () => engine.register({ ...TOY_WORKFLOW, initialStateTypo: true, states: {} } as WorkflowDefinition),
      /not valid/,
    );
    engine.register(TOY_WORKFLOW);
    assert.throws(() => engine.register(TOY_WORKFLOW), /registered twice/);
  });
});
