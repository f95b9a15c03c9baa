import { DatePicker, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import type { Rule } from 'antd/es/form';
import { useT } from '../../../locales';
import { isDivisionCode } from '../../config';
import type { ActionInput, Candidates, DispatchProposal } from '../cases-api';
import { fieldKind, LIMIT_UNITS } from './action-form-fields';
import { limitUnitName } from './labels';

/** Fields the user types into (the rest are picked). */
const TYPED = ['text', 'textarea', 'number', 'division', 'limit'];

export interface ActionFieldProps {
  action: string;
  input: ActionInput;
  candidates: Candidates | null;
  proposal: DispatchProposal | null;
  extra?: string;
}

/** One workflow input as a form field (wrapper `data-testid="input-<name>"`). */
export function ActionField({ action, input, candidates, proposal, extra }: ActionFieldProps) {
  const t = useT();
  const kind = fieldKind(input);
  const label = input.label;
  const rules: Rule[] = [];
  if (input.required && kind !== 'boolean') {
    rules.push({
      required: true,
      whitespace: kind === 'text' || kind === 'textarea',
      message: t(TYPED.includes(kind) ? 'caseDetail.required' : 'caseDetail.requiredPick', { label }),
    });
  }
  if (kind === 'text' || kind === 'textarea') {
    if (input.min !== undefined)
      rules.push({ min: input.min, message: t('caseDetail.textTooShort', { label, min: input.min }) });
    if (input.max !== undefined)
      rules.push({ max: input.max, message: t('caseDetail.textTooLong', { label, max: input.max }) });
  }
  if (kind === 'division') {
    rules.push({
      validator: (_, v: unknown) =>
        v === undefined || v === null || v === '' || isDivisionCode(String(v).trim())
          ? Promise.resolve()
          : Promise.reject(new Error(t('caseDetail.divisionInvalid'))),
    });
  }
  if (kind === 'units' && input.max !== undefined) {
    const max = input.max;
    rules.push({
      validator: (_, v: unknown) =>
        !Array.isArray(v) || v.length <= max
          ? Promise.resolve()
          : Promise.reject(new Error(t('caseDetail.textTooLong', { label, max }))),
    });
  }

  const unitOptions = (candidates?.units ?? []).map((u) => {
    const name = t('caseDetail.unitOption', { name: u.name, division: u.divisionCode });
    const proposed = proposal && (u.id === proposal.lead || proposal.assist.includes(u.id));
    return { value: u.id, label: proposed ? `${name} · ${t('caseDetail.proposed')}` : name };
  });
  const accountOptions = (
    candidates?.accounts.find((a) => a.action === action && a.input === input.name)?.options ?? []
  ).map((a) => ({ value: a.id, label: a.displayName }));
  const divisionOptions = (
    candidates?.divisions.find((d) => d.action === action && d.input === input.name)?.options ?? []
  ).map((d) => ({ value: d.code, label: `${d.name}(${d.code})` }));
  const search = { showSearch: { optionFilterProp: 'label' as const } };

  const common = { label, extra, 'data-testid': `input-${input.name}` };
  switch (kind) {
    case 'limit':
      return (
        <Form.Item {...common} required={input.required}>
          <Space.Compact block>
            <Form.Item
              name={[input.name, 'amount']}
              noStyle
              rules={input.required ? [{ required: true, message: t('caseDetail.required', { label }) }] : []}
            >
              <InputNumber min={0.5} step={1} placeholder={t('caseDetail.limitAmount')} style={{ width: '50%' }} />
            </Form.Item>
            <Form.Item name={[input.name, 'unit']} noStyle>
              <Select
                style={{ width: '50%' }}
                options={LIMIT_UNITS.map((u) => ({ value: u, label: limitUnitName(t, u) }))}
              />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
      );
    case 'boolean':
      return (
        <Form.Item {...common} name={input.name} valuePropName="checked">
          <Switch checkedChildren={t('caseDetail.yes')} unCheckedChildren={t('caseDetail.no')} />
        </Form.Item>
      );
    default:
      return (
        <Form.Item {...common} name={input.name} rules={rules}>
          {kind === 'textarea' ? (
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={input.max}
              showCount={input.max !== undefined}
            />
          ) : kind === 'number' ? (
            <InputNumber min={input.min} max={input.max} style={{ width: '100%' }} />
          ) : kind === 'choice' ? (
            <Select
              placeholder={t('caseDetail.pickPlaceholder')}
              options={input.options ?? []}
              allowClear={!input.required}
            />
          ) : kind === 'datetime' ? (
            <DatePicker showTime style={{ width: '100%' }} />
          ) : kind === 'unit' ? (
            <Select
              {...search}
              placeholder={t('caseDetail.pickPlaceholder')}
              options={unitOptions}
              allowClear={!input.required}
            />
          ) : kind === 'units' ? (
            <Select {...search} mode="multiple" placeholder={t('caseDetail.pickPlaceholder')} options={unitOptions} />
          ) : kind === 'account' ? (
            <Select
              {...search}
              placeholder={t('caseDetail.pickPlaceholder')}
              options={accountOptions}
              allowClear={!input.required}
            />
          ) : kind === 'division' && divisionOptions.length > 0 ? (
            <Select
              {...search}
              placeholder={t('caseDetail.pickPlaceholder')}
              options={divisionOptions}
              allowClear={!input.required}
            />
          ) : kind === 'division' ? (
            <Input placeholder={t('caseDetail.divisionPlaceholder')} maxLength={12} />
          ) : (
            <Input maxLength={input.max} />
          )}
        </Form.Item>
      );
  }
}
