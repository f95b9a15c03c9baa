import { CameraOutlined } from '@ant-design/icons';
import { useT } from '../../locales';
import { errorText } from '../errors';
import type { usePhotoUploads } from './use-photo-uploads';

/** More than the server allows per report (`portal.report-limit`); its message says how many when over. */
const MAX_PICKED = 9;

/**
 * Photos from the camera (or the gallery): thumbnails with their upload state, a tap on a failed one
 * retries it. `data-uploaded` counts the photos the server has, for browser tests.
 */
export function PhotoField({ photos }: { photos: ReturnType<typeof usePhotoUploads> }) {
  const t = useT();
  const uploaded = photos.items.filter((p) => p.state === 'uploaded').length;
  const failed = photos.items.find((p) => p.state === 'failed');
  return (
    <div data-testid="report-photos" data-uploaded={uploaded} data-busy={photos.busy}>
      {photos.items.length > 0 && (
        <div className="portal-photos">
          {photos.items.map((p) => (
            <div key={p.id} className="portal-photo" data-state={p.state} data-testid="report-photo">
              <img src={p.preview} alt="" />
              {p.state === 'failed' ? (
                <button
                  type="button"
                  className="portal-photo-state"
                  style={{ border: 0, cursor: 'pointer', minHeight: 48 }}
                  onClick={() => photos.retry(p.id)}
                >
                  {t('portal.photoFailed')} · {t('portal.photoRetry')}
                </button>
              ) : (
                <span className="portal-photo-state">
                  {t(p.state === 'uploaded' ? 'portal.photoUploaded' : 'portal.photoUploading')}
                </span>
              )}
              <button
                type="button"
                className="portal-photo-remove"
                aria-label={t('portal.photoRemove')}
                onClick={() => photos.remove(p.id)}
              >
                ×
              </button>
            </div>
          ))}
        </div>
      )}
      {failed && (
        <div className="portal-field-error" role="alert">
          {errorText(failed.error, t)}
        </div>
      )}
      {photos.items.length < MAX_PICKED && (
        <label className="portal-file-button">
          <CameraOutlined aria-hidden />
          <span>{t(photos.items.length ? 'portal.addPhoto' : 'portal.takePhoto')}</span>
          <input
            type="file"
            accept="image/*"
            capture="environment"
            multiple
            data-testid="report-photo-input"
            onChange={(e) => {
              const files = [...(e.currentTarget.files ?? [])];
              // The same file picked again must fire a change next time.
              e.currentTarget.value = '';
              if (files.length) photos.add(files);
            }}
          />
        </label>
      )}
    </div>
  );
}
