import type { ReadonlySignal } from '@preact/signals';
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

/**
 * The current value of a page-wide signal, subscribed explicitly: `initial` (what the server
 * rendered) on the first render, then every change after mount. Safer than relying on automatic
 * tracking, which can miss a component whose first render read no signal.
 */
export function usePageSignal<T>(source: ReadonlySignal<T>, initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => source.subscribe((next) => setValue(() => next)), [source]);
  return value;
}
