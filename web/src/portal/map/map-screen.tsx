import { Segmented } from 'antd';
import { useEffect, useState } from 'react';
import { useApiQuery } from '../../api/use-api-query';
import { useLocale, useT } from '../../locales';
import { ErrorAlert } from '../errors';
import { Loading } from '../layout';
import { fetchPublicMap, fetchServiceArea, type PublicPoint, type ServiceArea } from '../portal-api';
import { Themed } from '../themed';
import { PortalMap } from './portal-map';

function PointText({ point }: { point: PublicPoint }) {
  return (
    <>
      <strong>{point.category.name}</strong> · {point.status.name}
      <span className="portal-muted" style={{ display: 'block' }}>
        {point.reportedOn}
      </span>
    </>
  );
}

/** 问题地图: the reports a moderator published, as points on the map of the service area, or as a list. */
export function MapScreen() {
  return (
    <Themed>
      <PublicMapView />
    </Themed>
  );
}

function PublicMapView() {
  const t = useT();
  const locale = useLocale();
  const published = useApiQuery(`portal-map:${locale}`, fetchPublicMap);
  const [area, setArea] = useState<ServiceArea | null>(null);
  const [view, setView] = useState<'map' | 'list'>('map');
  const [chosen, setChosen] = useState<PublicPoint | null>(null);

  useEffect(() => {
    let live = true;
    // The outlines only give bearings: without them the points still show.
    fetchServiceArea().then(
      (a) => {
        if (live) setArea(a);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  const points = published.data?.points;
  const newestFirst = [...(points ?? [])].sort((a, b) => b.reportedOn.localeCompare(a.reportedOn));

  return (
    <div data-testid="portal-map-screen">
      <h1>{t('portal.mapTitle')}</h1>
      <p className="portal-help">{t('portal.mapHelp')}</p>
      {published.error && <ErrorAlert error={published.error} onRetry={published.reload} />}
      {published.loading && !points && <Loading />}
      {points && (
        <>
          <div className="portal-row" style={{ justifyContent: 'space-between', marginBottom: 12 }}>
            <Segmented<'map' | 'list'>
              size="large"
              value={view}
              onChange={setView}
              options={[
                { value: 'map', label: t('portal.mapView') },
                { value: 'list', label: t('portal.listView') },
              ]}
            />
            <span className="portal-muted">{t('portal.mapCount', { count: points.length })}</span>
          </div>
          {view === 'map' && (
            <>
              <PortalMap
                area={area}
                points={points}
                onPointClick={setChosen}
                onFail={() => setView('list')}
                height="60vh"
              />
              {chosen && (
                <section className="portal-card" style={{ marginTop: 12 }} data-testid="map-chosen">
                  <PointText point={chosen} />
                </section>
              )}
            </>
          )}
          {view === 'list' &&
            (newestFirst.length === 0 ? (
              <p className="portal-muted">{t('portal.mapEmpty')}</p>
            ) : (
              <section className="portal-card">
                <ul className="portal-list" data-testid="map-list">
                  {newestFirst.map((p, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list; two reports may share place, day and kind.
                    <li key={i} style={{ padding: '10px 0' }}>
                      <div>
                        <PointText point={p} />
                      </div>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
        </>
      )}
    </div>
  );
}
