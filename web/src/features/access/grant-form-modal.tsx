import { Checkbox, Form, Input, Modal, Radio, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useLocale, useT } from '../../locales';
import { useNotifyError } from '../errors';
import { type OrgUnit, OrgUnitSelect } from '../org-units';
import { createGrant, type Role, type ScopeKind } from './access-api';
import { localName, scopeKindLabel } from './names';

interface GrantForm {
  roleCode: string;
  scopeKind: ScopeKind;
  division: string;
  /** The whole installation (division code ''). */
  everywhere: boolean;
  grids: string[];
  orgUnit: string | null;
}

const DIVISION = /^\s*(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})\s*$/;
/** 12-digit community code + 3-digit sequence (网格编码). */
const GRID = /^\d{15}$/;
const SCOPE_KINDS: readonly ScopeKind[] = ['division', 'grids', 'org_unit'];

/** The scope values the server takes for the chosen kind. Exported for tests. */
export function scopeValuesOf(
  v: Pick<GrantForm, 'scopeKind' | 'division' | 'grids' | 'orgUnit'> & { everywhere?: boolean },
): string[] {
  switch (v.scopeKind) {
    case 'division':
      return [v.everywhere ? '' : (v.division ?? '').trim()];
    case 'grids':
      return (v.grids ?? []).map((g) => g.trim());
    case 'org_unit':
      return v.orgUnit ? [v.orgUnit] : [];
  }
}

export interface GrantFormModalProps {
  open: boolean;
  accountId: string;
  /** Who is being granted, for the title. */
  accountLabel: string;
  roles: readonly Role[];
  units: readonly OrgUnit[];
  onClose: () => void;
  onGranted: () => void;
}

/**
 * A role for an account within a scope: division subtrees (empty code = the whole installation), grids
 * (15-digit codes) or one org unit.
 */
export function GrantFormModal({
  open,
  accountId,
  accountLabel,
  roles,
  units,
  onClose,
  onGranted,
}: GrantFormModalProps) {
  const t = useT();
  const locale = useLocale();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<GrantForm>();
  const [busy, setBusy] = useState(false);
  const scopeKind = Form.useWatch('scopeKind', form) ?? 'division';
  const everywhere = Form.useWatch('everywhere', form) ?? false;

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = async (v: GrantForm) => {
    setBusy(true);
    try {
      await createGrant({ accountId, roleCode: v.roleCode, scopeKind: v.scopeKind, scopeValues: scopeValuesOf(v) });
      onGranted();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  const codesRule = (pattern: RegExp, message: string) => ({
    validator: async (_: unknown, values: string[] | undefined) => {
      if (!values || values.length === 0) throw new Error(t('grants.valuesRequired'));
      if (values.some((v) => !pattern.test(v.trim()))) throw new Error(message);
    },
  });

  return (
    <Modal
      open={open}
      title={t('grants.createTitle', { account: accountLabel })}
      okText={t('grants.grant')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
      width={560}
    >
      <Form<GrantForm>
        form={form}
        layout="vertical"
        name="grant"
        onFinish={submit}
        initialValues={{ scopeKind: 'division', division: '', everywhere: false, grids: [], orgUnit: null }}
      >
        <Form.Item name="roleCode" label={t('grants.role')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={roles.map((r) => ({ value: r.code, label: `${localName(r, locale)}（${r.code}）` }))}
          />
        </Form.Item>
        <Form.Item name="scopeKind" label={t('grants.scopeKind')}>
          <Radio.Group
            optionType="button"
            options={SCOPE_KINDS.map((k) => ({ value: k, label: scopeKindLabel(k, t) }))}
          />
        </Form.Item>
        {scopeKind === 'division' && (
          <Form.Item name="everywhere" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox>{t('grants.everywhere')}</Checkbox>
          </Form.Item>
        )}
        {scopeKind === 'division' && !everywhere && (
          <Form.Item
            name="division"
            label={t('grants.division')}
            extra={t('grants.divisionHelp')}
            rules={[
              { required: true, whitespace: true, message: t('grants.valuesRequired') },
              { pattern: DIVISION, message: t('common.divisionInvalid') },
            ]}
          >
            <Input inputMode="numeric" maxLength={12} placeholder="140403" />
          </Form.Item>
        )}
        {scopeKind === 'grids' && (
          <Form.Item
            name="grids"
            label={t('grants.grids')}
            extra={t('grants.gridsHelp')}
            rules={[codesRule(GRID, t('grants.gridInvalid'))]}
          >
            <Select mode="tags" open={false} tokenSeparators={[',', '，', ' ']} placeholder="140403001001001" />
          </Form.Item>
        )}
        {scopeKind === 'org_unit' && (
          <Form.Item
            name="orgUnit"
            label={t('grants.orgUnit')}
            rules={[{ required: true, message: t('grants.valuesRequired') }]}
          >
            <OrgUnitSelect units={units} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
