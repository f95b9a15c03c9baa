import { LockOutlined, StopOutlined } from '@ant-design/icons';
import { Button, Result } from 'antd';
import type { ApiError } from '../../api/errors';
import { useT } from '../../locales';
import { errorText } from './error-text';

function signInHref(): string {
  const here = `${window.location.pathname}${window.location.search}`;
  return here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}

/**
 * A whole-page answer to a failed load: "sign in required" for 401, "no access" for 403,
 * otherwise the server's message with a retry button.
 */
export function ApiErrorResult({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const t = useT();
  if (error.signInRequired) {
    return (
      <Result
        icon={<LockOutlined />}
        title={t('session.signInRequiredTitle')}
        subTitle={t('session.signInRequiredText')}
        data-testid="sign-in-required"
        extra={
          // A full load: the console asks the server afresh who is signed in once back from the login page.
          <Button type="primary" href={signInHref()}>
            {t('session.goSignIn')}
          </Button>
        }
      />
    );
  }
  if (error.forbidden) {
    return (
      <Result
        status="403"
        icon={<StopOutlined />}
        title={t('session.forbiddenTitle')}
        subTitle={error.message || t('session.forbiddenText')}
      />
    );
  }
  return (
    <Result
      status="error"
      title={t('errors.loadFailed')}
      subTitle={errorText(error, t)}
      extra={
        onRetry ? (
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
