/**
 * The course's own pages (course.config.ts `pages`): an Astro integration that adds each as a route
 * of the site, e.g. a lab page for a task the course keeps outside src, or an endpoint that writes
 * the file such a page loads. The configuration's validation has checked that each entry point exists.
 */
import { resolve } from 'node:path';
import type { AstroIntegration } from 'astro';
import type { ResolvedPage } from './schema';

/** Adds every configured page to the site, prerendered like the lessons. */
export function coursePages(root: string, pages: readonly ResolvedPage[]): AstroIntegration {
  return {
    name: 'course-pages',
    hooks: {
      'astro:config:setup': ({ injectRoute }) => {
        // Astro's patterns carry no trailing slash; the site adds one to pages (trailingSlash: 'always').
        for (const page of pages) injectRoute({ pattern: `/${page.path.replace(/\/$/, '')}`, entrypoint: resolve(root, page.entrypoint), prerender: true });
      },
    },
  };
}
