import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import Fastify from 'fastify';
import { createLogger } from './logging.ts';

test('logged request URLs carry no query string (no phone numbers in the log)', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = createLogger('info', sink);
  const app = Fastify({ loggerInstance: log });
  app.get('/api/people', async () => ({ ok: true }));
  await app.inject({ method: 'GET', url: '/api/people?phone=13803551234' });
  await app.close();
  const text = lines.join('');
  assert.match(text, /"path":"\/api\/people"/);
  assert.doesNotMatch(text, /13803551234/);
});
