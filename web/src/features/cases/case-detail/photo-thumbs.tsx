import { Image, Space } from 'antd';
import { attachmentContent, attachmentThumbnail } from '../cases-api';

/** Thumbnails of uploaded photos; a click opens the full image (the server checks the reader's scope on both). */
export function PhotoThumbs({ ids, size = 72 }: { ids: readonly string[]; size?: number }) {
  if (!ids.length) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap size={8}>
        {ids.map((id) => (
          <Image
            key={id}
            src={attachmentThumbnail(id)}
            preview={{ src: attachmentContent(id) }}
            width={size}
            height={size}
            style={{ objectFit: 'cover', borderRadius: 4 }}
            alt=""
            data-testid="photo-thumb"
            data-attachment-id={id}
          />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}
