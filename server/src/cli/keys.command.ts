import { loadKeyRing } from '../platform/personal-data/index.ts';
import { CliError, type Command } from './command.ts';
import { SERVER_OPTIONS, settingsFrom } from './settings-flags.ts';

/**
 * Adds a new personal-data key and makes it active. Values sealed before stay readable with the old
 * key; the `people.reseal` job moves them to the new one (run it from the console to hurry it).
 * Running servers seal with the new key once restarted; they open new values at once.
 */
export const keysRotateCommand: Command = {
  name: 'keys-rotate',
  summary: 'add a new personal-data encryption key and make it active (old keys keep opening old values)',
  usage: 'keys-rotate [--data-dir DIR]',
  options: SERVER_OPTIONS,
  async run(values, positionals) {
    if (positionals.length > 0) throw new CliError(`usage: civicgrid ${keysRotateCommand.usage}`, 2);
    const settings = settingsFrom(values, { logLevel: 'warn' });
    const ring = loadKeyRing({ dataKeys: settings.dataKeys, dataDir: settings.dataDir });
    const before = ring.activeId;
    let id: string;
    try {
      id = ring.rotate();
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    console.log(`active personal-data key: ${before} → ${id} (${ring.ids.length} keys kept)`);
    console.log(
      'restart the servers, then let the people.reseal job re-encrypt existing values (or run it now from 定时任务).',
    );
    console.log('back up the keys file again: backups of the data do not contain it.');
    return 0;
  },
};
