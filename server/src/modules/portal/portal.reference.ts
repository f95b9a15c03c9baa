import type { Static } from 'typebox';
import type { Locale } from '../../platform/errors.ts';
import type { GridsService } from '../grids/grids.service.ts';
import { labelOf, type RegionsService } from '../regions/regions.service.ts';
import { CJT214_EVENT, type TaxonomyService } from '../taxonomy/taxonomy.service.ts';
import type { PortalCategories, ServiceArea } from './portal.schemas.ts';

/**
 * What a citizen may report: the CJ/T 214 event subclasses in force today under their classes, with the
 * registration criterion as a hint (the taxonomy's own routes are for staff, signed in).
 */
export async function publicCategories(
  taxonomy: TaxonomyService,
  today: string,
  locale: Locale,
): Promise<Static<typeof PortalCategories>> {
  const name = (row: { nameZh: string; nameEn: string }) => (locale === 'en-US' ? row.nameEn : row.nameZh);
  const rows = await taxonomy.categoriesAt(CJT214_EVENT, today);
  const classes: Static<typeof PortalCategories>['classes'] = [];
  const byCode = new Map<string, (typeof classes)[number]>();
  for (const row of rows) {
    if (row.level === 'class') {
      const c = { code: row.code, name: name(row), subclasses: [] };
      classes.push(c);
      byCode.set(row.code, c);
    } else if (row.parentCode) {
      byCode.get(row.parentCode)?.subclasses.push({
        code: row.code,
        name: name(row),
        hint: row.rules?.registration?.[locale] ?? null,
      });
    }
  }
  return { classes: classes.filter((c) => c.subclasses.length > 0) };
}

/**
 * Where the portal takes reports: the communities that have grids, as outlines with their names, so a
 * citizen without GPS can point at the place on a map that has no base map. Boundaries are public
 * geography; nothing about grids or staff is given. Built again when the grids or the date change.
 */
export class ServiceAreaCache {
  #cached: { key: string; area: Static<typeof ServiceArea> } | null = null;

  constructor(private readonly deps: { grids: GridsService; regions: RegionsService; today: () => string }) {}

  async get(): Promise<Static<typeof ServiceArea>> {
    const index = await this.deps.grids.index.current();
    const key = `${index.version}|${this.deps.today()}`;
    if (this.#cached?.key === key) return this.#cached.area;
    const communities = [...new Set([...index.grids.values()].map((g) => g.communityCode))].sort();
    const area: Static<typeof ServiceArea> = { type: 'FeatureCollection', synthetic: false, features: [] };
    for (const code of communities) {
      const row = await this.deps.regions.get(code);
      if (!row?.geometry) continue;
      if (row.geometrySource === 'synthetic') area.synthetic = true;
      area.features.push({
        type: 'Feature',
        id: row.code,
        geometry: row.geometry,
        properties: { code: row.code, name: row.name, label: labelOf(row, 'wgs84') },
      });
    }
    this.#cached = { key, area };
    return area;
  }
}
