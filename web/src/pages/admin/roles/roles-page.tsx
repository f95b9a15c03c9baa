import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Space } from 'antd';
import { useState } from 'react';
import { useApiQuery } from '../../../api/use-api-query';
import { fetchPermissions, fetchRoles, type Role, RoleFormModal, RolesTable } from '../../../features/access';
import { ApiErrorResult } from '../../../features/errors';
import { useSession } from '../../../features/session';
import { useT } from '../../../locales';
import { PageHeader } from '../../page-header';

export function RolesPage() {
  const t = useT();
  const { message } = App.useApp();
  const { can } = useSession();
  const canManage = can('access.roles.manage');
  const roles = useApiQuery('roles', fetchRoles);
  const permissions = useApiQuery('permissions', fetchPermissions);
  const [editing, setEditing] = useState<{ role: Role | null } | null>(null);

  if (roles.error && !roles.data) return <ApiErrorResult error={roles.error} onRetry={roles.reload} />;

  return (
    <>
      <PageHeader
        title={t('roles.title')}
        subtitle={t('roles.subtitle')}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={roles.reload}>
              {t('common.refresh')}
            </Button>
            {canManage && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                disabled={!permissions.data}
                onClick={() => setEditing({ role: null })}
              >
                {t('roles.create')}
              </Button>
            )}
          </Space>
        }
      />
      <Card>
        <RolesTable
          roles={roles.data?.items ?? []}
          permissions={permissions.data?.items ?? []}
          loading={roles.loading}
          canManage={canManage && !!permissions.data}
          onEdit={(role) => setEditing({ role })}
        />
      </Card>
      <RoleFormModal
        open={editing !== null}
        role={editing?.role ?? null}
        permissions={permissions.data?.items ?? []}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          void message.success(t('roles.saved'));
          roles.reload();
        }}
      />
    </>
  );
}
