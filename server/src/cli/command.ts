import type { ParseArgsConfig } from 'node:util';

type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & { description?: string };
export type Options = Record<string, OptionSpec>;

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: Options;
  /** Returns the process exit code. */
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
}

/** A one-line failure for the operator, printed without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export const COMMON_OPTIONS: Options = {
  'data-dir': { type: 'string', description: 'data directory (DATA_DIR)' },
  help: { type: 'boolean', short: 'h' },
};
