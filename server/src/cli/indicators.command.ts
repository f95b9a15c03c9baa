import { createContext } from '../context.ts';
import { CliError, type Command } from './command.ts';
import { SERVER_OPTIONS, settingsFrom } from './settings-flags.ts';

const USAGE = 'indicators verify|rebuild';

/**
 * The indicator rollups against the action log: `verify` derives every urban case's facts and marks again and
 * lists what differs from the rollups (exit code 1 when anything does); `rebuild` throws the rollups away and
 * derives them from scratch. The embedded database must be free (stop the server, or call the API:
 * GET /api/indicators/verify, POST /api/indicators/rebuild).
 */
export const indicatorsCommand: Command = {
  name: 'indicators',
  summary: 'check the indicator rollups against a full recomputation from the action log, or rebuild them',
  usage: USAGE,
  options: { ...SERVER_OPTIONS },
  async run(values, positionals) {
    const what = positionals[0];
    if (positionals.length !== 1 || (what !== 'verify' && what !== 'rebuild'))
      throw new CliError(`usage: civicgrid ${USAGE}`, 2);
    const ctx = await createContext(settingsFrom(values, { logLevel: 'warn' }));
    try {
      // Whatever the consumer has not handled yet would show as a difference.
      await ctx.events.drain();
      if (what === 'rebuild') {
        const { cases, marks } = await ctx.indicators.rebuildAll();
        console.log(`${cases} cases, ${marks} marks rebuilt from the action log`);
        return 0;
      }
      const report = await ctx.indicators.verifyAll();
      for (const line of report.differences.slice(0, 200)) console.log(line);
      if (report.differences.length > 200) console.log(`… and ${report.differences.length - 200} more`);
      console.log(`${report.cases} cases, ${report.marks} marks: ${report.differences.length} differences`);
      return report.differences.length > 0 ? 1 : 0;
    } finally {
      await ctx.close();
    }
  },
};
