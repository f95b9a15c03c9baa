import { Alert, Card, Col, Flex, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useT } from '../../locales';
import { collectionBbox, GeoMap } from '../map';
import type { ImportReport } from './grids-api';
import { PROBLEM_COLORS, ProblemAreasTable } from './problem-areas-table';
import { importCounts, ofKind, problemAreas, problemRows } from './shaping';

/**
 * The server's verdict on a file of grids: what would be created or updated, every problem by feature,
 * and the overlaps and parts outside their community drawn on a small map.
 */
export function ImportReportView({ report }: { report: ImportReport }) {
  const t = useT();
  const counts = importCounts(report);
  const rows = useMemo(() => problemRows(report.problems), [report]);
  const areas = useMemo(() => problemAreas(report), [report]);
  const [selected, setSelected] = useState<string | null>(null);
  const layers = useMemo(
    () => [
      {
        id: 'import-overlaps',
        data: ofKind(areas.collection, 'overlap'),
        fill: PROBLEM_COLORS.overlap,
        line: PROBLEM_COLORS.overlap,
        fillOpacity: 0.45,
        interactive: true,
      },
      {
        id: 'import-outside',
        data: ofKind(areas.collection, 'outside'),
        fill: PROBLEM_COLORS.outside,
        line: PROBLEM_COLORS.outside,
        fillOpacity: 0.45,
        interactive: true,
      },
    ],
    [areas],
  );
  const bbox = collectionBbox(areas.collection);

  return (
    <Flex vertical gap={16} data-testid="import-report">
      {report.written ? (
        <Alert type="success" showIcon title={t('grids.importWritten', { count: counts.create + counts.update })} />
      ) : report.ok ? (
        <Alert type="success" showIcon title={t('grids.importReady')} description={t('grids.importReadyText')} />
      ) : (
        <Alert
          type="error"
          showIcon
          title={t('grids.importBlocked')}
          description={t('grids.importBlockedText', {
            problems: counts.problems,
            overlaps: counts.overlaps,
            outside: counts.outside,
          })}
        />
      )}
      <Row gutter={[16, 16]}>
        {(
          [
            ['features', t('grids.reportFeatures'), counts.features],
            ['create', t('grids.reportCreate'), counts.create],
            ['update', t('grids.reportUpdate'), counts.update],
            ['problems', t('grids.reportProblems'), counts.problems],
            ['overlaps', t('grids.reportOverlaps'), counts.overlaps],
            ['outside', t('grids.reportOutside'), counts.outside],
          ] as const
        ).map(([key, title, value]) => (
          <Col key={key} xs={12} sm={8} md={4}>
            <Statistic
              title={title}
              value={value}
              styles={
                ['problems', 'overlaps', 'outside'].includes(key) && value > 0
                  ? { content: { color: '#cf1322' } }
                  : undefined
              }
              data-testid={`report-${key}`}
            />
          </Col>
        ))}
      </Row>
      <Typography.Text type="secondary">{t('grids.toleranceNote', { tolerance: report.toleranceM2 })}</Typography.Text>

      {rows.length > 0 && (
        <Card size="small" title={t('grids.reportProblemsTitle')}>
          <Table
            rowKey="key"
            size="small"
            dataSource={rows}
            pagination={rows.length > 20 ? { pageSize: 20, size: 'small' } : false}
            scroll={{ x: 'max-content' }}
            data-testid="import-problems"
            columns={[
              {
                title: t('grids.reportFeatureIndex'),
                dataIndex: 'feature',
                width: 90,
                render: (i: number) => `#${i + 1}`,
              },
              { title: t('grids.code'), dataIndex: 'code', render: (c: string | null) => c ?? '—' },
              { title: t('grids.reportProblem'), dataIndex: 'problem', render: (p: string) => <Tag>{p}</Tag> },
              { title: t('grids.reportMessage'), dataIndex: 'message' },
            ]}
          />
        </Card>
      )}

      {areas.rows.length > 0 && (
        <Card size="small" title={t('grids.reportAreasTitle')}>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <ProblemAreasTable
                rows={areas.rows}
                selected={selected}
                onSelect={setSelected}
                showCommunity={areas.rows.some((r) => r.kind === 'outside')}
              />
            </Col>
            <Col xs={24} lg={12}>
              <GeoMap
                layers={layers}
                height={320}
                fit={{ key: `report:${bbox?.join(',')}`, bbox }}
                selectedCode={selected}
                onFeatureClick={(_, p) => setSelected(typeof p.code === 'string' ? p.code : null)}
                data-testid="import-map"
              />
            </Col>
          </Row>
        </Card>
      )}

      {(report.create.length > 0 || report.update.length > 0) && (
        <Card size="small" title={t('grids.reportCodesTitle')}>
          <Flex vertical gap={8}>
            {report.create.length > 0 && (
              <Typography.Text style={{ fontSize: 12 }}>
                {t('grids.reportCreateCodes', { codes: report.create.join(t('grids.listSeparator')) })}
              </Typography.Text>
            )}
            {report.update.length > 0 && (
              <Typography.Text style={{ fontSize: 12 }}>
                {t('grids.reportUpdateCodes', { codes: report.update.join(t('grids.listSeparator')) })}
              </Typography.Text>
            )}
          </Flex>
        </Card>
      )}
    </Flex>
  );
}
