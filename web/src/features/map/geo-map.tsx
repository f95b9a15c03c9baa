import 'maplibre-gl/dist/maplibre-gl.css';
import { Tag } from 'antd';
import {
  type ExpressionSpecification,
  type FilterSpecification,
  type GeoJSONSource,
  Map as MapLibreMap,
  type MapMouseEvent,
  Marker,
  NavigationControl,
  setWorkerUrl,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { type CSSProperties, type ReactNode, useEffect, useRef, useState } from 'react';
import { useT } from '../../locales';
import { baseStyle, tileSettings } from './base-style';
import { type BBox, type FeatureCollection, labelPoint } from './geometry';

// The bundler emits the worker as its own file; MapLibre's default guess (next to its own module)
// does not survive bundling.
setWorkerUrl(workerUrl);

declare global {
  interface Window {
    /** The most recently mounted map, for browser tests (see web/README.md). */
    __civicgridMap?: MapLibreMap;
  }
  interface HTMLElement {
    /** Set on the map's container element: the MapLibre instance drawn in it. */
    __civicgridMap?: MapLibreMap;
  }
}

/** One GeoJSON source drawn as a fill and an outline: layers `<id>-fill` and `<id>-line`. */
export interface MapLayerSpec {
  id: string;
  data: FeatureCollection<unknown> | null;
  fill: string;
  fillOpacity?: number;
  line: string;
  lineWidth?: number;
  dashed?: boolean;
  /** Hover highlight, the pointer cursor and clicks (`onFeatureClick`). */
  interactive?: boolean;
  /** Write each feature's `name` at its label point (DOM labels: the style has no glyphs). */
  labels?: boolean;
}

export interface GeoMapProps {
  layers: readonly MapLayerSpec[];
  /** The camera fits `bbox` whenever `key` changes (and a bbox is known). */
  fit?: { key: string; bbox: BBox | null };
  /** The feature (by `code`) drawn as selected on interactive layers. */
  selectedCode?: string | null;
  /** Show the "synthetic outlines" badge: the collection on screen is generated demo geometry. */
  synthetic?: boolean;
  onFeatureClick?: (layerId: string, properties: Record<string, unknown>) => void;
  height?: CSSProperties['height'];
  /** Anything to float over the map's top right corner (a legend). */
  children?: ReactNode;
  'data-testid'?: string;
}

/** Labels beyond this would bury the map; the side lists name everything anyway. */
const MAX_LABELS = 400;

const fillId = (id: string) => `${id}-fill`;
const lineId = (id: string) => `${id}-line`;
const hovered: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false];
const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];

function labelElement(text: string): HTMLElement {
  const el = document.createElement('div');
  el.className = 'cg-map-label';
  el.textContent = text;
  // Clicks go through to the map, which knows which feature lies under the label.
  Object.assign(el.style, {
    pointerEvents: 'none',
    fontSize: '12px',
    lineHeight: '16px',
    color: '#1f2933',
    whiteSpace: 'nowrap',
    textShadow: '0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff',
  });
  return el;
}

/**
 * A MapLibre map that needs no tile server: a plain background (a raster base map only when one is
 * configured at build time) with the given GeoJSON drawn on it. The instance is reachable as
 * `element.__civicgridMap` on the container (`data-testid`) and as `window.__civicgridMap`, so browser
 * tests can ask it what it rendered (`queryRenderedFeatures({ layers: ['divisions-fill'] })`).
 */
