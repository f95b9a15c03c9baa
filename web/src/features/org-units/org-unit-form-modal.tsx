import { Form, Input, Modal, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useT } from '../../locales';
import { useNotifyError } from '../errors';
import { orgUnitKindLabel } from './kind';
import { OrgUnitSelect } from './org-unit-select';
import { buildOrgUnitTree, descendantIds } from './org-unit-tree';
import { createOrgUnit, ORG_UNIT_KINDS, type OrgUnit, type OrgUnitKind, updateOrgUnit } from './org-units-api';

interface UnitForm {
  name: string;
  kind: OrgUnitKind;
  parentId: string | null;
  divisionCode: string;
  uscc: string;
  status: 'active' | 'dissolved';
}

const DIVISION = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/;
/** 统一社会信用代码: 18 characters of digits and capitals without I, O, S, V, Z. */
const USCC = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export interface OrgUnitFormModalProps {
  open: boolean;
  /** The unit to edit; null creates one. */
  unit: OrgUnit | null;
  /** The parent a new unit starts under. */
  parentId?: string | null;
  units: readonly OrgUnit[];
  onClose: () => void;
  onSaved: (unit: OrgUnit) => void;
}

export function OrgUnitFormModal({ open, unit, parentId, units, onClose, onSaved }: OrgUnitFormModalProps) {
  const t = useT();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<UnitForm>();
  const [busy, setBusy] = useState(false);
  // A unit cannot move under itself or below itself.
  const forbiddenParents = useMemo(
    () => (unit ? descendantIds(buildOrgUnitTree(units), unit.id) : new Set<string>()),
    [unit, units],
  );

  useEffect(() => {
    if (!open) return;
    const parent = units.find((u) => u.id === parentId);
    form.setFieldsValue(
      unit
        ? {
            name: unit.name,
            kind: unit.kind,
            parentId: unit.parentId,
            divisionCode: unit.divisionCode,
            uscc: unit.uscc ?? '',
            status: unit.status,
          }
        : {
            name: '',
            kind: 'department',
            parentId: parentId ?? null,
            divisionCode: parent?.divisionCode ?? '',
            uscc: '',
            status: 'active',
          },
    );
  }, [open, unit, parentId, units, form]);

  const submit = async (v: UnitForm) => {
    const uscc = v.uscc.trim().toUpperCase() || null;
    setBusy(true);
    try {
      const saved = unit
        ? await updateOrgUnit(unit.id, {
            name: v.name.trim(),
            kind: v.kind,
            parentId: v.parentId ?? null,
            divisionCode: v.divisionCode.trim(),
            uscc,
            status: v.status,
          })
        : await createOrgUnit({
            name: v.name.trim(),
            kind: v.kind,
            parentId: v.parentId ?? null,
            divisionCode: v.divisionCode.trim(),
            uscc,
          });
      onSaved(saved);
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={unit ? t('orgUnits.editTitle', { name: unit.name }) : t('orgUnits.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
      width={560}
    >
      <Form<UnitForm> form={form} layout="vertical" name="org-unit" onFinish={submit}>
        <Form.Item
          name="name"
          label={t('orgUnits.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="kind" label={t('orgUnits.kind')} rules={[{ required: true, message: t('common.required') }]}>
          <Select<OrgUnitKind> options={ORG_UNIT_KINDS.map((k) => ({ value: k, label: orgUnitKindLabel(k, t) }))} />
        </Form.Item>
        <Form.Item name="parentId" label={t('orgUnits.parent')} extra={t('orgUnits.parentHelp')}>
          <OrgUnitSelect units={units} disabledIds={forbiddenParents} placeholder={t('orgUnits.noParent')} />
        </Form.Item>
        <Form.Item
          name="divisionCode"
          label={t('orgUnits.division')}
          extra={t('orgUnits.divisionHelp')}
          rules={[
            { required: true, message: t('common.required') },
            { pattern: DIVISION, message: t('common.divisionInvalid') },
          ]}
        >
          <Input inputMode="numeric" maxLength={12} />
        </Form.Item>
        <Form.Item
          name="uscc"
          label={t('orgUnits.uscc')}
          extra={t('orgUnits.usccHelp')}
          rules={[
            {
              validator: async (_, v: string) =>
                !v?.trim() || USCC.test(v.trim().toUpperCase())
                  ? undefined
                  : Promise.reject(new Error(t('orgUnits.usccInvalid'))),
            },
          ]}
        >
          <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        {unit && (
          <Form.Item name="status" label={t('orgUnits.status')}>
            <Select
              options={[
                { value: 'active', label: t('orgUnits.statusActive') },
                { value: 'dissolved', label: t('orgUnits.statusDissolved') },
              ]}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
