import { Alert, Button } from 'antd';
import { useEffect, useState } from 'react';
import { useT } from '../../locales';
import { ErrorAlert } from '../errors';
import { fetchServiceArea, type ServiceArea } from '../portal-api';
import { type LngLat, PortalMap } from './portal-map';

let area: Promise<ServiceArea> | null = null;

/** The service area changes with the grids, rarely: asked once per page. */
function serviceArea(): Promise<ServiceArea> {
  area ??= fetchServiceArea().catch((error: unknown) => {
    area = null;
    throw error;
  });
  return area;
}

/**
 * Choosing the place on a map when GPS is not available: the communities that take reports, named, on a
 * plain background; a tap puts the pin, 确定 takes it. Full screen, so a finger has room.
 */
export function PlacePicker({
  initial,
  onPick,
  onCancel,
}: {
  initial: LngLat | null;
  onPick: (at: LngLat) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [shape, setShape] = useState<ServiceArea | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [at, setAt] = useState<LngLat | null>(initial);
  const [failed, setFailed] = useState(false);
  const [tried, setTried] = useState(false);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry button's trigger.
  useEffect(() => {
    let live = true;
    setError(null);
    serviceArea().then(
      (a) => live && setShape(a),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  return (
    <div
      className="portal-picker"
      role="dialog"
      aria-modal="true"
      aria-labelledby="picker-title"
      data-testid="place-picker"
    >
      <div className="portal-picker-head">
        <h2 id="picker-title">{t('portal.pickerTitle')}</h2>
        <div className="portal-muted">{t('portal.pickerHelp')}</div>
      </div>
      <div className="portal-picker-map">
        {failed ? (
          <Alert type="warning" showIcon title={t('portal.mapUnavailable')} style={{ margin: 16 }} />
        ) : (
          <PortalMap
            area={shape}
            marker={at}
            onMapClick={setAt}
            onFail={() => setFailed(true)}
            height="100%"
            data-testid="picker-map"
          />
        )}
      </div>
      <div style={{ padding: '0 16px' }}>
        {error !== null && <ErrorAlert error={error} onRetry={() => setAttempt((n) => n + 1)} />}
        {tried && !at && !failed && (
          <div className="portal-field-error" role="alert">
            {t('portal.pickerNoPoint')}
          </div>
        )}
      </div>
      <div className="portal-picker-foot">
        <Button size="large" onClick={onCancel} data-testid="picker-cancel">
          {t('portal.pickerCancel')}
        </Button>
        <Button
          type="primary"
          size="large"
          disabled={failed}
          data-testid="picker-confirm"
          onClick={() => {
            setTried(true);
            if (at) onPick(at);
          }}
        >
          {t('portal.pickerConfirm')}
        </Button>
      </div>
    </div>
  );
}
