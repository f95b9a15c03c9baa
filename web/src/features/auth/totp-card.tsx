import { Alert, Button, Form, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useT } from '../../locales';
import { useNotifyError } from '../errors';
import { disableTotp, enableTotp, setupTotp, type TotpSetup } from './auth-api';
import { TotpSecret } from './totp-secret';

const CODE_RULE = /^\s*\d{6}\s*$/;

function CodeForm({
  name,
  submitLabel,
  danger,
  onSubmit,
}: {
  name: string;
  submitLabel: string;
  danger?: boolean;
  onSubmit: (code: string) => Promise<void>;
}) {
  const t = useT();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<{ code: string }>();
  const [busy, setBusy] = useState(false);
  return (
    <Form
      form={form}
      name={name}
      layout="inline"
      onFinish={async ({ code }) => {
        setBusy(true);
        try {
          await onSubmit(code.trim());
          form.resetFields();
        } catch (error) {
          notifyError(error);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form.Item
        name="code"
        label={t('auth.totpCode')}
        rules={[
          { required: true, message: t('auth.totpCodeRequired') },
          { pattern: CODE_RULE, message: t('auth.totpCodeInvalid') },
        ]}
      >
        <Input inputMode="numeric" autoComplete="one-time-code" maxLength={8} style={{ width: 140 }} />
      </Form.Item>
      <Button type="primary" danger={danger} htmlType="submit" loading={busy}>
        {submitLabel}
      </Button>
    </Form>
  );
}

/**
 * Two-step verification with an authenticator app (TOTP, RFC 6238): set up shows the new secret, a code
 * from the app turns it on. Turning it off also takes a code.
 */
export function TotpCard({ enabled, onChanged }: { enabled: boolean; onChanged: () => void }) {
  const t = useT();
  const notifyError = useNotifyError();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [starting, setStarting] = useState(false);

  if (enabled) {
    return (
      <Space orientation="vertical" size={12}>
        <Space>
          <Tag color="green" data-testid="totp-status">
            {t('profile.totpOn')}
          </Tag>
          <Typography.Text type="secondary">{t('profile.totpOnHelp')}</Typography.Text>
        </Space>
        <CodeForm
          name="totp-disable"
          danger
          submitLabel={t('profile.totpDisable')}
          onSubmit={async (code) => {
            await disableTotp(code);
            onChanged();
          }}
        />
      </Space>
    );
  }

  if (!setup) {
    return (
      <Space orientation="vertical" size={12}>
        <Space>
          <Tag data-testid="totp-status">{t('profile.totpOff')}</Tag>
          <Typography.Text type="secondary">{t('profile.totpOffHelp')}</Typography.Text>
        </Space>
        <Button
          type="primary"
          loading={starting}
          onClick={async () => {
            setStarting(true);
            try {
              setSetup(await setupTotp());
            } catch (error) {
              notifyError(error);
            } finally {
              setStarting(false);
            }
          }}
        >
          {t('profile.totpSetup')}
        </Button>
      </Space>
    );
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Alert type="info" showIcon title={t('profile.totpScan')} />
      <TotpSecret setup={setup} />
      <CodeForm
        name="totp-enable"
        submitLabel={t('profile.totpEnable')}
        onSubmit={async (code) => {
          await enableTotp(code);
          setSetup(null);
          onChanged();
        }}
      />
      <Button type="link" onClick={() => setSetup(null)} style={{ paddingInline: 0 }}>
        {t('common.cancel')}
      </Button>
    </Space>
  );
}
