import { Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import { Link } from 'react-router';
import { formatInstant, useT } from '../../locales';
import type { CaseListItem, CasePage } from './cases-api';
import { channelLabel, DEADLINE_TAG, deadlineLabel } from './labels';

export interface CaseTableProps {
  page: CasePage | undefined;
  current: number;
  pageSize: number;
  loading: boolean;
  timeZone: string | undefined;
  onPageChange: (page: number, pageSize: number) => void;
  /** The server's order, when the table offers sorting by a column header. */
  sort?: string;
  onSortChange?: (sort: string) => void;
}

const DIRECTIONS: SortOrder[] = ['descend', 'ascend'];
const SORTABLE = { openedAt: 'openedAt', updatedAt: 'updatedAt', number: 'number', dueAt: 'dueAt' } as const;

/** A page of cases: each row opens the case; the deadline colour and due time show what is urgent. */
export function CaseTable({
  page,
  current,
  pageSize,
  loading,
  timeZone,
  onPageChange,
  sort,
  onSortChange,
}: CaseTableProps) {
  const t = useT();
  const order = (field: keyof typeof SORTABLE) =>
    sort === field ? ('ascend' as const) : sort === `-${field}` ? ('descend' as const) : null;
  const sortable = (field: keyof typeof SORTABLE) =>
    onSortChange ? { sorter: true, sortOrder: order(field), sortDirections: [...DIRECTIONS] } : {};
  const columns: TableColumnsType<CaseListItem> = [
    {
      title: t('cases.number'),
      key: 'number',
      ...sortable('number'),
      render: (_, c) => (
        <Link to={`/cases/${c.id}`} data-testid="case-link">
          {c.number ?? c.id.slice(0, 8)}
        </Link>
      ),
    },
    {
      title: t('cases.titleColumn'),
      key: 'title',
      ellipsis: true,
      render: (_, c) => (
        <>
          <Typography.Text>{c.title ?? '—'}</Typography.Text>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {[c.categoryName, channelLabel(c.channel, t)].filter(Boolean).join(' · ')}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('cases.state'),
      key: 'state',
      render: (_, c) => <Tag color={c.closedAt ? 'default' : 'processing'}>{c.stateName}</Tag>,
    },
    {
      title: t('cases.grid'),
      key: 'grid',
      render: (_, c) => <Typography.Text style={{ fontSize: 12 }}>{c.gridCode ?? c.divisionCode}</Typography.Text>,
    },
    { title: t('cases.leadUnit'), key: 'lead', render: (_, c) => c.leadUnitName ?? '—' },
    {
      title: t('cases.deadline'),
      key: 'deadline',
      ...sortable('dueAt'),
      render: (_, c) =>
        c.deadlineStatus ? (
          <>
            <Tag color={DEADLINE_TAG[c.deadlineStatus]} data-testid="deadline-tag" data-status={c.deadlineStatus}>
              {deadlineLabel(c.deadlineStatus, t)}
            </Tag>
            {c.dueAt && (
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {formatInstant(c.dueAt, timeZone, 'MM-DD HH:mm')}
              </Typography.Text>
            )}
          </>
        ) : (
          t('cases.noDeadline')
        ),
    },
    {
      title: t('cases.openedAt'),
      key: 'openedAt',
      ...sortable('openedAt'),
      render: (_, c) => formatInstant(c.openedAt, timeZone, 'YYYY-MM-DD HH:mm'),
    },
  ];
  return (
    <Table<CaseListItem>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={page?.items ?? []}
      loading={loading}
      scroll={{ x: 960 }}
      onRow={(c) => ({ 'data-case-id': c.id, 'data-state': c.state }) as React.HTMLAttributes<HTMLElement>}
      onChange={(_p, _f, sorter) => {
        if (!onSortChange || Array.isArray(sorter)) return;
        const key = sorter.columnKey as keyof typeof SORTABLE | undefined;
        if (!key || !sorter.order) onSortChange('-openedAt');
        else onSortChange(sorter.order === 'ascend' ? key : `-${key}`);
      }}
      pagination={{
        current,
        pageSize,
        total: page?.total ?? 0,
        showSizeChanger: true,
        showTotal: (total) => t('cases.total', { total }),
        onChange: onPageChange,
      }}
    />
  );
}
