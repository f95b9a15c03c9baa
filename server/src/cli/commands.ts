import { auditVerifyCommand } from './audit.command.ts';
import { backupCommand, exportCommand, importCommand, restoreCommand } from './backup.command.ts';
import { calendarCommand } from './calendar.command.ts';
import { casesCommand } from './cases.command.ts';
import type { Command } from './command.ts';
import { indicatorsCommand } from './indicators.command.ts';
import { keysRotateCommand } from './keys.command.ts';
import { migrateCommand, seedCommand } from './migrate.command.ts';
import { openapiCommand } from './openapi.command.ts';
import { regionsCommand } from './regions.command.ts';
import { serveCommand } from './serve.command.ts';

export const commands: Command[] = [
  serveCommand,
  migrateCommand,
  seedCommand,
  openapiCommand,
  backupCommand,
  restoreCommand,
  exportCommand,
  importCommand,
  auditVerifyCommand,
  keysRotateCommand,
  regionsCommand,
  calendarCommand,
  casesCommand,
  indicatorsCommand,
];
