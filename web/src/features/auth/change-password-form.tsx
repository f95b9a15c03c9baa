import { Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useT } from '../../locales';
import { useNotifyError } from '../errors';
import { changePassword } from './auth-api';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Current password, new password twice. The server applies the password policy and says what is wrong. */
export function ChangePasswordForm({ onChanged }: { onChanged: () => void }) {
  const t = useT();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<PasswordForm>();
  const [busy, setBusy] = useState(false);

  const submit = async ({ currentPassword, newPassword }: PasswordForm) => {
    setBusy(true);
    try {
      await changePassword(currentPassword, newPassword);
      form.resetFields();
      onChanged();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<PasswordForm>
      form={form}
      layout="vertical"
      name="change-password"
      onFinish={submit}
      style={{ maxWidth: 420 }}
      requiredMark={false}
    >
      <Form.Item
        name="currentPassword"
        label={t('profile.currentPassword')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('profile.newPassword')}
        extra={t('profile.newPasswordHelp')}
        rules={[
          { required: true, message: t('common.required') },
          ({ getFieldValue }) => ({
            validator: async (_, v: string) =>
              !v || v !== getFieldValue('currentPassword')
                ? undefined
                : Promise.reject(new Error(t('profile.newPasswordSame'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('profile.confirmPassword')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('common.required') },
          ({ getFieldValue }) => ({
            validator: async (_, v: string) =>
              !v || v === getFieldValue('newPassword')
                ? undefined
                : Promise.reject(new Error(t('profile.confirmMismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('profile.changePassword')}
      </Button>
    </Form>
  );
}
