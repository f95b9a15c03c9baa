export { baseStyle, type TileSettings, tileSettings } from './base-style';
export { GeoMap, type GeoMapProps, type MapLayerSpec } from './geo-map';
export {
  type BBox,
  bboxOf,
  collectionBbox,
  type Feature,
  type FeatureCollection,
  type Geometry,
  interiorPoint,
  type LngLat,
  labelPoint,
  polygonsOf,
} from './geometry';
