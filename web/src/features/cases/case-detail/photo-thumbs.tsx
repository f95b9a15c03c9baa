import { Image, Space } from 'antd';
import { attachmentContent, attachmentThumbnail } from '../cases-api';

/** Shown for a photo the reader may not see (another unit's, outside their scope) or that failed to load. */
const UNAVAILABLE =
  'data:image/svg+xml;utf8,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" fill="#f0f0f0"/><path d="M18 44l10-12 8 9 6-7 8 10z" fill="#d9d9d9"/><circle cx="24" cy="24" r="5" fill="#d9d9d9"/></svg>',
  );

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
            fallback={UNAVAILABLE}
            data-testid="photo-thumb"
            data-attachment-id={id}
          />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}
