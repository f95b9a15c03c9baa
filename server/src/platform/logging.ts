import pino, { type Logger } from 'pino';

interface LoggedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  socket?: { remoteAddress?: string };
}

/**
 * JSON logs without personal data: query strings are dropped from logged URLs (a search by phone
 * number must not leave the number in the log), and no header, cookie or body is ever logged.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'civicgrid' },
    serializers: {
      req: (req: LoggedRequest) => ({
        id: req.id,
        method: req.method,
        path: (req.url ?? '').split('?')[0],
        remoteAddress: req.socket?.remoteAddress,
      }),
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
