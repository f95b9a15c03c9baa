import { Alert, App, Card, Space } from 'antd';
import { ChangePasswordForm, MySessions, ProfileSummary, TotpCard } from '../../../features/auth';
import { useSession } from '../../../features/session';
import { useBusinessTimeZone } from '../../../features/system';
import { useT } from '../../../locales';
import { PageHeader } from '../../page-header';

export function ProfilePage() {
  const t = useT();
  const { message } = App.useApp();
  const { me, session, reload } = useSession();
  const timeZone = useBusinessTimeZone();

  if (!me) {
    // The operator (bearer token) has no person, sessions or password here.
    return (
      <>
        <PageHeader title={t('profile.title')} />
        <Alert type="info" showIcon title={t('profile.noProfile', { name: session.actor.displayName })} />
      </>
    );
  }

  return (
    <>
      <PageHeader title={t('profile.title')} subtitle={t('profile.subtitle')} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card title={t('profile.about')}>
          <ProfileSummary me={me} />
        </Card>
        <Card title={t('profile.sessions')}>
          <MySessions timeZone={timeZone} />
        </Card>
        <Card title={t('profile.password')}>
          <ChangePasswordForm
            onChanged={() => {
              void message.success(t('profile.passwordChanged'));
              reload();
            }}
          />
        </Card>
        <Card title={t('profile.totp')}>
          <TotpCard enabled={me.account.totpEnabled} onChanged={reload} />
        </Card>
      </Space>
    </>
  );
}
