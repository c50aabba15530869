/**
 * The page's side of the course's service worker (src/sw/serviceWorker.ts): registers it (built
 * sites only), reloads once when it first takes control of a page that is not yet cross-origin
 * isolated (so the wasm backend gets threads on GitHub Pages), and tells the learner when a new
 * deployment has taken over so the page can be reloaded onto it.
 *
 * Where service workers cannot run (not a secure context, private modes, a refused registration)
 * nothing happens: the course works online and single-threaded. It never reloads twice in a row.
 */
const RELOAD_FLAG = 'course-sw-reloaded';

function session(): Storage | null {
  try { return window.sessionStorage; } catch { return null; }
}

/** A small notice at the foot of the page with one action. */
export function showPageNotice(id: string, message: string, action: string, onAction: () => void): void {
  if (document.getElementById(id)) return;
  const notice = document.createElement('div');
  notice.id = id;
  notice.className = 'page-notice';
  notice.setAttribute('role', 'status');
  const text = document.createElement('p');
  text.textContent = message;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button';
  button.textContent = action;
  button.addEventListener('click', onAction);
  notice.append(text, button);
  document.body.append(notice);
}

export function registerServiceWorker(url: string, scope: string): void {
  const storage = session();
  if (window.crossOriginIsolated) storage?.removeItem(RELOAD_FLAG);
  if (!window.isSecureContext || !('serviceWorker' in navigator)) return;
  const wasControlled = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (wasControlled) {
      // A new deployment took over: this page still runs the old build's code.
      showPageNotice('course-update', 'A new version of the course has been installed.', 'Reload to use it', () => window.location.reload());
      return;
    }
    // First visit: the worker now serves this page's files; reload once to become isolated.
    if (!window.crossOriginIsolated && storage !== null && storage.getItem(RELOAD_FLAG) !== '1') {
      storage.setItem(RELOAD_FLAG, '1');
      window.location.reload();
    }
  });
  navigator.serviceWorker.register(url, { scope }).catch((error: unknown) => {
    console.info('The course is not kept for offline use here (service worker not registered).', error);
  });
}
