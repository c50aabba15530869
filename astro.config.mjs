// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import { fileURLToPath } from 'node:url';
import serviceWorker from './scripts/serviceWorkerIntegration.mjs';
import { loadCourseConfig } from './src/course/load.ts';
import { dataOrigins } from './src/course/schema.ts';
import { courseTasksPlugin } from './src/course/courseTasksPlugin.ts';
import { coursePages } from './src/course/coursePages.ts';

// The course configuration (course.config.ts, or the file COURSE_CONFIG names), checked here so that
// a bad one stops every build, dev server and check with the file, field and problem named.
const root = fileURLToPath(new URL('.', import.meta.url));
const course = await loadCourseConfig(root);

// GitHub Pages serves a fork at https://<user>.github.io/<repo>/, so both the origin and the
// sub-path come from the environment. The defaults serve the course from the root locally.
const site = process.env.SITE_URL || 'http://localhost:4321';
const rawBase = process.env.BASE_PATH || '/';
const base = rawBase.endsWith('/') ? rawBase : `${rawBase}/`;

// Cross-origin isolation lets TensorFlow.js's wasm backend use threads (SharedArrayBuffer).
// Dev and preview send the headers themselves; on GitHub Pages the course's service worker adds them
// (src/sw/serviceWorker.ts, which also keeps the course for offline use).
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// Content-Security-Policy, as a <meta> tag on every page (GitHub Pages sends no headers). Astro adds
// script-src and style-src with the hashes of what it inlines; everything else is this origin only.
// 'wasm-unsafe-eval' lets TensorFlow.js and h5wasm compile WebAssembly; blob: workers are TensorFlow.js's
// wasm threads, which load their script from a blob: URL too (hence blob: in script-src, needed when
// the engine runs on the page's own thread); data: images are canvas snapshots. Styles allow
// 'unsafe-inline' because the code highlighter (Shiki) colours tokens with style attributes, which
// hashes cannot allow.
export default defineConfig({
  site,
  base,
  // A second site (the fixture configuration's, in tests) builds beside dist/, not over it.
  ...(process.env.COURSE_OUT_DIR ? { outDir: process.env.COURSE_OUT_DIR } : {}),
  security: {
    csp: {
      directives: [
        "default-src 'self'",
        // Datasets the configuration names by URL are fetched from their own servers.
        /** @type {`connect-src${string}`} */ (["connect-src 'self'", ...dataOrigins(course)].join(' ')),
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'", 'blob:'] },
      styleDirective: { resources: ["'self'", "'unsafe-inline'"] },
    },
  },
  trailingSlash: 'always',
  // The configuration's own pages (course.config.ts `pages`; none by default).
  integrations: [mdx(), preact(), serviceWorker(), coursePages(root, course.pages)],
  server: { headers: isolationHeaders },
  // Code keeps one dark theme in both page themes; the high-contrast variant passes WCAG AA for comments too.
  markdown: { shikiConfig: { theme: 'github-dark-high-contrast' } },
  vite: {
    // The checked configuration, as data for the pages and islands (src/course/course.ts).
    define: { __COURSE__: JSON.stringify(course) },
    // The configuration's own tasks (course.config.ts `tasks`) as virtual:course-tasks, which the
    // page and the training worker import; a worker bundle gets only worker.plugins, hence both.
    plugins: [courseTasksPlugin(root, course.tasks)],
    // Vite 8's default minifier breaks the threaded wasm build of TensorFlow.js
    // ("e is not defined" inside its pthread workers); esbuild's does not.
    build: { minify: 'esbuild' },
    worker: { format: 'es', plugins: () => [courseTasksPlugin(root, course.tasks)] },
    preview: { headers: isolationHeaders },
    optimizeDeps: { exclude: ['h5wasm'] },
  },
});
