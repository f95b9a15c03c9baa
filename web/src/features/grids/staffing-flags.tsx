import { Col, Empty, Flex, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useT } from '../../locales';
import { formatWeekdays } from './format';
import type { StaffingFlags } from './grids-api';
import { weekdayWords } from './labels';
import { groupUncovered } from './shaping';

/**
 * What the 定人定时 check found in a division: grids nobody works full-time, people holding posts in
 * more grids than allowed, and required duty hours no schedule covers. Grid codes link back to a grid.
 */
export function StaffingFlagsView({ flags, onGrid }: { flags: StaffingFlags; onGrid?: (code: string) => void }) {
  const t = useT();
  const gridLink = (code: string, name?: string) =>
    onGrid ? (
      <Typography.Link onClick={() => onGrid(code)}>{name ? `${name} · ${code}` : code}</Typography.Link>
    ) : (
      <span>{name ? `${name} · ${code}` : code}</span>
    );
  const uncovered = groupUncovered(flags.uncoveredHours);
  const nowrap = (text: string) => <span style={{ whiteSpace: 'nowrap' }}>{text}</span>;
  const bad = (n: number) => ({ content: { color: n > 0 ? '#cf1322' : '#389e0d' } });
  return (
    <Flex vertical gap={16} data-testid="staffing-flags">
      <Row gutter={16}>
        <Col span={6}>
          <Statistic title={t('grids.flagsGrids')} value={flags.grids} />
        </Col>
        <Col span={6}>
          <Statistic
            title={t('grids.flagsWithoutFullTime')}
            value={flags.totals.withoutFullTimeWorker}
            styles={bad(flags.totals.withoutFullTimeWorker)}
          />
        </Col>
        <Col span={6}>
          <Statistic
            title={t('grids.flagsOverloaded', { max: flags.maxGridsPerPerson })}
            value={flags.totals.overloadedPeople}
            styles={bad(flags.totals.overloadedPeople)}
          />
        </Col>
        <Col span={6}>
          <Statistic
            title={t('grids.flagsUncovered')}
            value={flags.totals.uncoveredHours}
            styles={bad(flags.totals.uncoveredHours)}
          />
        </Col>
      </Row>
      <Typography.Text type="secondary">{t('grids.flagsAsOf', { date: flags.date })}</Typography.Text>

      <div>
        <Typography.Title level={5}>{t('grids.flagsWithoutFullTime')}</Typography.Title>
        {flags.withoutFullTimeWorker.length ? (
          <Flex gap={8} wrap>
            {flags.withoutFullTimeWorker.map((g) => (
              <Tag key={g.code} color="red">
                {gridLink(g.code, g.name)}
              </Tag>
            ))}
          </Flex>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('grids.flagsNone')} />
        )}
      </div>

      <div>
        <Typography.Title level={5}>{t('grids.flagsOverloaded', { max: flags.maxGridsPerPerson })}</Typography.Title>
        <Table
          rowKey="personId"
          size="small"
          pagination={false}
          dataSource={flags.overloadedPeople}
          locale={{ emptyText: t('grids.flagsNone') }}
          columns={[
            { title: t('grids.personName'), dataIndex: 'displayName', render: nowrap },
            {
              title: t('grids.flagsGridsHeld'),
              dataIndex: 'grids',
              render: (codes: string[]) => (
                <Flex gap={4} wrap>
                  {codes.map((c) => (
                    <Tag key={c}>{gridLink(c)}</Tag>
                  ))}
                </Flex>
              ),
            },
          ]}
        />
      </div>

      <div>
        <Typography.Title level={5}>{t('grids.flagsUncovered')}</Typography.Title>
        <Table
          rowKey="key"
          size="small"
          dataSource={uncovered}
          pagination={uncovered.length > 10 ? { pageSize: 10, size: 'small' } : false}
          locale={{ emptyText: t('grids.flagsNone') }}
          columns={[
            { title: t('grids.grid'), key: 'grid', render: (_, r) => gridLink(r.code, r.name) },
            {
              title: t('grids.weekdays'),
              dataIndex: 'weekdays',
              render: (d: number[]) => nowrap(formatWeekdays(d, weekdayWords(t))),
            },
            { title: t('grids.hours'), key: 'hours', render: (_, r) => nowrap(`${r.from}–${r.to}`) },
          ]}
        />
      </div>
    </Flex>
  );
}
