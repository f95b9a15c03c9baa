import { ClockCircleOutlined } from '@ant-design/icons';
import { Card, Empty, Flex, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router';
import { formatInstant, useLocale, useT } from '../../../locales';
import { useBusinessTimeZone } from '../../system';
import type { HistoryEntry, WorkflowSummary } from '../cases-api';
import { isSystemEntry } from './case-data';
import { historyInputRows, type NameLookup } from './history-inputs';
import { roleName } from './labels';
import { PhotoThumbs } from './photo-thumbs';

const ENTRY_COLOURS: Record<string, string> = {
  '$deadline.yellow': 'orange',
  '$deadline.red': 'red',
};

/** 办理过程: every step of the case, oldest first, with who took it, what they said and the photos they added. */
export function CaseTimeline({
  history,
  workflow,
  names,
  loading,
}: {
  history: readonly HistoryEntry[] | undefined;
  workflow: WorkflowSummary | undefined;
  names: NameLookup;
  loading: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const timeZone = useBusinessTimeZone();
  const stateName = (key: string) => workflow?.states[key]?.name[locale];
  const clockName = (key: unknown) => (typeof key === 'string' ? (workflow?.clocks[key]?.name[locale] ?? key) : '');
  const entries = [...(history ?? [])].sort((a, b) => a.id - b.id);

  const items = entries.map((entry) => {
    const at = formatInstant(entry.at, timeZone);
    if (isSystemEntry(entry)) {
      return {
        key: entry.id,
        color: ENTRY_COLOURS[entry.action] ?? 'gray',
        icon: <ClockCircleOutlined />,
        content: (
          <div data-testid="history-item" data-action={entry.action}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {at} · {entry.actionName}
              {entry.inputs.clock ? ` · ${clockName(entry.inputs.clock)}` : ''}
            </Typography.Text>
          </div>
        ),
      };
    }
    const moved = entry.fromState !== entry.toState ? stateName(entry.toState) : undefined;
    const rows = historyInputRows(t, entry, names);
    return {
      key: entry.id,
      color: entry.fromState === null ? 'green' : 'blue',
      content: (
        <div data-testid="history-item" data-action={entry.action}>
          <Flex gap={8} align="baseline" wrap>
            <Typography.Text strong>{entry.actionName}</Typography.Text>
            {moved && <Tag bordered={false}>{t('caseDetail.movedTo', { state: moved })}</Tag>}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {at}
            </Typography.Text>
          </Flex>
          <Typography.Text type="secondary">
            {entry.actorRole
              ? t('caseDetail.actorWithRole', { name: entry.actorName, role: roleName(t, entry.actorRole) })
              : entry.actorName}
          </Typography.Text>
          {rows.map((row) => (
            <Typography.Paragraph key={row.name} style={{ margin: '4px 0 0' }} ellipsis={{ rows: 4, expandable: true }}>
              <Typography.Text type="secondary">{t('caseDetail.labelled', { label: row.label })}</Typography.Text>
              {row.kind === 'case' ? <Link to={`/cases/${row.value}`}>{t('caseDetail.openCase')}</Link> : row.value}
            </Typography.Paragraph>
          ))}
          {entry.attachments.length > 0 && (
            <div style={{ marginTop: 8 }}>
              <PhotoThumbs ids={entry.attachments} size={56} />
            </div>
          )}
        </div>
      ),
    };
  });

  return (
    <Card size="small" title={t('caseDetail.historyTitle')} loading={loading && !history} data-testid="case-history">
      {items.length ? (
        <Timeline items={items} />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('caseDetail.noHistory')} />
      )}
    </Card>
  );
}
