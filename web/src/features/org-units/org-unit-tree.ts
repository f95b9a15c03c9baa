/** The fields the tree needs; the API's unit has more. */
export interface TreeUnit {
  id: string;
  name: string;
  parentId: string | null;
}

export interface OrgUnitNode<U extends TreeUnit> {
  unit: U;
  children: OrgUnitNode<U>[];
}

/**
 * Units arranged under their parents, siblings by name (Chinese collation). A unit whose parent the caller
 * cannot see (outside their scope) or that is caught in a cycle becomes a root, so nothing disappears.
 */
export function buildOrgUnitTree<U extends TreeUnit>(units: readonly U[]): OrgUnitNode<U>[] {
  const nodes = new Map<string, OrgUnitNode<U>>();
  for (const unit of units) nodes.set(unit.id, { unit, children: [] });
  const roots: OrgUnitNode<U>[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    if (parent && !isAncestor(node, parent, nodes)) parent.children.push(node);
    else roots.push(node);
  }
  const collator = new Intl.Collator('zh-CN');
  const sort = (list: OrgUnitNode<U>[]) => {
    list.sort((a, b) => collator.compare(a.unit.name, b.unit.name));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** Whether `node` is `candidate` or one of its ancestors: hanging `node` there would close a loop. */
function isAncestor<U extends TreeUnit>(
  node: OrgUnitNode<U>,
  candidate: OrgUnitNode<U>,
  nodes: Map<string, OrgUnitNode<U>>,
): boolean {
  const seen = new Set<string>();
  let current: OrgUnitNode<U> | undefined = candidate;
  while (current && !seen.has(current.unit.id)) {
    if (current === node) return true;
    seen.add(current.unit.id);
    current = current.unit.parentId ? nodes.get(current.unit.parentId) : undefined;
  }
  return false;
}

/** The ids of `id` and everything below it: the parents a unit may not be moved under. */
export function descendantIds<U extends TreeUnit>(roots: readonly OrgUnitNode<U>[], id: string): Set<string> {
  const out = new Set<string>();
  const walk = (list: readonly OrgUnitNode<U>[], inside: boolean) => {
    for (const n of list) {
      const here = inside || n.unit.id === id;
      if (here) out.add(n.unit.id);
      walk(n.children, here);
    }
  };
  walk(roots, false);
  return out;
}
