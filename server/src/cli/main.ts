import { parseArgs } from 'node:util';
import { SettingsError } from '../config/settings.ts';
import { DataDirInUseError } from '../db/data-dir-lock.ts';
import { CliError, type Command } from './command.ts';
import { commands } from './commands.ts';

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'civicgrid — CivicGrid 网格治理平台',
    '',
    'Usage: civicgrid <command> [options]   (civicgrid <command> --help for details)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Settings come from environment variables (see README, "Configuration").',
  ].join('\n');
}

function commandHelp(c: Command): string {
  const opts = Object.entries(c.options).map(([name, o]) => {
    const short = 'short' in o && o.short ? `-${o.short}, ` : '    ';
    const arg = o.type === 'string' ? ' <value>' : '';
    const desc = (o as { description?: string }).description ?? (name === 'help' ? 'show this help' : '');
    return `  ${short}--${name}${arg}`.padEnd(34) + desc;
  });
  return [`civicgrid ${c.name} — ${c.summary}`, '', `Usage: civicgrid ${c.usage}`, '', 'Options:', ...opts].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`civicgrid: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  } catch (err) {
    console.error(`civicgrid ${name}: ${(err as Error).message}\n\n${commandHelp(command)}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(commandHelp(command));
    return 0;
  }
  return command.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof SettingsError || err instanceof DataDirInUseError || err instanceof CliError) {
    console.error(`civicgrid: ${err.message}`);
    process.exitCode = err instanceof CliError ? err.exitCode : 1;
  } else {
    console.error(err);
    process.exitCode = 1;
  }
}
