import { ArrowUpOutlined, DownloadOutlined, ImportOutlined, ReloadOutlined, TeamOutlined } from '@ant-design/icons';
import {
  Breadcrumb,
  Button,
  Card,
  Col,
  Drawer,
  Dropdown,
  Empty,
  Flex,
  Row,
  Space,
  Spin,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApiQuery } from '../../../api/use-api-query';
import { ApiErrorResult } from '../../../features/errors';
import {
  CoverageSummary,
  type DivisionOutlines,
  divisionParam,
  drillPath,
  fetchChildOutlines,
  fetchCoverage,
  fetchDivision,
  fetchGrid,
  fetchGridOutlines,
  fetchOwnOutline,
  formatArea,
  GridDetailView,
  type GridOutlines,
  gridsExportHref,
  kindLabel,
  levelLabel,
  ofKind,
  type Place,
  PlaceSearch,
  PROBLEM_COLORS,
  ProblemAreasTable,
  parentInPath,
  problemAreas,
  rootDivisionOf,
  showsGrids,
  topDivision,
} from '../../../features/grids';
import { type BBox, bboxOf, collectionBbox, GeoMap, type MapLayerSpec } from '../../../features/map';
import { useSession } from '../../../features/session';
import { useLocale, useT } from '../../../locales';
import { PageHeader } from '../../page-header';

/** One row of the side list: a division under the current one, or a grid of the current community. */
interface ListRow {
  code: string;
  name: string;
  areaM2: number | null;
  kind?: string;
}

/** What the map shows for a division; tagged with it so a slow answer never draws under another division. */
type Outlines =
  | { division: string; mode: 'divisions'; collection: DivisionOutlines }
  | { division: string; mode: 'grids'; collection: GridOutlines; own: DivisionOutlines };

async function loadOutlines(division: string, signal: AbortSignal): Promise<Outlines> {
  if (showsGrids(division)) {
    const [collection, own] = await Promise.all([
      fetchGridOutlines(division, signal),
      fetchOwnOutline(division, signal),
    ]);
    return { division, mode: 'grids', collection, own };
  }
  const collection = await fetchChildOutlines(division, signal);
  return { division, mode: 'divisions', collection };
}

const DIVISION_STYLE = { fill: '#4c8bf5', line: '#1d5fbf', fillOpacity: 0.12, lineWidth: 1.2 };
const GRID_STYLE = { fill: '#37b24d', line: '#2b8a3e', fillOpacity: 0.18, lineWidth: 1 };

/**
 * 网格地图: the user's area on a map that works without a tile server. Click (or search) to go down
 * city → county → town → community → its grids; a grid opens its detail with staff and duty hours.
 * The coverage check draws a division's gaps and overlaps. Address: ?division=…&grid=…&coverage=1.
 */
