import { createContext } from '../context.ts';
import { operatorActor } from '../platform/access.ts';
import { CliError, type Command } from './command.ts';
import { SERVER_OPTIONS, settingsFrom } from './settings-flags.ts';

const USAGE = 'cases rebuild [--write]';

/**
 * Rebuilds the case tables (cases, tasks, clocks) from the action log. By default it only checks and
 * lists what differs (exit code 1 when anything does); `--write` repairs the tables. The log is never
 * changed. The embedded database must be free (stop the server, or call POST /api/cases/rebuild).
 */
export const casesCommand: Command = {
  name: 'cases',
  summary: 'check (or with --write repair) the case tables against the action log',
  usage: USAGE,
  options: {
    ...SERVER_OPTIONS,
    write: { type: 'boolean', description: 'rewrite the rows that differ (default: only report them)' },
  },
  async run(values, positionals) {
    if (positionals.length !== 1 || positionals[0] !== 'rebuild') throw new CliError(`usage: civicgrid ${USAGE}`, 2);
    const ctx = await createContext(settingsFrom(values, { logLevel: 'warn' }));
    try {
      const report = await ctx.cases.rebuild(operatorActor(), values.write !== true);
      for (const line of report.differences.slice(0, 200)) console.log(line);
      if (report.differences.length > 200) console.log(`… and ${report.differences.length - 200} more`);
      const verb = values.write === true ? 'repaired' : 'found';
      console.log(
        `${report.cases} cases, ${report.actions} log entries: ${report.differences.length} differences ${verb}`,
      );
      return report.differences.length > 0 && values.write !== true ? 1 : 0;
    } finally {
      await ctx.close();
    }
  },
};
