import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';

/**
 * Process settings: how this process runs (ports, paths, engine, zone).
 * Business rules that change over time live in versioned domain configuration, not here.
 */
export const SettingsSchema = Type.Object(
  {
    port: Type.Integer({ minimum: 0, maximum: 65535 }),
    host: Type.String({ minLength: 1 }),
    dataDir: Type.String({ minLength: 1 }),
    databaseUrl: Type.Union([Type.String({ pattern: '^postgres(ql)?://' }), Type.Null()]),
    databasePoolSize: Type.Integer({ minimum: 1, maximum: 200 }),
    timeZone: Type.String({ minLength: 1 }),
    rootDivision: Type.String({ pattern: '^[0-9]{2}([0-9]{2})?$' }),
    logLevel: Type.Union([
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('trace'),
      Type.Literal('silent'),
    ]),
    tlsCert: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
    tlsKey: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
    filesDir: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
    uploadMaxBytes: Type.Integer({ minimum: 1024, maximum: 1024 * 1024 * 1024 }),
    idempotencyTtlHours: Type.Integer({ minimum: 1, maximum: 24 * 90 }),
    operatorToken: Type.Union([Type.String({ minLength: 24 }), Type.Null()]),
    dataKeys: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
    demo: Type.Boolean(),
    demoPassword: Type.String({ minLength: 1, maxLength: 200 }),
    schedulerEnabled: Type.Boolean(),
    schedulerPollMs: Type.Integer({ minimum: 50, maximum: 600_000 }),
    gridIndexCheckMs: Type.Integer({ minimum: 0, maximum: 60_000 }),
    demoGeography: Type.String({ pattern: '^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})?$' }),
    publicRateLimitPerMinute: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    trustProxy: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type Settings = Static<typeof SettingsSchema>;

/** Thrown when the environment or settings file is wrong; the message is one line for the operator. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

type Spec = {
  env: string;
  key: keyof Settings;
  kind: 'string' | 'int' | 'bool' | 'nullable';
  default: Settings[keyof Settings];
  help: string;
};

/** Every setting, its environment variable and its default: the README table is generated from this list. */
export const SETTINGS_SPEC: readonly Spec[] = [
  { env: 'PORT', key: 'port', kind: 'int', default: 8080, help: 'HTTP(S) port; 0 picks a free one' },
  { env: 'HOST', key: 'host', kind: 'string', default: '0.0.0.0', help: 'address to listen on' },
  {
    env: 'DATA_DIR',
    key: 'dataDir',
    kind: 'string',
    default: './data',
    help: 'embedded database, attachments, operator token',
  },
  {
    env: 'DATABASE_URL',
    key: 'databaseUrl',
    kind: 'nullable',
    default: null,
    help: 'use a PostgreSQL server instead of the embedded database',
  },
  {
    env: 'DATABASE_POOL_SIZE',
    key: 'databasePoolSize',
    kind: 'int',
    default: 10,
    help: 'connections per process (PostgreSQL only)',
  },
  {
    env: 'CIVICGRID_TIME_ZONE',
    key: 'timeZone',
    kind: 'string',
    default: 'Asia/Shanghai',
    help: 'zone of business time: working hours, today, months, case numbers',
  },
  {
    env: 'CIVICGRID_ROOT_DIVISION',
    key: 'rootDivision',
    kind: 'string',
    default: '1404',
    help: 'the city (4 digits) or province (2) this installation serves',
  },
  { env: 'LOG_LEVEL', key: 'logLevel', kind: 'string', default: 'info', help: 'pino level' },
  {
    env: 'TLS_CERT',
    key: 'tlsCert',
    kind: 'nullable',
    default: null,
    help: 'PEM certificate file; with TLS_KEY serves HTTPS',
  },
  { env: 'TLS_KEY', key: 'tlsKey', kind: 'nullable', default: null, help: 'PEM private key file' },
  {
    env: 'FILES_DIR',
    key: 'filesDir',
    kind: 'nullable',
    default: null,
    help: 'attachment store (default DATA_DIR/files)',
  },
  {
    env: 'UPLOAD_MAX_BYTES',
    key: 'uploadMaxBytes',
    kind: 'int',
    default: 20 * 1024 * 1024,
    help: 'largest accepted attachment',
  },
  {
    env: 'IDEMPOTENCY_TTL_HOURS',
    key: 'idempotencyTtlHours',
    kind: 'int',
    default: 72,
    help: 'how long an Idempotency-Key is remembered',
  },
  {
    env: 'CIVICGRID_OPERATOR_TOKEN',
    key: 'operatorToken',
    kind: 'nullable',
    default: null,
    help: 'operator bearer token (default: generated into DATA_DIR/operator-token)',
  },
  {
    env: 'CIVICGRID_DATA_KEYS',
    key: 'dataKeys',
    kind: 'nullable',
    default: null,
    help: 'personal-data keys, JSON {"active","keys","index"} (default: generated into DATA_DIR/keys/)',
  },
  { env: 'CIVICGRID_DEMO', key: 'demo', kind: 'bool', default: false, help: 'seed demo data on first start' },
  {
    env: 'CIVICGRID_DEMO_PASSWORD',
    key: 'demoPassword',
    kind: 'string',
    default: 'civicgrid',
    help: 'password of every demo account (demo mode only)',
  },
  {
    env: 'CIVICGRID_SCHEDULER',
    key: 'schedulerEnabled',
    kind: 'bool',
    default: true,
    help: 'run scheduled jobs in this process',
  },
  {
    env: 'CIVICGRID_SCHEDULER_POLL_MS',
    key: 'schedulerPollMs',
    kind: 'int',
    default: 1000,
    help: 'how often the scheduler looks for due jobs',
  },
  {
    env: 'CIVICGRID_GRID_INDEX_CHECK_MS',
    key: 'gridIndexCheckMs',
    kind: 'int',
    default: 500,
    help: 'how often a process checks whether grids changed (locate index), at most; processes sharing a PostgreSQL server see each other’s changes within this plus one rebuild',
  },
  {
    env: 'CIVICGRID_DEMO_GEOGRAPHY',
    key: 'demoGeography',
    kind: 'string',
    default: '',
    help: "demo mode: the division whose synthetic grids are generated ('' = the whole root division; tests use one town to stay fast)",
  },
  {
    env: 'PUBLIC_RATE_LIMIT_PER_MINUTE',
    key: 'publicRateLimitPerMinute',
    kind: 'int',
    default: 120,
    help: 'per-client limit on public endpoints',
  },
  {
    env: 'TRUST_PROXY',
    key: 'trustProxy',
    kind: 'bool',
    default: false,
    help: 'behind a TLS-terminating reverse proxy',
  },
];

function parseValue(spec: Spec, raw: string): unknown {
  switch (spec.kind) {
    case 'int': {
      if (!/^-?\d+$/.test(raw.trim()))
        throw new SettingsError(`${spec.env}=${raw} is not a whole number (${spec.help})`);
      return Number(raw);
    }
    case 'bool': {
      const v = raw.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
      throw new SettingsError(`${spec.env}=${raw} must be true or false`);
    }
    case 'nullable':
      return raw.trim() === '' ? null : raw;
    default:
      return raw;
  }
}

/**
 * Settings come from, in order of precedence: explicit overrides (CLI flags), environment variables,
 * an optional JSON file named by CIVICGRID_CONFIG_FILE (keys as in the environment), then defaults.
 */
export function loadSettings(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Settings> = {}): Settings {
  let fileValues: Record<string, string> = {};
  const file = env.CIVICGRID_CONFIG_FILE;
  if (file) {
    if (!existsSync(file)) throw new SettingsError(`CIVICGRID_CONFIG_FILE=${file}: file not found`);
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      fileValues = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
    } catch (err) {
      throw new SettingsError(
        `CIVICGRID_CONFIG_FILE=${file}: not a JSON object of settings (${(err as Error).message})`,
      );
    }
    const known = new Set(SETTINGS_SPEC.map((s) => s.env));
    const unknown = Object.keys(fileValues).filter((k) => !known.has(k));
    if (unknown.length) throw new SettingsError(`CIVICGRID_CONFIG_FILE=${file}: unknown setting ${unknown.join(', ')}`);
  }
  const values: Record<string, unknown> = {};
  for (const spec of SETTINGS_SPEC) {
    const raw = env[spec.env] ?? fileValues[spec.env];
    values[spec.key] = raw === undefined ? spec.default : parseValue(spec, raw);
  }
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) values[k] = v;

  if (!Value.Check(SettingsSchema, values)) {
    const first = [...Value.Errors(SettingsSchema, values)][0];
    const key = first?.instancePath.replace(/^\//, '') ?? '';
    const spec = SETTINGS_SPEC.find((s) => s.key === key);
    throw new SettingsError(
      `${spec?.env ?? key}=${String(values[key])} is invalid: ${first?.message ?? 'bad value'} (${spec?.help ?? ''})`,
    );
  }
  const settings = values as Settings;
  if (!isValidTimeZone(settings.timeZone)) {
    throw new SettingsError(`CIVICGRID_TIME_ZONE=${settings.timeZone} is not an IANA time zone (e.g. Asia/Shanghai)`);
  }
  if ((settings.tlsCert === null) !== (settings.tlsKey === null)) {
    throw new SettingsError('TLS_CERT and TLS_KEY must be given together');
  }
  for (const key of ['tlsCert', 'tlsKey'] as const) {
    const f = settings[key];
    if (f !== null && !existsSync(f))
      throw new SettingsError(`${key === 'tlsCert' ? 'TLS_CERT' : 'TLS_KEY'}=${f}: file not found`);
  }
  settings.dataDir = path.resolve(settings.dataDir);
  if (settings.filesDir) settings.filesDir = path.resolve(settings.filesDir);
  return settings;
}

export function filesDirOf(settings: Settings): string {
  return settings.filesDir ?? path.join(settings.dataDir, 'files');
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
