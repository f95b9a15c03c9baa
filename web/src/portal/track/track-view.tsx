import { CheckCircleFilled, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, isAbortError } from '../../api/errors';
import { formatInstant, type MessageKey, useLocale, useT } from '../../locales';
import { ErrorAlert } from '../errors';
import { Loading } from '../layout';
import { rememberReport } from '../my-reports';
import { fetchTracked, type Tracked } from '../portal-api';
import { useTimeZone } from '../use-time-zone';
import { CodeForm } from './code-form';
import { RatingForm } from './rating-form';

/** "Updates in the portal": the page asks again this often while it is on screen. */
export const POLL_MS = 30_000;

const STATUS_WORDS: Record<string, MessageKey> = {
  received: 'portal.statusReceived',
  handling: 'portal.statusHandling',
  suspended: 'portal.statusSuspended',
  closed: 'portal.statusClosed',
  'not-taken': 'portal.statusNotTaken',
  merged: 'portal.statusMerged',
};

/**
 * A report followed by its code, kept current: asked again every 30 s while the page is visible and as soon
 * as it becomes visible again; a new `version` says something happened.
 */
function useTracked(code: string) {
  const locale = useLocale();
  const [view, setView] = useState<Tracked | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [changed, setChanged] = useState(false);
  const version = useRef<number | null>(null);
  const controller = useRef<AbortController | null>(null);

  /** `news`: the change came from staff (a poll), not from the resident's own rating. */
  const show = useCallback((v: Tracked, news = true) => {
    if (news && version.current !== null && v.version !== version.current) setChanged(true);
    version.current = v.version;
    setView(v);
    setError(null);
    rememberReport({
      code: v.code,
      reportedAt: v.reportedAt,
      category: v.category?.name ?? null,
      status: v.status.name,
    });
  }, []);

  const load = useCallback(() => {
    controller.current?.abort();
    const mine = new AbortController();
    controller.current = mine;
    fetchTracked(code, mine.signal).then(
      (v) => show(v),
      (e: unknown) => {
        if (!mine.signal.aborted && !isAbortError(e)) setError(e);
      },
    );
  }, [code, show]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the names come in the language chosen: asked again when it changes.
  useEffect(() => {
    version.current = null;
    setView(null);
    load();
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') load();
    }, POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') load();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      controller.current?.abort();
    };
  }, [load, locale]);

  return { view, error, changed, load, show };
}

export function TrackView({ code }: { code: string }) {
  const t = useT();
  const timeZone = useTimeZone();
  const { view, error, changed, load, show } = useTracked(code);
  const at = (iso: string | null) => formatInstant(iso, timeZone, 'YYYY-MM-DD HH:mm');

  if (!view && error instanceof ApiError && error.status === 404)
    return (
      <div className="portal-stack">
        <ErrorAlert error={error} />
        <section className="portal-card">
          <CodeForm initial={code} />
        </section>
      </div>
    );
  if (!view) return error ? <ErrorAlert error={error} onRetry={load} /> : <Loading />;

  const words = STATUS_WORDS[view.status.key];
  return (
    <div
      data-testid="track-view"
      data-number={view.number ?? ''}
      data-status={view.status.key}
      data-version={view.version}
      data-can-rate={view.canRate}
    >
      <section className="portal-card">
        <div className="portal-muted">
          {t('portal.codeLabel')} <span className="portal-code">{view.code}</span>
        </div>
        <div className="portal-status" data-status={view.status.key} data-testid="track-status">
          {view.status.name}
        </div>
        {words && <p style={{ margin: 0 }}>{t(words)}</p>}
        {changed && <Alert type="success" showIcon title={t('portal.updatedNow')} style={{ marginTop: 12 }} />}
        <dl className="portal-facts">
          {view.category && (
            <>
              <dt>{t('portal.category')}</dt>
              <dd>{view.category.name}</dd>
            </>
          )}
          {view.number && (
            <>
              <dt>{t('portal.number')}</dt>
              <dd>{view.number}</dd>
            </>
          )}
          <dt>{t('portal.reportedAt')}</dt>
          <dd>{at(view.reportedAt)}</dd>
          {view.closedAt && (
            <>
              <dt>{t('portal.closedAt')}</dt>
              <dd>{at(view.closedAt)}</dd>
            </>
          )}
          <dt>{t('portal.updatedAt')}</dt>
          <dd data-testid="track-updated">{at(view.updatedAt)}</dd>
        </dl>
        {error !== null && (
          <div style={{ marginTop: 12 }}>
            <ErrorAlert error={error} onRetry={load} />
          </div>
        )}
        <div className="portal-row" style={{ justifyContent: 'space-between', marginTop: 8 }}>
          <span className="portal-muted">{t('portal.autoRefresh')}</span>
          <Button type="text" icon={<ReloadOutlined />} onClick={load} data-testid="track-refresh">
            {t('portal.refresh')}
          </Button>
        </div>
      </section>

      {view.rating && (
        <section className="portal-card" data-testid="track-rating" data-satisfaction={view.rating.satisfaction}>
          <h2>
            <CheckCircleFilled style={{ color: '#2e7d32' }} aria-hidden />{' '}
            {t('portal.ratedAs', { rating: view.rating.name })}
          </h2>
          {view.rating.comment && <p style={{ margin: 0 }}>“{view.rating.comment}”</p>}
          <p className="portal-muted" style={{ marginBottom: 0 }}>
            {t('portal.ratedThanks')}
          </p>
        </section>
      )}
      {view.canRate && <RatingForm code={view.code} onRated={(v) => show(v, false)} onStale={load} />}

      <section className="portal-card" aria-labelledby="history-title">
        <h2 id="history-title">{t('portal.history')}</h2>
        {view.history.length === 0 ? (
          <p className="portal-muted">{t('portal.historyEmpty')}</p>
        ) : (
          <ol className="portal-timeline" data-testid="track-history">
            {[...view.history].reverse().map((h) => (
              <li key={`${h.at}-${h.step}`} data-step={h.step}>
                <span className="portal-timeline-name">
                  {h.name}
                  {h.unit && ` ${h.unit}`}
                  {h.detail && t('portal.stepDetail', { detail: h.detail })}
                </span>
                <span className="portal-timeline-time">{at(h.at)}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