export function GridsMapPage() {
  const t = useT();
  const locale = useLocale();
  const { me, can } = useSession();
  const [params, setParams] = useSearchParams();
  const scopeRoot = rootDivisionOf(me?.scopes.divisions);
  const top = useApiQuery(`grids-map-root:${scopeRoot ?? '*'}`, async (signal) => scopeRoot ?? topDivision(signal));
  const root = scopeRoot ?? top.data ?? null;
  const division = divisionParam(params.get('division')) ?? root;
  const gridCode = params.get('grid');
  const coverageOn = params.get('coverage') === '1';
  const [focus, setFocus] = useState<{ key: string; bbox: BBox } | null>(null);
  const [selectedArea, setSelectedArea] = useState<string | null>(null);

  const none = Promise.resolve(null);
  const detail = useApiQuery(`division:${division}`, (signal) => (division ? fetchDivision(division, signal) : none));
  const outlines = useApiQuery(`outlines:${division}`, (signal) => (division ? loadOutlines(division, signal) : none));
  const coverage = useApiQuery(`coverage:${coverageOn ? division : ''}`, (signal) =>
    coverageOn && division ? fetchCoverage(division, signal) : none,
  );
  const grid = useApiQuery(`grid:${gridCode ?? ''}`, (signal) => (gridCode ? fetchGrid(gridCode, signal) : none));

  const navigate = (next: { division?: string | null; grid?: string | null; coverage?: boolean }) => {
    const p = new URLSearchParams();
    const d = next.division === undefined ? division : next.division;
    if (d) p.set('division', d);
    const g = next.grid === undefined ? gridCode : next.grid;
    if (g) p.set('grid', g);
    if (next.coverage ?? coverageOn) p.set('coverage', '1');
    setFocus(null);
    setSelectedArea(null);
    setParams(p);
  };

  const shown = outlines.data && outlines.data.division === division ? outlines.data : null;
  const current = detail.data && detail.data.code === division ? detail.data : null;
  const path = current ? drillPath(current.lineage, root) : [];
  const parent = division ? parentInPath(path, division) : null;
  const areas = useMemo(() => (coverage.data ? problemAreas(coverage.data) : null), [coverage.data]);

  const layers = useMemo<MapLayerSpec[]>(() => {
    const out: MapLayerSpec[] = [];
    if (shown?.mode === 'divisions')
      out.push({ id: 'divisions', data: shown.collection, ...DIVISION_STYLE, interactive: true, labels: true });
    if (shown?.mode === 'grids') {
      out.push({
        id: 'community',
        data: shown.own,
        fill: '#ffffff',
        fillOpacity: 0,
        line: '#1d5fbf',
        lineWidth: 2.2,
        dashed: true,
      });
      out.push({ id: 'grids', data: shown.collection, ...GRID_STYLE, interactive: true, labels: true });
    }
    if (areas) {
      const style = (kind: 'gap' | 'overlap' | 'outside') => ({
        fill: PROBLEM_COLORS[kind],
        line: PROBLEM_COLORS[kind],
        fillOpacity: 0.55,
        lineWidth: 1.5,
      });
      out.push({ id: 'coverage-gaps', data: ofKind(areas.collection, 'gap'), ...style('gap') });
      out.push({ id: 'coverage-overlaps', data: ofKind(areas.collection, 'overlap'), ...style('overlap') });
      out.push({ id: 'coverage-outside', data: ofKind(areas.collection, 'outside'), ...style('outside') });
    }
    return out;
  }, [shown, areas]);

  const rows: ListRow[] = useMemo(() => {
    if (!shown) return [];
    if (shown.mode === 'grids')
      return shown.collection.features.map((f) => ({
        code: f.properties.code,
        name: f.properties.name,
        areaM2: f.properties.areaM2,
        kind: f.properties.kind,
      }));
    return shown.collection.features.map((f) => ({
      code: f.properties.code,
      name: f.properties.name,
      areaM2: f.properties.areaM2,
    }));
  }, [shown]);

  const bbox =
    shown?.mode === 'grids'
      ? (collectionBbox(shown.own) ?? collectionBbox(shown.collection))
      : collectionBbox(shown?.collection);
  const fit = focus ?? { key: `division:${shown?.division ?? ''}`, bbox };
  const synthetic = Boolean(shown?.collection.synthetic || (shown?.mode === 'grids' && shown.own.synthetic));

  const pick = (code: string) => {
    if (shown?.mode === 'grids') navigate({ grid: code });
    else navigate({ division: code, grid: null });
  };
  const onPlace = (place: Place) => {
    if (place.kind === 'division') navigate({ division: place.code, grid: null });
    else navigate({ division: place.communityCode, grid: place.code });
  };

  if (top.error && !root) return <ApiErrorResult error={top.error} onRetry={top.reload} />;
  if (outlines.error && !outlines.data) return <ApiErrorResult error={outlines.error} onRetry={outlines.reload} />;

  const childTitle =
    shown?.mode === 'grids'
      ? t('grids.gridsOf', { name: current?.name ?? division ?? '' })
      : t('grids.childrenOf', { name: current?.name ?? division ?? '' });

  return (
    <>
      <PageHeader
        title={t('grids.mapTitle')}
        subtitle={t('grids.mapSubtitle')}
        extra={
          <Space wrap>
            {can('grids.manage') && (
              <Link to="/grids/import">
                <Button icon={<ImportOutlined />}>{t('grids.importTitle')}</Button>
              </Link>
            )}
            {can('grids.staffing.manage') && (
              <Link to={division ? `/grids/staffing?division=${division}` : '/grids/staffing'}>
                <Button icon={<TeamOutlined />}>{t('grids.staffingTitle')}</Button>
              </Link>
            )}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex justify="space-between" align="center" gap={12} wrap>
          <Flex align="center" gap={8} wrap>
            <Button
              size="small"
              icon={<ArrowUpOutlined />}
              disabled={!parent}
              onClick={() => parent && navigate({ division: parent.code, grid: null })}
              aria-label={t('grids.up')}
              title={t('grids.up')}
            />
            <Breadcrumb
              data-testid="division-path"
              items={path.map((c, i) => ({
                key: c.code,
                title:
                  i === path.length - 1 ? (
                    <Typography.Text strong>{c.name}</Typography.Text>
                  ) : (
                    <Typography.Link onClick={() => navigate({ division: c.code, grid: null })}>
                      {c.name}
                    </Typography.Link>
                  ),
              }))}
            />
            {current && <Tag>{levelLabel(current.level, t)}</Tag>}
          </Flex>
          <Flex align="center" gap={12} wrap>
            <PlaceSearch under={root} onPick={onPlace} />
            <Space size={6}>
              <Switch
                id="coverage-toggle"
                checked={coverageOn}
                loading={coverageOn && coverage.loading}
                onChange={(on) => navigate({ coverage: on })}
                data-testid="coverage-toggle"
              />
              <label htmlFor="coverage-toggle">{t('grids.coverageToggle')}</label>
            </Space>
            <Dropdown
              disabled={!division}
              menu={{
                items: (['wgs84', 'gcj02'] as const).map((crs) => ({
                  key: crs,
                  label: (
                    <a
                      href={division ? gridsExportHref(division, crs) : undefined}
                      download
                      data-testid={`export-${crs}`}
                    >
                      {crs === 'wgs84' ? t('grids.exportWgs84') : t('grids.exportGcj02')}
                    </a>
                  ),
                })),
              }}
            >
              <Button icon={<DownloadOutlined />}>{t('grids.export')}</Button>
            </Dropdown>
            <Button
              icon={<ReloadOutlined />}
              aria-label={t('common.refresh')}
              onClick={() => {
                outlines.reload();
                if (coverageOn) coverage.reload();
              }}
            />
          </Flex>
        </Flex>
      </Card>
      <Row gutter={[16, 16]} align="top">
        <Col xs={24} xl={17}>
          <Card size="small" styles={{ body: { padding: 0 } }}>
            <Spin spinning={outlines.loading || (coverageOn && coverage.loading)} delay={200}>
              <div data-testid="grids-map" data-division={shown?.division ?? ''} data-mode={shown?.mode ?? ''}>
                <GeoMap
                  layers={layers}
                  fit={fit}
                  synthetic={synthetic}
                  selectedCode={shown?.mode === 'grids' ? gridCode : null}
                  onFeatureClick={(layer, properties) => {
                    if ((layer === 'divisions' || layer === 'grids') && typeof properties.code === 'string')
                      pick(properties.code);
                  }}
                  height="calc(100vh - 300px)"
                />
              </div>
            </Spin>
          </Card>
        </Col>
        <Col xs={24} xl={7}>
          <Flex vertical gap={16}>
            {coverageOn && (
              <Card size="small" title={t('grids.coverageTitle')} loading={coverage.loading && !coverage.data}>
                {coverage.error && !coverage.data ? (
                  <ApiErrorResult error={coverage.error} onRetry={coverage.reload} />
                ) : (
                  coverage.data &&
                  areas && (
                    <Flex vertical gap={12}>
                      <CoverageSummary coverage={coverage.data} />
                      {areas.rows.length > 0 && (
                        <ProblemAreasTable
                          rows={areas.rows}
                          selected={selectedArea}
                          onSelect={(code) => {
                            setSelectedArea(code);
                            const feature = areas.collection.features.find((f) => f.properties.code === code);
                            const box = feature ? bboxOf([feature.geometry]) : null;
                            if (box) setFocus({ key: `area:${code}:${Date.now()}`, bbox: box });
                          }}
                        />
                      )}
                    </Flex>
                  )
                )}
              </Card>
            )}
            <Card size="small" title={childTitle} data-testid="children-list">
              <Table<ListRow>
                rowKey="code"
                size="small"
                dataSource={rows}
                loading={outlines.loading}
                pagination={false}
                scroll={{ y: 'calc(100vh - 420px)' }}
                onRow={(r) => ({ onClick: () => pick(r.code), style: { cursor: 'pointer' } })}
                rowClassName={(r) => (r.code === gridCode ? 'ant-table-row-selected' : '')}
                locale={{
                  emptyText: (
                    <Empty
                      image={Empty.PRESENTED_IMAGE_SIMPLE}
                      description={shown?.mode === 'grids' ? t('grids.noGridsHere') : t('grids.noChildren')}
                    />
                  ),
                }}
                columns={[
                  {
                    title: t('grids.name'),
                    dataIndex: 'name',
                    render: (name: string, r) => (
                      <Flex vertical>
                        <Typography.Link>{name}</Typography.Link>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {r.code}
                          {r.kind ? ` · ${kindLabel(r.kind, t)}` : ''}
                        </Typography.Text>
                      </Flex>
                    ),
                  },
                  {
                    title: t('grids.area'),
                    dataIndex: 'areaM2',
                    align: 'right',
                    width: 110,
                    render: (v: number | null) => formatArea(v, locale),
                  },
                ]}
              />
            </Card>
          </Flex>
        </Col>
      </Row>
      <Drawer
        open={gridCode !== null}
        title={grid.data?.name ?? gridCode}
        size={600}
        onClose={() => navigate({ grid: null })}
        loading={grid.loading && !grid.data}
        data-testid="grid-drawer"
      >
        {grid.error && !grid.data ? (
          <ApiErrorResult error={grid.error} onRetry={grid.reload} />
        ) : (
          <GridDetailView
            grid={grid.data && grid.data.code === gridCode ? grid.data : undefined}
            extra={
              can('grids.staffing.manage') &&
              gridCode && (
                <Link to={`/grids/staffing?grid=${gridCode}`}>
                  <Button size="small" icon={<TeamOutlined />}>
                    {t('grids.editStaffing')}
                  </Button>
                </Link>
              )
            }
          />
        )}
      </Drawer>
    </>
  );
}
