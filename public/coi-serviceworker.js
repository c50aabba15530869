/*
 * Cross-origin isolation for static hosts that cannot send headers (GitHub Pages).
 *
 * TensorFlow.js's wasm backend uses threads only when the page is cross-origin isolated, which
 * needs the response headers Cross-Origin-Opener-Policy: same-origin and
 * Cross-Origin-Embedder-Policy: require-corp. This one file plays two parts:
 *  - included as a classic <script> in <head>, it registers itself as a service worker (scoped to
 *    the folder it is served from) and reloads the page once, so the next load goes through it;
 *  - running as the service worker, it re-serves every response with those headers (and
 *    Cross-Origin-Resource-Policy, so our own files may be embedded).
 * Where it cannot work (no service workers, not a secure context, private modes, a refused
 * registration) it does nothing and the course runs single-threaded. It never reloads twice in a
 * row: a sessionStorage flag guards the one reload.
 */
/* eslint-disable no-restricted-globals */
(() => {
  const RELOAD_FLAG = 'coi-serviceworker-reloaded';

  if (typeof window === 'undefined') {
    // Service-worker side.
    self.addEventListener('install', () => self.skipWaiting());
    self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
    self.addEventListener('fetch', (event) => {
      const request = event.request;
      // Chrome DevTools quirk: only-if-cached requests must be same-origin.
      if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
      event.respondWith(
        fetch(request).then((response) => {
          // Opaque and error responses cannot be rewritten; pass them through unchanged.
          if (response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect') return response;
          const headers = new Headers(response.headers);
          headers.set('Cross-Origin-Opener-Policy', 'same-origin');
          headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
          if (!headers.has('Cross-Origin-Resource-Policy')) headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
          return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
        }),
      );
    });
    return;
  }

  // Page side.
  const storage = (() => { try { return window.sessionStorage; } catch { return null; } })();
  if (window.crossOriginIsolated) {
    storage?.removeItem(RELOAD_FLAG);
    return;
  }
  if (!window.isSecureContext || !('serviceWorker' in navigator) || !document.currentScript) return;
  const script = document.currentScript.src;
  const scope = new URL('./', script).pathname;

  navigator.serviceWorker.register(script, { scope }).then(
    (registration) => {
      const reloadOnce = () => {
        if (storage === null || storage.getItem(RELOAD_FLAG) === '1') return; // tried once: stay single-threaded
        storage.setItem(RELOAD_FLAG, '1');
        window.location.reload();
      };
      // Already controlling this page but still not isolated: the headers did not take; give up quietly.
      if (navigator.serviceWorker.controller) {
        if (storage?.getItem(RELOAD_FLAG) !== '1') reloadOnce();
        return;
      }
      const worker = registration.installing || registration.waiting || registration.active;
      if (worker && worker.state === 'activated') { reloadOnce(); return; }
      navigator.serviceWorker.addEventListener('controllerchange', reloadOnce, { once: true });
    },
    (error) => console.info('coi-serviceworker: not registered, the course runs single-threaded.', error),
  );
})();
