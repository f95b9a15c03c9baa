import { Checkbox, Col, Form, Input, Modal, Row, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useLocale, useT } from '../../locales';
import { useNotifyError } from '../errors';
import { createRole, type NewRole, type PermissionInfo, type Role, updateRole } from './access-api';
import { groupPermissions, localName } from './names';

interface RoleForm {
  code: string;
  nameZh: string;
  nameEn: string;
  permissions: string[];
}

const ROLE_CODE = /^[a-z][a-z0-9_-]{1,39}$/;

export interface RoleFormModalProps {
  open: boolean;
  /** The role to edit; null creates one. */
  role: Role | null;
  permissions: readonly PermissionInfo[];
  onClose: () => void;
  onSaved: () => void;
}

/** A role's names and its permissions, checked from the server's list. The code is fixed once created. */
export function RoleFormModal({ open, role, permissions, onClose, onSaved }: RoleFormModalProps) {
  const t = useT();
  const locale = useLocale();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<RoleForm>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.setFieldsValue(
      role
        ? { code: role.code, nameZh: role.nameZh, nameEn: role.nameEn, permissions: [...role.permissions] }
        : { code: '', nameZh: '', nameEn: '', permissions: [] },
    );
  }, [open, role, form]);

  const submit = async (v: RoleForm) => {
    const permissionsChosen = v.permissions as NewRole['permissions'];
    setBusy(true);
    try {
      if (role) {
        await updateRole(role.code, {
          nameZh: v.nameZh.trim(),
          nameEn: v.nameEn.trim(),
          permissions: permissionsChosen,
        });
      } else {
        await createRole({
          code: v.code.trim(),
          nameZh: v.nameZh.trim(),
          nameEn: v.nameEn.trim(),
          permissions: permissionsChosen,
        });
      }
      onSaved();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={role ? t('roles.editTitle', { name: localName(role, locale) }) : t('roles.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
      width={720}
    >
      <Form<RoleForm> form={form} layout="vertical" name="role" onFinish={submit}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name="code"
              label={t('roles.code')}
              extra={role ? undefined : t('roles.codeHelp')}
              rules={[
                { required: true, message: t('common.required') },
                { pattern: ROLE_CODE, message: t('roles.codeInvalid') },
              ]}
            >
              <Input disabled={role !== null} maxLength={40} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="nameZh"
              label={t('roles.nameZh')}
              rules={[{ required: true, whitespace: true, message: t('common.required') }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="nameEn"
              label={t('roles.nameEn')}
              rules={[{ required: true, whitespace: true, message: t('common.required') }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="permissions" label={t('roles.permissions')}>
          <Checkbox.Group style={{ width: '100%', display: 'block' }}>
            {groupPermissions(permissions).map(([domain, list]) => (
              <div key={domain} style={{ marginBottom: 12 }}>
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginBottom: 4 }}>
                  {domain}
                </Typography.Text>
                <Row gutter={[8, 4]}>
                  {list.map((p) => (
                    <Col key={p.code} xs={24} sm={12} md={8}>
                      <Checkbox value={p.code}>
                        {localName(p, locale)}
                        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 11 }}>
                          {p.code}
                        </Typography.Text>
                      </Checkbox>
                    </Col>
                  ))}
                </Row>
              </div>
            ))}
          </Checkbox.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}
