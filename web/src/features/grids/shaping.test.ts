import { describe, expect, it } from 'vitest';
import { checkGeojsonText, groupUncovered, importCounts, ofKind, problemAreas, problemRows } from './shaping';

const poly = (x: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, 0],
      [x + 1, 0],
      [x + 1, 1],
      [x, 0],
    ],
  ],
});

describe('import and coverage reports', () => {
  it('lists problems in file order, shown by feature and code', () => {
    const rows = problemRows([
      { feature: 3, code: 'B', problem: 'GEOMETRY_INVALID', message: 'x' },
      { feature: 0, code: null, problem: 'CODE_MISSING', message: 'y' },
      { feature: 3, code: 'A', problem: 'NAME_MISSING', message: 'z' },
    ]);
    expect(rows.map((r) => [r.feature, r.code])).toEqual([
      [0, null],
      [3, 'A'],
      [3, 'B'],
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(3);
  });

  it('counts what an import would do, a feature with two problems once', () => {
    expect(
      importCounts({
        features: 5,
        create: ['a', 'b'],
        update: ['c'],
        problems: [{ feature: 1 }, { feature: 1 }, { feature: 4 }],
        overlaps: [{}],
        outside: [],
      }),
    ).toEqual({ features: 5, create: 2, update: 1, problems: 3, overlaps: 1, outside: 0, refusedFeatures: 2 });
  });

  it('turns gaps, overlaps and parts outside into rows and map features, largest first', () => {
    const { rows, collection } = problemAreas({
      gaps: [
        { areaM2: 10, geometry: poly(0) },
        { areaM2: 50, geometry: poly(1) },
      ],
      overlaps: [{ codes: ['140403001001002', '140403001001001'], areaM2: 30, geometry: poly(2) }],
      outside: [{ code: '140403001001003', community: '140403001001', areaM2: 5, geometry: null }],
    });
    expect(rows.map((r) => [r.code, r.areaM2])).toEqual([
      ['gap-1', 50],
      ['gap-2', 10],
      ['overlap-1', 30],
      ['outside-1', 5],
    ]);
    expect(rows[2]?.codes).toEqual(['140403001001001', '140403001001002']);
    expect(rows[3]?.community).toBe('140403001001');
    // The part without a geometry is listed but not drawn.
    expect(collection.features.map((f) => f.id)).toEqual(['gap-1', 'gap-2', 'overlap-1']);
    expect(ofKind(collection, 'overlap').features).toHaveLength(1);
  });

  it('reads a chosen file and names what is wrong with it before sending it', () => {
    expect(checkGeojsonText('not json')).toEqual({ ok: false, reason: 'json' });
    expect(checkGeojsonText('{"type":"Feature","geometry":null}')).toEqual({ ok: false, reason: 'notCollection' });
    expect(checkGeojsonText('{"type":"FeatureCollection","features":[]}')).toEqual({ ok: false, reason: 'empty' });
    const many = JSON.stringify({ type: 'FeatureCollection', features: new Array(20_001).fill({}) });
    expect(checkGeojsonText(many)).toEqual({ ok: false, reason: 'tooMany' });
    const ok = checkGeojsonText('\uFEFF{"type":"FeatureCollection","features":[{"type":"Feature"}],"name":"x"}');
    expect(ok).toMatchObject({ ok: true, features: 1 });
    expect(ok.ok && Object.keys(ok.collection)).toEqual(['type', 'features']);
  });
});

describe('staffing flags', () => {
  it('puts the same uncovered hours of a grid on several days in one row', () => {
    const rows = groupUncovered([
      { code: 'G2', name: 'b', weekday: 2, from: '12:00', to: '14:30' },
      { code: 'G2', name: 'b', weekday: 1, from: '12:00', to: '14:30' },
      { code: 'G1', name: 'a', weekday: 6, from: '08:00', to: '09:00' },
      { code: 'G2', name: 'b', weekday: 1, from: '17:30', to: '18:00' },
      { code: 'G2', name: 'b', weekday: 1, from: '12:00', to: '14:30' },
    ]);
    expect(rows.map((r) => [r.code, r.weekdays, r.from])).toEqual([
      ['G1', [6], '08:00'],
      ['G2', [1, 2], '12:00'],
      ['G2', [1], '17:30'],
    ]);
  });
});
