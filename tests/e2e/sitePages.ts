import type { APIRequestContext } from '@playwright/test';

/** The pages every build must have, relative to the base URL. */
export const CORE_PAGES = ['', 'lessons/', 'lessons/introduction/', 'instructors/'];

/**
 * Every page reachable by links from the home page (internal links only, relative to the base URL),
 * found by fetching the HTML, so that lessons added later are tested without editing the tests.
 */
export async function discoverPages(request: APIRequestContext, baseURL: string): Promise<string[]> {
  const base = new URL(baseURL);
  const found = new Set<string>(CORE_PAGES);
  const queue = [...CORE_PAGES];
  while (queue.length > 0) {
    const path = queue.shift() as string;
    const response = await request.get(new URL(path, base).href);
    if (!response.ok() || !(response.headers()['content-type'] ?? '').includes('text/html')) continue;
    const html = await response.text();
    for (const match of html.matchAll(/<a\s[^>]*href="([^"#]*)(?:#[^"]*)?"/g)) {
      const url = new URL(match[1].replaceAll('&amp;', '&'), new URL(path, base));
      if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname) || !url.pathname.endsWith('/')) continue;
      const relative = url.pathname.slice(base.pathname.length);
      if (!found.has(relative)) {
        found.add(relative);
        queue.push(relative);
      }
    }
  }
  return [...found].sort();
}
