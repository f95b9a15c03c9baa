import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import type { Settings } from '../config/settings.ts';
import { type AppContext, createContext } from '../context.ts';
import { DataDirInUseError, isLocked, isProcessAlive, readLockOwner } from '../db/data-dir-lock.ts';
import { unpackDump, verifyArchive } from '../modules/backup/archive.ts';
import type { DumpManifest } from '../modules/backup/backup.schemas.ts';
import {
  assertSchemaMatchesCode,
  type ImportSummary,
  readManifest,
  verifyDump,
  writeFileSynced,
} from '../modules/backup/logical-dump.ts';
import { downloadBackup, RemoteBackupError, type RemoteServer } from '../modules/backup/remote-backup.ts';
import { operatorActor } from '../platform/access.ts';
import { AppError, type Locale } from '../platform/errors.ts';
import { formatBytes, fsyncDir } from '../platform/files.ts';
import { CliError, type Command } from './command.ts';
import { SERVER_OPTIONS, settingsFrom } from './settings-flags.ts';

export const backupCommand: Command = {
  name: 'backup',
  summary: 'write a backup of the data and attachments to FILE (tar.gz), also while the server runs',
  usage: 'backup FILE [--data-dir DIR]   (with DATABASE_URL: that server)',
  options: SERVER_OPTIONS,
  run: (values, positionals) =>
    guard(async () => {
      const file = path.resolve(onePositional(positionals, backupCommand));
      if (existsSync(file)) throw new CliError(`${file} already exists; give the backup a new name`);
      const settings = quietSettings(values);
      const partial = `${file}.partial`;
      await rm(partial, { force: true });
      try {
        const how = await fromServerOrDatabase(
          settings,
          async (server) => {
            await downloadBackup(server, partial);
            return `through the server at ${server.url}`;
          },
          async (ctx) => {
            await writeFileSynced(partial, (await ctx.backup.archive(operatorActor())).stream);
            return `from ${describeTarget(settings)}`;
          },
        );
        // Only a complete, readable archive gets the name: a FILE that exists can be restored.
        const manifest = await verifyArchive(partial);
        await rename(partial, file);
        await fsyncDir(path.dirname(file));
        console.log(`backup written to ${file} ${how}: ${summary(manifest)}`);
      } catch (err) {
        await rm(partial, { force: true });
        throw err;
      }
      return 0;
    }),
};

export const exportCommand: Command = {
  name: 'export',
  summary: 'write a logical, engine-neutral dump into DIR (embedded → PostgreSQL moves), also while the server runs',
  usage: 'export DIR [--data-dir DIR]   (with DATABASE_URL: that server)',
  options: SERVER_OPTIONS,
  run: (values, positionals) =>
    guard(async () => {
      const dir = path.resolve(onePositional(positionals, exportCommand));
      if (existsSync(dir) && readdirSync(dir).length)
        throw new CliError(`${dir} is not empty; export into a new directory`);
      const settings = quietSettings(values);
      let manifest: DumpManifest | null = null;
      const how = await fromServerOrDatabase(
        settings,
        async (server) => {
          // Through the server the dump arrives as a backup archive, unpacked here.
          const staging = await mkdtemp(path.join(tmpdir(), 'civicgrid-export-'));
          try {
            const archive = path.join(staging, 'backup.tar.gz');
            await downloadBackup(server, archive);
            await verifyArchive(archive);
            await mkdir(dir, { recursive: true, mode: 0o700 });
            await unpackDump(archive, dir);
            manifest = await readManifest(dir);
            await verifyDump(dir, manifest);
          } finally {
            await rm(staging, { recursive: true, force: true });
          }
          return `through the server at ${server.url}`;
        },
        async (ctx) => {
          manifest = await ctx.backup.exportTo(operatorActor(), dir);
          return `from ${describeTarget(settings)}`;
        },
      );
      console.log(`exported to ${dir} ${how}: ${summary(manifest!)}`);
      return 0;
    }),
};

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'restore a backup FILE into an empty data directory (or empty DATABASE_URL database)',
  usage: 'restore FILE [--data-dir DIR]   (with DATABASE_URL: into that server)',
  options: SERVER_OPTIONS,
  run: (values, positionals) =>
    guard(async () => {
      const file = path.resolve(onePositional(positionals, restoreCommand));
      if (!existsSync(file)) throw new CliError(`${file}: no such file`);
      const settings = quietSettings(values);
      // Check the whole archive, and that this version can load it, before creating or touching the target.
      const manifest = await verifyArchive(file);
      assertSchemaMatchesCode(manifest);
      const staging = await mkdtemp(path.join(tmpdir(), 'civicgrid-restore-'));
      try {
        await unpackDump(file, staging);
        const result = await importInto(settings, staging);
        console.log(`restored ${file} into ${describeTarget(settings)}: ${summary(result.manifest, result)}`);
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
      return 0;
    }),
};

