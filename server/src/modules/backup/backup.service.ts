import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Database } from '../../db/database.ts';
import type { Actor } from '../../platform/access.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import type { BlobStore } from '../files/files.service.ts';
import { packDump } from './archive.ts';
import { backupPolicy } from './backup.policy.ts';
import type { DumpManifest } from './backup.schemas.ts';
import { exportDump, type ImportSummary, importDump } from './logical-dump.ts';

export interface BackupDeps {
  database: Database;
  time: BusinessTime;
  version: string;
  /** The attachment store (null: nothing to copy). */
  blobs: BlobStore | null;
  /** Where archives are staged before streaming (default: the system temp directory). */
  tmpDir?: string;
}

export interface BackupArchive {
  filename: string;
  manifest: DumpManifest;
  /** tar.gz bytes; the staged dump is deleted when the stream closes, finished or not. */
  stream: Readable;
}

/**
 * Backup, restore, export and import. All four are the same logical dump (logical-dump.ts); a
 * backup is that dump in a tar.gz. Taking one needs no downtime: the rows come from one snapshot.
 */
export class BackupService {
  constructor(private readonly deps: BackupDeps) {}

  /** Writes a dump into an empty or new directory. */
  async exportTo(actor: Actor, dir: string): Promise<DumpManifest> {
    backupPolicy.backup(actor);
    return exportDump(this.source(), dir);
  }

  /**
   * A backup as a stream. The dump is staged on disk first and then packed, so the archive never
   * sits in memory and the database snapshot is not held open while a slow client downloads.
   */
  async archive(actor: Actor): Promise<BackupArchive> {
    backupPolicy.backup(actor);
    const staging = await mkdtemp(path.join(this.deps.tmpDir ?? tmpdir(), 'civicgrid-backup-'));
    const cleanup = () => rm(staging, { recursive: true, force: true });
    try {
      const dir = path.join(staging, 'dump');
      const manifest = await exportDump(this.source(), dir);
      const stream = packDump(dir);
      stream.once('close', () => void cleanup());
      return {
        filename: `civicgrid-backup-${this.deps.time.local().toFormat('yyyyMMdd-HHmmss')}.tar.gz`,
        manifest,
        stream,
      };
    } catch (err) {
      await cleanup();
      throw err;
    }
  }

  /** Loads a dump directory into this (migrated, empty) installation. */
  async importFrom(actor: Actor, dir: string): Promise<ImportSummary> {
    backupPolicy.restore(actor);
    return importDump({ database: this.deps.database, blobs: this.deps.blobs }, dir);
  }

  private source() {
    const { database, blobs, time, version } = this.deps;
    return { database, blobs, time, appVersion: version };
  }
}
