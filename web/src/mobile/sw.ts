/**
 * The grid-worker app's service worker (scope `/m/`): the app opens with no connection. The build
 * (build/service-worker-plugin.ts) sets the list of the app's files (`PRECACHE`); they are cached on
 * install. Pages are asked of the network first (a new build shows as soon as there is signal) and
 * answered from the cache when there is none; hashed assets come from the cache. The API is never cached
 * here: what the worker records offline waits in IndexedDB (offline/outbox.ts), which this file knows
 * nothing about.
 */

// The worker's own types, declared here because the app's tsconfig has the DOM library, not WebWorker's.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
}

const scope = self as unknown as WorkerScope;
/** Set by the build on the first line of the worker (build/service-worker-plugin.ts). */
const PRECACHE = (scope as unknown as { __CIVICGRID_PRECACHE__: { version: string; urls: string[] } })
  .__CIVICGRID_PRECACHE__;
const CACHE = `civicgrid-m-${PRECACHE.version}`;
const APP_PAGE = '/m/';
/** How long a page request waits for the network before the cached page is shown (bad signal, not none). */
const PAGE_TIMEOUT_MS = 4000;

scope.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.urls))
      .then(() => scope.skipWaiting()),
  );
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith('civicgrid-m-') && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => scope.clients.claim()),
  );
});

scope.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== scope.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(pageFromNetworkOrCache(request));
    return;
  }
  event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
});

async function pageFromNetworkOrCache(request: Request): Promise<Response> {
  const cached = () => caches.match(APP_PAGE).then((hit) => hit ?? Response.error());
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PAGE_TIMEOUT_MS);
  try {
    const response = await fetch(request, { signal: controller.signal });
    // The cached page is never replaced by a newer one here: it must match the cached assets of its
    // build; a new build comes with a new worker and a new cache.
    return response.status >= 500 ? cached() : response;
  } catch {
    return cached();
  } finally {
    clearTimeout(timer);
  }
}
