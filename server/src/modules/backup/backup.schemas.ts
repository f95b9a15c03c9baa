import type { Readable } from 'node:stream';
import { type Static, Type } from 'typebox';

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });
/** Table and sequence names become file names in the dump: plain SQL identifiers only. */
export const RELATION_NAME = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/**
 * manifest.json of a logical dump (and of a backup archive, which is the same layout in a tar.gz):
 * what was dumped, from which schema version, and a hash of every file so a damaged copy is
 * refused before anything is imported.
 */
export const DumpManifest = Type.Object({
  format: Type.Literal('civicgrid-dump'),
  formatVersion: Type.Literal(1),
  appVersion: Type.String(),
  engine: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  migrations: Type.Object({ applied: Type.Integer({ minimum: 0 }), latest: Type.Union([Type.String(), Type.Null()]) }),
  createdAt: Type.String({ description: 'business time, ISO 8601 with offset' }),
  tables: Type.Array(
    Type.Object({
      name: Type.String({ pattern: RELATION_NAME.source }),
      rows: Type.Integer({ minimum: 0 }),
      sha256: Sha256,
    }),
  ),
  /** Sequences are not rows of a table, yet a restored installation must not hand out numbers twice. */
  sequences: Type.Array(
    Type.Object({
      name: Type.String({ pattern: RELATION_NAME.source }),
      lastValue: Type.String({ pattern: '^-?[0-9]+$' }),
      isCalled: Type.Boolean(),
    }),
  ),
  files: Type.Array(Type.Object({ sha256: Sha256, size: Type.Integer({ minimum: 0 }) })),
});
export type DumpManifest = Static<typeof DumpManifest>;

/** The backup download: documented as gzip bytes for OpenAPI; the handler streams it, nothing is serialized. */
export const BackupArchive = Type.Unsafe<Readable>({
  description:
    'A gzip-compressed tar of a logical dump: manifest.json, data/<table>.ndjson (one row_to_json per line) and ' +
    'files/<sha256> (attachments). Content-Disposition names it civicgrid-backup-<YYYYMMDD-HHmmss>.tar.gz (business ' +
    'time). Restore it with `civicgrid restore FILE`.',
  content: { 'application/gzip': { schema: { type: 'string', format: 'binary' } } },
});
