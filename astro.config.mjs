// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import serviceWorker from './scripts/serviceWorkerIntegration.mjs';

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

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  integrations: [mdx(), preact(), serviceWorker()],
  server: { headers: isolationHeaders },
  // Code keeps one dark theme in both page themes; the high-contrast variant passes WCAG AA for comments too.
  markdown: { shikiConfig: { theme: 'github-dark-high-contrast' } },
  vite: {
    // Vite 8's default minifier breaks the threaded wasm build of TensorFlow.js
    // ("e is not defined" inside its pthread workers); esbuild's does not.
    build: { minify: 'esbuild' },
    worker: { format: 'es' },
    preview: { headers: isolationHeaders },
    optimizeDeps: { exclude: ['h5wasm'] },
  },
});
