import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Select, Space } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApiQuery } from '../../../api/use-api-query';
import { ApiErrorResult, useNotifyError } from '../../../features/errors';
import { fetchAllOrgUnits } from '../../../features/org-units';
import { useSession } from '../../../features/session';
import { useBusinessTimeZone } from '../../../features/system';
import {
  fetchUsers,
  OneTimePasswordModal,
  resetUserPassword,
  type User,
  UserFormModal,
  UsersTable,
  unlockUser,
} from '../../../features/users';
import { useT } from '../../../locales';
import { PageHeader } from '../../page-header';
import { positiveInt } from '../paging';

type Status = 'active' | 'disabled';
const isStatus = (v: string | null): v is Status => v === 'active' || v === 'disabled';

export function UsersPage() {
  const t = useT();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const { can } = useSession();
  const timeZone = useBusinessTimeZone();
  const canManage = can('identity.users.manage');
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const rawStatus = params.get('status');
  const status = isStatus(rawStatus) ? rawStatus : undefined;
  const page = positiveInt(params.get('page'), 1);
  const pageSize = positiveInt(params.get('pageSize'), 20);
  const users = useApiQuery(`users:${q}:${status}:${page}:${pageSize}`, (signal) =>
    fetchUsers({ ...(q ? { q } : {}), ...(status ? { status } : {}), page, pageSize }, signal),
  );
  // Unit names for the table and the unit picker; without org.units.read the ids are shown.
  const canReadUnits = can('org.units.read');
  const units = useApiQuery(`org-units:${canReadUnits}`, (signal) =>
    canReadUnits ? fetchAllOrgUnits(signal) : Promise.resolve([]),
  );
  const unitNames = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  const [editing, setEditing] = useState<{ user: User | null } | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [oneTime, setOneTime] = useState<{ username: string; password: string } | null>(null);

  const filters = (next: { q?: string; status?: Status }) => {
    const out: Record<string, string> = { pageSize: String(pageSize) };
    const nq = next.q ?? q;
    const ns = 'status' in next ? next.status : status;
    if (nq) out.q = nq;
    if (ns) out.status = ns;
    return out;
  };

  const resetPassword = async (user: User) => {
    setBusyId(user.id);
    try {
      const { temporaryPassword } = await resetUserPassword(user.id);
      setOneTime({ username: user.username, password: temporaryPassword });
      users.reload();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusyId(null);
    }
  };

  const unlock = async (user: User) => {
    setBusyId(user.id);
    try {
      await unlockUser(user.id);
      void message.success(t('users.unlocked', { username: user.username }));
      users.reload();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusyId(null);
    }
  };

  if (users.error && !users.data) return <ApiErrorResult error={users.error} onRetry={users.reload} />;

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={users.reload}>
              {t('common.refresh')}
            </Button>
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ user: null })}>
                {t('users.create')}
              </Button>
            )}
          </Space>
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search
            key={q}
            defaultValue={q}
            allowClear
            placeholder={t('users.searchPlaceholder')}
            enterButton={t('common.search')}
            style={{ width: 320 }}
            onSearch={(value) => setParams(filters({ q: value.trim() }))}
          />
          <Select<Status>
            allowClear
            value={status}
            placeholder={t('users.statusAny')}
            style={{ width: 140 }}
            onChange={(value) => setParams(filters({ status: value }))}
            options={[
              { value: 'active', label: t('users.statusActive') },
              { value: 'disabled', label: t('users.statusDisabled') },
            ]}
          />
        </Space>
        <UsersTable
          page={users.data}
          current={page}
          pageSize={pageSize}
          loading={users.loading}
          timeZone={timeZone}
          unitNames={unitNames}
          canManage={canManage}
          busyId={busyId}
          onPageChange={(next, size) =>
            setParams({ ...filters({}), page: String(size === pageSize ? next : 1), pageSize: String(size) })
          }
          onEdit={(user) => setEditing({ user })}
          onResetPassword={resetPassword}
          onUnlock={unlock}
        />
      </Card>
      <UserFormModal
        open={editing !== null}
        user={editing?.user ?? null}
        units={units.data ?? []}
        onClose={() => setEditing(null)}
        onSaved={(created) => {
          setEditing(null);
          void message.success(t('users.saved'));
          if (created?.temporaryPassword) {
            setOneTime({ username: created.username, password: created.temporaryPassword });
          }
          users.reload();
        }}
      />
      <OneTimePasswordModal
        username={oneTime?.username ?? ''}
        password={oneTime?.password ?? null}
        onClose={() => setOneTime(null)}
      />
    </>
  );
}
