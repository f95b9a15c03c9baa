import type { BBox, FeatureCollection } from '../../map';

const METRES_PER_DEGREE = 111_320;

/** A square `sideM` metres wide centred on a point, as degrees of longitude and latitude there. */
export function squareAround(lng: number, lat: number, sideM: number): BBox {
  const half = sideM / 2;
  const dLat = half / METRES_PER_DEGREE;
  const dLng = half / (METRES_PER_DEGREE * Math.max(Math.cos((lat * Math.PI) / 180), 0.01));
  return [lng - dLng, lat - dLat, lng + dLng, lat + dLat];
}

/** The case's place drawn as a small square (the map draws polygons only). */
export function locationFeature(
  lng: number,
  lat: number,
  sideM = 20,
): FeatureCollection<{ code: string; name: string }> {
  const [w, s, e, n] = squareAround(lng, lat, sideM);
  return {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        id: 'case',
        properties: { code: 'case', name: '' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [w, s],
              [e, s],
              [e, n],
              [w, n],
              [w, s],
            ],
          ],
        },
      },
    ],
  };
}
