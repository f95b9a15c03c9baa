import { Badge, Empty, Flex, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { formatInstant, useT } from '../../locales';
import { useBusinessTimeZone } from '../system';
import type { FeedItem } from './feed';

/** Where a case is, in words: its grid's or division's name when the map knows it, else the code. */
export function placeOf(item: FeedItem, names: ReadonlyMap<string, string>): string {
  if (item.gridCode && names.has(item.gridCode)) return names.get(item.gridCode) as string;
  for (const n of [12, 9, 6, 4]) {
    const code = item.gridCode?.slice(0, n) ?? item.division.slice(0, n);
    if (code.length === n && names.has(code)) return names.get(code) as string;
  }
  return item.gridCode ?? item.division;
}

/** The live feed: `[data-testid="feed-item"]` rows with `data-case-id`, `data-number`, `data-kind`. */
export function FeedList({
  items,
  live,
  names,
  big,
}: {
  items: readonly FeedItem[];
  live: boolean;
  names: ReadonlyMap<string, string>;
  big?: boolean;
}) {
  const t = useT();
  const zone = useBusinessTimeZone();
  return (
    <Flex vertical gap={6} style={{ minHeight: 0, height: '100%' }}>
      <Flex justify="space-between" align="center">
        <Typography.Text strong style={{ fontSize: big ? 18 : 14 }}>
          {t('command.feedTitle')}
        </Typography.Text>
        <Badge
          status={live ? 'processing' : 'default'}
          text={live ? t('command.feedLive') : t('command.feedOffline')}
          data-testid="feed-status"
          data-live={live ? 'true' : 'false'}
        />
      </Flex>
      <div data-testid="command-feed" style={{ overflowY: 'auto', overflowX: 'hidden', minHeight: 0, flex: 1 }}>
        {items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('command.feedEmpty')} />
        ) : (
          items.map((item) => (
            <Flex
              key={item.key}
              vertical
              data-testid="feed-item"
              data-case-id={item.caseId}
              data-number={item.number ?? ''}
              data-kind={item.kind}
              style={{ padding: '6px 4px', borderBottom: '1px solid rgba(128,128,128,0.2)' }}
            >
              <Flex gap={6} align="center" wrap={false} style={{ minWidth: 0 }}>
                <Tag color={item.kind === 'overdue' ? 'red' : 'blue'} style={{ marginInlineEnd: 0 }}>
                  {item.kind === 'overdue' ? t('command.feedOverdue') : t('command.feedOpened')}
                </Tag>
                <Typography.Text type="secondary" style={{ fontSize: big ? 14 : 12, whiteSpace: 'nowrap' }}>
                  {formatInstant(item.at, zone, 'MM-DD HH:mm:ss')}
                </Typography.Text>
                <Link to={`/cases/${item.caseId}`} style={{ fontSize: big ? 15 : 13, whiteSpace: 'nowrap' }}>
                  {item.number ?? t('command.noNumber')}
                </Link>
              </Flex>
              <Typography.Text ellipsis style={{ fontSize: big ? 16 : 13 }}>
                {[item.category, item.title].filter(Boolean).join(' · ')}
              </Typography.Text>
              <Typography.Text type="secondary" ellipsis style={{ fontSize: big ? 14 : 12 }}>
                {placeOf(item, names)}
              </Typography.Text>
            </Flex>
          ))
        )}
      </div>
    </Flex>
  );
}
