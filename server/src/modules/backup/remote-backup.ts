import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import tls, { type TLSSocket } from 'node:tls';
import type { Locale } from '../../platform/errors.ts';
import { writeFileSynced } from './logical-dump.ts';

/**
 * Taking a backup through a running server. The embedded engine lets only one process open the data
 * directory, so while `serve` holds it the CLI asks that server (its address is in owner.json) for
 * the archive instead, authenticated with the operator token.
 */
export interface RemoteServer {
  url: string;
  token: string;
  /** PEM certificate the server was started with: an HTTPS server is trusted if it presents exactly that. */
  tlsCert: string | null;
  /** Language of the server's error messages. */
  locale: Locale;
}

export class RemoteBackupError extends Error {
  override name = 'RemoteBackupError';
}

/** Streams POST /api/admin/backup into `file` (created, fsynced); returns the suggested file name. */
export async function downloadBackup(
  server: RemoteServer,
  file: string,
): Promise<{ filename: string | null; bytes: number }> {
  const url = new URL('/api/admin/backup', server.url);
  const res = await post(url, server);
  if (res.statusCode !== 200) {
    const body = await readText(res);
    let message = body.slice(0, 300);
    try {
      message = (JSON.parse(body) as { error: { code: string; message: string } }).error.message;
    } catch {
      /* not our error format: keep the text */
    }
    const hint =
      res.statusCode === 401 || res.statusCode === 403
        ? ' (is CIVICGRID_OPERATOR_TOKEN the same as the server’s?)'
        : '';
    throw new RemoteBackupError(`the server at ${server.url} answered ${res.statusCode}: ${message}${hint}`);
  }
  const disposition = /filename="([^"]+)"/.exec(String(res.headers['content-disposition'] ?? ''));
  try {
    const { size } = await writeFileSynced(file, res);
    return { filename: disposition?.[1] ?? null, bytes: size };
  } catch (err) {
    throw new RemoteBackupError(`the backup download from ${server.url} broke off: ${(err as Error).message}`);
  }
}

async function post(url: URL, server: RemoteServer): Promise<IncomingMessage> {
  const headers = {
    authorization: `Bearer ${server.token}`,
    accept: 'application/gzip',
    'accept-language': server.locale,
    'content-length': '0',
  };
  let createConnection: (() => TLSSocket) | undefined;
  if (url.protocol === 'https:' && server.tlsCert) {
    const socket = await pinnedTls(url, server.tlsCert);
    createConnection = () => socket;
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      { method: 'POST', headers, ...(createConnection ? { createConnection } : {}) },
      resolve,
    );
    req.on('error', (err) =>
      reject(
        new RemoteBackupError(`cannot reach the server at ${url.origin}: ${err.message}${tlsHint(err, url, server)}`),
      ),
    );
    req.end();
  });
}

function tlsHint(err: Error, url: URL, server: RemoteServer): string {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  return url.protocol === 'https:' && !server.tlsCert && /CERT|SIGNATURE|SELF_SIGNED/.test(code)
    ? ' (give the CLI the server’s TLS_CERT so it can recognise the certificate)'
    : '';
}

/**
 * The server listens on 127.0.0.1 with a certificate made out to its public name, often self-signed;
 * rather than switch verification off, the CLI accepts exactly the certificate in TLS_CERT, and
 * sends the token only after the handshake showed it.
 */
function pinnedTls(url: URL, certFile: string): Promise<TLSSocket> {
  const expected = new X509Certificate(readFileSync(certFile)).fingerprint256;
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: url.hostname, port: Number(url.port || 443), rejectUnauthorized: false });
    socket.once('secureConnect', () => {
      const presented = socket.getPeerX509Certificate()?.fingerprint256;
      if (presented === expected) return resolve(socket);
      socket.destroy();
      reject(
        new RemoteBackupError(`the server at ${url.origin} presented a certificate other than TLS_CERT (${certFile})`),
      );
    });
    socket.once('error', (err) =>
      reject(new RemoteBackupError(`cannot reach the server at ${url.origin}: ${err.message}`)),
    );
  });
}

async function readText(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
