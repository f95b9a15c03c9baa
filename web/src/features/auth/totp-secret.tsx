import { QRCode, Space, Typography } from 'antd';
import { useT } from '../../locales';
import type { TotpSetup } from './auth-api';

/**
 * A new TOTP secret three ways: a QR code (drawn in the browser by Ant Design; nothing is fetched), the
 * otpauth:// URL and the bare base32 secret for apps that take it typed in.
 */
export function TotpSecret({ setup }: { setup: TotpSetup }) {
  const t = useT();
  return (
    <Space align="start" size={24} wrap>
      <QRCode value={setup.otpauthUrl} size={168} type="svg" data-testid="totp-qr" />
      <Space orientation="vertical" size={8} style={{ maxWidth: 520 }}>
        <Typography.Text type="secondary">{t('profile.totpUrl')}</Typography.Text>
        <Typography.Text code copyable style={{ overflowWrap: 'anywhere' }} data-testid="totp-url">
          {setup.otpauthUrl}
        </Typography.Text>
        <Typography.Text type="secondary">{t('profile.totpSecret')}</Typography.Text>
        <Typography.Text code copyable data-testid="totp-secret">
          {setup.secret}
        </Typography.Text>
      </Space>
    </Space>
  );
}
