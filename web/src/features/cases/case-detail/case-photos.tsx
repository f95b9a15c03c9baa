import { Card, Empty, Flex, Typography } from 'antd';
import { formatInstant, type MessageKey, useT } from '../../../locales';
import { useBusinessTimeZone } from '../../system';
import type { HistoryEntry } from '../cases-api';
import { type PhotoCaption, photoCaption, photoGroups } from './photo-groups';
import { PhotoThumbs } from './photo-thumbs';

const CAPTIONS: Record<Exclude<PhotoCaption, 'other'>, MessageKey> = {
  report: 'caseDetail.photosReport',
  selfResolve: 'caseDetail.photosSelfResolve',
  verify: 'caseDetail.photosVerify',
  feedback: 'caseDetail.photosFeedback',
  check: 'caseDetail.photosCheck',
};

/** Every photo of the case by the step that brought it: as reported, after handling, on the check. */
export function CasePhotos({ history }: { history: readonly HistoryEntry[] | undefined }) {
  const t = useT();
  const timeZone = useBusinessTimeZone();
  const groups = photoGroups(history ?? []);
  return (
    <Card size="small" title={t('caseDetail.photosTitle')} data-testid="case-photos">
      {groups.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('caseDetail.noPhotos')} />
      ) : (
        <Flex vertical gap={16}>
          {groups.map((g) => {
            const caption = photoCaption(g.action);
            return (
              <div key={g.entryId} data-testid="photo-group" data-action={g.action}>
                <Flex gap={8} align="baseline" wrap style={{ marginBottom: 8 }}>
                  <Typography.Text strong>
                    {caption === 'other' ? t('caseDetail.photosOther', { action: g.actionName }) : t(CAPTIONS[caption])}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {g.actorName} · {formatInstant(g.at, timeZone)}
                  </Typography.Text>
                </Flex>
                <PhotoThumbs ids={g.attachments} size={96} />
              </div>
            );
          })}
        </Flex>
      )}
    </Card>
  );
}
