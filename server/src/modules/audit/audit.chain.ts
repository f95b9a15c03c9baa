import { canonicalJson, sha256Hex } from '../../platform/canonical-json.ts';
import type { AuditOutcome } from './audit.tables.ts';

/** prev_hash of the very first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** Everything a record says, as stored; the hash covers all of it. */
export interface ChainedFields {
  seq: number;
  id: string;
  occurredAt: Date;
  actorKind: string;
  actorId: string | null;
  actorName: string;
  action: string;
  outcome: AuditOutcome;
  targetType: string | null;
  targetId: string | null;
  ownerDivision: string;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

/**
 * hash = sha256(prev_hash + '\n' + canonical JSON of every other field), the instant as ISO UTC.
 * Canonical JSON sorts keys, so the jsonb column (which reorders keys) hashes the same when read back.
 */
export function recordHash(prevHash: string, f: ChainedFields): string {
  const body = canonicalJson({
    seq: f.seq,
    id: f.id,
    occurredAt: f.occurredAt.toISOString(),
    actorKind: f.actorKind,
    actorId: f.actorId,
    actorName: f.actorName,
    action: f.action,
    outcome: f.outcome,
    targetType: f.targetType,
    targetId: f.targetId,
    ownerDivision: f.ownerDivision,
    ip: f.ip,
    requestId: f.requestId,
    details: f.details,
  });
  return sha256Hex(`${prevHash}\n${body}`);
}

// Text PostgreSQL refuses (NUL in text and jsonb, unpaired surrogates in jsonb) would make the append
// fail, and an audit record must not be lost to a hostile path parameter.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A string PostgreSQL stores as given, cut to `max` characters. */
export function storableText(value: string, max = 500): string {
  const clean = value.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
 * Details as they will read back from jsonb: plain JSON (Dates become strings, undefined goes away)
 * with storable strings and keys. Hashing this form is what makes verification reproducible.
 */
export function storableDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!details) return {};
  const plain = storable(JSON.parse(JSON.stringify(details)) as unknown);
  return plain !== null && typeof plain === 'object' && !Array.isArray(plain)
    ? (plain as Record<string, unknown>)
    : { value: plain };
}

function storable(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value, 4000);
  if (Array.isArray(value)) return value.map(storable);
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties, so a "__proto__" key stays data.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k, 200), storable(v)]));
  }
  return value;
}
