import { ArrowUpOutlined, CompressOutlined, ExpandOutlined, ReloadOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, ConfigProvider, Flex, Space, Typography, theme } from 'antd';
import { type CSSProperties, type ReactNode, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApiQuery } from '../../../api/use-api-query';
import {
  CommandMap,
  FeedList,
  KpiBoard,
  type Measure,
  parentOf,
  RankingChart,
  TrendChart,
  useCommand,
} from '../../../features/command';
import { ApiErrorResult } from '../../../features/errors';
import { divisionParam, drillPath, fetchDivision, rootDivisionOf } from '../../../features/grids';
import { useSession } from '../../../features/session';
import { useT } from '../../../locales';
import { PageHeader } from '../../page-header';

/**
 * 驾驶舱 (/command): the division's cases on a map (click a division to go down, the breadcrumb to go
 * back), today's and this month's figures, the 30-day trend, the departments' ranking and the live feed.
 * `?division=` is the division on screen, `?screen=1` the big-screen mode (1920×1080, dark, no console
 * chrome: the board covers the window).
 */
export function CommandPage() {
  const t = useT();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const screen = params.get('screen') === '1';
  const root = rootDivisionOf(me?.scopes.divisions);
  const asked = divisionParam(params.get('division')) ?? root;
  const { situation, figures, feed, live } = useCommand(asked);
  const division = asked ?? situation.data?.division ?? '';
  const [measure, setMeasure] = useState<Measure>('open');
  const [names, setNames] = useState<Map<string, string>>(new Map());

  const detail = useApiQuery(`command-division:${division}`, (signal) =>
    division ? fetchDivision(division, signal) : Promise.resolve(null),
  );
  const current = detail.data && detail.data.code === division ? detail.data : null;
  const path = current ? drillPath(current.lineage, root) : [];
  const parent = parentOf(division, root ?? '');

  const go = (next: { division?: string; screen?: boolean }) => {
    const p = new URLSearchParams(params);
    if (next.division !== undefined) p.set('division', next.division);
    if (next.screen !== undefined) {
      if (next.screen) p.set('screen', '1');
      else p.delete('screen');
    }
    setParams(p);
  };

  // The big screen owns the window: no page scrollbars while it is up.
  useEffect(() => {
    if (!screen) return;
    const html = document.documentElement;
    const before = html.style.overflow;
    html.style.overflow = 'hidden';
    return () => {
      html.style.overflow = before;
    };
  }, [screen]);

  if (situation.error && !situation.data) return <ApiErrorResult error={situation.error} onRetry={situation.reload} />;

  const crumbs = (
    <Flex align="center" gap={8} wrap>
      <Button
        size="small"
        icon={<ArrowUpOutlined />}
        disabled={!parent}
        onClick={() => parent && go({ division: parent })}
        aria-label={t('command.up')}
        title={t('command.up')}
        data-testid="command-up"
      />
      <Breadcrumb
        data-testid="command-path"
        items={path.map((c, i) => ({
          key: c.code,
          title:
            i === path.length - 1 ? (
              <Typography.Text strong style={{ fontSize: screen ? 18 : undefined }}>
                {c.name}
              </Typography.Text>
            ) : (
              <Typography.Link onClick={() => go({ division: c.code })} style={{ fontSize: screen ? 18 : undefined }}>
                {c.name}
              </Typography.Link>
            ),
        }))}
      />
    </Flex>
  );
  const actions = (
    <Space>
      <Button
        icon={<ReloadOutlined />}
        aria-label={t('command.refresh')}
        title={t('command.refresh')}
        onClick={() => {
          situation.reload();
          figures.reload();
        }}
      />
      <Button
        data-testid="command-screen-toggle"
        icon={screen ? <CompressOutlined /> : <ExpandOutlined />}
        onClick={() => go({ screen: !screen })}
      >
        {screen ? t('command.exitBigScreen') : t('command.bigScreen')}
      </Button>
    </Space>
  );

  const map = (height: string | number) => (
    <CommandMap
      division={division}
      situation={situation.data}
      measure={measure}
      onMeasure={setMeasure}
      onDrill={(code) => go({ division: code })}
      onNames={setNames}
      dark={screen}
      height={height}
    />
  );

  if (screen) {
    const panel: CSSProperties = {
      background: 'rgba(20, 40, 70, 0.55)',
      border: '1px solid rgba(90, 150, 230, 0.35)',
      borderRadius: 8,
      padding: 12,
      minHeight: 0,
      minWidth: 0,
      overflow: 'hidden',
      display: 'flex',
      flexDirection: 'column',
    };
    const titled = (title: string, body: ReactNode) => (
      <div style={panel}>
        <Typography.Text strong style={{ fontSize: 18, marginBottom: 6 }}>
          {title}
        </Typography.Text>
        <div style={{ flex: 1, minHeight: 0 }}>{body}</div>
      </div>
    );
    return (
      <ConfigProvider theme={{ algorithm: theme.darkAlgorithm, token: { fontSize: 16 } }}>
        <div
          data-testid="command-screen"
          data-mode="big"
          style={
            {
              position: 'fixed',
              inset: 0,
              zIndex: 1000,
              background: 'radial-gradient(circle at 50% 0%, #12305a 0%, #050d1a 70%)',
              color: '#e6edf7',
              padding: 16,
              boxSizing: 'border-box',
              overflow: 'hidden',
              display: 'grid',
              gap: 12,
              gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 2fr) minmax(0, 1fr)',
              gridTemplateRows: 'auto minmax(0, 1.4fr) minmax(0, 1fr)',
              gridTemplateAreas: '"head head head" "kpis map feed" "trend map ranking"',
              '--cg-kpi-bg': 'rgba(76, 139, 245, 0.14)',
            } as CSSProperties
          }
        >
          <Flex style={{ gridArea: 'head' }} justify="space-between" align="center">
            <Typography.Title level={1} style={{ margin: 0, fontSize: 34, letterSpacing: 4 }}>
              {t('command.title')} · {current?.name ?? division}
            </Typography.Title>
            {crumbs}
            {actions}
          </Flex>
          <div style={{ ...panel, gridArea: 'kpis' }}>
            <KpiBoard situation={situation.data} figures={figures.data} big columns={2} />
          </div>
          <div style={{ ...panel, gridArea: 'map', padding: 0 }}>{map('100%')}</div>
          <div style={{ ...panel, gridArea: 'feed' }}>
            <FeedList items={feed} live={live} names={names} big />
          </div>
          <div style={{ gridArea: 'trend', minHeight: 0, display: 'grid' }}>
            {titled(t('command.trendTitle'), <TrendChart situation={situation.data} dark height="100%" />)}
          </div>
          <div style={{ gridArea: 'ranking', minHeight: 0, display: 'grid' }}>
            {titled(t('command.rankingTitle'), <RankingChart figures={figures.data} dark height="100%" />)}
          </div>
        </div>
      </ConfigProvider>
    );
  }

  return (
    <>
      <PageHeader title={t('command.title')} subtitle={t('command.subtitle')} extra={actions} />
      <Card size="small" style={{ marginBottom: 16 }}>
        {crumbs}
      </Card>
      <div
        style={{
          display: 'grid',
          gap: 16,
          gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 1fr)',
          gridTemplateAreas: '"kpis kpis" "map feed" "trend ranking"',
        }}
      >
        <Card size="small" style={{ gridArea: 'kpis' }}>
          <KpiBoard situation={situation.data} figures={figures.data} columns={5} />
        </Card>
        <Card size="small" style={{ gridArea: 'map' }} styles={{ body: { padding: 0 } }}>
          {map(520)}
        </Card>
        <Card size="small" style={{ gridArea: 'feed' }} styles={{ body: { height: 520, display: 'flex' } }}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <FeedList items={feed} live={live} names={names} />
          </div>
        </Card>
        <Card size="small" title={t('command.trendTitle')} style={{ gridArea: 'trend' }}>
          <TrendChart situation={situation.data} height={280} />
        </Card>
        <Card size="small" title={t('command.rankingTitle')} style={{ gridArea: 'ranking' }}>
          <RankingChart figures={figures.data} height={280} />
        </Card>
      </div>
    </>
  );
}
