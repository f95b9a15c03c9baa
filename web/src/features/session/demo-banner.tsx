import { Alert } from 'antd';
import { useT } from '../../locales';

/** The demo seeder's password (CIVICGRID_DEMO_PASSWORD, default `civicgrid`) as announced to visitors. */
export const DEMO_PASSWORD = 'civicgrid';

/** The thin reminder at the top of every console page of a demo installation. */
export function DemoBanner() {
  const t = useT();
  return (
    <Alert
      type="warning"
      banner
      data-testid="demo-banner"
      title={t('auth.demoBanner', { password: DEMO_PASSWORD })}
      style={{ paddingBlock: 4 }}
    />
  );
}
