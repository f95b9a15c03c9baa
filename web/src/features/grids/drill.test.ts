import { describe, expect, it } from 'vitest';
import { divisionParam, drillPath, levelOfCode, parentInPath, rootDivisionOf, showsGrids } from './drill';

const lineage = [
  { code: '140403001001', name: '英雄南路社区', level: 'village' },
  { code: '140403001', name: '东街街道', level: 'town' },
  { code: '140403', name: '潞州区', level: 'county' },
  { code: '1404', name: '长治市', level: 'city' },
  { code: '14', name: '山西省', level: 'province' },
];

describe('drilling down the divisions', () => {
  it('knows a level by the length of the code', () => {
    expect(['14', '1404', '140403', '140403001', '140403001001'].map(levelOfCode)).toEqual([
      'province',
      'city',
      'county',
      'town',
      'village',
    ]);
    expect(levelOfCode('14040')).toBeNull();
    expect(levelOfCode('abcd')).toBeNull();
    expect(showsGrids('140403001001')).toBe(true);
    expect(showsGrids('140403001')).toBe(false);
  });

  it("starts at the smallest division holding all of the user's grants", () => {
    expect(rootDivisionOf(['1404'])).toBe('1404');
    expect(rootDivisionOf(['140403', '140404'])).toBe('1404');
    expect(rootDivisionOf(['140403001', '140403002'])).toBe('140403');
    expect(rootDivisionOf(['140403001001', '140403001'])).toBe('140403001');
    expect(rootDivisionOf(['1404', '1405'])).toBe('14');
    expect(rootDivisionOf(['1404', '1501'])).toBeNull();
    expect(rootDivisionOf(['', '1404'])).toBeNull();
    expect(rootDivisionOf([])).toBeNull();
    expect(rootDivisionOf(undefined)).toBeNull();
  });

  it('shows the path from the root down and not above it', () => {
    expect(drillPath(lineage, '1404').map((c) => c.name)).toEqual(['长治市', '潞州区', '东街街道', '英雄南路社区']);
    expect(drillPath(lineage, null).map((c) => c.code)).toEqual(['14', '1404', '140403', '140403001', '140403001001']);
    // A division outside the root (a link from elsewhere): the whole lineage, so the user sees where it is.
    expect(drillPath(lineage, '1405')).toHaveLength(5);
    expect(drillPath(lineage.slice(3), '1404').map((c) => c.code)).toEqual(['1404']);
  });

  it('goes up one level, never above the root', () => {
    const path = drillPath(lineage, '1404');
    expect(parentInPath(path, '140403001')?.code).toBe('140403');
    expect(parentInPath(path, '1404')).toBeNull();
  });

  it('reads a division from the address bar', () => {
    expect(divisionParam(' 140403 ')).toBe('140403');
    expect(divisionParam('14040')).toBeNull();
    expect(divisionParam(null)).toBeNull();
  });
});
