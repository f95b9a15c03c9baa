import { describe, expect, it } from 'vitest';
import { buildOrgUnitTree, descendantIds, type OrgUnitNode, type TreeUnit } from './org-unit-tree';

const unit = (id: string, name: string, parentId: string | null = null): TreeUnit => ({ id, name, parentId });
const shape = (nodes: OrgUnitNode<TreeUnit>[]): unknown =>
  nodes.map((n) => (n.children.length ? { [n.unit.name]: shape(n.children) } : n.unit.name));

describe('org unit tree', () => {
  it('puts units under their parents and sorts siblings by name', () => {
    const tree = buildOrgUnitTree([
      unit('c', '英雄街道办事处', 'a'),
      unit('a', '潞州区人民政府'),
      unit('d', '东街社区', 'c'),
      unit('b', '潞州区民政局', 'a'),
    ]);
    expect(shape(tree)).toEqual([{ 潞州区人民政府: ['潞州区民政局', { 英雄街道办事处: ['东街社区'] }] }]);
  });

  it('shows a unit whose parent is out of sight as a root, and survives a cycle', () => {
    const tree = buildOrgUnitTree([unit('x', '社区', 'hidden'), unit('p', '甲', 'q'), unit('q', '乙', 'p')]);
    expect(tree.map((n) => n.unit.id).sort()).toEqual(['p', 'q', 'x']);
  });

  it('lists a unit and everything below it (the parents it may not move under)', () => {
    const tree = buildOrgUnitTree([unit('a', 'A'), unit('b', 'B', 'a'), unit('c', 'C', 'b'), unit('d', 'D', 'a')]);
    expect([...descendantIds(tree, 'b')].sort()).toEqual(['b', 'c']);
    expect([...descendantIds(tree, 'a')].sort()).toEqual(['a', 'b', 'c', 'd']);
  });
});
