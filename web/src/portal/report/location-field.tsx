import { AimOutlined, EditOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { Button, Input, Spin } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { type MessageKey, useT } from '../../locales';
import { Loading } from '../layout';
import { readCoordinates } from './coordinates';

// MapLibre is large: loaded only when a resident without GPS opens the map.
const PlacePicker = lazy(() => import('../map/place-picker').then((m) => ({ default: m.PlacePicker })));

export interface Place {
  lng: number;
  lat: number;
  source: 'gps' | 'map' | 'typed';
  /** Metres, from GPS. */
  accuracy?: number;
}

type GpsState = 'idle' | 'locating' | 'denied' | 'unavailable' | 'unsupported';

const GPS_MESSAGES: Partial<Record<GpsState, MessageKey>> = {
  denied: 'portal.geoDenied',
  unavailable: 'portal.geoUnavailable',
  unsupported: 'portal.geoUnsupported',
};

/**
 * Where the problem is: the phone's position first (asked as the form opens), else a point on the map of the
 * communities that take reports, or coordinates typed in; with the spot in words (optional, sent as address).
 */
export function LocationField({
  place,
  onPlace,
  address,
  onAddress,
  error,
}: {
  place: Place | null;
  onPlace: (p: Place) => void;
  address: string;
  onAddress: (a: string) => void;
  error: string | null;
}) {
  const t = useT();
  const [gps, setGps] = useState<GpsState>('idle');
  const [picking, setPicking] = useState(false);
  const [typing, setTyping] = useState(false);
  const [lngText, setLngText] = useState('');
  const [latText, setLatText] = useState('');
  const [typedError, setTypedError] = useState(false);

  const locate = useCallback(() => {
    if (!('geolocation' in navigator)) {
      setGps('unsupported');
      return;
    }
    setGps('locating');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setGps('idle');
        onPlace({
          lng: pos.coords.longitude,
          lat: pos.coords.latitude,
          source: 'gps',
          accuracy: Math.round(pos.coords.accuracy),
        });
      },
      (err) => setGps(err.code === err.PERMISSION_DENIED ? 'denied' : 'unavailable'),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  }, [onPlace]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: asked once, as the form opens; later only on request.
  useEffect(() => {
    locate();
  }, []);

  const status = (() => {
    if (gps === 'locating')
      return (
        <span className="portal-row">
          <Spin size="small" /> {t('portal.locating')}
        </span>
      );
    if (place?.source === 'gps')
      return place.accuracy ? t('portal.locatedAccuracy', { meters: place.accuracy }) : t('portal.located');
    if (place?.source === 'map') return t('portal.pickedOnMap');
    if (place?.source === 'typed') return t('portal.enteredByHand');
    return null;
  })();
  const gpsMessage = GPS_MESSAGES[gps];

  return (
    <div
      className="portal-stack"
      data-testid="report-location"
      data-source={place?.source ?? ''}
      data-lng={place?.lng ?? ''}
      data-lat={place?.lat ?? ''}
    >
      {status && (
        <div data-testid="location-status">
          <EnvironmentOutlined aria-hidden /> {status}
          {place && (
            <div className="portal-muted">
              {t('portal.lng')} {place.lng.toFixed(5)},{t('portal.lat')} {place.lat.toFixed(5)}
            </div>
          )}
        </div>
      )}
      {gpsMessage && !place && (
        <div className="portal-field-error" role="alert" data-testid="location-gps-error">
          {t(gpsMessage)}
        </div>
      )}
      {gps !== 'unsupported' && (
        <Button size="large" icon={<AimOutlined />} onClick={locate} loading={gps === 'locating'} block>
          {t(place?.source === 'gps' ? 'portal.locateAgain' : 'portal.useMyLocation')}
        </Button>
      )}
      <Button
        size="large"
        icon={<EnvironmentOutlined />}
        onClick={() => setPicking(true)}
        block
        data-testid="location-pick-map"
      >
        {t('portal.pickOnMap')}
      </Button>
      <Button
        size="large"
        type="text"
        icon={<EditOutlined />}
        onClick={() => setTyping((v) => !v)}
        aria-expanded={typing}
        data-testid="location-type"
      >
        {t('portal.enterCoordinates')}
      </Button>
      {typing && (
        <div className="portal-stack">
          <div className="portal-row" style={{ flexWrap: 'nowrap' }}>
            <Input
              size="large"
              inputMode="decimal"
              aria-label={t('portal.lng')}
              placeholder={t('portal.lng')}
              value={lngText}
              onChange={(e) => setLngText(e.target.value)}
              data-testid="location-lng"
            />
            <Input
              size="large"
              inputMode="decimal"
              aria-label={t('portal.lat')}
              placeholder={t('portal.lat')}
              value={latText}
              onChange={(e) => setLatText(e.target.value)}
              data-testid="location-lat"
            />
          </div>
          {typedError && (
            <div className="portal-field-error" role="alert">
              {t('portal.coordinatesInvalid')}
            </div>
          )}
          <Button
            size="large"
            data-testid="location-use-typed"
            onClick={() => {
              const at = readCoordinates(lngText, latText);
              setTypedError(!at);
              if (at) {
                onPlace({ ...at, source: 'typed' });
                setTyping(false);
              }
            }}
          >
            {t('portal.useCoordinates')}
          </Button>
        </div>
      )}
      <div className="portal-stack" style={{ gap: 4 }}>
        <label htmlFor="report-address">{t('portal.address')}</label>
        <Input
          id="report-address"
          size="large"
          maxLength={200}
          placeholder={t('portal.addressPlaceholder')}
          value={address}
          onChange={(e) => onAddress(e.target.value)}
          data-testid="report-address"
        />
      </div>
      {error && (
        <div className="portal-field-error" role="alert">
          {error}
        </div>
      )}
      {picking && (
        <Suspense fallback={<Loading />}>
          <PlacePicker
            initial={place ? { lng: place.lng, lat: place.lat } : null}
            onCancel={() => setPicking(false)}
            onPick={(at) => {
              onPlace({ ...at, source: 'map' });
              setPicking(false);
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
