import { Alert } from 'antd';
import { useT } from '../../locales';
import { useDemoPassword } from '../system';

/** The thin reminder at the top of every console page of a demo installation. */
export function DemoBanner() {
  const t = useT();
  // The server announces the shared password (CIVICGRID_DEMO_PASSWORD); '…' until it has answered.
  const password = useDemoPassword() ?? '…';
  return (
    <Alert
      type="warning"
      banner
      data-testid="demo-banner"
      title={t('auth.demoBanner', { password })}
      style={{ paddingBlock: 4 }}
    />
  );
}
