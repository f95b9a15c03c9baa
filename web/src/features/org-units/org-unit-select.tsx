import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { buildOrgUnitTree, type OrgUnitNode } from './org-unit-tree';
import type { OrgUnit } from './org-units-api';

interface Option {
  value: string;
  title: string;
  disabled?: boolean;
  children: Option[];
}

function toOptions(nodes: readonly OrgUnitNode<OrgUnit>[], disabled: ReadonlySet<string>): Option[] {
  return nodes.map((n) => ({
    value: n.unit.id,
    title: n.unit.name,
    disabled: disabled.has(n.unit.id),
    children: toOptions(n.children, disabled),
  }));
}

export interface OrgUnitSelectProps {
  units: readonly OrgUnit[];
  loading?: boolean;
  value?: string | string[] | null;
  onChange?: (value: string | string[] | null) => void;
  multiple?: boolean;
  placeholder?: string;
  /** Units that may not be chosen (a unit and its descendants, when choosing its parent). */
  disabledIds?: ReadonlySet<string>;
  id?: string;
}

/** Picks one unit (or several) from the tree of units the caller can see; searchable by name. */
export function OrgUnitSelect({
  units,
  loading,
  value,
  onChange,
  multiple,
  placeholder,
  disabledIds,
  id,
}: OrgUnitSelectProps) {
  const treeData = useMemo(() => toOptions(buildOrgUnitTree(units), disabledIds ?? new Set()), [units, disabledIds]);
  return (
    <TreeSelect
      id={id}
      allowClear
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandAll
      loading={loading}
      multiple={multiple}
      value={value ?? undefined}
      onChange={(v) => onChange?.((v as string | string[] | undefined) ?? null)}
      placeholder={placeholder}
      treeData={treeData}
      style={{ width: '100%' }}
    />
  );
}
