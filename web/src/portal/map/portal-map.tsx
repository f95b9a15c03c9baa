import 'maplibre-gl/dist/maplibre-gl.css';
import {
  type ExpressionSpecification,
  type GeoJSONSource,
  type LngLatBoundsLike,
  Map as MapLibreMap,
  Marker,
  NavigationControl,
  setWorkerUrl,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { type CSSProperties, useEffect, useRef, useState } from 'react';
import { baseStyle, bboxOf, type Geometry, tileSettings } from '../../features/map';
import { useT } from '../../locales';
import type { PublicPoint, ServiceArea } from '../portal-api';

// The bundler emits the worker as its own file; MapLibre's own guess does not survive bundling.
setWorkerUrl(workerUrl);

declare global {
  interface Window {
    /** The portal's map on screen, for browser tests. */
    __portalMap?: MapLibreMap;
  }
}

export type LngLat = { lng: number; lat: number };

/** Colours of the public statuses: done is green, waiting amber, in hand blue. */
const STATUS_COLOURS: [string, string][] = [
  ['received', '#d97706'],
  ['handling', '#1d5fbf'],
  ['suspended', '#8a5a00'],
  ['closed', '#2e7d32'],
  ['not-taken', '#7b8794'],
  ['merged', '#7b8794'],
];

export interface PortalMapProps {
  /** The communities that take reports, outlined and named. */
  area: ServiceArea | null;
  points?: readonly PublicPoint[];
  /** The place chosen (a pin). */
  marker?: LngLat | null;
  onMapClick?: (at: LngLat) => void;
  onPointClick?: (point: PublicPoint) => void;
  /** The map cannot be drawn here (no WebGL): the caller shows something else. */
  onFail: () => void;
  height?: CSSProperties['height'];
  'data-testid'?: string;
}

const EMPTY = { type: 'FeatureCollection', features: [] };

function pointsCollection(points: readonly PublicPoint[]) {
  return {
    type: 'FeatureCollection' as const,
    features: points.map((p, i) => ({
      type: 'Feature' as const,
      id: i,
      geometry: { type: 'Point' as const, coordinates: [p.lng, p.lat] },
      properties: { i, status: p.status.key },
    })),
  };
}

/**
 * MapLibre without a tile server: a plain background (a base map only when one is configured at build time),
 * the service area's outlines with DOM labels (no glyph server) and the points as circles.
 */
export function PortalMap({
  area,
  points,
  marker,
  onMapClick,
  onPointClick,
  onFail,
  height = 420,
  'data-testid': testId = 'portal-map',
}: PortalMapProps) {
  const t = useT();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const pin = useRef<Marker | null>(null);
  const [ready, setReady] = useState(false);
  const handlers = useRef({ onMapClick, onPointClick, onFail, points });
  handlers.current = { onMapClick, onPointClick, onFail, points };
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const tiles = tileSettings();
    let map: MapLibreMap;
    try {
      map = new MapLibreMap({
        container: el,
        style: baseStyle(tiles),
        center: [113.1, 36.2],
        zoom: 9,
        dragRotate: false,
        pitchWithRotate: false,
        touchPitch: false,
        attributionControl: tiles.attribution ? { compact: true } : false,
        locale: {
          'NavigationControl.ZoomIn': tRef.current('portal.mapZoomIn'),
          'NavigationControl.ZoomOut': tRef.current('portal.mapZoomOut'),
        },
      });
    } catch {
      // No WebGL (old phones, some privacy settings).
      handlers.current.onFail();
      return;
    }
    map.touchZoomRotate.disableRotation();
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    mapRef.current = map;
    window.__portalMap = map;
    map.on('load', () => {
      map.addSource('area', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      map.addLayer({
        id: 'area-fill',
        type: 'fill',
        source: 'area',
        paint: { 'fill-color': '#7fb3e6', 'fill-opacity': 0.25 },
      });
      map.addLayer({
        id: 'area-line',
        type: 'line',
        source: 'area',
        paint: { 'line-color': '#1d5fbf', 'line-width': 1.5 },
      });
      map.addSource('points', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      map.addLayer({
        id: 'points-circle',
        type: 'circle',
        source: 'points',
        paint: {
          'circle-radius': 9,
          'circle-color': [
            'match',
            ['get', 'status'],
            ...STATUS_COLOURS.flat(),
            '#1d5fbf',
          ] as unknown as ExpressionSpecification,
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 2,
        },
      });
      setReady(true);
    });
    map.on('click', (e) => {
      const hit = map.getLayer('points-circle')
        ? map.queryRenderedFeatures(e.point, { layers: ['points-circle'] })[0]
        : undefined;
      const i = hit?.properties?.i;
      const point = typeof i === 'number' ? handlers.current.points?.[i] : undefined;
      if (point) handlers.current.onPointClick?.(point);
      else handlers.current.onMapClick?.({ lng: e.lngLat.lng, lat: e.lngLat.lat });
    });
    return () => {
      if (window.__portalMap === map) delete window.__portalMap;
      mapRef.current = null;
      pin.current = null;
      setReady(false);
      map.remove();
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    map.getSource<GeoJSONSource>('area')?.setData((area ?? EMPTY) as never);
    const labels: Marker[] = [];
    for (const f of area?.features ?? []) {
      const at = f.properties.label;
      if (at?.length !== 2) continue;
      const el = document.createElement('div');
      el.className = 'portal-map-label';
      el.textContent = f.properties.name;
      labels.push(
        new Marker({ element: el, anchor: 'center' }).setLngLat([at[0] as number, at[1] as number]).addTo(map),
      );
    }
    // Names written over each other are read by no one: a label that would cover another waits for the zoom.
    const declutter = () => {
      const placed: DOMRect[] = [];
      for (const label of labels) {
        const el = label.getElement();
        el.style.visibility = 'visible';
        const r = el.getBoundingClientRect();
        if (placed.some((p) => r.left < p.right && r.right > p.left && r.top < p.bottom && r.bottom > p.top))
          el.style.visibility = 'hidden';
        else placed.push(r);
      }
    };
    declutter();
    map.on('moveend', declutter);
    return () => {
      map.off('moveend', declutter);
      for (const l of labels) l.remove();
    };
  }, [area, ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    map.getSource<GeoJSONSource>('points')?.setData(pointsCollection(points ?? []) as never);
  }, [points, ready]);

  // The camera on what there is to see, once: later changes must not pull the map from under a finger.
  const fitted = useRef(false);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready || fitted.current) return;
    let box = bboxOf((area?.features ?? []).map((f) => f.geometry as Geometry));
    for (const p of [...(points ?? []), ...(marker ? [marker] : [])])
      box = box
        ? [Math.min(box[0], p.lng), Math.min(box[1], p.lat), Math.max(box[2], p.lng), Math.max(box[3], p.lat)]
        : [p.lng, p.lat, p.lng, p.lat];
    if (!box) return;
    fitted.current = true;
    map.fitBounds(
      [
        [box[0], box[1]],
        [box[2], box[3]],
      ] as LngLatBoundsLike,
      { padding: 24, maxZoom: 16, duration: 0 },
    );
  }, [area, points, marker, ready]);

  // The chosen place, as a pin.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    if (!marker) {
      pin.current?.remove();
      pin.current = null;
      return;
    }
    pin.current ??= new Marker({ color: '#c62828' }).setLngLat([marker.lng, marker.lat]).addTo(map);
    pin.current.setLngLat([marker.lng, marker.lat]);
  }, [marker, ready]);

  return (
    <div className="portal-map" style={{ height }}>
      <div
        ref={container}
        data-testid={testId}
        data-ready={ready ? 'true' : 'false'}
        style={{ position: 'absolute', inset: 0 }}
      />
      {area?.synthetic && <span className="portal-map-badge">{t('portal.syntheticArea')}</span>}
    </div>
  );
}
