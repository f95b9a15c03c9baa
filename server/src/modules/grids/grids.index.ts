import { performance } from 'node:perf_hooks';
import type { Db } from '../../db/database.ts';
import { GridLocator } from './grids.locator.ts';
import { gridsRepo } from './grids.repo.ts';
import type { GridKind } from './grids.tables.ts';

export interface IndexedGrid {
  code: string;
  name: string;
  kind: GridKind;
  communityCode: string;
}

interface BuiltIndex {
  version: number;
  byKind: Map<GridKind, GridLocator>;
  grids: Map<string, IndexedGrid>;
  builtInMs: number;
}

/**
 * The in-process locate index, one locator per grid kind (each kind is its own layer: an urban
 * management unit grid may lie across social-governance grids by design).
 *
 * Staleness: every grid change bumps `grid_index_version` in its own transaction. A process compares
 * that counter with the one its index was built from at most every `checkMs` when asked to locate, and
 * rebuilds when it moved, so processes sharing a PostgreSQL server see another's change within
 * `checkMs` plus one rebuild; the process that made the change marks itself stale at once. Rebuilds are
 * single-flight: concurrent lookups wait for the same one.
 */
export class GridIndexKeeper {
  #built: BuiltIndex | null = null;
  #checkedAt = Number.NEGATIVE_INFINITY;
  #stale = true;
  #pending: Promise<BuiltIndex> | null = null;

  constructor(
    private readonly deps: {
      db: Db;
      checkMs: number;
      onRebuilt?: (ms: number, size: number) => void;
      onError?: (err: unknown) => void;
    },
  ) {}

  /** After this process committed a grid change. */
  markStale(): void {
    this.#stale = true;
  }

  async current(): Promise<BuiltIndex> {
    const now = performance.now();
    const fresh = this.#built && !this.#stale;
    if (fresh && now - this.#checkedAt < this.deps.checkMs) return this.#built!;
    if (!this.#pending) {
      this.#pending = this.#refresh().finally(() => {
        this.#pending = null;
      });
    }
    // A change made elsewhere is served from the old index until the new one is ready (no stall on
    // every lookup while a city's outlines are read); after a change of this process's own, wait.
    return fresh ? this.#built! : this.#pending;
  }

  async #refresh(): Promise<BuiltIndex> {
    this.#checkedAt = performance.now();
    const version = await gridsRepo.indexVersion(this.deps.db);
    // A local change is marked after its commit, so the counter has moved by then: comparing suffices.
    this.#stale = false;
    if (this.#built && this.#built.version === version) return this.#built;
    const started = performance.now();
    // Read after the version: a change committed in between makes the next check rebuild again.
    const rows = await gridsRepo.forIndex(this.deps.db);
    const byKindEntries = new Map<GridKind, { code: string; geometry: (typeof rows)[number]['geometry'] }[]>();
    const gridsByCode = new Map<string, IndexedGrid>();
    for (const row of rows) {
      const list = byKindEntries.get(row.kind) ?? [];
      byKindEntries.set(row.kind, list);
      list.push({ code: row.code, geometry: row.geometry });
      gridsByCode.set(row.code, { code: row.code, name: row.name, kind: row.kind, communityCode: row.communityCode });
    }
    const byKind = new Map<GridKind, GridLocator>();
    try {
      for (const [kind, entries] of byKindEntries) byKind.set(kind, GridLocator.build(entries));
    } catch (err) {
      // Outlines are validated when written, so this is a row edited behind the application's back:
      // keep answering from the last good index rather than failing every lookup.
      this.deps.onError?.(err);
      if (this.#built) return this.#built;
      throw err;
    }
    const builtInMs = performance.now() - started;
    this.#built = { version, byKind, grids: gridsByCode, builtInMs };
    this.deps.onRebuilt?.(builtInMs, rows.length);
    return this.#built;
  }
}
