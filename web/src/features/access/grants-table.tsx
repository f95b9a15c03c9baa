import { Button, Popconfirm, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { formatInstant, useLocale, useT } from '../../locales';
import type { Grant, Role } from './access-api';
import { localName, scopeKindLabel } from './names';

export interface GrantsTableProps {
  grants: readonly Grant[];
  roles: readonly Role[];
  /** Org unit names by id, for org_unit scopes. */
  unitNames: ReadonlyMap<string, string>;
  loading: boolean;
  timeZone: string | undefined;
  canManage: boolean;
  busyId: string | null;
  onRevoke: (grant: Grant) => void;
}

/** An account's grants, in force and revoked (grants are never deleted, so history stays answerable). */
export function GrantsTable({
  grants,
  roles,
  unitNames,
  loading,
  timeZone,
  canManage,
  busyId,
  onRevoke,
}: GrantsTableProps) {
  const t = useT();
  const locale = useLocale();
  const roleByCode = new Map(roles.map((r) => [r.code, r]));
  const columns: TableColumnsType<Grant> = [
    {
      title: t('grants.role'),
      dataIndex: 'roleCode',
      render: (code: string) => {
        const role = roleByCode.get(code);
        return (
          <>
            <Typography.Text strong>{role ? localName(role, locale) : code}</Typography.Text>
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {code}
            </Typography.Text>
          </>
        );
      },
    },
    {
      title: t('grants.scope'),
      key: 'scope',
      render: (_, g) => (
        <Space size={[4, 4]} wrap>
          <Typography.Text type="secondary">{scopeKindLabel(g.scopeKind, t)}:</Typography.Text>
          {g.scopeValues.map((v) => (
            <Tag key={v}>
              {g.scopeKind === 'org_unit' ? (unitNames.get(v) ?? v) : v === '' ? t('common.everywhere') : v}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('grants.grantedAt'),
      key: 'granted',
      render: (_, g) => (
        <>
          {formatInstant(g.grantedAt, timeZone)}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {g.grantedBy}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('grants.state'),
      key: 'state',
      render: (_, g) =>
        g.revokedAt ? (
          <>
            <Tag>{t('grants.revoked')}</Tag>
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {formatInstant(g.revokedAt, timeZone)} {g.revokedBy ?? ''}
            </Typography.Text>
          </>
        ) : (
          <Tag color="green">{t('grants.active')}</Tag>
        ),
    },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, g) =>
        g.revokedAt ? null : (
          <Popconfirm title={t('grants.revokeConfirm')} onConfirm={() => onRevoke(g)}>
            <Button size="small" danger loading={busyId === g.id} disabled={busyId !== null}>
              {t('grants.revoke')}
            </Button>
          </Popconfirm>
        ),
    });
  }
  return (
    <Table<Grant>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={[...grants]}
      loading={loading}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('grants.empty') }}
      rowClassName={(g) => (g.revokedAt ? 'grant-revoked' : '')}
      data-testid="grants-table"
    />
  );
}
