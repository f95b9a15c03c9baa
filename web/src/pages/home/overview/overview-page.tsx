import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Skeleton } from 'antd';
import { ApiErrorResult } from '../../../features/errors';
import { StatusDescriptions, useSystemStatus } from '../../../features/system';
import { useT } from '../../../locales';
import { PageHeader } from '../../page-header';

export function OverviewPage() {
  const t = useT();
  const { data, error, loading, reload } = useSystemStatus();
  return (
    <>
      <PageHeader
        title={t('overview.title')}
        subtitle={t('overview.subtitle')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={reload} loading={loading && !!data}>
            {t('common.refresh')}
          </Button>
        }
      />
      {data?.demo && <Alert type="warning" showIcon message={t('overview.demoNotice')} style={{ marginBottom: 16 }} />}
      <Card>
        {data ? (
          <StatusDescriptions status={data} />
        ) : error ? (
          <ApiErrorResult error={error} onRetry={reload} />
        ) : (
          <Skeleton active />
        )}
      </Card>
    </>
  );
}
