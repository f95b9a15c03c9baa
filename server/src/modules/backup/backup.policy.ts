import { type Actor, requirePermission } from '../../platform/access.ts';
import { defineErrors } from '../../platform/errors.ts';

export const BackupErrors = defineErrors({
  DUMP_NOT_FOUND: {
    status: 400,
    'zh-CN': '{path} 不是 CivicGrid 导出目录或备份文件(缺少 manifest.json)',
    'en-US': '{path} is not a CivicGrid dump or backup (no manifest.json)',
  },
  DUMP_FORMAT_UNKNOWN: {
    status: 400,
    'zh-CN': '{path} 的格式无法识别:{reason}',
    'en-US': '{path} is not in a format this version understands: {reason}',
  },
  DUMP_DAMAGED: {
    status: 400,
    'zh-CN': '导出数据已损坏:{what}',
    'en-US': 'The dump is damaged: {what}',
  },
  DUMP_SCHEMA_MISMATCH: {
    status: 409,
    'zh-CN':
      '导出数据来自数据库结构版本 {dump}(CivicGrid {appVersion}),而目标为 {target}:请用 CivicGrid {appVersion} 恢复后再升级',
    'en-US':
      'The dump is from schema migration {dump} (CivicGrid {appVersion}) but the target is at {target}: restore it with CivicGrid {appVersion}, then upgrade',
  },
  DUMP_TABLES_UNKNOWN: {
    status: 409,
    'zh-CN': '目标数据库中没有导出数据里的表 {tables}',
    'en-US': 'The target database has no tables {tables}, which the dump contains',
  },
  EXPORT_DIR_NOT_EMPTY: {
    status: 409,
    'zh-CN': '目录 {path} 不是空的:请导出到新目录',
    'en-US': 'Directory {path} is not empty; export into a new one',
  },
  IMPORT_TARGET_NOT_EMPTY: {
    status: 409,
    'zh-CN': '目标数据库不是空的(有数据的表:{tables}):只能恢复到空的数据库',
    'en-US': 'The target database is not empty (tables with rows: {tables}); a dump is only imported into an empty one',
  },
  IMPORT_FAILED: {
    status: 500,
    'zh-CN': '导入表 {table} 的第 {rows} 行失败:{reason}',
    'en-US': 'Importing rows {rows} of table {table} failed: {reason}',
  },
  BLOB_STORE_DAMAGED: {
    status: 500,
    'zh-CN': '附件存储中的文件 {sha256} 已损坏(内容哈希为 {actual})',
    'en-US': 'The attachment {sha256} in the file store is damaged (its content hashes to {actual})',
  },
});

/** Whoever can take a backup can read every row of the installation: the operator only, for now. */
export const backupPolicy = {
  backup(actor: Actor): void {
    requirePermission(actor, 'system.backup');
  },
  restore(actor: Actor): void {
    requirePermission(actor, 'system.backup');
  },
};
