import type { Readable } from 'node:stream';
import { Type } from 'typebox';

const EVENT_TYPE = '[A-Za-z0-9][A-Za-z0-9._-]{0,59}';

export const StreamQuery = Type.Object(
  {
    types: Type.Optional(
      Type.String({
        pattern: `^${EVENT_TYPE}(,${EVENT_TYPE})*$`,
        maxLength: 1000,
        description: 'only these event types, comma-separated (case.opened,case.action)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const StreamHeaders = Type.Object({
  'last-event-id': Type.Optional(
    Type.String({
      maxLength: 64,
      description:
        'resume after this event (`<txId>.<id>`, the `id:` of the last event received; browsers send it when they reconnect)',
    }),
  ),
});

/** The response: an endless text/event-stream (each event's `data:` is JSON, see the route's description). */
export const EventStream = Type.Unsafe<Readable>({
  description: 'an endless text/event-stream',
  content: { 'text/event-stream': { schema: { type: 'string' } } },
});
