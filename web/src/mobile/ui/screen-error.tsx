import { Component, type ReactNode } from 'react';
import { useT } from '../../locales';

function ScreenFailed() {
  const t = useT();
  return (
    <main className="m-page">
      <div className="m-banner" data-kind="error" data-testid="screen-error">
        <span>{t('mobile.screenFailed')}</span>
        <button type="button" className="m-btn" onClick={() => window.location.reload()}>
          {t('mobile.reload')}
        </button>
      </div>
    </main>
  );
}

/**
 * A screen that fails to load or render says so instead of leaving a blank page. The usual cause: a new version was
 * installed while the app was open, and the old page asked for a screen the new one no longer has; a reload fixes it.
 * What waits in the outbox is in IndexedDB and survives the reload.
 */
export class ScreenBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? <ScreenFailed /> : this.props.children;
  }
}
