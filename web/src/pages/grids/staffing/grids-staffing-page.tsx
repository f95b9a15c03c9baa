import { EnvironmentOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, Row, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { useApiQuery } from '../../../api/use-api-query';
import { ApiErrorResult } from '../../../features/errors';
import {
  divisionParam,
  fetchDivision,
  fetchGrid,
  fetchStaffingFlags,
  GridSelect,
  levelLabel,
  lineageText,
  PlaceSearch,
  rootDivisionOf,
  StaffingEditor,
  StaffingFlagsView,
} from '../../../features/grids';
import { useSession } from '../../../features/session';
import { useSystemStatus } from '../../../features/system';
import { useT } from '../../../locales';
import { PageHeader } from '../../page-header';

/** The town of a grid's lineage (most specific first): where its staffing is usually looked at. */
const townOf = (lineage: readonly { code: string; level: string }[]) => lineage.find((l) => l.level === 'town')?.code;

/**
 * 定人定岗定时: choose a grid, then give people its posts, end them, and set their duty hours; beside it
 * the checks for a division (grids without a full-time worker, people in too many grids, hours nobody
 * covers). Address: ?grid=…&division=….
 */
export function GridsStaffingPage() {
  const t = useT();
  const { me, can } = useSession();
  const status = useSystemStatus().data;
  const today = status ? dayjs(status.today) : dayjs();
  const [params, setParams] = useSearchParams();
  const gridCode = params.get('grid');
  const root = rootDivisionOf(me?.scopes.divisions);

  const none = Promise.resolve(null);
  const grid = useApiQuery(`staffing-grid:${gridCode ?? ''}`, (signal) =>
    gridCode ? fetchGrid(gridCode, signal) : none,
  );
  const gridData = grid.data && grid.data.code === gridCode ? grid.data : null;
  const division = divisionParam(params.get('division')) ?? (gridData ? townOf(gridData.lineage) : null) ?? root ?? '';
  const place = useApiQuery(`staffing-division:${division}`, (signal) =>
    division ? fetchDivision(division, signal) : none,
  );
  const flags = useApiQuery(`staffing-flags:${division}`, (signal) => fetchStaffingFlags(division, signal));

  const set = (next: { grid?: string | null; division?: string | null }) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p);
  };

  return (
    <>
      <PageHeader
        title={t('grids.staffingTitle')}
        subtitle={t('grids.staffingSubtitle')}
        extra={
          gridCode && (
            <Link to={`/grids?division=${gridData?.communityCode ?? ''}&grid=${gridCode}`}>
              <Button icon={<EnvironmentOutlined />}>{t('grids.showOnMap')}</Button>
            </Link>
          )
        }
      />
      <Row gutter={[16, 16]} align="top">
        <Col xs={24} xl={14}>
          <Flex vertical gap={16}>
            <Card size="small">
              <Flex vertical gap={8}>
                <GridSelect
                  value={gridCode}
                  under={root}
                  initial={gridData}
                  onChange={(g) => set({ grid: g?.code ?? null, division: null })}
                  style={{ width: '100%', maxWidth: 560 }}
                />
                {gridData && (
                  <Typography.Text type="secondary" data-testid="staffing-grid">
                    {gridData.name} · {gridData.code} · {lineageText(gridData.lineage)}
                  </Typography.Text>
                )}
              </Flex>
            </Card>
            {grid.error && !grid.data ? (
              <ApiErrorResult error={grid.error} onRetry={grid.reload} />
            ) : gridCode ? (
              <StaffingEditor
                key={gridCode}
                gridCode={gridCode}
                today={today}
                canManage={can('grids.staffing.manage')}
              />
            ) : (
              <Card>
                <Empty description={t('grids.pickGridFirst')} />
              </Card>
            )}
          </Flex>
        </Col>
        <Col xs={24} xl={10}>
          <Card
            size="small"
            title={
              <Flex align="center" gap={8} wrap>
                <span>{t('grids.flagsTitle')}</span>
                {place.data && (
                  <Tag>
                    {t('grids.placeWithLevel', { name: place.data.name, level: levelLabel(place.data.level, t) })}
                  </Tag>
                )}
              </Flex>
            }
            extra={
              <PlaceSearch
                under={root}
                width={220}
                searchGridsToo={false}
                placeholder={t('grids.searchDivisionPlaceholder')}
                onPick={(p) => p.kind === 'division' && set({ division: p.code })}
              />
            }
            loading={flags.loading && !flags.data}
          >
            {flags.error && !flags.data ? (
              <ApiErrorResult error={flags.error} onRetry={flags.reload} />
            ) : (
              flags.data && <StaffingFlagsView flags={flags.data} onGrid={(code) => set({ grid: code })} />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
