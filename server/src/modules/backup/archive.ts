import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { create, extract, list, type ReadEntry } from 'tar';
import { BackupErrors } from './backup.policy.ts';
import type { DumpManifest } from './backup.schemas.ts';
import { MANIFEST_FILE, parseManifest } from './logical-dump.ts';

/**
 * A backup is a dump directory in a gzip tar, manifest first: backup/restore and export/import
 * share every line of the data code, and a backup can be unpacked by hand with `tar xzf`.
 */

/** The only entries a dump may contain: nothing outside the directory, no links. */
const ENTRY = /^(manifest\.json|data\/?|files\/?|data\/[A-Za-z_][A-Za-z0-9_$]*\.ndjson|files\/[0-9a-f]{64})$/;
const allowed = (p: string, entry: { type?: string }) =>
  ENTRY.test(p.replace(/^\.\//, '')) &&
  (entry.type === undefined || entry.type === 'File' || entry.type === 'Directory');

/** Streams a dump directory as tar.gz. */
export function packDump(dir: string): Readable {
  const pack = create({ gzip: true, cwd: dir, portable: true }, [MANIFEST_FILE, 'data', 'files']);
  // While the stream is read, errors reach the reader through the iterator. After a client hangs up
  // the staged files are deleted under the packer, and its late errors must not bring the server down.
  pack.on('error', () => undefined);
  return Readable.from(pack);
}

/** Unpacks a backup file into an (empty) directory; only the entries of a dump are written. */
export async function unpackDump(file: string, dir: string): Promise<void> {
  await extract({ file, cwd: dir, strict: true, filter: (p, entry) => allowed(p, entry as ReadEntry) });
}

/**
 * Reads a whole backup file: the gzip and tar structure, the manifest, and every entry against its
 * hash. Returns the manifest; throws on the first problem.
 */
export async function verifyArchive(file: string): Promise<DumpManifest> {
  const hashes = new Map<string, { sha256: string; size: number }>();
  let manifestText: string | null = null;
  const strange: string[] = [];
  try {
    await list({
      file,
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        const name = entry.path.replace(/^\.\//, '');
        if (!allowed(name, entry)) strange.push(name);
        if (entry.type !== 'File') return;
        const hash = createHash('sha256');
        const chunks: Buffer[] = [];
        let size = 0;
        entry.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          size += chunk.length;
          if (name === MANIFEST_FILE) chunks.push(chunk);
        });
        entry.on('end', () => {
          hashes.set(name, { sha256: hash.digest('hex'), size });
          if (name === MANIFEST_FILE) manifestText = Buffer.concat(chunks).toString('utf8');
        });
      },
    });
  } catch (err) {
    throw BackupErrors.DUMP_DAMAGED({ what: `${file}: ${(err as Error).message}` });
  }
  if (strange.length)
    throw BackupErrors.DUMP_DAMAGED({
      what: `${file} contains unexpected entries (${strange.slice(0, 5).join(', ')})`,
    });
  if (manifestText === null) throw BackupErrors.DUMP_NOT_FOUND({ path: file });
  const manifest = parseManifest(manifestText, file);
  for (const t of manifest.tables) {
    const got = hashes.get(`data/${t.name}.ndjson`);
    if (got?.sha256 !== t.sha256)
      throw BackupErrors.DUMP_DAMAGED({
        what: `data/${t.name}.ndjson ${got ? 'does not match its hash' : 'is missing'}`,
      });
  }
  for (const f of manifest.files) {
    const got = hashes.get(`files/${f.sha256}`);
    if (got?.sha256 !== f.sha256 || got.size !== f.size) {
      throw BackupErrors.DUMP_DAMAGED({ what: `files/${f.sha256} ${got ? 'does not match its hash' : 'is missing'}` });
    }
  }
  return manifest;
}
