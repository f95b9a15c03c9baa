import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import type { FastifyInstance, InjectOptions } from 'fastify';

/**
 * Server-Sent Events in tests. A text/event-stream response never ends, so `app.inject` (which waits for
 * the end) would hang on it: these helpers read it as it comes and hang up.
 */

export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
  retry?: number;
}

/** The complete messages in a text/event-stream (comment lines and an unfinished tail are left out). */
export function parseSse(text: string): SseMessage[] {
  const out: SseMessage[] = [];
  const blocks = text.replace(/\r\n?/g, '\n').split('\n\n');
  blocks.pop(); // not terminated (yet)
  for (const block of blocks) {
    const m: SseMessage = { data: '' };
    const data: string[] = [];
    let any = false;
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      any = true;
      if (field === 'data') data.push(value);
      else if (field === 'id') m.id = value;
      else if (field === 'event') m.event = value;
      else if (field === 'retry') m.retry = Number(value);
    }
    if (!any) continue;
    m.data = data.join('\n');
    out.push(m);
  }
  return out;
}

/** Whether an OpenAPI operation answers with an event stream (documented as text/event-stream). */
export function isEventStreamOperation(op: { responses?: Record<string, unknown> }): boolean {
  const ok = op.responses?.['200'] as { content?: Record<string, unknown> } | undefined;
  return Object.keys(ok?.content ?? {}).includes('text/event-stream');
}

/** A connected SSE client: what has arrived so far, waiting for more, hanging up. */
export interface SseClient {
  status: number;
  headers: Record<string, unknown>;
  /** Everything received, as text. */
  text(): string;
  messages(): SseMessage[];
  /** The first message (already received or still to come) that matches; rejects after `ms`. */
  next(match: (m: SseMessage) => boolean, ms?: number): Promise<SseMessage>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

function clientOver(stream: Readable, status: number, headers: Record<string, unknown>, hangUp: () => void): SseClient {
  let text = '';
  const waiters = new Set<() => void>();
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const w of [...waiters]) w();
  });
  // Hanging up surfaces as an error on the stream: that is the point, not a failure.
  stream.on('error', () => undefined);
  const ended = new Promise<void>((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
  });
  return {
    status,
    headers,
    text: () => text,
    messages: () => parseSse(text),
    ended,
    // Generous for the same reason as the bus: another database's long transaction on the same server holds
    // the outbox horizon back (ADR 0018); a live stream normally delivers within milliseconds.
    next(match, ms = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = parseSse(text).find(match);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${ms} ms; received:\n${text}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    close: hangUp,
  };
}

/** Opens an SSE route through `app.inject`, resolving as soon as the headers are sent. */
export async function injectSse(app: FastifyInstance, options: InjectOptions): Promise<SseClient> {
  const controller = new AbortController();
  const res = await app.inject({ ...options, payloadAsStream: true, signal: controller.signal });
  return clientOver(res.stream(), res.statusCode, res.headers, () => controller.abort());
}

/**
 * Opens an SSE URL on a real server, on a connection of its own (node:http, no keep-alive pool: hanging up
 * closes exactly that connection, and nothing lingers to hold the server's shutdown).
 */
export function connectSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? https.get : http.get;
    const req = get(url, { headers: { accept: 'text/event-stream', ...headers }, agent: false }, (res) => {
      resolve(clientOver(res, res.statusCode ?? 0, res.headers, () => req.destroy()));
    });
    req.on('error', reject);
  });
}

/**
 * For callers that go through every route with `app.inject` (the route fuzzer, the authorization matrix): a
 * response like inject's, except that an event stream is read until its first bytes and then hung up.
 */
export async function injectOnce(
  app: FastifyInstance,
  options: InjectOptions,
): Promise<{ statusCode: number; headers: Record<string, unknown>; body: string; json(): unknown }> {
  const client = await injectSse(app, options);
  const streaming = client.status < 300 && String(client.headers['content-type'] ?? '').startsWith('text/event-stream');
  if (streaming) {
    // The first bytes (the retry hint) come at once; an event stream has no end to wait for.
    const deadline = Date.now() + 2000;
    while (client.text().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    client.close();
  } else {
    await client.ended;
  }
  const body = client.text();
  return { statusCode: client.status, headers: client.headers, body, json: () => JSON.parse(body) };
}
