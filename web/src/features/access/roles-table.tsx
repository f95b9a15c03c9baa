import { EditOutlined } from '@ant-design/icons';
import { Button, Space, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { useLocale, useT } from '../../locales';
import type { PermissionInfo, Role } from './access-api';
import { localName } from './names';

export interface RolesTableProps {
  roles: readonly Role[];
  permissions: readonly PermissionInfo[];
  loading: boolean;
  canManage: boolean;
  onEdit: (role: Role) => void;
}

export function RolesTable({ roles, permissions, loading, canManage, onEdit }: RolesTableProps) {
  const t = useT();
  const locale = useLocale();
  const byCode = useMemo(() => new Map(permissions.map((p) => [p.code as string, p])), [permissions]);
  const columns: TableColumnsType<Role> = [
    {
      title: t('roles.name'),
      key: 'name',
      width: 200,
      render: (_, role) => (
        <>
          <Typography.Text strong>{localName(role, locale)}</Typography.Text>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {role.code}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('roles.kind'),
      key: 'builtin',
      width: 100,
      render: (_, role) =>
        role.builtin ? <Tag color="blue">{t('roles.builtin')}</Tag> : <Tag>{t('roles.custom')}</Tag>,
    },
    {
      title: t('roles.permissions'),
      key: 'permissions',
      render: (_, role) => (
        <Space size={[4, 4]} wrap>
          {role.permissions.map((code) => {
            const info = byCode.get(code);
            return (
              <Tooltip key={code} title={code}>
                <Tag>{info ? localName(info, locale) : code}</Tag>
              </Tooltip>
            );
          })}
        </Space>
      ),
    },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, role) =>
        role.builtin ? (
          <Tooltip title={t('roles.builtinHelp')}>
            <Button size="small" icon={<EditOutlined />} disabled>
              {t('common.edit')}
            </Button>
          </Tooltip>
        ) : (
          <Button size="small" icon={<EditOutlined />} onClick={() => onEdit(role)}>
            {t('common.edit')}
          </Button>
        ),
    });
  }
  return (
    <Table<Role>
      rowKey="code"
      size="middle"
      columns={columns}
      dataSource={[...roles]}
      loading={loading}
      pagination={false}
      // A fixed minimum, not max-content: the permission tags wrap within the page instead of widening it.
      scroll={{ x: 900 }}
      data-testid="roles-table"
    />
  );
}
