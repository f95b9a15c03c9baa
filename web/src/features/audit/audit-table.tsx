import { Descriptions, Table, type TableColumnsType, Typography } from 'antd';
import { formatInstant, useT } from '../../locales';
import type { AuditPage, AuditRecord } from './audit-api';
import { OutcomeTag } from './outcome';

export interface AuditTableProps {
  page: AuditPage | undefined;
  current: number;
  pageSize: number;
  loading: boolean;
  timeZone: string | undefined;
  onPageChange: (page: number, pageSize: number) => void;
}

function Details({ record }: { record: AuditRecord }) {
  const t = useT();
  return (
    <Descriptions
      size="small"
      column={1}
      items={[
        {
          key: 'details',
          label: t('audit.details'),
          children: (
            <Typography.Text code style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {JSON.stringify(record.details ?? null, null, 2)}
            </Typography.Text>
          ),
        },
        { key: 'id', label: t('audit.recordId'), children: record.id },
        { key: 'request', label: t('audit.requestId'), children: record.requestId ?? '—' },
        { key: 'hash', label: t('audit.hash'), children: <Typography.Text code>{record.hash}</Typography.Text> },
        {
          key: 'prev',
          label: t('audit.prevHash'),
          children: <Typography.Text code>{record.prevHash}</Typography.Text>,
        },
      ]}
    />
  );
}

export function AuditTable({ page, current, pageSize, loading, timeZone, onPageChange }: AuditTableProps) {
  const t = useT();
  const columns: TableColumnsType<AuditRecord> = [
    { title: t('audit.seq'), dataIndex: 'seq', width: 80, align: 'right' },
    {
      title: t('audit.occurredAt'),
      dataIndex: 'occurredAt',
      width: 170,
      render: (v: string) => formatInstant(v, timeZone),
    },
    {
      title: t('audit.actor'),
      key: 'actor',
      render: (_, r) => (
        <>
          <Typography.Text>{r.actorName || '—'}</Typography.Text>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {r.actorKind}
            {r.actorId ? ` · ${r.actorId}` : ''}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    {
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      width: 90,
      render: (v: AuditRecord['outcome']) => <OutcomeTag outcome={v} t={t} />,
    },
    {
      title: t('audit.target'),
      key: 'target',
      render: (_, r) =>
        r.targetType ? (
          <>
            {r.targetType}
            {r.targetId && (
              <Typography.Text
                type="secondary"
                ellipsis={{ tooltip: r.targetId }}
                style={{ display: 'block', fontSize: 12, maxWidth: 160 }}
              >
                {r.targetId}
              </Typography.Text>
            )}
          </>
        ) : (
          '—'
        ),
    },
    {
      title: t('audit.division'),
      dataIndex: 'ownerDivision',
      width: 110,
      render: (v: string) => v || t('common.everywhere'),
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 130, render: (v: string | null) => v || '—' },
  ];
  return (
    <Table<AuditRecord>
      rowKey="seq"
      size="small"
      columns={columns}
      dataSource={page?.items ?? []}
      loading={loading}
      scroll={{ x: 'max-content' }}
      expandable={{ expandedRowRender: (r) => <Details record={r} /> }}
      locale={{ emptyText: t('audit.empty') }}
      data-testid="audit-table"
      pagination={{
        current,
        pageSize,
        total: page?.total ?? 0,
        showSizeChanger: true,
        showTotal: (total) => t('common.total', { total }),
        onChange: onPageChange,
      }}
    />
  );
}
