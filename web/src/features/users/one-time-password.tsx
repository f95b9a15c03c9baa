import { Alert, Modal, Typography } from 'antd';
import { useT } from '../../locales';

/** Shows a one-time password once: the server keeps only its hash, so this is the only chance to copy it. */
export function OneTimePasswordModal({
  username,
  password,
  onClose,
}: {
  username: string;
  password: string | null;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <Modal
      open={password !== null}
      title={t('users.oneTimeTitle', { username })}
      onOk={onClose}
      onCancel={onClose}
      okText={t('users.oneTimeDone')}
      cancelButtonProps={{ style: { display: 'none' } }}
      mask={{ closable: false }}
    >
      <Alert type="warning" showIcon title={t('users.oneTimeHelp')} style={{ marginBottom: 16 }} />
      <Typography.Text code copyable style={{ fontSize: 18 }} data-testid="one-time-password">
        {password}
      </Typography.Text>
    </Modal>
  );
}
