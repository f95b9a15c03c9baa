import { Descriptions, type DescriptionsProps, Tag, Typography } from 'antd';
import { formatInstant, useT } from '../../locales';
import type { SystemStatus } from './system-api';

/** The installation facts an operator checks first: engine, business clock, schema state, version. */
export function StatusDescriptions({ status }: { status: SystemStatus }) {
  const t = useT();
  const items: DescriptionsProps['items'] = [
    { key: 'product', label: t('overview.product'), children: status.name },
    {
      key: 'version',
      label: t('overview.version'),
      children: <Typography.Text code>{status.version}</Typography.Text>,
    },
    {
      key: 'engine',
      label: t('overview.engine'),
      children: (
        <span data-testid="status-engine">
          {status.engine === 'pglite' ? t('overview.enginePglite') : t('overview.enginePostgres')}
        </span>
      ),
    },
    {
      key: 'timeZone',
      label: t('overview.timeZone'),
      children: <span data-testid="status-time-zone">{status.timeZone}</span>,
    },
    {
      key: 'businessNow',
      label: t('overview.businessNow'),
      children: formatInstant(status.businessNow, status.timeZone, 'YYYY-MM-DD HH:mm:ss dddd'),
    },
    { key: 'today', label: t('overview.today'), children: status.today },
    {
      key: 'migrations',
      label: t('overview.migrations'),
      children:
        status.migrations.applied > 0
          ? t('overview.migrationsApplied', {
              applied: status.migrations.applied,
              latest: status.migrations.latest ?? '—',
            })
          : t('overview.migrationsNone'),
    },
    {
      key: 'demo',
      label: t('overview.demo'),
      children: status.demo ? <Tag color="orange">{t('overview.demoOn')}</Tag> : t('common.no'),
    },
  ];
  return <Descriptions bordered column={{ xs: 1, md: 2 }} items={items} />;
}
