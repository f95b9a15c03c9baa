import { Card, Empty, Typography } from 'antd';
import { useMemo } from 'react';
import { useApiQuery } from '../../../api/use-api-query';
import { useT } from '../../../locales';
import { fetchGridOutlines, type GridOutlines } from '../../grids';
import { GeoMap, type MapLayerSpec } from '../../map';
import { useSession } from '../../session';
import type { CaseDetail } from '../cases-api';
import { caseLocation } from './case-data';
import { locationFeature, squareAround } from './location-geometry';

/** Where the case is: a small square at its place, inside its grid's outline when the reader may see grids. */
export function CaseLocationMap({ detail }: { detail: CaseDetail }) {
  const t = useT();
  const { can } = useSession();
  const location = caseLocation(detail.data);
  const gridCode = detail.gridCode;
  const wantsGrid = Boolean(location && gridCode && can('grids.read'));
  // The grid's outline is a nicety: without it (no grids.read, an error) the map shows the place alone.
  const outlines = useApiQuery<GridOutlines | null>(`case-grid:${wantsGrid}:${detail.divisionCode}`, (signal) =>
    wantsGrid ? fetchGridOutlines(detail.divisionCode, signal).catch(() => null) : Promise.resolve(null),
  );
  const lng = location?.lng;
  const lat = location?.lat;
  const grid = outlines.data ?? null;
  const layers = useMemo<MapLayerSpec[]>(() => {
    if (lng === undefined || lat === undefined) return [];
    const own = grid ? { ...grid, features: grid.features.filter((f) => f.properties.code === gridCode) } : null;
    return [
      ...(own?.features.length
        ? [
            {
              id: 'case-grid',
              data: own,
              fill: '#1677ff',
              fillOpacity: 0.06,
              line: '#1677ff',
              lineWidth: 1.5,
              dashed: true,
            },
          ]
        : []),
      {
        id: 'case-location',
        data: locationFeature(lng, lat),
        fill: '#f5222d',
        fillOpacity: 0.6,
        line: '#cf1322',
        lineWidth: 2,
      },
    ];
  }, [lng, lat, grid, gridCode]);

  return (
    <Card size="small" title={t('caseDetail.mapTitle')}>
      {location ? (
        <>
          <GeoMap
            layers={layers}
            height={260}
            fit={{
              key: `${detail.id}:${location.lng},${location.lat}`,
              bbox: squareAround(location.lng, location.lat, 400),
            }}
            synthetic={Boolean(grid?.synthetic && layers.length > 1)}
            data-testid="case-map"
          />
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
            {location.address ? `${location.address} · ` : ''}
            {location.lng.toFixed(6)}, {location.lat.toFixed(6)}
          </Typography.Text>
        </>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('caseDetail.noLocation')} />
      )}
    </Card>
  );
}
