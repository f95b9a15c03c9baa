import { CameraOutlined } from '@ant-design/icons';
import { type ReactNode, useState } from 'react';
import { useT } from '../../locales';
import { type DraftPhoto, toDraftPhoto } from './draft';

/**
 * A tap that opens the camera (`capture`: the phone goes straight to the rear camera; a desktop browser offers a
 * file). The input sits inside its label, so the tap itself opens it — no script between the finger and the camera.
 */
export function CameraButton({
  onPhotos,
  className,
  children,
  multiple = false,
  'data-testid': testId,
  'data-kind': kind,
}: {
  onPhotos: (photos: DraftPhoto[]) => void;
  className: string;
  children: ReactNode;
  multiple?: boolean;
  'data-testid'?: string;
  'data-kind'?: string;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <label className={className} data-testid={testId} data-kind={kind} data-busy={busy}>
      <input
        type="file"
        accept="image/*"
        capture="environment"
        multiple={multiple}
        data-testid={testId ? `${testId}-input` : undefined}
        onChange={async (e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (!files.length) return;
          setBusy(true);
          try {
            onPhotos(await Promise.all(files.map(toDraftPhoto)));
          } finally {
            setBusy(false);
          }
        }}
      />
      {children}
    </label>
  );
}

/** Thumbnails of the photos taken, each removable, and a tile to take another. */
export function PhotoStrip({
  photos,
  onChange,
  max,
  addLabel,
  'data-testid': testId,
}: {
  photos: DraftPhoto[];
  onChange: (photos: DraftPhoto[]) => void;
  max: number;
  addLabel?: string;
  'data-testid'?: string;
}) {
  const t = useT();
  return (
    <div className="m-photos" data-testid={testId} data-count={photos.length}>
      {photos.map((p, i) => (
        <div className="m-photo" key={p.url}>
          <img src={p.url} alt={t('mobile.photoN', { n: i + 1 })} />
          <button
            type="button"
            aria-label={t('mobile.removePhoto')}
            onClick={() => {
              URL.revokeObjectURL(p.url);
              onChange(photos.filter((_, j) => j !== i));
            }}
          >
            ×
          </button>
        </div>
      ))}
      {photos.length < max && (
        <CameraButton
          className="m-file"
          multiple
          onPhotos={(added) => onChange([...photos, ...added].slice(0, max))}
          data-testid={testId ? `${testId}-add` : undefined}
        >
          <CameraOutlined className="m-file-ico" />
          {addLabel ?? t('mobile.addPhoto')}
        </CameraButton>
      )}
    </div>
  );
}

/** One named photo (处置前, 处置后): empty, a tile to take it; taken, its thumbnail. */
export function PhotoSlot({
  photo,
  onChange,
  label,
  'data-testid': testId,
}: {
  photo: DraftPhoto | null;
  onChange: (photo: DraftPhoto | null) => void;
  label: string;
  'data-testid'?: string;
}) {
  const t = useT();
  if (photo)
    return (
      <div className="m-photo" data-testid={testId} data-filled="true">
        <img src={photo.url} alt={label} />
        <span>{label}</span>
        <button
          type="button"
          aria-label={t('mobile.removePhoto')}
          onClick={() => {
            URL.revokeObjectURL(photo.url);
            onChange(null);
          }}
        >
          ×
        </button>
      </div>
    );
  return (
    <CameraButton className="m-file" onPhotos={(p) => onChange(p[0] ?? null)} data-testid={testId}>
      <CameraOutlined className="m-file-ico" />
      {label}
    </CameraButton>
  );
}
