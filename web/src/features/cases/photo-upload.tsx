import { PlusOutlined } from '@ant-design/icons';
import { Upload, type UploadFile } from 'antd';
import { useT } from '../../locales';
import { newIdempotencyKey } from '../config';
import { useNotifyError } from '../errors';
import { attachmentThumbnail, uploadPhoto } from './cases-api';

export type UploadedPhoto = UploadFile<{ id: string; filename: string }>;

/** The ids of the photos whose upload finished. */
export const uploadedIds = (files: readonly UploadedPhoto[]): string[] =>
  files.flatMap((f) => (f.status === 'done' && f.response?.id ? [f.response.id] : []));

export const uploading = (files: readonly UploadedPhoto[]) => files.some((f) => f.status === 'uploading');

export interface PhotoUploadProps {
  files: UploadedPhoto[];
  max: number | null;
  onChange: (files: UploadedPhoto[]) => void;
  /**
   * The division the photos belong to: a case's photos are filed under the case's division, so everyone
   * who works the case (the grid worker checking on site, too) may see them. Default: the uploader's own.
   */
  ownerDivision?: string;
  /** On the wrapper, which also says `data-uploaded` (how many finished) and `data-busy`. */
  'data-testid'?: string;
}

/**
 * Photos uploaded as soon as they are picked (each with its own Idempotency-Key, so a retried upload is
 * stored once) and shown as the server's thumbnails; the hidden file input is `data-testid="attachments-input"`.
 */
export function PhotoUpload({
  files,
  max,
  onChange,
  ownerDivision,
  'data-testid': testId = 'photo-upload',
}: PhotoUploadProps) {
  const t = useT();
  const notifyError = useNotifyError();
  const full = max !== null && files.length >= max;
  return (
    <div data-testid={testId} data-uploaded={uploadedIds(files).length} data-busy={uploading(files)}>
      <Upload<{ id: string; filename: string }>
        data-testid="attachments-input"
        accept="image/*"
        multiple
        listType="picture-card"
        fileList={files}
        maxCount={max ?? undefined}
        showUploadList={{ showPreviewIcon: false }}
        customRequest={({ file, onSuccess, onError }) => {
          uploadPhoto(file as File, newIdempotencyKey(), ownerDivision).then(
            (uploaded) => onSuccess?.(uploaded),
            (error: unknown) => {
              notifyError(error);
              onError?.(error instanceof Error ? error : new Error(String(error)));
            },
          );
        }}
        onChange={({ fileList }) =>
          onChange(
            fileList
              .filter((f) => f.status !== 'error')
              .map((f) =>
                f.status === 'done' && f.response?.id
                  ? { ...f, url: attachmentThumbnail(f.response.id), thumbUrl: attachmentThumbnail(f.response.id) }
                  : f,
              ),
          )
        }
      >
        {full ? null : (
          <button type="button" style={{ border: 0, background: 'none', cursor: 'pointer' }}>
            <PlusOutlined />
            <div style={{ marginTop: 8 }}>{t('cases.upload')}</div>
          </button>
        )}
      </Upload>
    </div>
  );
}
