import { CameraOutlined, ToolOutlined } from '@ant-design/icons';
import { useEffect } from 'react';
import { Link, useNavigate } from 'react-router';
import { useT } from '../../locales';
import { usePosition } from '../geo/position';
import { useOutbox } from '../offline/runtime';
import { setPendingDraft } from '../report/draft';
import { CameraButton } from '../report/photo-input';
import { useSession } from '../session';

/**
 * The first screen: 拍照上报 opens the camera in one tap, and the GPS starts at once so the position is there by the
 * time the photo is. 自行处置 starts with the photo before the fix.
 */
export function HomeScreen() {
  const t = useT();
  const navigate = useNavigate();
  const { user } = useSession();
  const position = usePosition();
  const outbox = useOutbox();

  // The form is another chunk: fetch it while the worker aims the camera.
  useEffect(() => {
    void import('../report/report-screen');
  }, []);

  const mine = outbox.items.filter((i) => i.account === user?.account.id);
  const attention = mine.filter((i) => i.state === 'attention' || i.state === 'signin').length;

  return (
    <main className="m-page" data-testid="home-screen">
      <div className="m-hero">
        <CameraButton
          className="m-hero-btn"
          data-testid="home-report"
          onPhotos={(photos) => {
            setPendingDraft('report', photos);
            navigate('/report');
          }}
        >
          <CameraOutlined className="m-hero-ico" />
          {t('mobile.photoReport')}
        </CameraButton>
        <CameraButton
          className="m-hero-btn"
          data-kind="secondary"
          data-testid="home-self-resolve"
          onPhotos={(photos) => {
            setPendingDraft('self-resolve', photos);
            navigate('/report?mode=self-resolve');
          }}
        >
          <ToolOutlined className="m-hero-ico" />
          {t('mobile.selfResolve')}
        </CameraButton>
      </div>
      <div className="m-muted" data-testid="home-gps" data-status={position.status} style={{ textAlign: 'center' }}>
        {position.status === 'ok' && position.fix
          ? t('mobile.gpsReady', { m: Math.round(position.fix.accuracy) })
          : position.status === 'denied'
            ? t('mobile.gpsDenied')
            : position.status === 'unavailable'
              ? t('mobile.gpsUnavailable')
              : t('mobile.gpsLocating')}
      </div>
      <Link className="m-btn" to="/report" data-testid="home-report-without-photo">
        {t('mobile.reportWithoutPhoto')}
      </Link>
      {attention > 0 && (
        <Link className="m-banner" data-kind="error" to="/outbox" style={{ textDecoration: 'none' }}>
          <span>{t('mobile.itemsNeedAttention', { count: attention })}</span>
        </Link>
      )}
    </main>
  );
}
