import { Alert, Button } from 'antd';
import { ApiError } from '../api/errors';
import { type Translate, useT } from '../locales';

/** What went wrong in the resident's words: the server's message, else what we know of the failure. */
export function errorText(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.message) return error.message;
    if (error.status === 0) return t('portal.networkError');
    return t('portal.unexpectedError', { status: error.status });
  }
  return t('portal.unexpectedError', { status: '—' });
}

/** A failed call, said plainly, with a retry when one makes sense. */
export function ErrorAlert({
  error,
  onRetry,
  'data-testid': testId = 'portal-error',
}: {
  error: unknown;
  onRetry?: () => void;
  'data-testid'?: string;
}) {
  const t = useT();
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid={testId}
      data-code={code}
      title={errorText(error, t)}
      action={
        onRetry && (
          <Button onClick={onRetry} data-testid={`${testId}-retry`}>
            {t('portal.retry')}
          </Button>
        )
      }
    />
  );
}
