/**
 * "The same transaction's SQL": what one `POST /api/cases` sends to PostgreSQL, recorded from inside the
 * server process, and replayed through `pg` with fresh ids.
 *
 * Capture: `pg.Client.prototype.query` is wrapped for the duration of one request (after warm-up), so every
 * statement any pool connection sends is recorded in order with its query config (text, values, row mode) and
 * the rows it returned, and its connection's backend pid. The statements are then sorted into the parts of the
 * request: the reads before the transaction (session → actor, grid index version, division, category), the
 * transaction (BEGIN … COMMIT on one connection, starting with the Idempotency-Key), the audit record written
 * in the background after the response (its own transaction), and the event bus's work (not replayed).
 *
 * Replay: the recorded statements in the same order on one `pg` client, each with its recorded config; only
 * what must differ per case is swapped — the case id, the Idempotency-Key, the case number (built from the
 * counter the replayed upsert returns, so numbers stay unique), the log entry's id (from the replayed insert),
 * the audit record's seq and id.
 */
import pg from 'pg';
import { newId as uuidv7 } from '../../server/src/platform/ids.ts';

export interface Recorded {
  pid: number;
  text: string;
  values: unknown[] | undefined;
  config: Record<string, unknown>;
  rows?: unknown[];
  ms?: number;
}

type Query = (...args: unknown[]) => unknown;

/** Records every statement sent through any `pg.Client` until `stop()`. */
export function startRecording(): { stop(): Recorded[] } {
  const log: Recorded[] = [];
  const proto = pg.Client.prototype as unknown as { query: Query };
  const original = proto.query;
  proto.query = function (this: pg.Client & { processID?: number }, ...args: unknown[]) {
    const q = args[0];
    const config: Record<string, unknown> = typeof q === 'string' ? { text: q } : { ...(q as Record<string, unknown>) };
    const values = (typeof q === 'string' ? args[1] : (config.values ?? args[1])) as unknown[] | undefined;
    delete config.values;
    const entry: Recorded = { pid: this.processID ?? -1, text: String(config.text), values, config };
    log.push(entry);
    const started = performance.now();
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function')
      (result as Promise<{ rows?: unknown[] }>).then(
        (r) => {
          entry.rows = r?.rows;
          entry.ms = performance.now() - started;
        },
        () => undefined,
      );
    return result;
  };
  return {
    stop() {
      proto.query = original;
      return log;
    },
  };
}

export interface Captured {
  /** Reads before the transaction, on the pool (session, actor, grids, category). */
  before: Recorded[];
  /** BEGIN … COMMIT of the case. */
  tx: Recorded[];
  /** The background audit record's transaction (BEGIN … COMMIT). */
  audit: Recorded[];
  /** Everything else seen meanwhile (event bus, notifications consumer): not replayed. */
  other: Recorded[];
  caseId: string;
  number: string;
  key: string;
  actionId: number;
}

/** Sorts one request's statements into its parts. */
export function splitCapture(log: Recorded[], body: { id: string; number: string }, key: string): Captured {
  const isBegin = (r: Recorded) => /^begin$/i.test(r.text.trim());
  const isCommit = (r: Recorded) => /^commit$/i.test(r.text.trim());
  const blockFrom = (i: number) => {
    const pid = log[i]!.pid;
    const out: number[] = [i];
    for (let j = i + 1; j < log.length; j++) {
      if (log[j]!.pid !== pid) continue;
      out.push(j);
      if (isCommit(log[j]!)) break;
    }
    return out;
  };
  const used = new Set<number>();
  let tx: number[] = [];
  let audit: number[] = [];
  for (let i = 0; i < log.length; i++) {
    if (!isBegin(log[i]!)) continue;
    const next = log.slice(i + 1).find((r) => r.pid === log[i]!.pid);
    if (!next) continue;
    if (tx.length === 0 && /idempotency_key/.test(next.text)) tx = blockFrom(i);
    else if (audit.length === 0 && /pg_advisory_xact_lock\(7340101\)/.test(next.text)) audit = blockFrom(i);
  }
  if (tx.length === 0) throw new Error('no transaction with an Idempotency-Key in the capture');
  for (const i of [...tx, ...audit]) used.add(i);
  const before: Recorded[] = [];
  const other: Recorded[] = [];
  for (let i = 0; i < log.length; i++) {
    if (used.has(i)) continue;
    const r = log[i]!;
    // The event bus and its consumer: polling the outbox, the consumer's position, its own transactions.
    const background = /engine_event|event_consumer|pg_try_advisory_xact_lock|^\s*(begin|commit)\s*$/i.test(r.text);
    if (i < tx[0]! && !background) before.push(r);
    else other.push(r);
  }
  const insertAction = tx.map((i) => log[i]!).find((r) => /^insert into "case_action"/.test(r.text));
  const row = insertAction?.rows?.[0];
  const actionId = Number(Array.isArray(row) ? row[0] : (row as { id?: unknown } | undefined)?.id);
  if (!Number.isFinite(actionId)) throw new Error('the log entry id was not recorded');
  return {
    before,
    tx: tx.map((i) => log[i]!),
    audit: audit.map((i) => log[i]!),
    other,
    caseId: body.id,
    number: body.number,
    key,
    actionId,
  };
}