export function GeoMap({
  layers,
  fit,
  selectedCode,
  synthetic,
  onFeatureClick,
  height = 560,
  children,
  'data-testid': testId = 'geo-map',
}: GeoMapProps) {
  const t = useT();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const [ready, setReady] = useState(false);
  const drawn = useRef(new Map<string, FeatureCollection<unknown> | null>());
  const labels = useRef(new Map<string, Marker[]>());
  const interactive = useRef<string[]>([]);
  const onClick = useRef(onFeatureClick);
  onClick.current = onFeatureClick;
  const fitted = useRef<string | null>(null);
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const tiles = tileSettings();
    const tr = tRef.current;
    const map = new MapLibreMap({
      container: el,
      style: baseStyle(tiles),
      center: [113.1, 36.2],
      zoom: 7,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      attributionControl: tiles.attribution ? { compact: true } : false,
      locale: {
        'Map.Title': tr('grids.mapLabel'),
        'NavigationControl.ZoomIn': tr('grids.mapZoomIn'),
        'NavigationControl.ZoomOut': tr('grids.mapZoomOut'),
        'NavigationControl.ResetBearing': tr('grids.mapResetBearing'),
      },
    });
    map.addControl(new NavigationControl({ showCompass: false }), 'top-left');
    mapRef.current = map;
    el.__civicgridMap = map;
    window.__civicgridMap = map;
    map.on('load', () => setReady(true));

    let hover: { source: string; id: string | number } | null = null;
    const clearHover = () => {
      if (hover) map.setFeatureState(hover, { hover: false });
      hover = null;
    };
    const topFeature = (e: MapMouseEvent) => {
      const ids = interactive.current.filter((id) => map.getLayer(fillId(id)));
      return ids.length ? map.queryRenderedFeatures(e.point, { layers: ids.map(fillId) })[0] : undefined;
    };
    map.on('mousemove', (e) => {
      const f = topFeature(e);
      map.getCanvas().style.cursor = f ? 'pointer' : '';
      if (f?.id !== undefined && (hover?.id !== f.id || hover.source !== f.source)) {
        clearHover();
        hover = { source: f.source, id: f.id };
        map.setFeatureState(hover, { hover: true });
      } else if (!f) clearHover();
    });
    map.on('mouseout', clearHover);
    map.on('click', (e) => {
      const f = topFeature(e);
      if (f) onClick.current?.(f.source, (f.properties ?? {}) as Record<string, unknown>);
    });

    return () => {
      for (const markers of labels.current.values()) for (const m of markers) m.remove();
      labels.current.clear();
      drawn.current.clear();
      if (window.__civicgridMap === map) delete window.__civicgridMap;
      delete el.__civicgridMap;
      mapRef.current = null;
      setReady(false);
      map.remove();
    };
  }, []);

  // Sources and layers follow `layers`, in its order (later ones on top).
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    const wanted = new Set(layers.map((l) => l.id));
    for (const id of [...drawn.current.keys()]) {
      if (wanted.has(id)) continue;
      for (const layer of [lineId(id), fillId(id)]) if (map.getLayer(layer)) map.removeLayer(layer);
      if (map.getSource(id)) map.removeSource(id);
      for (const m of labels.current.get(id) ?? []) m.remove();
      labels.current.delete(id);
      drawn.current.delete(id);
    }
    for (const spec of layers) {
      const data = spec.data ?? { type: 'FeatureCollection', features: [] };
      const source = map.getSource<GeoJSONSource>(spec.id);
      if (!source) {
        map.addSource(spec.id, { type: 'geojson', data: data as never, promoteId: 'code' });
        map.addLayer({ id: fillId(spec.id), type: 'fill', source: spec.id });
        map.addLayer({ id: lineId(spec.id), type: 'line', source: spec.id });
      } else if (drawn.current.get(spec.id) !== spec.data) source.setData(data as never);
      const opacity = spec.fillOpacity ?? 0.25;
      map.setPaintProperty(
        fillId(spec.id),
        'fill-color',
        spec.interactive ? ['case', selected, '#1d5fbf', spec.fill] : spec.fill,
      );
      map.setPaintProperty(
        fillId(spec.id),
        'fill-opacity',
        spec.interactive
          ? ['case', selected, Math.min(opacity + 0.25, 0.7), hovered, Math.min(opacity + 0.2, 0.6), opacity]
          : opacity,
      );
      map.setPaintProperty(lineId(spec.id), 'line-color', spec.line);
      const width = spec.lineWidth ?? 1.2;
      map.setPaintProperty(
        lineId(spec.id),
        'line-width',
        spec.interactive ? ['case', selected, width + 1.8, width] : width,
      );
      map.setPaintProperty(lineId(spec.id), 'line-dasharray', spec.dashed ? ['literal', [3, 2]] : undefined);
      // Only polygons: a stray point or line in a collection is not drawn as an area.
      const polygons: FilterSpecification = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];
      map.setFilter(fillId(spec.id), polygons);

      if (drawn.current.get(spec.id) !== spec.data || !drawn.current.has(spec.id)) {
        for (const m of labels.current.get(spec.id) ?? []) m.remove();
        const markers: Marker[] = [];
        if (spec.labels)
          for (const feature of data.features.slice(0, MAX_LABELS)) {
            const name = (feature.properties as { name?: unknown } | null)?.name;
            const at = labelPoint(feature);
            if (typeof name !== 'string' || !at) continue;
            markers.push(new Marker({ element: labelElement(name), anchor: 'center' }).setLngLat(at).addTo(map));
          }
        labels.current.set(spec.id, markers);
      }
      drawn.current.set(spec.id, spec.data);
    }
    for (const spec of layers) {
      map.moveLayer(fillId(spec.id));
      map.moveLayer(lineId(spec.id));
    }
    interactive.current = layers.filter((l) => l.interactive).map((l) => l.id);
  }, [layers, ready]);

  // The selected feature, on every interactive layer that has it.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready || !selectedCode) return;
    const targets = layers.filter((l) => l.interactive && map.getSource(l.id)).map((l) => l.id);
    for (const source of targets) map.setFeatureState({ source, id: selectedCode }, { selected: true });
    return () => {
      for (const source of targets)
        if (map.getSource(source)) map.setFeatureState({ source, id: selectedCode }, { selected: false });
    };
  }, [layers, ready, selectedCode]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready || !fit?.bbox || fitted.current === fit.key) return;
    fitted.current = fit.key;
    const [minLng, minLat, maxLng, maxLat] = fit.bbox;
    const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    map.fitBounds(
      [
        [minLng, minLat],
        [maxLng, maxLat],
      ],
      { padding: 32, maxZoom: 17, duration: reduced ? 0 : 600 },
    );
  }, [ready, fit?.key, fit?.bbox]);

  return (
    <div style={{ position: 'relative', height, width: '100%', borderRadius: 6, overflow: 'hidden' }}>
      <div
        ref={container}
        data-testid={testId}
        data-ready={ready ? 'true' : 'false'}
        style={{ position: 'absolute', inset: 0 }}
      />
      {synthetic && (
        <Tag
          color="orange"
          data-testid="synthetic-badge"
          style={{ position: 'absolute', top: 10, left: 52, margin: 0, pointerEvents: 'none' }}
        >
          {t('grids.synthetic')}
        </Tag>
      )}
      {children && <div style={{ position: 'absolute', top: 10, right: 10 }}>{children}</div>}
    </div>
  );
}
