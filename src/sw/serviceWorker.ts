/**
 * The course's one service worker (built by scripts/serviceWorkerIntegration.mjs into dist/sw.js).
 *
 * It does two jobs:
 *  - offline: every page, island, stylesheet, TensorFlow.js and h5wasm file and their wasm binaries
 *    are precached on install (Workbox precaching, with the list and revisions that workbox-build
 *    injects at build time); the lesson data files are large, so each is cached the first time a
 *    lesson downloads it, under its content hash;
 *  - cross-origin isolation: every response it serves gets Cross-Origin-Opener-Policy and
 *    Cross-Origin-Embedder-Policy, so TensorFlow.js's wasm backend can use threads on hosts that
 *    cannot send headers (GitHub Pages).
 *
 * A new deployment ships a new sw.js (its precache list changes), which installs, takes over at
 * once and deletes what the old build cached and the new one no longer lists, data included.
 *
 * The project's TypeScript library is the DOM one, so the few service-worker types used here are
 * declared locally.
 */
import { PrecacheController, PrecacheRoute, type PrecacheEntry } from 'workbox-precaching';
import { Router, Route } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';

interface ExtendableEventLike extends Event { waitUntil(promise: Promise<unknown>): void }
interface FetchEventLike extends ExtendableEventLike { request: Request; respondWith(response: Promise<Response>): void }
interface ServiceWorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
}

/** Data files (paths relative to this worker) and their content revisions, written in at build time. */
declare const __COURSE_DATA_FILES__: Record<string, string>;

const sw = self as unknown as ServiceWorkerScope;
export const DATA_CACHE = 'course-data';

const precache = new PrecacheController({ cacheName: 'course-precache' });
// workbox-build replaces `self.__WB_MANIFEST` (written literally) with the build's file list and revisions.
precache.addToCacheList((self as unknown as { __WB_MANIFEST: Array<PrecacheEntry | string> }).__WB_MANIFEST);

const dataRevisions = new Map(Object.entries(__COURSE_DATA_FILES__).map(([path, revision]) => [new URL(path, sw.location.href).href, revision]));
/** The cache key of a data file: its URL plus its content revision, so a changed file is fetched anew. */
const dataKey = (url: string) => `${url}?revision=${dataRevisions.get(url)}`;

const router = new Router();
// Pages are precached as folder/index.html; any query (?backend=wasm, Astro's ?astro-retry=) maps to the same file.
router.registerRoute(new PrecacheRoute(precache, { ignoreURLParametersMatching: [/.*/], directoryIndex: 'index.html', cleanURLs: true }));
router.registerRoute(new Route(
  ({ url }) => dataRevisions.has(url.origin + url.pathname),
  new CacheFirst({
    cacheName: DATA_CACHE,
    plugins: [{ cacheKeyWillBeUsed: async ({ request }) => dataKey(new URL(request.url).origin + new URL(request.url).pathname) }],
  }),
));

/** The same response with the headers that make the page cross-origin isolated. */
function isolated(response: Response): Response {
  // Opaque and redirect responses cannot be rewritten; they pass through unchanged.
  if (response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect') return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  if (!headers.has('Cross-Origin-Resource-Policy')) headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Offline, a page that was never cached gets the course's own 404 page rather than the browser's. */
async function navigationFallback(request: Request, error: unknown): Promise<Response> {
  if (request.mode !== 'navigate') throw error;
  const notFound = await precache.matchPrecache('404.html');
  if (!notFound) throw error;
  return new Response(notFound.body, { status: 503, statusText: 'Offline', headers: notFound.headers });
}

sw.addEventListener('install', (event) => {
  void sw.skipWaiting();
  event.waitUntil(precache.install(event as never));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    // Workbox deletes precached files the new list no longer names; data files are pruned the same way.
    await precache.activate(event as never);
    const cache = await caches.open(DATA_CACHE);
    const current = new Set([...dataRevisions.keys()].map(dataKey));
    for (const request of await cache.keys()) if (!current.has(request.url)) await cache.delete(request);
    await sw.clients.claim();
  })());
});

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  // Chrome DevTools quirk: only-if-cached requests must be same-origin.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  const handled = router.handleRequest({ event: event as never, request }) ?? fetch(request);
  event.respondWith(handled.catch((error: unknown) => navigationFallback(request, error)).then(isolated));
});