/** A short name for a statement (the first words and table), for per-statement timings. */
export function statementName(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  const m =
    /^(select|insert into|update|delete from)\b.*?\b(?:from|into|update|delete from)?\s*"?([a-z_]+)"?/i.exec(t) ?? null;
  if (/pg_advisory_xact_lock/.test(t)) return 'advisory lock (audit chain)';
  if (/pg_notify/.test(t)) return 'pg_notify';
  if (/^(begin|commit)$/i.test(t)) return t.toUpperCase();
  if (/^insert into case_number_counter/i.test(t)) return 'insert case_number_counter … on conflict do update';
  if (/config_version/.test(t) && /^select/i.test(t)) return 'select config_version';
  if (!m) return t.slice(0, 40);
  const verb = m[1]!.toLowerCase().split(' ')[0]!;
  const table = /^select/i.test(t) ? (/ from "?([a-z_]+)"?/i.exec(t)?.[1] ?? '?') : m[2];
  return `${verb} ${table}`;
}

export interface ReplayOptions {
  /** Replace the county in the case number and counter (spread the counter over many rows). */
  county?: string;
  /** Leave out `pg_notify` (what the transaction costs without the NOTIFY queue's commit lock). */
  skipNotify?: boolean;
  /**
   * Take the number last, right before COMMIT (a sketch of an engine that writes the number at the end): the
   * statements before it carry a unique placeholder instead.
   */
  lateNumber?: boolean;
  /**
   * Leave out the reads after the writes (the engine reading back the entry, case, tasks and clocks it just
   * wrote, and the cases service reading case, tasks and clocks again for the actions): what the transaction
   * costs when the answer is built from what was written.
   */
  dropRereads?: boolean;
}

/** The order the statements of a part run in, with the variants' changes. */
export function arrange(statements: Recorded[], options: ReplayOptions): Recorded[] {
  let out = statements;
  if (options.skipNotify) out = out.filter((r) => !/pg_notify/.test(r.text));
  if (options.dropRereads)
    out = out.filter((r) => !/^select [\s\S]* from "(case_action|case_file|case_task|case_deadline)"/.test(r.text));
  if (options.lateNumber) {
    const counter = out.find((r) => /^insert into case_number_counter/i.test(r.text));
    if (counter) {
      out = out.filter((r) => r !== counter);
      out.splice(out.length - 1, 0, counter);
    }
  }
  return out;
}

/** Swaps the per-case values in one statement's parameters. */
function swap(value: unknown, pairs: [string, string][], oldActionId: number, newActionId: number | null): unknown {
  if (typeof value === 'string') {
    let s = value;
    for (const [a, b] of pairs) if (s.includes(a)) s = s.split(a).join(b);
    if (newActionId !== null && s.includes(`"actionId":${oldActionId}`))
      s = s.split(`"actionId":${oldActionId}`).join(`"actionId":${newActionId}`);
    return s;
  }
  if (typeof value === 'number' && newActionId !== null && value === oldActionId) return newActionId;
  return value;
}

export interface StatementTimes {
  names: string[];
  /** Total ms per statement index over all replays. */
  total: Float64Array;
  count: number;
}

export function newStatementTimes(statements: Recorded[]): StatementTimes {
  return {
    names: statements.map((s) => statementName(s.text)),
    total: new Float64Array(statements.length),
    count: 0,
  };
}

/**
 * Replays the statements of one part on a client. `part` is 'tx' (BEGIN…COMMIT) or 'audit'; 'before' reads run
 * as they are. Returns the rows of the last statement.
 */
export async function replayPart(
  client: pg.Client,
  cap: Captured,
  statements: Recorded[],
  kind: 'before' | 'tx' | 'audit',
  options: ReplayOptions = {},
  times?: StatementTimes,
): Promise<void> {
  const caseId = uuidv7();
  const key = `replay-${caseId}`;
  const pairs: [string, string][] =
    kind === 'tx'
      ? [
          [cap.caseId, caseId],
          [cap.key, key],
        ]
      : [];
  // Fits varchar(40) and never collides with a real number.
  if (kind === 'tx' && options.lateNumber) pairs.push([cap.number, `L${caseId.replaceAll('-', '')}`]);
  let newActionId: number | null = null;
  let started = 0;
  try {
    for (let i = 0; i < statements.length; i++) {
      const r = statements[i]!;
      let values = r.values?.map((v) => swap(v, pairs, cap.actionId, newActionId));
      if (kind === 'tx' && /^insert into case_number_counter/i.test(r.text) && options.county && values)
        values = [options.county, ...values.slice(1)];
      if (kind === 'audit' && /^insert into "audit_record"/.test(r.text) && values) {
        values = [...values];
        values[1] = uuidv7();
      }
      if (times) started = performance.now();
      const result = await client.query({ ...r.config, values } as pg.QueryConfig);
      if (times) times.total[i]! += performance.now() - started;
      if (kind === 'tx' && /^insert into case_number_counter/i.test(r.text)) {
        const row = result.rows[0] as unknown[] | { last: number };
        const last = Array.isArray(row) ? Number(row[0]) : Number(row.last);
        const prefix = (options.county ?? cap.number.slice(0, 6)) + cap.number.slice(6, 14);
        if (!options.lateNumber) pairs.push([cap.number, `${prefix}${String(last).padStart(5, '0')}`]);
      }
      if (kind === 'tx' && /^insert into "case_action"/.test(r.text)) {
        const row = result.rows[0] as unknown[] | { id: unknown };
        newActionId = Number(Array.isArray(row) ? row[0] : row.id);
      }
      if (kind === 'audit' && /^select[\s\S]* from "audit_record"/.test(r.text)) {
        const row = result.rows[0] as unknown[] | { seq: unknown } | undefined;
        const seq = row ? Number(Array.isArray(row) ? row[0] : row.seq) : 0;
        // The next statement (the insert) takes seq + 1.
        const ins = statements[i + 1];
        if (ins?.values) {
          const v = [...ins.values];
          v[0] = seq + 1;
          statements = [...statements];
          statements[i + 1] = { ...ins, values: v };
        }
      }
    }
    if (times) times.count++;
  } catch (err) {
    if (kind !== 'before') await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
