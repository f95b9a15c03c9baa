import { cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../../locales';
import type { AvailableAction, CaseDetail, DispatchProposal } from '../cases-api';
import { ActionModal } from './action-modal';

configure({ asyncUtilTimeout: 5000 });

const api = vi.hoisted(() => ({ applyAction: vi.fn(), fetchDispatchProposal: vi.fn() }));
vi.mock('../../system', () => ({ useBusinessTimeZone: () => 'Asia/Shanghai' }));
vi.mock('../cases-api', async (original) => ({ ...(await original<object>()), ...api }));

const detail = {
  id: 'c1',
  version: 4,
  tasks: [
    { id: 't1', kindName: '主办', assigneeUnitName: '环卫中心', assigneeAccountName: null },
    { id: 't2', kindName: '协办', assigneeUnitName: '市政处', assigneeAccountName: null },
  ],
} as unknown as CaseDetail;

const feedback: AvailableAction = {
  action: 'feedback',
  name: '处置反馈',
  to: null,
  inputs: [{ name: 'note', type: 'text', label: '说明', required: true, min: 2, max: 1000 }],
  attachments: { min: 1, max: 9, label: '处置后照片' },
  taskIds: ['t1', 't2'],
};

const dispatch: AvailableAction = {
  action: 'dispatch',
  name: '派遣',
  to: 'dispatched',
  inputs: [
    { name: 'lead', type: 'unit', label: '主办单位', required: true },
    { name: 'limit', type: 'limit', label: '处置时限', required: true },
    { name: 'overrideReason', type: 'text', label: '改派理由', required: false, max: 500 },
  ],
  attachments: null,
  taskIds: [],
};

const proposal: DispatchProposal = {
  lead: 'u1',
  assist: [],
  limit: { amount: 4, unit: 'working_hours' },
  source: { kind: 'rule', ruleId: 'r', version: 1, divisionCode: '140403' },
  explanation: '按规则由环卫中心主办',
  limitSource: '暴露垃圾：4 个工作时',
};

const show = (action: AvailableAction, onDone = vi.fn()) =>
  render(
    <App>
      <ActionModal
        detail={detail}
        action={action}
        candidates={{
          units: [{ id: 'u1', name: '环卫中心', kind: 'department', divisionCode: '140403' }],
          accounts: [],
          divisions: [],
        }}
        onClose={() => {}}
        onDone={onDone}
      />
    </App>,
  );

beforeEach(() => setLocale('zh-CN'));
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('ActionModal', () => {
  it('draws the fields the browser tests look for, and sends nothing while a required input is empty', async () => {
    show(feedback);
    expect(await screen.findByTestId('action-modal')).toBeTruthy();
    expect(screen.getByTestId('input-note')).toBeTruthy();
    expect(screen.getByTestId('input-task')).toBeTruthy();
    const file = screen.getByTestId('attachments-input');
    expect(file.tagName).toBe('INPUT');
    expect(file.getAttribute('type')).toBe('file');
    expect(file.getAttribute('accept')).toBe('image/*');
    expect(screen.getByTestId('action-submit').textContent).toBe('确定');
    fireEvent.click(screen.getByTestId('action-submit'));
    await waitFor(() => expect(screen.getAllByText('请填写说明').length).toBeGreaterThan(0));
    expect(api.applyAction).not.toHaveBeenCalled();
  });

  it('starts a dispatch from the proposal and sends it with the case version', async () => {
    api.fetchDispatchProposal.mockResolvedValue(proposal);
    api.applyAction.mockResolvedValue({});
    const onDone = vi.fn();
    show(dispatch, onDone);
    expect(await screen.findByText('按规则由环卫中心主办')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('input-limit').querySelector('input')?.value).toBe('4'));
    expect(screen.queryByTestId('input-overrideReason')).toBeNull();
    fireEvent.click(screen.getByTestId('action-submit'));
    await waitFor(() => expect(api.applyAction).toHaveBeenCalled());
    const [id, action, body, key] = api.applyAction.mock.calls[0] ?? [];
    expect([id, action]).toEqual(['c1', 'dispatch']);
    expect(body).toEqual({ version: 4, inputs: { lead: 'u1', limit: { amount: 4, unit: 'working_hours' } } });
    expect(typeof key).toBe('string');
    await waitFor(() => expect(onDone).toHaveBeenCalled());
  });
});
