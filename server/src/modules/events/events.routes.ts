import { PassThrough } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { type EngineEvent, formatPosition } from '../../engine/events.ts';
import { EventStream, StreamHeaders, StreamQuery } from './events.schemas.ts';

/** A comment line every 15 s keeps proxies and load balancers from closing a quiet stream. */
export const KEEPALIVE_MS = 15_000;
/**
 * A stream ends after 10 minutes and the browser reconnects with its Last-Event-ID: the caller's session,
 * grants and scope are checked again, and long-lived connections spread over the processes.
 */
export const STREAM_LIFETIME_MS = 10 * 60_000;
/** How soon browsers reconnect (the `retry:` field). */
const RETRY_MS = 2000;
/** A client that cannot keep up is cut off (it resumes with Last-Event-ID) rather than buffered without end. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export async function eventsRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { eventStream, time } = ctx;
  /** Ends every open stream: the server is closing (otherwise it would wait for them for ever). */
  const open = new Set<() => void>();
  fastify.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  const frame = (e: EngineEvent) => {
    const id = formatPosition(e);
    const data = {
      id,
      type: e.type,
      caseId: e.caseId,
      payload: e.payload,
      at: time.format(e.at),
      ownerDivision: e.ownerDivision,
    };
    return `id: ${id}\nevent: ${e.type.replace(/[\r\n]/g, '')}\ndata: ${JSON.stringify(data)}\n\n`;
  };

  app.get('/api/events/stream', {
    // Any signed-in caller; each event is filtered by the caller's scope (events.policy.ts).
    config: { access: { authenticated: true } },
    schema: {
      tags: ['events'],
      summary: 'Live updates: the case engine’s events you may see, as Server-Sent Events',
      description:
        'text/event-stream. Each event: `id: <txId>.<id>`, `event: <type>`, `data: {id, type, caseId, payload, at, ownerDivision}` ' +
        '(at in business time with offset). A comment line every 15 s keeps the connection open; the server ends a stream after ' +
        '10 minutes and browsers reconnect. With Last-Event-ID the events after it are replayed first (at most 1,000 outbox rows; ' +
        'further behind, an `event: resync` says to reload). You see installation-wide events, those of divisions in your scope, ' +
        'and those assigned to your org unit or account.',
      querystring: StreamQuery,
      headers: StreamHeaders,
      response: { 200: EventStream },
    },
    handler: async (request, reply) => {
      const out = new PassThrough();
      let ended = false;
      const timers: NodeJS.Timeout[] = [];
      let close: () => void = () => undefined;
      const end = () => {
        if (ended) return;
        ended = true;
        close();
        for (const t of timers) clearTimeout(t);
        open.delete(end);
        out.end();
      };
      const write = (text: string) => {
        if (ended) return;
        out.write(text);
        if (out.writableLength + out.readableLength > MAX_BUFFERED_BYTES) {
          request.log.warn('event stream client too slow; closing (it resumes with Last-Event-ID)');
          end();
        }
      };
      write(`retry: ${RETRY_MS}\n: connected\n\n`);
      try {
        close = await eventStream.open(
          request.actor,
          { lastEventId: request.headers['last-event-id'], types: request.query.types },
          {
            event: (e) => write(frame(e)),
            resync: (info) => write(`event: resync\ndata: ${JSON.stringify(info)}\n\n`),
          },
        );
      } catch (err) {
        ended = true;
        out.destroy();
        throw err;
      }
      open.add(end);
      timers.push(
        setInterval(() => write(': keepalive\n\n'), KEEPALIVE_MS),
        setTimeout(end, STREAM_LIFETIME_MS),
      );
      // The client went away: Fastify destroys the stream it was sending.
      out.on('close', end);
      reply.raw.on('close', end);
      reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        .header('x-accel-buffering', 'no');
      return reply.send(out);
    },
  });
}
