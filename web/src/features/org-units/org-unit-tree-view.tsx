import { Empty, Tag, Tree, type TreeDataNode, Typography } from 'antd';
import { useMemo } from 'react';
import { useT } from '../../locales';
import { orgUnitKindLabel } from './kind';
import { buildOrgUnitTree, type OrgUnitNode } from './org-unit-tree';
import type { OrgUnit } from './org-units-api';

export interface OrgUnitTreeViewProps {
  units: readonly OrgUnit[];
  selectedId: string | null;
  onSelect: (id: string | null) => void;
}

/** The units as a tree by parent; dissolved units are struck through. */
export function OrgUnitTreeView({ units, selectedId, onSelect }: OrgUnitTreeViewProps) {
  const t = useT();
  const roots = useMemo(() => buildOrgUnitTree(units), [units]);
  const toData = (nodes: readonly OrgUnitNode<OrgUnit>[]): TreeDataNode[] =>
    nodes.map(({ unit, children }) => ({
      key: unit.id,
      title: (
        <span data-testid="org-unit-node">
          <Typography.Text delete={unit.status === 'dissolved'}>{unit.name}</Typography.Text>{' '}
          <Tag style={{ marginInlineStart: 4 }}>{orgUnitKindLabel(unit.kind, t)}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {unit.divisionCode}
          </Typography.Text>
        </span>
      ),
      children: toData(children),
    }));
  if (units.length === 0) return <Empty description={t('orgUnits.empty')} />;
  return (
    <Tree
      blockNode
      defaultExpandAll
      showLine
      treeData={toData(roots)}
      selectedKeys={selectedId ? [selectedId] : []}
      onSelect={(keys) => onSelect((keys[0] as string | undefined) ?? null)}
    />
  );
}
