import { Flex, Segmented, Typography } from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import { useApiQuery } from '../../api/use-api-query';
import { useT } from '../../locales';
import {
  type DivisionOutlines,
  fetchChildOutlines,
  fetchGridOutlines,
  fetchOwnOutline,
  type GridOutlines,
} from '../grids';
import { collectionBbox, type FeatureCollection, GeoMap, type MapLayerSpec } from '../map';
import type { Situation } from './command-api';
import { type AreaFeature, childLength, colourAreas } from './drill';
import type { Measure } from './scale';

type Outlines = {
  division: string;
  mode: 'divisions' | 'grids';
  collection: DivisionOutlines | GridOutlines;
  own: DivisionOutlines | null;
};

async function loadOutlines(division: string, signal: AbortSignal): Promise<Outlines> {
  if (childLength(division) === null) {
    const [collection, own] = await Promise.all([
      fetchGridOutlines(division, signal),
      fetchOwnOutline(division, signal),
    ]);
    return { division, mode: 'grids', collection, own };
  }
  return { division, mode: 'divisions', collection: await fetchChildOutlines(division, signal), own: null };
}

export interface CommandMapProps {
  division: string;
  situation: Situation | undefined;
  measure: Measure;
  onMeasure: (m: Measure) => void;
  /** A click on a division drills down into it. */
  onDrill: (code: string) => void;
  /** The names of the areas drawn (code → name), for the feed's places. */
  onNames?: (names: Map<string, string>) => void;
  dark?: boolean;
  height: string | number;
}

/**
 * The division's areas (child divisions, or a community's grids) coloured by their open or overdue cases,
 * on a plain background (no tiles), with a legend. `[data-testid="command-map"]` carries `data-division`,
 * `data-mode`, `data-areas` (outlines drawn) and `data-max`.
 */
export function CommandMap({
  division,
  situation,
  measure,
  onMeasure,
  onDrill,
  onNames,
  dark,
  height,
}: CommandMapProps) {
  const t = useT();
  const outlines = useApiQuery(`command-outlines:${division}`, (signal) => loadOutlines(division, signal));
  const shown = outlines.data?.division === division ? outlines.data : null;
  const rows = situation?.division === division ? situation.rows : [];
  const coloured = useMemo(
    () =>
      shown
        ? colourAreas<{ code: string; name: string }>(
            shown.collection.features as readonly AreaFeature<{ code: string; name: string }>[],
            rows,
            measure,
          )
        : null,
    [shown, rows, measure],
  );

  const namesRef = useRef(onNames);
  namesRef.current = onNames;
  useEffect(() => {
    if (!shown) return;
    namesRef.current?.(
      new Map(shown.collection.features.map((f) => [f.properties.code, f.properties.name] as [string, string])),
    );
  }, [shown]);

  const layers = useMemo<MapLayerSpec[]>(() => {
    const out: MapLayerSpec[] = [];
    if (shown?.own)
      out.push({
        id: 'own',
        data: shown.own,
        fill: '#ffffff',
        fillOpacity: 0,
        line: '#1d5fbf',
        lineWidth: 2,
        dashed: true,
      });
    for (const { cls, features } of coloured?.byClass ?? [])
      out.push({
        id: `areas-${cls.index}`,
        data: { type: 'FeatureCollection', features } as FeatureCollection<unknown>,
        fill: cls.colour,
        fillOpacity: 0.75,
        line: dark ? '#9fb3c8' : '#44546a',
        lineWidth: 1,
        interactive: shown?.mode === 'divisions',
        labels: true,
      });
    return out;
  }, [shown, coloured, dark]);

  // The plain background follows the theme (the base style is light).
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current?.querySelector<HTMLElement>('[data-testid="command-geo-map"]');
    const map = el?.__civicgridMap;
    if (!map) return;
    const paint = () => {
      if (map.getLayer('background'))
        map.setPaintProperty('background', 'background-color', dark ? '#0d1b2e' : '#eef2f6');
    };
    if (map.isStyleLoaded()) paint();
    else map.once('load', paint);
  }, [dark]);

  const bbox = shown ? (collectionBbox(shown.own) ?? collectionBbox(shown.collection)) : null;
  const legendTitle = measure === 'open' ? t('command.legendOpen') : t('command.legendOverdue');
  return (
    <div
      ref={box}
      data-testid="command-map"
      data-division={shown?.division ?? ''}
      data-mode={shown?.mode ?? ''}
      data-areas={coloured?.count ?? 0}
      data-max={coloured?.max ?? 0}
      style={{ height, position: 'relative' }}
    >
      <GeoMap
        data-testid="command-geo-map"
        layers={layers}
        fit={{ key: `command:${shown?.division ?? ''}`, bbox }}
        synthetic={Boolean(shown?.collection.synthetic)}
        height="100%"
        onFeatureClick={(_layer, properties) => {
          if (shown?.mode === 'divisions' && typeof properties.code === 'string') onDrill(properties.code);
        }}
      >
        <Flex
          vertical
          gap={6}
          data-testid="command-legend"
          style={{
            background: dark ? 'rgba(8,20,38,0.85)' : 'rgba(255,255,255,0.92)',
            padding: '8px 10px',
            borderRadius: 6,
            boxShadow: '0 1px 4px rgba(0,0,0,0.2)',
          }}
        >
          <Segmented<Measure>
            size="small"
            value={measure}
            onChange={onMeasure}
            options={[
              { value: 'open', label: t('command.measureOpen') },
              { value: 'overdue', label: t('command.measureOverdue') },
            ]}
            data-testid="command-measure"
          />
          <Typography.Text strong style={{ fontSize: 12 }}>
            {legendTitle}
          </Typography.Text>
          {(coloured?.classes ?? []).map((c) => (
            <Flex key={c.index} align="center" gap={6}>
              <span style={{ width: 14, height: 14, background: c.colour, borderRadius: 2, display: 'inline-block' }} />
              <Typography.Text style={{ fontSize: 12 }}>
                {c.index === 0 ? t('command.legendNone') : c.from === c.to ? c.from : `${c.from}–${c.to}`}
              </Typography.Text>
            </Flex>
          ))}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {shown?.mode === 'grids'
              ? t('command.grids', { count: coloured?.count ?? 0 })
              : t('command.areas', { count: coloured?.count ?? 0 })}
          </Typography.Text>
        </Flex>
      </GeoMap>
    </div>
  );
}
