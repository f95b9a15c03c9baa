import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, Table, type TableColumnsType, Tag } from 'antd';
import dayjs from 'dayjs';
import { useT } from '../../locales';
import type { CalendarDay } from './calendar-api';
import { kindLabel } from './labels';

export interface LocalDaysTableProps {
  year: number;
  /** The year's exceptional days; the table shows the local ones. */
  days: readonly CalendarDay[];
  loading: boolean;
  /** Show edit and remove (calendar.manage); the server checks again. */
  canManage: boolean;
  /** Date whose removal is in flight. */
  busyDate: string | null;
  onEdit: (date: string) => void;
  onRemove: (date: string) => void;
}

/** The year's local decisions (本地调整), which override the State Council calendar. */
export function LocalDaysTable({ year, days, loading, canManage, busyDate, onEdit, onRemove }: LocalDaysTableProps) {
  const t = useT();
  const local = days.filter((d) => d.source === 'local');
  const columns: TableColumnsType<CalendarDay> = [
    {
      title: t('calendar.date'),
      dataIndex: 'date',
      render: (date: string) => `${date} ${dayjs(date).format('ddd')}`,
    },
    {
      title: t('calendar.kind'),
      dataIndex: 'kind',
      render: (kind: CalendarDay['kind']) =>
        kind === 'holiday' || kind === 'workday' ? (
          <Tag color={kind === 'holiday' ? 'red' : 'default'}>{kindLabel(kind, t)}</Tag>
        ) : (
          kind
        ),
    },
    { title: t('calendar.name'), dataIndex: 'name', render: (name: string | null) => name ?? '—' },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, day) => (
        <Space size="small">
          <Button size="small" icon={<EditOutlined />} onClick={() => onEdit(day.date)} disabled={busyDate !== null}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('calendar.removeConfirm', { date: day.date })}
            okText={t('calendar.remove')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => onRemove(day.date)}
          >
            <Button
              size="small"
              danger
              icon={<DeleteOutlined />}
              loading={busyDate === day.date}
              disabled={busyDate !== null && busyDate !== day.date}
              data-testid="local-day-remove"
            >
              {t('calendar.remove')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }
  return (
    <Table<CalendarDay>
      rowKey="date"
      size="small"
      columns={columns}
      dataSource={local}
      loading={loading}
      pagination={false}
      data-testid="local-days"
      locale={{ emptyText: t('calendar.localEmpty', { year }) }}
    />
  );
}
