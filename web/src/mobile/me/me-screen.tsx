import { useState } from 'react';
import { useNavigate } from 'react-router';
import { type Locale, setLocale, useLocale, useT } from '../../locales';
import { useOutbox } from '../offline/runtime';
import { signOut, useSession } from '../session';

const LANGUAGES: { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en-US', label: 'English' },
];

/** 我的: who is signed in, the language, signing out (what waits stays on the phone for the next sign-in). */
export function MeScreen() {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const { user } = useSession();
  const { items } = useOutbox();
  const [confirming, setConfirming] = useState(false);
  if (!user) return null;
  const waiting = items.filter((i) => i.account === user.account.id).length;

  return (
    <main className="m-page" data-testid="me-screen">
      <section className="m-card">
        <h2>{user.person.displayName}</h2>
        <div className="m-muted">
          {user.account.username} · {user.roles.map((r) => (locale === 'en-US' ? r.nameEn : r.nameZh)).join('、')}
        </div>
      </section>
      <section className="m-card m-field">
        <span className="m-muted">{t('mobile.language')}</span>
        <div className="m-segment" data-testid="language-switch">
          {LANGUAGES.map((l) => (
            <button
              key={l.value}
              type="button"
              className="m-chip"
              aria-pressed={locale === l.value}
              onClick={() => setLocale(l.value)}
            >
              {l.label}
            </button>
          ))}
        </div>
      </section>
      {confirming && waiting > 0 && (
        <div className="m-banner">
          <span>{t('mobile.signOutWaiting', { count: waiting })}</span>
        </div>
      )}
      <button
        type="button"
        className="m-btn m-btn-block"
        data-kind="danger"
        data-testid="sign-out"
        onClick={async () => {
          if (waiting > 0 && !confirming) {
            setConfirming(true);
            return;
          }
          await signOut();
          navigate('/', { replace: true });
        }}
      >
        {confirming ? t('mobile.signOutAnyway') : t('mobile.signOut')}
      </button>
    </main>
  );
}
