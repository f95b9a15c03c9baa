import { Alert, Typography } from 'antd';
import type { MessageKey } from '../../locales';
import { useT } from '../../locales';
import { useDemoPassword } from '../system';

/** The accounts the demo seeder creates (docs/contracts/identity-access.md), with the role each holds. */
export const DEMO_ACCOUNTS: readonly { username: string; role: MessageKey }[] = [
  { username: 'admin', role: 'auth.roleSysadmin' },
  { username: 'secadmin', role: 'auth.roleSecadmin' },
  { username: 'auditor', role: 'auth.roleAuditor' },
  { username: 'leader', role: 'auth.roleLeader' },
  { username: 'dutychief', role: 'auth.roleDutychief' },
  { username: 'acceptor', role: 'auth.roleAcceptor' },
  { username: 'dispatcher', role: 'auth.roleDispatcher' },
  { username: 'operator', role: 'auth.roleOperator' },
  { username: 'supervisor', role: 'auth.roleSupervisor' },
  { username: 'handler', role: 'auth.roleHandler' },
  { username: 'gridworker', role: 'auth.roleGridworker' },
  { username: 'mediator', role: 'auth.roleMediator' },
  { username: 'stationstaff', role: 'auth.roleStationstaff' },
  { username: 'volunteer', role: 'auth.roleVolunteer' },
  { username: 'resident', role: 'auth.roleResident' },
];

/**
 * The loud announcement on the login page of a demo installation: everyone may sign in with these, so
 * nothing real belongs here. `onPick` fills the username in (click on an account).
 */
export function DemoAccountsAlert({ onPick }: { onPick?: (username: string) => void }) {
  const t = useT();
  const password = useDemoPassword() ?? '…';
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="demo-accounts"
      title={t('auth.demoTitle')}
      description={
        <>
          <Typography.Paragraph style={{ marginBottom: 8 }}>{t('auth.demoText', { password })}</Typography.Paragraph>
          <ul style={{ margin: 0, paddingInlineStart: 20, columns: '3 14em', columnGap: 24 }}>
            {DEMO_ACCOUNTS.map(({ username, role }) => (
              <li key={username}>
                {onPick ? (
                  <Typography.Link code onClick={() => onPick(username)}>
                    {username}
                  </Typography.Link>
                ) : (
                  <Typography.Text code>{username}</Typography.Text>
                )}{' '}
                <Typography.Text type="secondary">{t(role)}</Typography.Text>
              </li>
            ))}
          </ul>
        </>
      }
    />
  );
}