export const importCommand: Command = {
  name: 'import',
  summary: 'load a dump made by `export` into an empty data directory (or empty DATABASE_URL database)',
  usage: 'import DIR [--data-dir DIR]   (with DATABASE_URL: into that server)',
  options: SERVER_OPTIONS,
  run: (values, positionals) =>
    guard(async () => {
      const dir = path.resolve(onePositional(positionals, importCommand));
      const settings = quietSettings(values);
      const manifest = await readManifest(dir);
      assertSchemaMatchesCode(manifest);
      await verifyDump(dir, manifest);
      const result = await importInto(settings, dir);
      console.log(`imported ${dir} into ${describeTarget(settings)}: ${summary(result.manifest, result)}`);
      return 0;
    }),
};

/**
 * Reads from a running server when it holds the embedded data directory (PGlite allows one process
 * only), otherwise opens the database here. With DATABASE_URL always directly: many processes
 * share a PostgreSQL server.
 */
async function fromServerOrDatabase<T>(
  settings: Settings,
  viaServer: (server: RemoteServer) => Promise<T>,
  direct: (ctx: AppContext) => Promise<T>,
): Promise<T> {
  if (!settings.databaseUrl) {
    const server = isLocked(settings.dataDir) ? runningServer(settings) : null;
    if (server) return viaServer(server);
    if (!existsSync(path.join(settings.dataDir, 'pg')))
      throw new CliError(`${settings.dataDir} holds no CivicGrid data (no pg directory)`);
  }
  let ctx: AppContext;
  try {
    // No migration: a backup records the schema as it is and changes nothing.
    ctx = await createContext(settings, { migrate: false });
  } catch (err) {
    // A server started in between: go through it after all.
    const server = err instanceof DataDirInUseError && err.owner?.url ? runningServer(settings) : null;
    if (server) return viaServer(server);
    throw err;
  }
  try {
    return await direct(ctx);
  } finally {
    await ctx.close();
  }
}

/** The server holding the data directory, or null when its holder died (opening then takes the lock over). */
function runningServer(settings: Settings): RemoteServer | null {
  const owner = readLockOwner(settings.dataDir);
  if (!owner?.url) {
    throw new CliError(
      `${settings.dataDir} is in use by process ${owner ? `${owner.pid} on ${owner.host}` : 'unknown'}, which serves no HTTP (yet); try again when it has finished or started`,
    );
  }
  if (owner.host !== hostname()) {
    throw new CliError(`${settings.dataDir} is in use by a server on ${owner.host}; run the backup on that machine`);
  }
  // Killed without shutting down: opening the directory waits until its lock is stale and takes it over.
  if (!isProcessAlive(owner.pid)) return null;
  let token = settings.operatorToken;
  if (!token) {
    try {
      token = readFileSync(path.join(settings.dataDir, 'operator-token'), 'utf8').trim();
    } catch {
      throw new CliError(
        `cannot read ${path.join(settings.dataDir, 'operator-token')}: run as the account that runs the server, or set CIVICGRID_OPERATOR_TOKEN`,
      );
    }
  }
  return { url: owner.url, token, tlsCert: settings.tlsCert, locale: cliLocale() };
}

async function importInto(settings: Settings, dir: string): Promise<ImportSummary> {
  // Migrating an empty target brings it to the dump's schema (checked against this code beforehand).
  const ctx = await createContext(settings);
  try {
    return await ctx.backup.importFrom(operatorActor(), dir);
  } finally {
    await ctx.close();
  }
}

/** These commands print their own summary: the log speaks up only for problems, unless LOG_LEVEL says otherwise. */
function quietSettings(values: Record<string, string | boolean | undefined>): Settings {
  process.env.LOG_LEVEL ??= 'warn';
  return settingsFrom(values);
}

function describeTarget(settings: Settings): string {
  if (!settings.databaseUrl) return `the embedded database in ${settings.dataDir}`;
  const u = new URL(settings.databaseUrl);
  return `PostgreSQL database ${u.pathname.slice(1) || '(default)'} on ${u.hostname}`;
}

function summary(manifest: DumpManifest, imported?: ImportSummary): string {
  const rows = imported?.rows ?? manifest.tables.reduce((n, t) => n + t.rows, 0);
  const bytes = manifest.files.reduce((n, f) => n + f.size, 0);
  return `${manifest.tables.length} tables, ${rows} rows, ${manifest.files.length} files (${formatBytes(bytes)}), schema ${manifest.migrations.latest ?? 'none'}`;
}

function onePositional(positionals: string[], command: Command): string {
  if (positionals.length !== 1 || !positionals[0]) throw new CliError(`usage: civicgrid ${command.usage}`, 2);
  return positionals[0];
}

/**
 * Errors of the environment rather than of the program: no database server, wrong credentials, a
 * missing database, a full disk, no permission on a path. Anything else keeps its stack trace.
 */
function isOperatorProblem(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return (
    /^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EACCES|EPERM|ENOSPC|EROFS|ENOENT)$/.test(code) || /^(08|28|3D|53)/.test(code)
  );
}

/** Failures the operator can act on become one line (in Chinese when the terminal's LANG is). */
async function guard(run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError) throw new CliError(err.messageIn(cliLocale()));
    if (err instanceof RemoteBackupError) throw new CliError(err.message);
    if (isOperatorProblem(err)) throw new CliError((err as Error).message);
    throw err;
  }
}

function cliLocale(): Locale {
  return (process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '').startsWith('zh') ? 'zh-CN' : 'en-US';
}
