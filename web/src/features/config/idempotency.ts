/** A v4 UUID. `crypto.randomUUID` exists only in secure contexts; intranet deployments are often plain http. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One Idempotency-Key per submission: submitting the same payload again after a failure (timeout,
 * lost answer) reuses the key so the server applies it once; a changed payload or a success starts
 * a new submission.
 */
export class SubmissionKeys {
  private pending: { fingerprint: string; key: string } | null = null;

  constructor(private readonly generate: () => string = newIdempotencyKey) {}

  keyFor(payload: unknown): string {
    const fingerprint = JSON.stringify(payload);
    if (this.pending?.fingerprint === fingerprint) return this.pending.key;
    const key = this.generate();
    this.pending = { fingerprint, key };
    return key;
  }

  /** The submission went through: the next one is new. */
  succeeded(): void {
    this.pending = null;
  }
}
