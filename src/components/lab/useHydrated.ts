import { useEffect, useState } from 'preact/hooks';

/**
 * False during the first render, true after mount. Islands render on the server with the
 * session's empty state; Preact's hydration keeps the server's attributes, so the first client
 * render must match it. Components read page state (runs, engine, active run) only once hydrated.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
