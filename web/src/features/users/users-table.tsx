import { EditOutlined, KeyOutlined, UnlockOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { formatInstant, type Translate, useT } from '../../locales';
import type { User, UsersPage } from './users-api';

/** Locked by too many wrong passwords, until `lockedUntil`. */
export function isLocked(user: Pick<User, 'lockedUntil'>, now: number = Date.now()): boolean {
  return user.lockedUntil !== null && Date.parse(user.lockedUntil) > now;
}

function StatusTags({ user, t }: { user: User; t: Translate }) {
  return (
    <Space size={4} wrap>
      {user.status === 'active' ? (
        <Tag color="green">{t('users.statusActive')}</Tag>
      ) : (
        <Tag>{t('users.statusDisabled')}</Tag>
      )}
      {isLocked(user) && <Tag color="red">{t('users.locked')}</Tag>}
      {user.mustChangePassword && <Tag color="orange">{t('users.mustChange')}</Tag>}
    </Space>
  );
}

export interface UsersTableProps {
  page: UsersPage | undefined;
  current: number;
  pageSize: number;
  loading: boolean;
  timeZone: string | undefined;
  /** Org unit names by id, for the unit column. */
  unitNames: ReadonlyMap<string, string>;
  canManage: boolean;
  busyId: string | null;
  onPageChange: (page: number, pageSize: number) => void;
  onEdit: (user: User) => void;
  onResetPassword: (user: User) => void;
  onUnlock: (user: User) => void;
}

export function UsersTable({
  page,
  current,
  pageSize,
  loading,
  timeZone,
  unitNames,
  canManage,
  busyId,
  onPageChange,
  onEdit,
  onResetPassword,
  onUnlock,
}: UsersTableProps) {
  const t = useT();
  const columns: TableColumnsType<User> = [
    {
      title: t('users.username'),
      dataIndex: 'username',
      render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
    },
    { title: t('users.displayName'), dataIndex: 'displayName' },
    { title: t('users.status'), key: 'status', render: (_, user) => <StatusTags user={user} t={t} /> },
    {
      title: t('users.orgUnit'),
      dataIndex: 'orgUnitId',
      render: (v: string | null) => (v ? (unitNames.get(v) ?? v) : '—'),
    },
    {
      title: t('users.division'),
      dataIndex: 'ownerDivision',
      render: (v: string) => v || t('common.everywhere'),
    },
    {
      title: t('users.totp'),
      dataIndex: 'totpEnabled',
      render: (v: boolean) => (v ? <Tag color="green">{t('users.totpOn')}</Tag> : <Tag>{t('users.totpOff')}</Tag>),
    },
    {
      title: t('users.lastLoginAt'),
      dataIndex: 'lastLoginAt',
      render: (v: string | null) => formatInstant(v, timeZone) || '—',
    },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, user) => (
        <Space size="small">
          <Button size="small" icon={<EditOutlined />} onClick={() => onEdit(user)}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('users.resetConfirm', { username: user.username })}
            onConfirm={() => onResetPassword(user)}
          >
            <Button size="small" icon={<KeyOutlined />} loading={busyId === user.id} disabled={busyId !== null}>
              {t('users.resetPassword')}
            </Button>
          </Popconfirm>
          {isLocked(user) && (
            <Button size="small" icon={<UnlockOutlined />} disabled={busyId !== null} onClick={() => onUnlock(user)}>
              {t('users.unlock')}
            </Button>
          )}
        </Space>
      ),
    });
  }
  return (
    <Table<User>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={page?.items ?? []}
      loading={loading}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('users.empty') }}
      data-testid="users-table"
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
