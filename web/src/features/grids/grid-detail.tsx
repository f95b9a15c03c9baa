import { Descriptions, Empty, Flex, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useLocale, useT } from '../../locales';
import { formatArea, formatTimeRange, formatWeekdays } from './format';
import type { DutySchedule, GridDetail, StaffMember } from './grids-api';
import { kindLabel, postLabel, statusLabel, weekdayWords } from './labels';

/** 网格长 first, then full-time, part-time…: the order people ask "who is responsible here". */
const POST_ORDER = ['leader', 'full_time', 'part_time', 'supervisor', 'instructor'];
const byPost = (a: StaffMember, b: StaffMember) =>
  POST_ORDER.indexOf(a.post) - POST_ORDER.indexOf(b.post) || a.displayName.localeCompare(b.displayName, 'zh-CN');

export function StaffTable({
  staff,
  actions,
  loading,
}: {
  staff: readonly StaffMember[];
  /** A last column (the staffing editor's "end" button). */
  actions?: (member: StaffMember) => ReactNode;
  loading?: boolean;
}) {
  const t = useT();
  const columns: TableColumnsType<StaffMember> = [
    { title: t('grids.post'), dataIndex: 'post', render: (p: string) => <Tag color="blue">{postLabel(p, t)}</Tag> },
    {
      title: t('grids.personName'),
      dataIndex: 'displayName',
      render: (v: string) => (
        <Typography.Text strong data-testid="staff-name">
          {v}
        </Typography.Text>
      ),
    },
    { title: t('grids.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
    {
      title: t('grids.duties'),
      dataIndex: 'duties',
      // Configured duties run to a paragraph: one line here, all of it on hover.
      render: (duties: string[]) => {
        const text = duties.join(t('grids.listSeparator'));
        return duties.length ? (
          <Typography.Text ellipsis={{ tooltip: text }} style={{ fontSize: 12, maxWidth: 240, display: 'block' }}>
            {text}
          </Typography.Text>
        ) : (
          '—'
        );
      },
    },
    {
      title: t('grids.validFrom'),
      dataIndex: 'validFrom',
      render: (v: string, row) =>
        row.validTo ? (
          <Typography.Text type="secondary">
            {t('grids.validRange', { from: v, to: row.validTo })}
            {row.endReason ? ` · ${row.endReason}` : ''}
          </Typography.Text>
        ) : (
          v
        ),
    },
  ];
  if (actions)
    columns.push({ title: t('common.actions'), key: 'actions', fixed: 'right', render: (_, row) => actions(row) });
  return (
    <Table<StaffMember>
      rowKey="postId"
      size="small"
      columns={columns}
      dataSource={[...staff].sort(byPost)}
      pagination={false}
      loading={loading}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('grids.noStaff') }}
      data-testid="staff-table"
    />
  );
}

export function SchedulesTable({
  schedules,
  staff,
  actions,
  loading,
}: {
  schedules: readonly DutySchedule[];
  /** To name the post holder of each schedule. */
  staff: readonly StaffMember[];
  actions?: (schedule: DutySchedule) => ReactNode;
  loading?: boolean;
}) {
  const t = useT();
  const holder = new Map(staff.map((s) => [s.postId, s]));
  const columns: TableColumnsType<DutySchedule> = [
    {
      title: t('grids.postHolder'),
      dataIndex: 'postId',
      render: (id: string) => {
        const s = holder.get(id);
        return s ? t('grids.holderWithPost', { name: s.displayName, post: postLabel(s.post, t) }) : '—';
      },
    },
    { title: t('grids.weekdays'), dataIndex: 'weekdays', render: (d: number[]) => formatWeekdays(d, weekdayWords(t)) },
    { title: t('grids.hours'), key: 'hours', render: (_, s) => formatTimeRange(s.startTime, s.endTime) },
    { title: t('grids.patrolsPerDay'), dataIndex: 'patrolsPerDay' },
    { title: t('grids.validFrom'), dataIndex: 'validFrom' },
  ];
  if (actions)
    columns.push({ title: t('common.actions'), key: 'actions', fixed: 'right', render: (_, row) => actions(row) });
  return (
    <Table<DutySchedule>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={[...schedules].sort(
        (a, b) => a.postId.localeCompare(b.postId) || (a.weekdays[0] ?? 0) - (b.weekdays[0] ?? 0),
      )}
      pagination={false}
      loading={loading}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('grids.noSchedules') }}
      data-testid="schedules-table"
    />
  );
}

/** The lineage "山西省 / 长治市 / 潞州区 / 东街街道 / …社区", province first. */
export function lineageText(lineage: GridDetail['lineage']): string {
  return [...lineage]
    .reverse()
    .map((l) => l.name)
    .join(' / ');
}

/** One grid: what and where it is, who holds its posts (定人定岗) and when they are on duty (定时). */
export function GridDetailView({ grid, extra }: { grid: GridDetail | undefined; extra?: ReactNode }) {
  const t = useT();
  const locale = useLocale();
  if (!grid) return <Empty />;
  return (
    <Flex vertical gap={16} data-testid="grid-detail">
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          { key: 'code', label: t('grids.code'), children: <Typography.Text copyable>{grid.code}</Typography.Text> },
          { key: 'name', label: t('grids.name'), children: grid.name },
          {
            key: 'kind',
            label: t('grids.kind'),
            children: (
              <Flex gap={6} wrap>
                <Tag>{kindLabel(grid.kind, t)}</Tag>
                <Tag color={grid.status === 'active' ? 'green' : 'default'}>{statusLabel(grid.status, t)}</Tag>
                {grid.geometrySource === 'synthetic' && <Tag color="orange">{t('grids.synthetic')}</Tag>}
              </Flex>
            ),
          },
          { key: 'area', label: t('grids.area'), children: formatArea(grid.areaM2, locale) },
          { key: 'lineage', label: t('grids.lineage'), children: lineageText(grid.lineage) },
          { key: 'validFrom', label: t('grids.validFrom'), children: grid.validFrom },
          ...(grid.note ? [{ key: 'note', label: t('grids.note'), children: grid.note }] : []),
        ]}
      />
      <div>
        <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('grids.staffTitle')}
          </Typography.Title>
          {extra}
        </Flex>
        <StaffTable staff={grid.staff} />
      </div>
      <div>
        <Typography.Title level={5} style={{ margin: '0 0 8px' }}>
          {t('grids.schedulesTitle')}
        </Typography.Title>
        <SchedulesTable schedules={grid.schedules} staff={grid.staff} />
      </div>
    </Flex>
  );
}
