import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { getLocale } from '../locales/locale-store';
import type { paths } from './schema';

export type ApiClient = Client<paths>;

export interface ApiClientOptions {
  /** Origin of the server; by default the page's own origin (the server serves the console; Vite proxies in dev). */
  baseUrl?: string;
  /** Replaces `globalThis.fetch`; tests pass a recorder. */
  fetch?: (input: Request) => Promise<Response>;
}

/** The server writes error messages in the language it is asked for, so every request carries the UI's locale. */
const acceptLanguage: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept-Language', getLocale());
    return request;
  },
};

/** A typed client for the CivicGrid API; `paths` is generated from the server's OpenAPI document. */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? globalThis.location?.origin ?? '',
    // Resolve fetch at call time so tests (and polyfills) that replace globalThis.fetch later still apply.
    fetch: options.fetch ?? ((input: Request) => globalThis.fetch(input)),
  });
  client.use(acceptLanguage);
  return client;
}

/** The application's client; features call the API only through it. */
export const api = createApiClient();
