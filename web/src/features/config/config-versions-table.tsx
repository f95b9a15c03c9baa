import { Table, type TableColumnsType } from 'antd';
import { formatInstant, useT } from '../../locales';
import type { ConfigVersion, ConfigVersionsPage } from './config-api';
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
      render: (code: string) => code || t('config.divisionAll'),
    },
    { title: t('config.effectiveFrom'), dataIndex: 'effectiveFrom' },
    {
      title: t('config.effectiveTo'),
      dataIndex: 'effectiveTo',
      render: (v: string | null) => v ?? t('config.openEnded'),
    },
    { title: t('config.value'), dataIndex: 'value', render: (v: unknown) => <JsonValue value={v} /> },
    { title: t('config.note'), dataIndex: 'note', render: (v: string | null) => v || '—' },
    {
      title: t('config.createdAt'),
      dataIndex: 'createdAt',
      render: (v: string) => formatInstant(v, timeZone),
    },
  ];
  return (
    <Table<ConfigVersion>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={page?.items ?? []}
      loading={loading}
      scroll={{ x: 'max-content' }}
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
