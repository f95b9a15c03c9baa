import type { StyleSpecification } from 'maplibre-gl';

export interface TileSettings {
  /** An XYZ raster template (`https://tiles.example.gov.cn/{z}/{x}/{y}.png`); empty: no base map. */
  url: string;
  attribution: string;
}

/**
 * The base map, fixed when the console is built: `VITE_MAP_TILE_URL` (and `VITE_MAP_TILE_ATTRIBUTION`).
 * Most installations sit on an intranet without a tile server, so the default is none and the map
 * draws the outlines on a plain background; nothing is ever fetched from the internet by default.
 */
export function tileSettings(env: Record<string, unknown> = import.meta.env): TileSettings {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  return { url: text(env.VITE_MAP_TILE_URL), attribution: text(env.VITE_MAP_TILE_ATTRIBUTION) };
}

export const BACKGROUND_COLOR = '#eef2f6';

/**
 * A style with no glyphs, sprites or vector tiles: a background, the raster base map when configured,
 * and nothing else. Feature layers are added by the map component. Names are drawn as DOM labels, so
 * no glyph server is needed.
 */
export function baseStyle(tiles: TileSettings): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } }],
  };
  if (tiles.url) {
    style.sources.base = {
      type: 'raster',
      tiles: [tiles.url],
      tileSize: 256,
      ...(tiles.attribution ? { attribution: tiles.attribution } : {}),
    };
    style.layers.push({ id: 'base', type: 'raster', source: 'base' });
  }
  return style;
}
