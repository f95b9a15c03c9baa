import type { Locale, Translate } from '../../locales';
import type { ScopeKind } from './access-api';

/** A role's (or permission's) name in the user's language; the server keeps both. */
export function localName(item: { code: string; nameZh: string; nameEn: string }, locale: Locale): string {
  return (locale === 'zh-CN' ? item.nameZh : item.nameEn) || item.code;
}

export function scopeKindLabel(kind: ScopeKind, t: Translate): string {
  switch (kind) {
    case 'division':
      return t('grants.scopeDivision');
    case 'grids':
      return t('grants.scopeGrids');
    case 'org_unit':
      return t('grants.scopeOrgUnit');
  }
}

/**
 * Permissions grouped by their domain (`identity.users.read` → `identity`), in the order the server lists
 * them, for the role editor's checkboxes.
 */
export function groupPermissions<P extends { code: string }>(permissions: readonly P[]): [string, P[]][] {
  const groups = new Map<string, P[]>();
  for (const p of permissions) {
    const domain = p.code.split('.')[0] ?? p.code;
    const list = groups.get(domain) ?? [];
    list.push(p);
    groups.set(domain, list);
  }
  return [...groups.entries()];
}
