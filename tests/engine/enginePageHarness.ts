/**
 * The engine test page (tests/engine/): bundled with esbuild into a folder outside the site, with the
 * site's own worker entry (src/worker/trainingWorker.ts) and the wasm binaries beside it, and served
 * cross-origin isolated like the site (scripts/gpuCheckHarness.ts's serveDir). Used by
 * tests/e2e/engine.spec.ts and leaks.spec.ts, so the published site carries no developer page.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Plugin } from 'esbuild';
import { COURSE_TASKS_MODULE, courseTasksSource } from '../../src/course/courseTasksPlugin';

const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/** Vite's `file.wasm?url` imports (src/bundled/wasmUrls.ts) as URLs of the copies in wasm/, beside the script. */
const wasmUrls: Plugin = {
  name: 'wasm-url',
  setup(build) {
    build.onResolve({ filter: /\.wasm\?url$/ }, (args) => ({ path: basename(args.path.replace(/\?url$/, '')), namespace: 'wasm-url' }));
    build.onLoad({ filter: /.*/, namespace: 'wasm-url' }, (args) => ({
      contents: `export default new URL(${JSON.stringify(`wasm/${args.path}`)}, self.location.href).href;`,
      loader: 'js',
    }));
  },
};

/** The worker's `virtual:course-tasks` (src/course/courseTasksPlugin.ts): empty here, as for a course with no tasks of its own. */
const courseTasks: Plugin = {
  name: 'course-tasks',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^${COURSE_TASKS_MODULE}$`) }, () => ({ path: COURSE_TASKS_MODULE, namespace: 'course-tasks' }));
    build.onLoad({ filter: /.*/, namespace: 'course-tasks' }, () => ({ contents: courseTasksSource('.', []), loader: 'js' }));
  },
};

/** Bundles the page into `out` and returns `out`. */
export async function bundleEnginePage(root: string, out: string): Promise<string> {
  const { build } = await import('esbuild');
  mkdirSync(join(out, 'wasm'), { recursive: true });
  await build({
    entryPoints: { enginePage: join(root, 'tests/engine/enginePage.ts'), trainingWorker: join(root, 'src/worker/trainingWorker.ts') },
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022', outdir: out, logLevel: 'error',
    plugins: [wasmUrls, courseTasks],
    // The wasm backend's and h5wasm's Node-only branches reference these; the browser never takes them.
    external: ['fs', 'path', 'os', 'worker_threads', 'perf_hooks', 'crypto', 'module', 'url'],
  });
  copyFileSync(join(root, 'tests/engine/index.html'), join(out, 'index.html'));
  for (const f of WASM_FILES) copyFileSync(join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist', f), join(out, 'wasm', f));
  return out;
}
