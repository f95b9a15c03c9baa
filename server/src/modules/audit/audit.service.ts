import type { Logger } from 'pino';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/access.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import type { PageOf, PageRequest } from '../../platform/paging.ts';
import { GENESIS_HASH, recordHash, storableDetails, storableText } from './audit.chain.ts';
import { AuditErrors, auditPolicy } from './audit.policy.ts';
import { MIN_AUDIT_RETENTION_DAYS } from './audit.registry.ts';
import { type AuditFilter, type AuditRow, type AuditSortField, auditRepo } from './audit.repo.ts';
import type { AuditOutcome } from './audit.tables.ts';

/** Who did it: a person, the operator, an anonymous caller, or the system itself (scheduled jobs). */
export interface AuditActor {
  kind: Actor['kind'] | 'system';
  id: string | null;
  displayName: string;
}

export const SYSTEM_ACTOR: AuditActor = { kind: 'system', id: 'system', displayName: 'system' };

/** One thing to put on the record: who, what, with what outcome, to which record, from where. */
export interface AuditEntry {
  actor: AuditActor;
  /** Dotted, lower case: 'config.version.create', 'auth.login.failed', 'http.write'. */
  action: string;
  outcome?: AuditOutcome;
  target?: { type: string | null; id: string | null };
  /** The division the record concerns; decides who may read it ('' = the installation). */
  ownerDivision?: string;
  ip?: string | null;
  requestId?: string | null;
  /** Never personal data or request bodies: ids, codes, counts, field names. */
  details?: Record<string, unknown>;
}

export type AuditFilterInput = Omit<AuditFilter, 'scopes'>;

export interface AuditVerification {
  ok: boolean;
  /** Records whose hash and link were checked (up to the first broken one). */
  checked: number;
  firstBrokenSeq: number | null;
  reason: string | null;
  /** The oldest record kept (older ones were removed by retention, accounted for by a checkpoint). */
  firstSeq: number | null;
  /** The head of the chain: note it somewhere else to detect a rewrite of the whole tail later. */
  lastSeq: number | null;
  lastHash: string | null;
}

export interface PurgeResult {
  deleted: number;
  /** The last seq removed (the checkpoint names it), null when nothing was old enough. */
  throughSeq: number | null;
  checkpointSeq: number | null;
}

export const PURGE_ACTION = 'audit.retention.purge';
const ACTION = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/;
const VERIFY_BATCH = 1000;
const EXPORT_BATCH = 500;
/** One export holds at most this many records (a spreadsheet opens about a million rows). */
export const EXPORT_LIMIT = 100_000;

/**
 * The tamper-evident audit trail.
 *
 * Each record carries the hash of the record before it (audit.chain.ts), so editing, deleting or
 * inserting a row in the middle breaks the chain at that row, and `verify()` finds it. Trust model:
 * the chain has no secret, so someone who can write to the database could rewrite a whole tail and
 * recompute every hash after it, or cut records off the end. What the chain guarantees is that any
 * change leaves the records before it as they were and is visible from the next verified head on:
 * keeping the head (lastSeq, lastHash of `verify`) outside the database — in the job log, in a
 * backup, on paper — turns that into detection of any change before it. Retention deletes a prefix
 * of the chain only after appending a checkpoint that names the last deleted record and its hash, so
 * the oldest kept record's prev_hash is anchored by a hashed record rather than taken on trust.
 */
export class AuditService {
  readonly #pending = new Set<Promise<unknown>>();

  constructor(private readonly deps: { db: Db; time: BusinessTime; log: Logger }) {}

  /**
   * Appends a record. Given the caller's transaction, the record commits or rolls back with the
   * write it describes. Appenders are serialised by a transaction-scoped advisory lock, held until
   * that transaction ends; on the embedded engine (one connection) pass the transaction you are in,
   * never call this without it from inside one — it would wait for itself.
   */
  async record(entry: AuditEntry, tx?: Db): Promise<AuditRow> {
    return this.#record(entry, tx, this.deps.time.now());
  }

