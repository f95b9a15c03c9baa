import { PlusOutlined } from '@ant-design/icons';
import { Upload, type UploadFile } from 'antd';
import { useT } from '../../../locales';
import { newIdempotencyKey } from '../../config';
import { useNotifyError } from '../../errors';
import { attachmentThumbnail, uploadPhoto } from '../cases-api';

export type UploadedPhoto = UploadFile<{ id: string; filename: string }>;

/** The ids of the photos whose upload finished. */
export const uploadedIds = (files: readonly UploadedPhoto[]): string[] =>
  files.flatMap((f) => (f.status === 'done' && f.response?.id ? [f.response.id] : []));

export const uploading = (files: readonly UploadedPhoto[]) => files.some((f) => f.status === 'uploading');

/**
 * Photos for an action: each is uploaded when picked (its own Idempotency-Key) and shown as the server's
 * thumbnail; the hidden file input is `data-testid="attachments-input"`.
 */
export function PhotoUpload({
  files,
  max,
  onChange,
}: {
  files: UploadedPhoto[];
  max: number | null;
  onChange: (files: UploadedPhoto[]) => void;
}) {
  const t = useT();
  const notifyError = useNotifyError();
  const full = max !== null && files.length >= max;
  return (
    <Upload<{ id: string; filename: string }>
      data-testid="attachments-input"
      accept="image/*"
      multiple
      listType="picture-card"
      fileList={files}
      maxCount={max ?? undefined}
      showUploadList={{ showPreviewIcon: false }}
      customRequest={({ file, onSuccess, onError }) => {
        uploadPhoto(file as File, newIdempotencyKey()).then(
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
          <div style={{ marginTop: 8 }}>{t('caseDetail.photoUpload')}</div>
        </button>
      )}
    </Upload>
  );
}
