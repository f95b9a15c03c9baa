import { Table, type TableColumnsType, Tag } from 'antd';
import { useLocale, useT } from '../../locales';
import { formatArea } from './format';
import type { ProblemArea } from './shaping';

export const PROBLEM_COLORS: Record<ProblemArea['kind'], string> = {
  gap: '#e03131',
  overlap: '#f08c00',
  outside: '#9c36b5',
};

/** Gaps, overlaps and parts outside, with their areas: the list beside the map's red and orange shapes. */
export function ProblemAreasTable({
  rows,
  selected,
  onSelect,
  showCommunity,
}: {
  rows: readonly ProblemArea[];
  selected?: string | null;
  onSelect?: (code: string) => void;
  showCommunity?: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const kindText: Record<ProblemArea['kind'], string> = {
    gap: t('grids.gap'),
    overlap: t('grids.overlap'),
    outside: t('grids.outside'),
  };
  const columns: TableColumnsType<ProblemArea> = [
    {
      title: t('grids.problemKind'),
      dataIndex: 'kind',
      render: (k: ProblemArea['kind']) => <Tag color={PROBLEM_COLORS[k]}>{kindText[k]}</Tag>,
    },
    {
      title: t('grids.gridsConcerned'),
      dataIndex: 'codes',
      render: (codes: string[]) => (codes.length ? codes.join(t('grids.listSeparator')) : '—'),
    },
    ...(showCommunity
      ? [{ title: t('grids.community'), dataIndex: 'community', render: (v?: string) => v ?? '—' }]
      : []),
    {
      title: t('grids.area'),
      dataIndex: 'areaM2',
      align: 'right',
      render: (v: number) => formatArea(v, locale),
    },
  ];
  return (
    <Table<ProblemArea>
      rowKey="code"
      size="small"
      columns={columns}
      dataSource={[...rows]}
      pagination={rows.length > 10 ? { pageSize: 10, size: 'small' } : false}
      rowClassName={(r) => (r.code === selected ? 'ant-table-row-selected' : '')}
      onRow={(r) => ({ onClick: () => onSelect?.(r.code), style: onSelect ? { cursor: 'pointer' } : undefined })}
      locale={{ emptyText: t('grids.noProblemAreas') }}
      scroll={{ x: 'max-content' }}
      data-testid="problem-areas"
    />
  );
}
