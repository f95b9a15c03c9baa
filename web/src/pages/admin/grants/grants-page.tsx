import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApiQuery } from '../../../api/use-api-query';
import {
  fetchGrants,
  fetchRoles,
  type Grant,
  GrantFormModal,
  GrantsTable,
  revokeGrant,
} from '../../../features/access';
import { ApiErrorResult, useNotifyError } from '../../../features/errors';
import { fetchAllOrgUnits } from '../../../features/org-units';
import { useSession } from '../../../features/session';
import { useBusinessTimeZone } from '../../../features/system';
import { AccountSelect, type User } from '../../../features/users';
import { useT } from '../../../locales';
import { PageHeader } from '../../page-header';

export function GrantsPage() {
  const t = useT();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const { can } = useSession();
  const timeZone = useBusinessTimeZone();
  const canManage = can('access.grants.manage');
  const [params, setParams] = useSearchParams();
  const accountId = params.get('account');
  const [account, setAccount] = useState<User | null>(null);
  const roles = useApiQuery('roles', (signal) =>
    can('access.roles.read') ? fetchRoles(signal) : Promise.resolve({ items: [], page: 1, pageSize: 0, total: 0 }),
  );
  const canReadUnits = can('org.units.read');
  const units = useApiQuery(`org-units:${canReadUnits}`, (signal) =>
    canReadUnits ? fetchAllOrgUnits(signal) : Promise.resolve([]),
  );
  const unitNames = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  const grants = useApiQuery(`grants:${accountId}`, (signal) =>
    accountId ? fetchGrants(accountId, signal) : Promise.resolve(undefined),
  );
  const [granting, setGranting] = useState(false);
  const [busyId, setBusyId] = useState<string | null>(null);
  const accountLabel = account ? `${account.displayName}（${account.username}）` : (accountId ?? '');

  const revoke = async (grant: Grant) => {
    setBusyId(grant.id);
    try {
      await revokeGrant(grant.id);
      void message.success(t('grants.revokedDone'));
      grants.reload();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusyId(null);
    }
  };

  return (
    <>
      <PageHeader title={t('grants.title')} subtitle={t('grants.subtitle')} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card>
          <Space wrap>
            <Typography.Text>{t('grants.account')}</Typography.Text>
            <AccountSelect
              value={accountId}
              onChange={(id, user) => {
                setAccount(user);
                setParams(id ? { account: id } : {});
              }}
            />
          </Space>
        </Card>
        <Card
          title={accountId ? t('grants.of', { account: accountLabel }) : t('grants.list')}
          extra={
            accountId &&
            canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setGranting(true)}>
                {t('grants.create')}
              </Button>
            )
          }
        >
          {!accountId ? (
            <Empty description={t('grants.pickAccountFirst')} />
          ) : grants.error && !grants.data ? (
            <ApiErrorResult error={grants.error} onRetry={grants.reload} />
          ) : (
            <GrantsTable
              grants={grants.data?.items ?? []}
              roles={roles.data?.items ?? []}
              unitNames={unitNames}
              loading={grants.loading}
              timeZone={timeZone}
              canManage={canManage}
              busyId={busyId}
              onRevoke={revoke}
            />
          )}
        </Card>
      </Space>
      {accountId && (
        <GrantFormModal
          open={granting}
          accountId={accountId}
          accountLabel={accountLabel}
          roles={roles.data?.items ?? []}
          units={units.data ?? []}
          onClose={() => setGranting(false)}
          onGranted={() => {
            setGranting(false);
            void message.success(t('grants.granted'));
            grants.reload();
          }}
        />
      )}
    </>
  );
}
