import { open } from 'node:fs/promises';

/** Sizes as people read them: 20 MB, 1.5 KB, 300 B. */
export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${Number((n / 1024 ** 3).toFixed(2))} GB`;
  if (n >= 1024 ** 2) return `${Number((n / 1024 ** 2).toFixed(1))} MB`;
  if (n >= 1024) return `${Number((n / 1024).toFixed(1))} KB`;
  return `${n} B`;
}

/**
 * Makes a rename or a new file in `dir` durable: without it a crash can lose a file whose write was
 * already acknowledged. Windows cannot open a directory for fsync; NTFS journals the rename itself.
 */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
