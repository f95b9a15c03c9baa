import { loadSettings, type Settings } from '../config/settings.ts';
import { CliError, type Options } from './command.ts';

export const SERVER_OPTIONS: Options = {
  'data-dir': { type: 'string', description: 'data directory (DATA_DIR, default ./data)' },
  help: { type: 'boolean', short: 'h' },
};

/** Settings from the environment with the command line's flags on top. */
export function settingsFrom(
  values: Record<string, string | boolean | undefined>,
  extra: Partial<Settings> = {},
): Settings {
  const overrides: Partial<Settings> = { ...extra };
  if (typeof values['data-dir'] === 'string') overrides.dataDir = values['data-dir'];
  if (typeof values.port === 'string') {
    if (!/^\d+$/.test(values.port)) throw new CliError(`--port ${values.port} is not a port number`, 2);
    overrides.port = Number(values.port);
  }
  if (typeof values.host === 'string') overrides.host = values.host;
  if (typeof values['tls-cert'] === 'string') overrides.tlsCert = values['tls-cert'];
  if (typeof values['tls-key'] === 'string') overrides.tlsKey = values['tls-key'];
  return loadSettings(process.env, overrides);
}
