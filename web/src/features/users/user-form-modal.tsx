import { Col, Form, Input, Modal, Row, Select, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useT } from '../../locales';
import { useNotifyError } from '../errors';
import { type OrgUnit, OrgUnitSelect } from '../org-units';
import { type CreatedUser, createUser, type NewUser, type User, updateUser } from './users-api';

interface UserForm {
  username: string;
  displayName: string;
  ownerDivision: string;
  orgUnitId: string | null;
  phone: string;
  idCard: string;
  password: string;
  mustChangePassword: boolean;
  status: 'active' | 'disabled';
}

const DIVISION = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})?$/;
/** As the server takes it: a letter or digit first, then letters, digits, '.', '_' or '-'; 3–64 in all. */
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;

export interface UserFormModalProps {
  open: boolean;
  /** The user to edit; null creates one. */
  user: User | null;
  units: readonly OrgUnit[];
  onClose: () => void;
  /** `created` is the server's answer when a user was created (it may hold a one-time password). */
  onSaved: (created: CreatedUser | null) => void;
}

/**
 * A new account (and the person behind it), or an existing one's name, unit and status. Leaving the
 * password empty lets the server make a one-time password, shown once.
 */
export function UserFormModal({ open, user, units, onClose, onSaved }: UserFormModalProps) {
  const t = useT();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<UserForm>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (user) {
      form.setFieldsValue({
        username: user.username,
        displayName: user.displayName,
        ownerDivision: user.ownerDivision,
        orgUnitId: user.orgUnitId,
        status: user.status,
      });
    }
  }, [open, user, form]);

  const submit = async (v: UserForm) => {
    setBusy(true);
    try {
      if (user) {
        await updateUser(user.id, {
          displayName: v.displayName.trim(),
          orgUnitId: v.orgUnitId ?? null,
          status: v.status,
        });
        onSaved(null);
      } else {
        const body: NewUser = {
          username: v.username.trim().toLowerCase(),
          displayName: v.displayName.trim(),
          ownerDivision: (v.ownerDivision ?? '').trim(),
          mustChangePassword: v.mustChangePassword,
        };
        if (v.orgUnitId) body.orgUnitId = v.orgUnitId;
        if (v.phone?.trim()) body.phone = v.phone.trim();
        if (v.idCard?.trim()) body.idCard = v.idCard.trim();
        if (v.password) body.password = v.password;
        onSaved(await createUser(body));
      }
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={user ? t('users.editTitle', { username: user.username }) : t('users.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
      width={640}
    >
      <Form<UserForm>
        form={form}
        layout="vertical"
        name="user"
        onFinish={submit}
        initialValues={{ ownerDivision: '', mustChangePassword: true, status: 'active', orgUnitId: null }}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="username"
              label={t('users.username')}
              extra={user ? undefined : t('users.usernameHelp')}
              rules={[
                { required: true, message: t('common.required') },
                { pattern: USERNAME, message: t('users.usernameInvalid') },
              ]}
            >
              <Input disabled={user !== null} autoComplete="off" maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="displayName"
              label={t('users.displayName')}
              rules={[{ required: true, whitespace: true, message: t('common.required') }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="ownerDivision"
              label={t('users.division')}
              extra={user ? undefined : t('common.divisionHelp')}
              rules={[{ pattern: DIVISION, message: t('common.divisionInvalid') }]}
            >
              <Input disabled={user !== null} inputMode="numeric" maxLength={12} placeholder={t('common.everywhere')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="orgUnitId" label={t('users.orgUnit')}>
              <OrgUnitSelect units={units} placeholder={t('users.noOrgUnit')} />
            </Form.Item>
          </Col>
          {user ? (
            <Col xs={24} md={12}>
              <Form.Item name="status" label={t('users.status')}>
                <Select
                  options={[
                    { value: 'active', label: t('users.statusActive') },
                    { value: 'disabled', label: t('users.statusDisabled') },
                  ]}
                />
              </Form.Item>
            </Col>
          ) : (
            <>
              <Col xs={24} md={12}>
                <Form.Item name="phone" label={t('users.phone')}>
                  <Input inputMode="tel" maxLength={40} autoComplete="off" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="idCard" label={t('users.idCard')}>
                  <Input maxLength={40} autoComplete="off" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="password" label={t('users.initialPassword')} extra={t('users.initialPasswordHelp')}>
                  <Input.Password autoComplete="new-password" />
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Form.Item name="mustChangePassword" label={t('users.mustChangeLabel')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
            </>
          )}
        </Row>
      </Form>
    </Modal>
  );
}
