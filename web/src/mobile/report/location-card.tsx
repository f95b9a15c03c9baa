import { AimOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useT } from '../../locales';
import { type Located, locate, type MyGrid } from '../data';
import { formatCoord } from '../geo/geo';
import { type PositionStatus, relocate } from '../geo/position';
import { Sheet } from '../ui/sheet';

export interface ReportLocation {
  lon: number;
  lat: number;
  accuracy?: number;
  /** gps: the phone's fix; grid: a grid's centre the worker chose; manual: typed or kept from before. */
  source: 'gps' | 'grid' | 'manual';
  /** The grid's name when chosen from the list. */
  label?: string;
}

/**
 * The grid a point falls in, asked of the server while there is a connection (rounded to about 10 m, so a GPS
 * that wanders a little does not ask again and again).
 */
export function useLocated(
  location: ReportLocation | null,
  online: boolean,
): { located: Located | null; busy: boolean } {
  const [result, setResult] = useState<{ key: string; located: Located | null } | null>(null);
  const key = location ? `${location.lon.toFixed(4)},${location.lat.toFixed(4)}` : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the rounded key stands for the location
  useEffect(() => {
    if (!key || !location || !online) return;
    const controller = new AbortController();
    locate(location.lon, location.lat, controller.signal).then(
      (located) => setResult({ key, located }),
      () => setResult({ key, located: null }),
    );
    return () => controller.abort();
  }, [key, online]);
  const current = result && result.key === key ? result.located : null;
  return { located: current, busy: Boolean(key && online && result?.key !== key) };
}

export function LocationCard({
  location,
  status,
  online,
  located,
  busy,
  grids,
  onPin,
}: {
  location: ReportLocation | null;
  status: PositionStatus;
  online: boolean;
  located: Located | null;
  busy: boolean;
  grids: MyGrid[];
  onPin: (location: ReportLocation | null) => void;
}) {
  const t = useT();
  const [choosing, setChoosing] = useState(false);
  const [manual, setManual] = useState({ lon: '', lat: '' });

  let grid: string;
  if (!location) grid = status === 'denied' ? t('mobile.gpsDenied') : t('mobile.gpsLocating');
  else if (!online) grid = t('mobile.gridWhenSent');
  else if (busy) grid = t('mobile.gridLocating');
  else if (located?.grid && (located.inside || located.distanceM <= 50)) grid = located.grid.name;
  else if (located?.grid)
    grid = t('mobile.outsideGrids', { name: located.grid.name, m: Math.round(located.distanceM) });
  else grid = t('mobile.gridUnknown');

  const manualLon = Number(manual.lon);
  const manualLat = Number(manual.lat);
  const manualOk = manual.lon !== '' && manual.lat !== '' && Math.abs(manualLon) <= 180 && Math.abs(manualLat) <= 90;

  return (
    <div
      className="m-card"
      data-testid="report-location"
      data-ready={Boolean(location)}
      data-source={location?.source ?? ''}
    >
      <div className="m-loc">
        <EnvironmentOutlined className="m-loc-ico" />
        <div className="m-loc-main">
          <div data-testid="report-grid" data-grid={located?.grid?.code ?? ''} style={{ fontWeight: 600 }}>
            {location?.source === 'grid' && location.label ? location.label : grid}
          </div>
          {location && (
            <div className="m-muted" data-testid="report-coords">
              {formatCoord(location.lat)}, {formatCoord(location.lon)}
              {location.source === 'gps' && location.accuracy !== undefined
                ? ` · ${t('mobile.accuracy', { m: Math.round(location.accuracy) })}`
                : location.source !== 'gps'
                  ? ` · ${t('mobile.pinnedByHand')}`
                  : ''}
            </div>
          )}
        </div>
        <button
          type="button"
          className="m-btn"
          data-kind="link"
          onClick={() => setChoosing(true)}
          data-testid="location-adjust"
        >
          {t('mobile.adjust')}
        </button>
      </div>
      {choosing && (
        <Sheet title={t('mobile.chooseLocation')} onClose={() => setChoosing(false)} data-testid="location-sheet">
          <button
            type="button"
            className="m-btn m-btn-block"
            onClick={() => {
              relocate();
              onPin(null);
              setChoosing(false);
            }}
          >
            <AimOutlined /> {t('mobile.useGps')}
          </button>
          {grids.length > 0 && (
            <>
              <div className="m-muted">{t('mobile.gridCentres')}</div>
              <ul className="m-list">
                {grids.map((g) => (
                  <li key={g.code}>
                    <button
                      type="button"
                      className="m-row"
                      data-testid="grid-centre"
                      onClick={() => {
                        onPin({ lon: g.label[0], lat: g.label[1], source: 'grid', label: g.name });
                        setChoosing(false);
                      }}
                    >
                      <span className="m-row-main">
                        <span className="m-row-title">{g.name}</span>
                        <span className="m-row-sub">{g.code}</span>
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
          <div className="m-muted">{t('mobile.manualEntry')}</div>
          <div className="m-segment">
            <input
              className="m-input"
              inputMode="decimal"
              placeholder={t('mobile.latitude')}
              aria-label={t('mobile.latitude')}
              value={manual.lat}
              onChange={(e) => setManual({ ...manual, lat: e.target.value.trim() })}
            />
            <input
              className="m-input"
              inputMode="decimal"
              placeholder={t('mobile.longitude')}
              aria-label={t('mobile.longitude')}
              value={manual.lon}
              onChange={(e) => setManual({ ...manual, lon: e.target.value.trim() })}
            />
          </div>
          <button
            type="button"
            className="m-btn m-btn-block"
            data-kind="primary"
            disabled={!manualOk}
            onClick={() => {
              onPin({ lon: manualLon, lat: manualLat, source: 'manual' });
              setChoosing(false);
            }}
          >
            {t('mobile.useTheseCoordinates')}
          </button>
        </Sheet>
      )}
    </div>
  );
}
