import { Table, type TableColumnsType, Typography } from 'antd';
import { formatInstant, useT } from '../../locales';
import type { ConfigVersion, ConfigVersionsPage } from './config-api';
import { lastDayInForce } from './effective-period';
import { JsonValue } from './json-value';

export interface ConfigVersionsTableProps {
  page: ConfigVersionsPage | undefined;
  current: number;
  pageSize: number;
  loading: boolean;
  timeZone: string | undefined;
  onPageChange: (page: number, pageSize: number) => void;
}

export function ConfigVersionsTable({
  page,
  current,
  pageSize,
  loading,
  timeZone,
  onPageChange,
}: ConfigVersionsTableProps) {
  const t = useT();
  const columns: TableColumnsType<ConfigVersion> = [
    {
      title: t('config.divisionCode'),
      dataIndex: 'divisionCode',
      width: 110,
      render: (code: string) => code || t('config.divisionAll'),
    },
    {
      title: t('config.effectivePeriod'),
      key: 'period',
      width: 150,
      render: (_, { effectiveFrom, effectiveTo }) => {
        const last = lastDayInForce(effectiveTo);
        return last === null
          ? t('config.periodOpen', { from: effectiveFrom })
          : t('config.periodClosed', { from: effectiveFrom, to: last });
      },
    },
    { title: t('config.value'), dataIndex: 'value', render: (v: unknown) => <JsonValue value={v} /> },
    { title: t('config.note'), dataIndex: 'note', width: 140, render: (v: string) => v || '—' },
    {
      title: t('config.createdAt'),
      key: 'created',
      width: 165,
      render: (_, version) => (
        <>
          {formatInstant(version.createdAt, timeZone)}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {version.createdBy}
          </Typography.Text>
        </>
      ),
    },
  ];
  return (
    <Table<ConfigVersion>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={page?.items ?? []}
      loading={loading}
      scroll={{ x: 720 }}
      locale={{ emptyText: t('config.versionsEmpty') }}
      pagination={{
        current,
        pageSize,
        total: page?.total ?? 0,
        hideOnSinglePage: true,
        showTotal: (total) => t('common.total', { total }),
        onChange: onPageChange,
      }}
    />
  );
}
