import { Card, Descriptions, Empty, Flex, List, Tag, Typography } from 'antd';
import { formatInstant, useT } from '../../../locales';
import { useBusinessTimeZone } from '../../system';
import type { CaseDeadline } from '../cases-api';
import { isLimitUnit } from './action-form-fields';
import { clockStateName, DEADLINE_STATUS, limitUnitName } from './labels';

/** The case's clocks: colour, running or not, when due, and the server's account of how the due time was counted. */
export function DeadlinesCard({ deadlines }: { deadlines: readonly CaseDeadline[] }) {
  const t = useT();
  const timeZone = useBusinessTimeZone();
  const ordered = [...deadlines].sort(
    (a, b) => Number(a.state !== 'running') - Number(b.state !== 'running') || a.startedAt.localeCompare(b.startedAt),
  );
  return (
    <Card size="small" title={t('caseDetail.deadlinesTitle')} data-testid="case-deadlines">
      {ordered.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('caseDetail.noDeadlines')} />
      ) : (
        <List
          itemLayout="vertical"
          dataSource={ordered}
          rowKey={(d) => `${d.clock}:${d.taskId ?? ''}:${d.startedAt}`}
          renderItem={(d) => {
            const status = DEADLINE_STATUS[d.status];
            return (
              <List.Item style={{ opacity: d.state === 'stopped' ? 0.75 : 1 }}>
                <Flex align="center" gap={8} wrap style={{ marginBottom: 8 }}>
                  <Typography.Text strong>{d.clockName}</Typography.Text>
                  <Tag color={status?.color} data-testid={`deadline-${d.clock}`} data-status={d.status}>
                    {status ? t(status.key) : d.status}
                  </Tag>
                  <Tag>{clockStateName(t, d.state)}</Tag>
                </Flex>
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    {
                      key: 'limit',
                      label: t('caseDetail.limit'),
                      children: `${d.amount} ${isLimitUnit(d.unit) ? limitUnitName(t, d.unit) : d.unit}`,
                    },
                    {
                      key: 'started',
                      label: t('caseDetail.startedAt'),
                      children: formatInstant(d.startedAt, timeZone),
                    },
                    ...(d.dueAt
                      ? [{ key: 'due', label: t('caseDetail.dueAt'), children: formatInstant(d.dueAt, timeZone) }]
                      : []),
                    ...(d.stoppedAt
                      ? [
                          {
                            key: 'stopped',
                            label: t('caseDetail.stoppedAt'),
                            children: formatInstant(d.stoppedAt, timeZone),
                          },
                        ]
                      : []),
                  ]}
                />
                {d.explanation && (
                  <Typography.Paragraph
                    type="secondary"
                    style={{ margin: '8px 0 0', fontSize: 12 }}
                    data-testid="deadline-explanation"
                  >
                    {d.explanation}
                  </Typography.Paragraph>
                )}
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}
