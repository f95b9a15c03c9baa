import { CameraOutlined } from '@ant-design/icons';
import { Button, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useT } from '../../locales';
import { newIdempotencyKey } from '../config';
import { useNotifyError } from '../errors';
import { attachmentThumbnail, uploadPhoto } from './cases-api';

export interface PhotoUploadProps {
  /** The uploaded attachments' ids, in the order they were added. */
  value?: string[];
  onChange?: (ids: string[]) => void;
  max?: number;
  'data-testid'?: string;
}

/**
 * Photos uploaded as soon as they are picked (each once: a retry of the same file reuses its key), shown
 * as thumbnails the server renders; the form holds only the attachment ids.
 */
export function PhotoUpload({
  value = [],
  onChange,
  max = 9,
  'data-testid': testId = 'photo-upload',
}: PhotoUploadProps) {
  const t = useT();
  const notifyError = useNotifyError();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const uploading = files.some((f) => f.status === 'uploading');
  return (
    <Upload
      accept="image/*"
      multiple
      listType="picture-card"
      maxCount={max}
      fileList={files}
      data-testid={testId}
      customRequest={async ({ file, onSuccess, onError }) => {
        try {
          const uploaded = await uploadPhoto(file as File, newIdempotencyKey());
          onSuccess?.(uploaded);
        } catch (error) {
          notifyError(error);
          onError?.(error as Error);
        }
      }}
      onChange={({ fileList }) => {
        const next = fileList
          .filter((f) => f.status !== 'error')
          .map((f) => {
            const id = (f.response as { id?: string } | undefined)?.id;
            return id ? { ...f, thumbUrl: attachmentThumbnail(id), url: attachmentThumbnail(id) } : f;
          });
        setFiles(next);
        const ids = next.map((f) => (f.response as { id?: string } | undefined)?.id).filter((id): id is string => !!id);
        if (ids.join() !== value.join()) onChange?.(ids);
      }}
    >
      {files.length < max && (
        <Button type="text" icon={<CameraOutlined />} loading={uploading} style={{ height: '100%' }}>
          {uploading ? t('cases.uploading') : t('cases.upload')}
        </Button>
      )}
    </Upload>
  );
}
