/**
 * How a benchmark prints: every line to the console and, at the end, appended to `bench/results/<name>.raw`
 * (not committed), numbers in the same format everywhere, and the machine's state beside the figures.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';

export interface RawReport {
  /** Prints a line and keeps it for the raw file. */
  out(...parts: unknown[]): void;
  /** Appends what was printed to the raw file. */
  save(): void;
}

export function rawReport(name: string): RawReport {
  const file = path.resolve(import.meta.dirname, `results/${name}.raw`);
  mkdirSync(path.dirname(file), { recursive: true });
  const lines: string[] = [];
  return {
    out(...parts) {
      const line = parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
      console.log(line);
      lines.push(line);
    },
    save() {
      appendFileSync(file, `${lines.join('\n')}\n`);
    },
  };
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
export const ms = (x: number) => `${fmt(x, x < 100 ? 1 : 0)} ms`;
export const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;

/** A command's output, or '?' when it fails (git outside a checkout, a missing tool). */
export const sh = (cmd: string, args: string[]) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
};

/** `--name=value` and `--flag` (value '') from the command line. */
export function benchArgs(argv: readonly string[] = process.argv.slice(2)): Map<string, string> {
  return new Map(
    argv.map((a) => {
      const [k, v] = a.replace(/^--/, '').split('=');
      return [k ?? '', v ?? ''];
    }),
  );
}
