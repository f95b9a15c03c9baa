import { Suspense } from 'react';
import { Link, Outlet } from 'react-router';
import { setLocale, useLocale, useT } from '../locales';

/** The label names the other language in that language, so a resident can always find theirs. */
function LanguageButton() {
  const locale = useLocale();
  const t = useT();
  return (
    <button
      type="button"
      className="portal-language"
      aria-label={t('portal.switchLanguageLabel')}
      lang={locale === 'zh-CN' ? 'en' : 'zh-CN'}
      onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
      data-testid="language-switch"
    >
      {t('portal.switchLanguage')}
    </button>
  );
}

export function Loading() {
  const t = useT();
  return (
    <div className="portal-loading" role="status">
      <span className="portal-spinner" aria-hidden />
      <span>{t('portal.loading')}</span>
    </div>
  );
}

export function PortalLayout() {
  const t = useT();
  return (
    <div className="portal">
      <header className="portal-header">
        <Link to="/" className="portal-title" data-testid="portal-home-link">
          {t('portal.appName')}
        </Link>
        <LanguageButton />
      </header>
      <main className="portal-main" data-testid="portal-app">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}

export function NotFound() {
  const t = useT();
  return (
    <div className="portal-message">
      <h1>{t('portal.pageNotFound')}</h1>
      <Link to="/" className="portal-button portal-button-primary">
        {t('portal.home')}
      </Link>
    </div>
  );
}

/** Last resort when a screen throws (or its chunk is gone after a new version went live). */
export function RouteError() {
  const t = useT();
  return (
    <div className="portal-message">
      <h1>{t('portal.pageCrashed')}</h1>
      <button type="button" className="portal-button portal-button-primary" onClick={() => window.location.reload()}>
        {t('portal.refresh')}
      </button>
    </div>
  );
}
