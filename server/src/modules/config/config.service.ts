import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/access.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import { divisionLineage } from '../../platform/divisions.ts';
import { newId } from '../../platform/ids.ts';
import type { PageOf, PageRequest } from '../../platform/paging.ts';
import { ConfigErrors, configPolicy } from './config.policy.ts';
import type { ConfigKey } from './config.registry.ts';
import { type ConfigSortField, type ConfigVersionRow, configRepo } from './config.repo.ts';

export interface Resolved<T> {
  key: string;
  divisionCode: string;
  at: string;
  value: T;
  /** Which version supplied the value; all null when the built-in default applies. */
  source: { versionId: string | null; divisionCode: string | null; effectiveFrom: string | null };
}

export interface NewVersion {
  key: string;
  divisionCode: string;
  effectiveFrom: string;
  value: unknown;
  note?: string;
}

/**
 * Versioned domain configuration. A value holds for a division over [effectiveFrom, effectiveTo) and
 * is inherited downwards (installation → province → city → county → town → community): the most
 * specific division with a version in force on the date wins. Past periods are never rewritten, so
 * last year's figures are recomputed with last year's rules.
 */
export class ConfigService {
  readonly #keys = new Map<string, ConfigKey>();

  constructor(private readonly deps: { db: Db; time: BusinessTime }) {}

  register(...keys: ConfigKey[]): void {
    for (const k of keys) {
      if (this.#keys.has(k.key)) throw new Error(`configuration key ${k.key} registered twice`);
      this.#keys.set(k.key, k);
    }
  }

  keys(): ConfigKey[] {
    return [...this.#keys.values()].sort((a, b) => a.key.localeCompare(b.key));
  }

  /** The value of a setting for a division on a business date (default: today). For other modules. */
  async get<S extends TSchema>(key: ConfigKey<S>, divisionCode: string, at?: string, db?: Db): Promise<Static<S>> {
    return (await this.resolveKey(key.key, divisionCode, at, db)).value as Static<S>;
  }

  async resolveKey(
    keyName: string,
    divisionCode: string,
    at = this.deps.time.today(),
    db = this.deps.db,
  ): Promise<Resolved<unknown>> {
    const key = this.requireKey(keyName);
    const lineage = divisionCode === '' ? [''] : divisionLineage(divisionCode);
    const candidates = await configRepo.inForce(db, keyName, lineage, at);
    const best = candidates.sort((a, b) => b.divisionCode.length - a.divisionCode.length)[0];
    return {
      key: keyName,
      divisionCode,
      at,
      value: best ? best.value : key.default,
      source: best
        ? { versionId: best.id, divisionCode: best.divisionCode, effectiveFrom: best.effectiveFrom }
        : { versionId: null, divisionCode: null, effectiveFrom: null },
    };
  }

  async resolve(actor: Actor, keyName: string, divisionCode: string, at?: string): Promise<Resolved<unknown>> {
    configPolicy.read(actor);
    return this.resolveKey(keyName, divisionCode, at);
  }

  async versions(
    actor: Actor,
    req: PageRequest<ConfigSortField>,
    filter: { key?: string; divisionCode?: string },
  ): Promise<PageOf<ConfigVersionRow>> {
    configPolicy.read(actor);
    const { items, total } = await configRepo.page(this.deps.db, req, { ...filter, scopes: actor.scope.divisions });
    return { items, total, page: req.page, pageSize: req.pageSize };
  }

  /** Adds a version from a date, fitting it into the division's timeline for that key. */
  async addVersion(actor: Actor, input: NewVersion, db: Db = this.deps.db): Promise<ConfigVersionRow> {
    configPolicy.write(actor, input.divisionCode);
    const key = this.requireKey(input.key);
    if (!Value.Check(key.schema, input.value)) {
      const details = [...Value.Errors(key.schema, input.value)]
        .slice(0, 10)
        .map((e) => ({ path: e.instancePath, message: e.message }));
      throw ConfigErrors.CONFIG_VALUE_INVALID({ key: input.key }, details);
    }
    const today = this.deps.time.today();
    if (input.effectiveFrom < today) throw ConfigErrors.CONFIG_PAST_DATE({ effectiveFrom: input.effectiveFrom, today });

    const timeline = await configRepo.timelineForUpdate(db, input.key, input.divisionCode);
    if (timeline.some((v) => v.effectiveFrom === input.effectiveFrom)) {
      throw ConfigErrors.CONFIG_DATE_TAKEN({
        divisionCode: input.divisionCode || '*',
        effectiveFrom: input.effectiveFrom,
      });
    }
    const before = timeline.filter((v) => v.effectiveFrom < input.effectiveFrom).at(-1);
    const after = timeline.find((v) => v.effectiveFrom > input.effectiveFrom);
    if (before && (before.effectiveTo === null || before.effectiveTo > input.effectiveFrom)) {
      await configRepo.setEffectiveTo(db, before.id, input.effectiveFrom);
    }
    return configRepo.insert(db, {
      id: newId(),
      key: input.key,
      divisionCode: input.divisionCode,
      effectiveFrom: input.effectiveFrom,
      effectiveTo: after ? after.effectiveFrom : null,
      value: input.value as object,
      note: input.note ?? '',
      createdBy: actor.id ?? 'anonymous',
      createdAt: this.deps.time.now(),
    });
  }

  /** Withdraws a version that has not yet taken effect; the one before it runs on in its place. */
  async deleteVersion(actor: Actor, id: string): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      const version = await configRepo.findById(tx, id);
      if (!version) throw ConfigErrors.CONFIG_VERSION_NOT_FOUND({ id });
      configPolicy.write(actor, version.divisionCode);
      if (version.effectiveFrom <= this.deps.time.today()) throw ConfigErrors.CONFIG_VERSION_IN_FORCE();
      const timeline = await configRepo.timelineForUpdate(tx, version.key, version.divisionCode);
      const before = timeline.filter((v) => v.effectiveFrom < version.effectiveFrom).at(-1);
      await configRepo.delete(tx, id);
      if (before) await configRepo.setEffectiveTo(tx, before.id, version.effectiveTo);
    });
  }

  private requireKey(keyName: string): ConfigKey {
    const key = this.#keys.get(keyName);
    if (!key) throw ConfigErrors.CONFIG_KEY_UNKNOWN({ key: keyName });
    return key;
  }
}