  async #record(entry: AuditEntry, tx: Db | undefined, at: Date): Promise<AuditRow> {
    if (!ACTION.test(entry.action))
      throw new Error(`audit action ${JSON.stringify(entry.action)} is not dotted lower case`);
    if (!tx) return this.deps.db.transaction((t) => this.append(t, entry, at));
    return this.append(tx, entry, at);
  }

  /**
   * Records in the background (request hooks: the response has gone already). A failure is logged,
   * never thrown: losing the response to an audit problem would be worse. `settled()` waits for these.
   */
  recordLater(entry: AuditEntry, log: Pick<Logger, 'error'> = this.deps.log): void {
    // The time it happened, not the time the write got its turn.
    const p = this.#record(entry, undefined, this.deps.time.now())
      .catch((err: unknown) => log.error({ err, action: entry.action }, 'audit record could not be written'))
      .finally(() => this.#pending.delete(p));
    this.#pending.add(p);
  }

  /** Resolves when every background record has been written (shutdown, tests). */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  private async append(tx: Db, entry: AuditEntry, at: Date): Promise<AuditRow> {
    await auditRepo.lockChain(tx);
    const last = await auditRepo.last(tx);
    const opt = (v: string | null | undefined, max: number) => (v == null ? null : storableText(v, max));
    const fields = {
      seq: (last?.seq ?? 0) + 1,
      id: newId(),
      occurredAt: at,
      actorKind: entry.actor.kind,
      actorId: opt(entry.actor.id, 200),
      actorName: storableText(entry.actor.displayName, 200),
      action: entry.action,
      outcome: entry.outcome ?? 'success',
      targetType: opt(entry.target?.type, 100),
      targetId: opt(entry.target?.id, 200),
      ownerDivision: entry.ownerDivision ?? '',
      ip: opt(entry.ip, 100),
      requestId: opt(entry.requestId, 100),
      details: storableDetails(entry.details),
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    const row: AuditRow = { ...fields, prevHash, hash: recordHash(prevHash, fields) };
    await auditRepo.insert(tx, row);
    return row;
  }

  async list(actor: Actor, req: PageRequest<AuditSortField>, filter: AuditFilterInput): Promise<PageOf<AuditRow>> {
    auditPolicy.read(actor);
    checkRange(filter);
    const { items, total } = await auditRepo.page(this.deps.db, req, { ...filter, scopes: actor.scope.divisions });
    return { items, total, page: req.page, pageSize: req.pageSize };
  }

  /**
   * The records an export will hold, in chain order, read in batches. Checked before the first byte
   * is sent (permission, range, size), and the export itself goes on the record.
   */
  async exportRecords(
    actor: Actor,
    filter: AuditFilterInput,
    origin: { ip: string | null; requestId: string | null },
  ): Promise<AsyncIterable<AuditRow>> {
    auditPolicy.read(actor);
    checkRange(filter);
    // The records there are now: neither the export's own record nor later ones are in it.
    const head = await auditRepo.last(this.deps.db);
    const scoped: AuditFilter = { ...filter, scopes: actor.scope.divisions, throughSeq: head?.seq ?? 0 };
    const total = await auditRepo.count(this.deps.db, scoped);
    if (total > EXPORT_LIMIT) throw AuditErrors.AUDIT_EXPORT_TOO_LARGE({ count: total, limit: EXPORT_LIMIT });
    await this.record({
      actor,
      action: 'audit.export',
      ...origin,
      details: {
        records: total,
        throughSeq: scoped.throughSeq,
        filter: { ...filter, from: filter.from?.toISOString(), to: filter.to?.toISOString() },
      },
    });
    const db = this.deps.db;
    return (async function* () {
      let after = 0;
      let sent = 0;
      while (sent < EXPORT_LIMIT) {
        const batch = await auditRepo.matchingAfter(db, scoped, after, Math.min(EXPORT_BATCH, EXPORT_LIMIT - sent));
        if (batch.length === 0) return;
        yield* batch;
        sent += batch.length;
        after = batch.at(-1)!.seq;
      }
    })();
  }

  /** Checks the chain (for the audit administrator). */
  async verifyAs(actor: Actor): Promise<AuditVerification> {
    auditPolicy.verify(actor);
    return this.verify();
  }

  /**
   * Walks the whole chain in seq order, recomputing each hash and checking each link; stops at the
   * first break. Read-only, in batches, so it never holds the (embedded) database for long.
   */
  async verify(db: Db = this.deps.db): Promise<AuditVerification> {
    const result = (
      checked: number,
      firstSeq: number | null,
      last: AuditRow | null,
      broken?: { seq: number; reason: string },
    ): AuditVerification => ({
      ok: !broken,
      checked,
      firstBrokenSeq: broken?.seq ?? null,
      reason: broken?.reason ?? null,
      firstSeq,
      lastSeq: last?.seq ?? null,
      lastHash: last?.hash ?? null,
    });

    const first = await auditRepo.first(db);
    if (!first) return result(0, null, null);
    // Where the chain starts: the genesis, or the checkpoint of the purge that removed what came before.
    let expectedPrev = GENESIS_HASH;
    if (first.seq < 1) {
      return result(0, first.seq, null, {
        seq: first.seq,
        reason: `seq ${first.seq} precedes the start of the chain: a record was inserted`,
      });
    }
    if (first.seq > 1) {
      const [checkpoint] = await auditRepo.checkpointsThrough(db, PURGE_ACTION, first.seq - 1);
      if (!checkpoint) {
        return result(0, first.seq, null, {
          seq: first.seq - 1,
          reason: `records up to seq ${first.seq - 1} are missing and no retention checkpoint accounts for them`,
        });
      }
      expectedPrev = String(checkpoint.details.lastHash ?? '');
    }

    let checked = 0;
    let prev: AuditRow | null = null;
    let after = first.seq - 1;
    for (;;) {
      const batch = await auditRepo.batchAfter(db, after, VERIFY_BATCH);
      if (batch.length === 0) return result(checked, first.seq, prev);
      for (const row of batch) {
        const broken = checkRecord(row, prev, expectedPrev);
        if (broken) return result(checked, first.seq, prev, broken);
        checked++;
        prev = row;
        expectedPrev = row.hash;
      }
      after = batch.at(-1)!.seq;
    }
  }

  /**
   * Retention: deletes the oldest records — the longest prefix of the chain that is all older than
   * `before` — after appending a checkpoint naming the last deleted record and its hash, in one
   * transaction. At most `limit` records per call, so a job's transaction stays short.
   */
  async purgeBefore(before: Date, options: { tx?: Db; limit?: number } = {}): Promise<PurgeResult> {
    const earliest = this.deps.time.now().getTime() - MIN_AUDIT_RETENTION_DAYS * 86_400_000;
    if (before.getTime() > earliest) {
      throw new RangeError(`audit records are kept at least ${MIN_AUDIT_RETENTION_DAYS} days`);
    }
    const run = async (tx: Db): Promise<PurgeResult> => {
      await auditRepo.lockChain(tx);
      const first = await auditRepo.first(tx);
      if (!first) return { deleted: 0, throughSeq: null, checkpointSeq: null };
      const keptFrom = await auditRepo.firstSeqAtOrAfter(tx, before);
      let through = keptFrom === null ? (await auditRepo.last(tx))!.seq : keptFrom - 1;
      if (options.limit !== undefined) through = Math.min(through, first.seq + options.limit - 1);
      if (through < first.seq) return { deleted: 0, throughSeq: null, checkpointSeq: null };
      const lastDeleted = await auditRepo.findBySeq(tx, through);
      const checkpoint = await this.append(
        tx,
        {
          actor: SYSTEM_ACTOR,
          action: PURGE_ACTION,
          target: { type: 'audit_record', id: null },
          details: {
            throughSeq: through,
            lastHash: lastDeleted?.hash ?? null,
            before: before.toISOString(),
            fromSeq: first.seq,
          },
        },
        this.deps.time.now(),
      );
      const deleted = await auditRepo.deleteThrough(tx, through);
      return { deleted, throughSeq: through, checkpointSeq: checkpoint.seq };
    };
    return options.tx ? run(options.tx) : this.deps.db.transaction(run);
  }
}

function checkRange(filter: AuditFilterInput): void {
  if (filter.from && filter.to && filter.from >= filter.to) {
    throw AuditErrors.AUDIT_RANGE_INVALID({ from: filter.from.toISOString(), to: filter.to.toISOString() });
  }
}

/** What is wrong with one record given the one before it (null: the record and its link are intact). */
function checkRecord(
  row: AuditRow,
  prev: AuditRow | null,
  expectedPrev: string,
): { seq: number; reason: string } | null {
  if (prev && row.seq !== prev.seq + 1) {
    const missing = row.seq - 1 === prev.seq + 1 ? `seq ${prev.seq + 1} is` : `seqs ${prev.seq + 1}–${row.seq - 1} are`;
    return { seq: prev.seq + 1, reason: `${missing} missing: records were deleted` };
  }
  if (row.prevHash !== expectedPrev) {
    return {
      seq: row.seq,
      reason: prev
        ? `prev_hash of seq ${row.seq} does not match the hash of seq ${prev.seq}: a record was replaced or inserted`
        : `prev_hash of seq ${row.seq} does not match the start of the chain`,
    };
  }
  if (recordHash(row.prevHash, row) !== row.hash) {
    return { seq: row.seq, reason: `the contents of seq ${row.seq} do not match its hash: the record was edited` };
  }
  return null;
}
