import { describe, expect, it } from 'vitest';
import { baseStyle, tileSettings } from './base-style';

describe('base map style', () => {
  it('is a plain background with no glyphs, sprites or sources when no tile URL is configured', () => {
    const style = baseStyle(tileSettings({}));
    expect(style.layers.map((l) => l.type)).toEqual(['background']);
    expect(style.sources).toEqual({});
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
  });

  it('puts the configured raster tiles above the background', () => {
    const tiles = tileSettings({
      VITE_MAP_TILE_URL: ' http://tiles.intranet/{z}/{x}/{y}.png ',
      VITE_MAP_TILE_ATTRIBUTION: '© 市测绘院',
    });
    expect(tiles.url).toBe('http://tiles.intranet/{z}/{x}/{y}.png');
    const style = baseStyle(tiles);
    expect(style.layers.map((l) => l.id)).toEqual(['background', 'base']);
    expect(style.sources.base).toMatchObject({
      type: 'raster',
      tiles: ['http://tiles.intranet/{z}/{x}/{y}.png'],
      attribution: '© 市测绘院',
    });
  });
});
