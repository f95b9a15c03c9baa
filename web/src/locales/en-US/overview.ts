import type { Messages } from '../types';

export const overview: Messages['overview'] = {
  title: 'Overview',
  subtitle: 'System status',
  product: 'Product',
  version: 'Version',
  engine: 'Database engine',
  enginePglite: 'Embedded database (PGlite)',
  enginePostgres: 'PostgreSQL',
  timeZone: 'Business time zone',
  businessNow: 'Business time',
  today: 'Business date',
  migrations: 'Database migrations',
  migrationsApplied: '{applied} applied, latest {latest}',
  migrationsNone: 'No migrations applied yet',
  demo: 'Demo mode',
  demoOn: 'Demo data enabled',
  demoNotice: 'This is a demo installation. Do not enter real personal information.',
};
