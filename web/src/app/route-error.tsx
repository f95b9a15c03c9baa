import { Button, Result } from 'antd';
import { useT } from '../locales';

/** Last resort when a screen throws while rendering (or its chunk fails to load after a deploy). */
export function RouteError() {
  const t = useT();
  return (
    <Result
      status="error"
      title={t('errors.pageCrashed')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('common.refresh')}
        </Button>
      }
    />
  );
}
