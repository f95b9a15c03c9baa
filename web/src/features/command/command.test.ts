import { describe, expect, it } from 'vitest';
import { childLength, colourAreas, parentOf } from './drill';
import { type FeedItem, feedItemOf, mergeFeed } from './feed';
import { classOf, colourClasses } from './scale';

describe('colour scale', () => {
  it('has only the "none" class when nothing is open', () => {
    expect(colourClasses(0, 'open').map((c) => [c.from, c.to])).toEqual([[0, 0]]);
  });
  it('splits counts into equal whole-number steps up to the largest', () => {
    expect(colourClasses(3, 'open').map((c) => [c.from, c.to])).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    const classes = colourClasses(23, 'overdue');
    expect(classes.map((c) => [c.from, c.to])).toEqual([
      [0, 0],
      [1, 5],
      [6, 10],
      [11, 15],
      [16, 20],
      [21, 23],
    ]);
    expect(classOf(classes, 0).index).toBe(0);
    expect(classOf(classes, 5).index).toBe(1);
    expect(classOf(classes, 23).index).toBe(5);
  });
});

describe('drill-down', () => {
  it('goes city → county → town → community → grids', () => {
    expect(childLength('1404')).toBe(6);
    expect(childLength('140403')).toBe(9);
    expect(childLength('140403001')).toBe(12);
    expect(childLength('140403001001')).toBeNull();
    expect(childLength('')).toBe(2);
  });
  it('goes back up one level, never above the root', () => {
    expect(parentOf('140403001', '1404')).toBe('140403');
    expect(parentOf('140403', '1404')).toBe('1404');
    expect(parentOf('1404', '1404')).toBeNull();
    expect(parentOf('140403001001', '140403')).toBe('140403001');
  });
  it('colours each outline by its count, outlines without a row counting none', () => {
    const f = (code: string) => ({ type: 'Feature' as const, geometry: null, properties: { code, name: code } });
    const areas = colourAreas(
      [f('140403'), f('140404'), f('140405')],
      [
        { code: '140403', open: 4, overdue: 1 },
        { code: '140404', open: 1, overdue: 0 },
        { code: '1404', open: 9, overdue: 9 },
      ],
      'open',
    );
    expect(areas.count).toBe(3);
    expect(areas.max).toBe(4);
    const codes = areas.byClass.map((c) => c.features.map((x) => x.properties.code));
    expect(codes[0]).toEqual(['140405']);
    expect(codes.flat().sort()).toEqual(['140403', '140404', '140405']);
    expect(areas.byClass.at(-1)?.features[0]?.properties).toMatchObject({ code: '140403', open: 4, overdue: 1 });
  });
});

describe('live feed', () => {
  const opened = (id: string, caseId: string, at: string, owner = '140403001') =>
    JSON.stringify({
      id,
      type: 'case.opened',
      caseId,
      at,
      ownerDivision: owner,
      payload: { caseId, number: `N-${caseId}`, title: '道路不洁', gridCode: '140403001001001' },
    });

  it('reads new cases and clocks turning red in the division on screen', () => {
    const item = feedItemOf('case.opened', opened('9.1', 'a', '2026-12-08T08:00:00+08:00'), '140403');
    expect(item).toMatchObject({ key: '9.1', kind: 'opened', caseId: 'a', number: 'N-a', gridCode: '140403001001001' });
    expect(feedItemOf('case.opened', opened('9.1', 'a', '2026-12-08T08:00:00+08:00'), '140404')).toBeNull();
    const red = JSON.stringify({
      id: '9.2',
      caseId: 'b',
      at: '2026-12-08T09:00:00+08:00',
      ownerDivision: '140403',
      payload: { status: 'red', number: 'N-b' },
    });
    expect(feedItemOf('case.deadline.status', red, '1404')?.kind).toBe('overdue');
    expect(feedItemOf('case.deadline.status', red.replace('"red"', '"yellow"'), '1404')).toBeNull();
    expect(feedItemOf('case.opened', 'not json', '')).toBeNull();
  });

  it('puts new items on top once each, newest first, and keeps the newest', () => {
    const item = (key: string, caseId: string, at: string): FeedItem => ({
      key,
      kind: 'opened',
      caseId,
      number: null,
      title: null,
      category: null,
      gridCode: null,
      division: '1404',
      at,
    });
    const start = [item('case:a', 'a', '2026-12-08T08:00:00+08:00')];
    const next = mergeFeed(start, [
      item('1.1', 'a', '2026-12-08T08:00:00+08:00'),
      item('1.2', 'b', '2026-12-08T09:00:00+08:00'),
      item('1.3', 'c', '2026-12-08T10:00:00+08:00'),
      item('1.3', 'c', '2026-12-08T10:00:00+08:00'),
    ]);
    expect(next.map((i) => i.caseId)).toEqual(['c', 'b', 'a']);
    expect(mergeFeed(next, [item('1.2', 'b', '2026-12-08T09:00:00+08:00')])).toBe(next);
    expect(mergeFeed(next, [item('1.4', 'd', '2026-12-08T11:00:00+08:00')], 2).map((i) => i.caseId)).toEqual([
      'd',
      'c',
    ]);
  });
});
