import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { AvailableAction, DispatchProposal } from '../cases-api';
import {
  attachmentsProblem,
  buildApplyBody,
  fieldKind,
  initialValues,
  needsOverrideReason,
  pickTaskId,
  toZonedIso,
  visibleInputs,
} from './action-form-fields';

const dispatch: AvailableAction = {
  action: 'dispatch',
  name: '派遣',
  to: 'dispatched',
  inputs: [
    { name: 'lead', type: 'unit', label: '主办单位', required: true },
    { name: 'assist', type: 'units', label: '协办单位', required: false, max: 5 },
    { name: 'limit', type: 'limit', label: '处置时限', required: true },
    { name: 'overrideReason', type: 'text', label: '改派理由', required: false, max: 500 },
  ],
  attachments: null,
  taskIds: [],
};

const proposal: DispatchProposal = {
  lead: 'u-sanitation',
  assist: ['u-street'],
  limit: { amount: 4, unit: 'working_hours' },
  source: { kind: 'rule', ruleId: 'r1', version: 1, divisionCode: '140403' },
  explanation: '规则',
  limitSource: '类别时限',
};

describe('fieldKind', () => {
  it('gives short texts one line and long or open-ended ones a text area', () => {
    expect(fieldKind({ type: 'text', max: 36 })).toBe('text');
    expect(fieldKind({ type: 'text', max: 500 })).toBe('textarea');
    expect(fieldKind({ type: 'text' })).toBe('textarea');
    expect(fieldKind({ type: 'limit' })).toBe('limit');
    expect(fieldKind({ type: 'something-new' })).toBe('text');
  });
});

describe('the dispatch form', () => {
  it('starts from the proposal: lead, assisting units, limit', () => {
    expect(initialValues(dispatch, proposal)).toEqual({
      lead: 'u-sanitation',
      assist: ['u-street'],
      limit: { amount: 4, unit: 'working_hours' },
    });
    expect(initialValues(dispatch, null)).toEqual({ limit: { amount: null, unit: 'working_hours' } });
  });

  it('asks for the override reason only when the lead departs from the proposal, and then requires it', () => {
    expect(needsOverrideReason(dispatch, proposal, 'u-sanitation')).toBe(false);
    expect(needsOverrideReason(dispatch, proposal, undefined)).toBe(false);
    expect(needsOverrideReason(dispatch, proposal, 'u-other')).toBe(true);
    expect(needsOverrideReason(dispatch, null, 'u-other')).toBe(false);
    const rule = { ...dispatch, action: 'rule', inputs: dispatch.inputs.filter((i) => i.name !== 'overrideReason') };
    expect(needsOverrideReason(rule, proposal, 'u-other')).toBe(false);

    expect(visibleInputs(dispatch, proposal, { lead: 'u-sanitation' }).map((i) => i.name)).toEqual([
      'lead',
      'assist',
      'limit',
    ]);
    const other = visibleInputs(dispatch, proposal, { lead: 'u-other' });
    expect(other.find((i) => i.name === 'overrideReason')?.required).toBe(true);
    // Without a proposal the field stays as the workflow declares it.
    expect(visibleInputs(dispatch, null, { lead: 'u-other' }).find((i) => i.name === 'overrideReason')?.required).toBe(
      false,
    );
  });

  it('never asks a desk user for a position on site (the phone sends it)', () => {
    const check: AvailableAction = {
      ...dispatch,
      action: 'check-pass',
      inputs: [
        { name: 'comment', type: 'text', label: '核查意见', required: false },
        { name: 'position', type: 'position', label: '现场位置', required: false },
      ],
    };
    expect(visibleInputs(check, null, {}).map((i) => i.name)).toEqual(['comment']);
  });

  it('builds the apply body: units as ids, the limit as {amount, unit}, empty fields left out', () => {
    const body = buildApplyBody({
      action: dispatch,
      proposal,
      values: {
        lead: 'u-other',
        assist: ['u-street', 'u-water'],
        limit: { amount: 2, unit: 'working_days' },
        overrideReason: '  就近处置 ',
      },
      version: 7,
      attachments: [],
    });
    expect(body).toEqual({
      version: 7,
      inputs: {
        lead: 'u-other',
        assist: ['u-street', 'u-water'],
        limit: { amount: 2, unit: 'working_days' },
        overrideReason: '就近处置',
      },
    });
  });

  it('drops a leftover override reason once the lead is the proposed one again, and empty assisting units', () => {
    const body = buildApplyBody({
      action: dispatch,
      proposal,
      values: { lead: 'u-sanitation', assist: [], limit: { amount: 4, unit: 'working_hours' }, overrideReason: 'x' },
      version: 1,
      attachments: [],
    });
    expect(body.inputs).toEqual({ lead: 'u-sanitation', limit: { amount: 4, unit: 'working_hours' } });
  });

  it('leaves out a limit without an amount', () => {
    const body = buildApplyBody({
      action: dispatch,
      proposal: null,
      values: { limit: { amount: null, unit: 'working_hours' } },
      version: 1,
      attachments: [],
    });
    expect(body).toEqual({ version: 1 });
  });
});

describe('other inputs', () => {
  const action: AvailableAction = {
    action: 'feedback',
    name: '处置反馈',
    to: null,
    inputs: [
      { name: 'when', type: 'datetime', label: '时间', required: false },
      { name: 'count', type: 'number', label: '数量', required: false },
      { name: 'ok', type: 'boolean', label: '是否', required: false },
      { name: 'note', type: 'text', label: '说明', required: true },
    ],
    attachments: { min: 1, max: 9, label: '处置后照片' },
    taskIds: ['t1'],
  };

  it('sends a picked time on the business clock with its offset, the only task and the photos', () => {
    const body = buildApplyBody({
      action,
      proposal: null,
      values: { when: dayjs('2024-03-05T09:30:00'), count: 3, ok: false, note: '已清理' },
      version: 3,
      attachments: ['a1', 'a2'],
      timeZone: 'Asia/Shanghai',
    });
    expect(body).toEqual({
      version: 3,
      taskId: 't1',
      inputs: { when: '2024-03-05T09:30:00+08:00', count: 3, ok: false, note: '已清理' },
      attachments: ['a1', 'a2'],
    });
  });

  it('reads the wall clock in the zone given', () => {
    expect(toZonedIso(dayjs('2024-07-01T18:00:00'), 'Asia/Shanghai')).toBe('2024-07-01T18:00:00+08:00');
    expect(toZonedIso(dayjs('2024-07-01T18:00:00'), 'Asia/Urumqi')).toBe('2024-07-01T18:00:00+06:00');
  });

  it('sends the task picked when there are several, none when the pick is not one of them', () => {
    const several = { ...action, taskIds: ['t1', 't2'] };
    expect(pickTaskId(several, 't2')).toBe('t2');
    expect(pickTaskId(several, 'nope')).toBeUndefined();
    expect(pickTaskId({ ...action, taskIds: [] }, 't1')).toBeUndefined();
  });

  it('says when there are too few or too many photos', () => {
    expect(attachmentsProblem(action.attachments, 0)).toEqual({ kind: 'min', min: 1 });
    expect(attachmentsProblem(action.attachments, 1)).toBeNull();
    expect(attachmentsProblem(action.attachments, 10)).toEqual({ kind: 'max', max: 9 });
    expect(attachmentsProblem(null, 0)).toBeNull();
  });
});
