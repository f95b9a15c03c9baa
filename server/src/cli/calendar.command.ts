import { readFileSync } from 'node:fs';
import { type AppContext, createContext } from '../context.ts';
import { YEAR_MAX, YEAR_MIN } from '../modules/calendar/calendar.schemas.ts';
import type { OfficialDayInput } from '../modules/calendar/calendar.service.ts';
import { operatorActor } from '../platform/access.ts';
import { AppError, type Locale } from '../platform/errors.ts';
import { CliError, type Command } from './command.ts';
import { SERVER_OPTIONS, settingsFrom } from './settings-flags.ts';

const USAGE = 'calendar load --year YYYY --file FILE.json | calendar show --year YYYY [--division CODE]';
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * The working calendar (工作日历) from the command line, as the operator:
 *
 * - `load` loads the State Council's holiday arrangement for a year from a JSON file —
 *   `{"year": 2027, "days": [{"date": "2027-01-01", "kind": "holiday", "name": "元旦"}, …]}`, listing the
 *   holidays that fall on Monday–Friday and the make-up workdays (Saturdays/Sundays) — with the same checks
 *   and effects as `PUT /api/calendar/official/{year}` (audit record, `calendar.changed`, the recompute job);
 * - `show` prints a year's holidays, make-up workdays and local days, and the working hours in force.
 *
 * The embedded database must be free (stop the server, or call the API instead).
 */
export const calendarCommand: Command = {
  name: 'calendar',
  summary: 'load the State Council holiday arrangement for a year from a JSON file, or show a year’s working calendar',
  usage: USAGE,
  options: {
    ...SERVER_OPTIONS,
    year: { type: 'string', description: 'the year, e.g. 2027' },
    file: { type: 'string', description: 'load: the JSON file {"year", "days": [{"date", "kind", "name"}]}' },
    division: { type: 'string', description: "show: whose working hours to print (default '', the installation)" },
  },
  async run(values, positionals) {
    const [action] = positionals;
    const yearText = values.year;
    if (
      positionals.length !== 1 ||
      (action !== 'load' && action !== 'show') ||
      typeof yearText !== 'string' ||
      (action === 'load' && typeof values.file !== 'string')
    )
      throw new CliError(`usage: civicgrid ${USAGE}`, 2);
    if (!/^\d{4}$/.test(yearText)) throw new CliError(`--year ${yearText} is not a year (e.g. 2027)`, 2);
    const year = Number(yearText);
    if (year < YEAR_MIN || year > YEAR_MAX)
      throw new CliError(`--year ${yearText} is not between ${YEAR_MIN} and ${YEAR_MAX}`, 2);
    const days = action === 'load' ? readDaysFile(String(values.file), year) : [];
    const locale = cliLocale();
    const ctx = await createContext(settingsFrom(values, { logLevel: 'warn' }));
    try {
      if (action === 'load') await load(ctx, year, String(values.file), days, locale);
      else await show(ctx, year, typeof values.division === 'string' ? values.division : '');
      return 0;
    } catch (err) {
      if (err instanceof AppError) throw new CliError(describe(err, locale));
      throw err;
    } finally {
      await ctx.close();
    }
  },
};

async function load(
  ctx: AppContext,
  year: number,
  file: string,
  days: OfficialDayInput[],
  locale: Locale,
): Promise<void> {
  const r = await ctx.calendar.loadOfficial(operatorActor(), year, days, locale);
  console.log(`${year}: ${days.length} days read from ${file}`);
  console.log(r.message);
  if (r.dates.length > 0) console.log(`changed: ${r.dates.join(' ')}`);
}

async function show(ctx: AppContext, year: number, division: string): Promise<void> {
  const y = await ctx.calendar.year(operatorActor(), year, division);
  const sources = y.sources.length > 0 ? y.sources.join(', ') : 'none';
  console.log(
    `${year}: ${y.known ? 'holiday arrangement known' : 'holiday arrangement NOT known (only weekends are rest days)'}; ` +
      `sources: ${sources}; ${y.counts.workingDays} working days`,
  );
  const periods = y.workingHours.periods.map((p) => `${p.start}–${p.end}`).join(', ');
  console.log(`working hours (${y.workingHours.division || 'installation'}, ${y.workingHours.at}): ${periods}`);
  for (const d of y.days) {
    const weekday = WEEKDAYS[new Date(`${d.date}T00:00:00Z`).getUTCDay()];
    console.log(`${d.date} ${weekday}  ${d.kind.padEnd(7)}  ${d.source ?? ''}\t${d.name ?? ''}`);
  }
}

/** The file's days, after checking it is the documented shape and its year agrees with --year. */
function readDaysFile(file: string, year: number): OfficialDayInput[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || !Array.isArray((parsed as { days?: unknown }).days))
    throw new CliError(`${file} is not {"year": ${year}, "days": [{"date", "kind", "name"}, …]}`);
  const { year: fileYear, days } = parsed as { year?: unknown; days: unknown[] };
  if (fileYear !== undefined && fileYear !== year)
    throw new CliError(`${file} is for the year ${String(fileYear)}, not ${year}`);
  // Entries are checked by the service, each bad one reported (an entry that is not an object too).
  return days as OfficialDayInput[];
}

/** The error's message, and each bad entry on its own line. */
function describe(err: AppError, locale: Locale): string {
  const problems = (err.details as { problems?: { message: string }[] } | null)?.problems ?? [];
  return [err.messageIn(locale), ...problems.map((p) => `  ${p.message}`)].join('\n');
}

function cliLocale(): Locale {
  return (process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '').startsWith('zh') ? 'zh-CN' : 'en-US';
}
