import { Alert, App, Card } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { ChangePasswordForm } from '../../../features/auth';
import { safeNext, useSession } from '../../../features/session';
import { useT } from '../../../locales';
import { PageHeader } from '../../page-header';

export function ChangePasswordPage() {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { me, refresh } = useSession();
  const forced = me?.account.mustChangePassword ?? false;

  const onChanged = async () => {
    void message.success(t('profile.passwordChanged'));
    try {
      await refresh();
    } catch {
      // The password is changed; the menu catches up on the next load.
    }
    if (forced) navigate(safeNext(params.get('next')), { replace: true });
  };

  return (
    <>
      <PageHeader title={t('profile.changePasswordTitle')} />
      {forced && (
        <Alert
          type="warning"
          showIcon
          title={t('profile.mustChangePassword')}
          style={{ marginBottom: 16 }}
          data-testid="must-change-password"
        />
      )}
      <Card>
        <ChangePasswordForm onChanged={() => void onChanged()} />
      </Card>
    </>
  );
}
