import { api } from '../../api/client';
import { ApiError, toApiError, unwrap } from '../../api/errors';
import { getLocale } from '../../locales/locale-store';
import type { StoredPhoto } from './db';
import type { Transport } from './outbox';

/** A request that hangs on a dying connection must not hold the outbox: it counts as no answer and is retried. */
const JSON_TIMEOUT_MS = 30_000;
const UPLOAD_TIMEOUT_MS = 180_000;

const timeout = (ms: number) => AbortSignal.timeout(ms);

async function send(url: string, init: RequestInit & { timeoutMs: number }): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: timeout(init.timeoutMs), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', '');
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw toApiError(res.status, body);
  return body;
}

/** The outbox's way to the server: the same calls as the console's, with Idempotency-Keys and time limits. */
export const httpTransport: Transport = {
  async upload(photo: StoredPhoto, key: string, ownerDivision: string | undefined) {
    const form = new FormData();
    if (ownerDivision) form.append('ownerDivision', ownerDivision);
    form.append('file', new Blob([photo.bytes], { type: photo.type }), photo.name);
    const body = (await send('/api/attachments', {
      method: 'POST',
      body: form,
      headers: { 'Accept-Language': getLocale(), 'Idempotency-Key': key },
      timeoutMs: UPLOAD_TIMEOUT_MS,
    })) as { id: string };
    return body.id;
  },

  async report(body, key) {
    const opened = await unwrap(
      api.POST('/api/cases', {
        params: { header: { 'idempotency-key': key } },
        body,
        signal: timeout(JSON_TIMEOUT_MS),
      }),
    );
    return { id: opened.id, number: opened.number };
  },

  async action(caseId, action, body, key) {
    await unwrap(
      api.POST('/api/cases/{id}/actions/{action}', {
        params: { path: { id: caseId, action }, header: { 'idempotency-key': key } },
        body,
        signal: timeout(JSON_TIMEOUT_MS),
      }),
    );
  },

  async patrolStart(body, key) {
    const started = await unwrap(
      api.POST('/api/patrols', {
        params: { header: { 'idempotency-key': key } },
        body,
        signal: timeout(JSON_TIMEOUT_MS),
      }),
    );
    return { id: started.id };
  },

  async patrolPoints(patrolId, points) {
    await unwrap(
      api.POST('/api/patrols/{id}/points', {
        params: { path: { id: patrolId } },
        body: { points },
        signal: timeout(JSON_TIMEOUT_MS),
      }),
    );
  },

  async patrolEnd(patrolId, body) {
    await unwrap(
      api.POST('/api/patrols/{id}/end', {
        params: { path: { id: patrolId } },
        body,
        signal: timeout(JSON_TIMEOUT_MS),
      }),
    );
  },
};
