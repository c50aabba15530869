// @ts-check
/**
 * Astro integration that builds the course's service worker (src/sw/serviceWorker.ts) after the
 * site is built: esbuild bundles it with the Workbox modules it imports, then workbox-build's
 * injectManifest writes the list of every built file with its revision into it, as dist/sw.js.
 *
 * Data files (data/*.h5, and an instructor's own in data/own/) are left out of the precache (they are large and a learner may only open
 * one lesson); their content hashes go into the worker instead, so each is cached on first use and
 * replaced when a deployment changes it.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { injectManifest } from 'workbox-build';

/** @param {string} file */
function sha256(file) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file).on('data', (chunk) => hash.update(chunk)).on('error', reject).on('end', () => resolve(hash.digest('hex')));
  });
}

/** @returns {import('astro').AstroIntegration} */
export default function serviceWorker() {
  return {
    name: 'course-service-worker',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        /** @type {Record<string, string>} */
        const dataFiles = {};
        const dataDir = join(out, 'data');
        const names = await readdir(dataDir, { recursive: true }).catch(() => /** @type {string[]} */ ([]));
        for (const name of names.filter((n) => n.endsWith('.h5')).map((n) => n.split('\\').join('/')).sort()) {
          dataFiles[`data/${name}`] = /** @type {string} */ (await sha256(join(dataDir, name))).slice(0, 16);
        }
        const temp = await mkdtemp(join(tmpdir(), 'course-sw-'));
        try {
          const bundled = join(temp, 'sw.js');
          await build({
            entryPoints: [fileURLToPath(new URL('../src/sw/serviceWorker.ts', import.meta.url))],
            bundle: true,
            format: 'iife',
            target: 'es2020',
            minify: true,
            outfile: bundled,
            define: { __COURSE_DATA_FILES__: JSON.stringify(dataFiles), 'process.env.NODE_ENV': '"production"' },
            logLevel: 'warning',
          });
          const { count, size, warnings } = await injectManifest({
            swSrc: bundled,
            swDest: join(out, 'sw.js'),
            globDirectory: out,
            globPatterns: ['**/*'],
            // Data is cached on first use; the developer-only engine check page is not for learners.
            globIgnores: ['sw.js', 'data/**/*.h5', 'dev/**'],
            // TensorFlow.js's wasm binaries are the largest files a lesson needs.
            maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
            // Astro's hashed assets change name when they change; their revision is the name.
            dontCacheBustURLsMatching: /^_astro\//,
          });
          for (const warning of warnings) logger.warn(warning);
          const swSize = (await stat(join(out, 'sw.js'))).size;
          logger.info(`sw.js (${(swSize / 1024).toFixed(1)} KiB): ${count} files precached (${(size / 1024 / 1024).toFixed(1)} MiB), ${Object.keys(dataFiles).length} data files cached on first use`);
        } finally {
          await rm(temp, { recursive: true, force: true });
        }
      },
    },
  };
}
