import { describe, expect, it } from 'vitest';
import type { AvailableAction } from '../../features/cases/cases-api';
import { actionInputs, actionProblem, phoneAction } from './task-actions';

const checkPass: AvailableAction = {
  action: 'check-pass',
  name: '核查通过',
  to: null,
  inputs: [
    { name: 'note', type: 'text', label: '说明', required: false, max: 1000 },
    { name: 'position', type: 'position', label: '现场位置', required: false },
  ],
  attachments: { min: 1, max: null, label: '核查照片' },
  taskIds: ['t1'],
};
const checkFail: AvailableAction = {
  ...checkPass,
  action: 'check-fail',
  inputs: [{ name: 'reason', type: 'text', label: '原因', required: true, min: 2, max: 500 }],
};
const fix = { lon: 113.1, lat: 36.16, accuracy: 7.6, at: 0 };

describe('phoneAction', () => {
  it('offers on the phone what it can fill, and leaves units and accounts to the console', () => {
    expect(phoneAction(checkPass)).toBe(true);
    expect(phoneAction({ ...checkPass, inputs: [{ name: 'lead', type: 'unit', label: '主办', required: true }] })).toBe(
      false,
    );
  });
});

describe('actionInputs', () => {
  it('sends what was typed, trimmed, and the phone’s position where the workflow asks for it', () => {
    expect(actionInputs(checkPass, { note: '  已清理 ' }, fix)).toEqual({
      note: '已清理',
      position: { lon: 113.1, lat: 36.16, accuracy: 8 },
    });
    expect(actionInputs(checkPass, { note: '' }, null)).toEqual({});
  });
});

describe('actionProblem', () => {
  it('asks for the on-site photo, then the required inputs', () => {
    expect(actionProblem(checkPass, {}, 0, fix)).toBe('photos');
    expect(actionProblem(checkPass, {}, 1, null)).toBeNull();
    expect(actionProblem(checkFail, { reason: '脏' }, 1, fix)).toEqual({ input: '原因' });
    expect(actionProblem(checkFail, { reason: '仍有垃圾' }, 1, fix)).toBeNull();
  });
});
