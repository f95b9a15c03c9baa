import { FlagOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { formatInstant, useT } from '../../locales';
import { type Located, locate } from '../data';
import { formatDistance } from '../geo/geo';
import { usePosition } from '../geo/position';
import type { LocalPatrol } from '../offline/db';
import { useOutbox } from '../offline/runtime';
import { useSession } from '../session';
import { useOnline } from '../ui/use-online';
import { recentPatrols, startPatrol, stopPatrol, usePatrol } from './recorder';

function duration(fromIso: string, to: number): string {
  const s = Math.max(0, Math.floor((to - Date.parse(fromIso)) / 1000));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  return `${hh}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/**
 * 巡查: start and stop a patrol; the trail is recorded on the phone while the app is open and sent in batches. Duration
 * and distance are counted here (the server counts them again from the trail it receives).
 */
export function PatrolScreen() {
  const t = useT();
  const { user } = useSession();
  const online = useOnline();
  const position = usePosition();
  const { patrol, buffered, gpsError } = usePatrol();
  const { items } = useOutbox();
  const now = useNow(Boolean(patrol));
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [recent, setRecent] = useState<LocalPatrol[]>([]);
  const [located, setLocated] = useState<Located | null>(null);

  useEffect(() => {
    if (user && !patrol) void recentPatrols(user.account.id).then((p) => setRecent(p.slice(0, 10)));
  }, [user, patrol]);
  const fix = position.fix;
  const lonLat = fix ? `${fix.lon.toFixed(4)},${fix.lat.toFixed(4)}` : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the rounded position stands for the fix
  useEffect(() => {
    if (!fix || !online || patrol) return;
    const controller = new AbortController();
    locate(fix.lon, fix.lat, controller.signal).then(setLocated, () => setLocated(null));
    return () => controller.abort();
  }, [lonLat, online, patrol]);

  if (!user) return null;
  const waiting = (id: string) => items.some((i) => 'patrol' in i && i.patrol === id);
  const gridName = located?.grid && (located.inside || located.distanceM <= 50) ? located.grid.name : null;
  const distance = (m: number) => {
    const d = formatDistance(m);
    return `${d.value} ${d.unit === 'm' ? t('mobile.unitM') : t('mobile.unitKm')}`;
  };

  return (
    <main className="m-page" data-testid="patrol-screen" data-open={Boolean(patrol)}>
      {patrol ? (
        <section className="m-card" data-testid="patrol-running">
          <h2>
            <FlagOutlined /> {t('mobile.patrolRunning')}
            {patrol.gridName ? ` · ${patrol.gridName}` : ''}
          </h2>
          <div className="m-stats">
            <div>
              <b data-testid="patrol-duration">{duration(patrol.startedAt, now)}</b>
              <span className="m-muted">{t('mobile.patrolDuration')}</span>
            </div>
            <div>
              <b data-testid="patrol-distance">{distance(patrol.distanceM)}</b>
              <span className="m-muted">{t('mobile.patrolDistance')}</span>
            </div>
            <div>
              <b data-testid="patrol-points">{patrol.pointCount}</b>
              <span className="m-muted">{t('mobile.patrolPoints')}</span>
            </div>
          </div>
          <p className="m-muted">
            {patrol.serverId ? t('mobile.patrolSynced') : t('mobile.patrolNotSynced')}
            {buffered > 0 && ` · ${t('mobile.patrolBuffered', { count: buffered })}`}
          </p>
          {gpsError && (
            <div className="m-banner">
              <span>{t('mobile.gpsUnavailable')}</span>
            </div>
          )}
          <p className="m-muted">{t('mobile.patrolKeepOpen')}</p>
          <button
            type="button"
            className="m-btn m-btn-block"
            data-kind="danger"
            data-testid="patrol-stop"
            disabled={busy}
            onClick={async () => {
              if (!confirming) {
                setConfirming(true);
                return;
              }
              setBusy(true);
              await stopPatrol(position.fix, t('mobile.kindPatrolEnd'));
              setBusy(false);
              setConfirming(false);
            }}
          >
            {confirming ? t('mobile.patrolStopConfirm') : t('mobile.patrolStop')}
          </button>
        </section>
      ) : (
        <section className="m-card" style={{ textAlign: 'center' }}>
          <p className="m-muted" data-testid="patrol-gps">
            {fix
              ? `${gridName ?? (online ? '' : t('mobile.gridWhenSent'))} · ${t('mobile.accuracy', { m: Math.round(fix.accuracy) })}`
              : position.status === 'denied'
                ? t('mobile.gpsDenied')
                : t('mobile.gpsLocating')}
          </p>
          <button
            type="button"
            className="m-hero-btn"
            style={{ width: '100%', border: 0 }}
            data-testid="patrol-start"
            disabled={!fix || busy}
            onClick={async () => {
              if (!fix) return;
              setBusy(true);
              await startPatrol(user.account.id, fix, gridName, t('mobile.kindPatrolStart'));
              setBusy(false);
            }}
          >
            <FlagOutlined className="m-hero-ico" />
            {t('mobile.patrolStart')}
          </button>
        </section>
      )}
      {!patrol && recent.length > 0 && (
        <>
          <h2 style={{ margin: '8px 0 0', fontSize: 16 }}>{t('mobile.patrolRecent')}</h2>
          <ul className="m-list">
            {recent.map((p) => (
              <li key={p.localId} data-testid="patrol-log">
                <div className="m-row">
                  <span className="m-row-main">
                    <span className="m-row-title">
                      {formatInstant(p.startedAt, undefined, 'MM-DD HH:mm')}
                      {p.gridName ? ` · ${p.gridName}` : ''}
                    </span>
                    <span className="m-row-sub">
                      {duration(p.startedAt, Date.parse(p.endedAt ?? p.startedAt))} · {distance(p.distanceM)}
                    </span>
                  </span>
                  <span className="m-tag" data-tone={waiting(p.localId) ? 'warn' : 'ok'}>
                    {waiting(p.localId) ? t('mobile.stateWaiting') : t('mobile.stateSent')}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
