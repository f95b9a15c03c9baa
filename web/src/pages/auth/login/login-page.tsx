import { Card, Skeleton, Space, Typography } from 'antd';
import { useRef } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { DemoAccountsAlert, LoginForm, type LoginFormHandle } from '../../../features/auth';
import { safeNext, useSession } from '../../../features/session';
import { useSystemStatus } from '../../../features/system';
import { useT } from '../../../locales';

export function LoginPage() {
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const { signedIn, secondFactorPending, me, loading, refresh } = useSession();
  const demo = useSystemStatus().data?.demo ?? false;
  const form = useRef<LoginFormHandle>(null);

  // Already signed in (a bookmark, the back button): nothing to do here.
  if (!loading && signedIn) return <Navigate to={next} replace />;

  const onSignedIn = async () => {
    // The new session must be in place before the guard of the next page looks at it.
    await refresh();
    navigate(next, { replace: true });
  };

  return (
    <Space orientation="vertical" size={24} style={{ width: '100%', maxWidth: 880, margin: '0 auto', display: 'flex' }}>
      {demo && <DemoAccountsAlert onPick={(username) => form.current?.fillUsername(username)} />}
      <Card style={{ width: '100%', maxWidth: 400, margin: '0 auto' }} styles={{ body: { padding: 32 } }}>
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0, marginBottom: 24, textAlign: 'center' }}>
          {t('auth.title')}
        </Typography.Title>
        {loading ? (
          <Skeleton active />
        ) : (
          <LoginForm
            key={secondFactorPending ? 'pending' : 'fresh'}
            ref={form}
            pending={secondFactorPending ? me?.account : null}
            onSignedIn={onSignedIn}
          />
        )}
      </Card>
    </Space>
  );
}
