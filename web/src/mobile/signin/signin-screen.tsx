import { type FormEvent, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../api/errors';
import { useT } from '../../locales';
import { signIn, useSession, verifySecondFactor } from '../session';
import { useOnline } from '../ui/use-online';

/**
 * Signing in (the server's session cookie). Also where an ended session comes back to: the last user's name is
 * filled in, and whatever waits in the outbox is sent once they are in again.
 */
export function SignInScreen() {
  const t = useT();
  const online = useOnline();
  const navigate = useNavigate();
  const location = useLocation();
  const { user } = useSession();
  const [username, setUsername] = useState(user?.account.username ?? '');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<'password' | 'verify' | 'setup'>('password');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (step === 'verify') await verifySecondFactor(code.trim());
      else {
        const result = await signIn(username.trim(), password);
        if (!result.ok) {
          setStep(result.secondFactor);
          return;
        }
      }
      if (location.pathname === '/signin') navigate('/', { replace: true });
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.status !== 0 && caught.message
          ? caught.message
          : t('mobile.signInNoNetwork'),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="m-signin" data-testid="signin-screen">
      <header>
        <img src="/m/icon.svg" alt="" />
        <h1>{t('mobile.appFullName')}</h1>
        {user && <p className="m-muted">{t('mobile.signInAgainHint')}</p>}
      </header>
      {!online && (
        <div className="m-banner">
          <span>{t('mobile.signInNeedsNetwork')}</span>
        </div>
      )}
      {step === 'setup' ? (
        <div className="m-banner" data-kind="error">
          <span>{t('mobile.setupSecondFactorOnDesktop')}</span>
        </div>
      ) : (
        <form className="m-signin" style={{ padding: 0 }} onSubmit={submit}>
          {step === 'password' ? (
            <>
              <label className="m-field">
                <span>{t('mobile.username')}</span>
                <input
                  className="m-input"
                  name="username"
                  autoComplete="username"
                  autoCapitalize="none"
                  value={username}
                  onChange={(e) => setUsername(e.target.value)}
                  data-testid="signin-username"
                  required
                />
              </label>
              <label className="m-field">
                <span>{t('mobile.password')}</span>
                <input
                  className="m-input"
                  type="password"
                  name="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                  data-testid="signin-password"
                  required
                />
              </label>
            </>
          ) : (
            <label className="m-field">
              <span>{t('mobile.totpCode')}</span>
              <input
                className="m-input"
                inputMode="numeric"
                autoComplete="one-time-code"
                value={code}
                onChange={(e) => setCode(e.target.value)}
                required
              />
            </label>
          )}
          {error && (
            <div className="m-banner" data-kind="error" data-testid="signin-error">
              <span>{error}</span>
            </div>
          )}
          <button
            type="submit"
            className="m-btn m-btn-block"
            data-kind="primary"
            disabled={busy}
            data-testid="signin-submit"
          >
            {t('mobile.signIn')}
          </button>
        </form>
      )}
    </main>
  );
}
