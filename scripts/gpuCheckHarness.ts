/**
 * Runs the backend comparison page (tests/gpu/) in Chromium: bundles it with esbuild into a folder
 * outside the site, serves it on a free local port (cross-origin isolated) and drives it. Shared by
 * `npm run gpu-check` and tests/e2e/backends.spec.ts. Not part of the production site.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { findChromium } from '../tests/e2e/findChromium';
import type { FaultResult } from '../tests/gpu/backendRun';
import type { BackendRunResult, CompareConfig } from '../tests/gpu/compareRuns';

const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

/** Chromium's usual quiet start-up flags (see docs/browser-testing) plus WebGPU and WebGL on SwiftShader. */
export const GPU_CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
  '--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan',
  '--use-vulkan=swiftshader', '--use-angle=swiftshader',
];

/** Bundles the comparison page into `out` (with the wasm binaries) and returns `out`. */
export async function bundleGpuPage(root: string, out = join(root, 'gpu-check-results', 'page')): Promise<string> {
  const { build } = await import('esbuild');
  mkdirSync(join(out, 'wasm'), { recursive: true });
  await build({
    entryPoints: [join(root, 'tests/gpu/gpuPage.ts')], bundle: true, format: 'esm', platform: 'browser',
    target: 'es2022', outfile: join(out, 'gpu.js'), logLevel: 'error',
    // The wasm backend's and h5wasm's Node-only branches reference these; the browser never takes them.
    external: ['fs', 'path', 'os', 'worker_threads', 'perf_hooks', 'crypto', 'module', 'url'],
  });
  copyFileSync(join(root, 'tests/gpu/index.html'), join(out, 'index.html'));
  for (const f of WASM_FILES) copyFileSync(join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist', f), join(out, 'wasm', f));
  return out;
}

/** Serves `dir` on a free port of 127.0.0.1 with COOP/COEP (cross-origin isolated, as the site is). */
export function serveDir(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir)) { res.writeHead(404).end(); return; }
    try {
      const body = readFileSync(file);
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      }).end(body);
    } catch { res.writeHead(404).end(); }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` })));
}

/** Opens the page at `url` and runs the comparison in it; resolves with one row per backend. */
export async function runComparisonInPage(page: Page, url: string, config: CompareConfig, log?: (line: string) => void): Promise<BackendRunResult[]> {
  if (log) page.on('console', (m) => log(`  [page${m.type() === 'log' ? '' : ` ${m.type()}`}] ${m.text()}`));
  await page.goto(url);
  await page.waitForFunction(() => 'courseGpu' in globalThis, undefined, { timeout: 60_000 });
  return page.evaluate(
    (c) => (globalThis as unknown as { courseGpu: { run: (c: unknown) => Promise<BackendRunResult[]> } }).courseGpu.run(c),
    config,
  );
}

/** Opens the page at `url` and takes `backend`'s device away during a run there (see runFault in tests/gpu/backendRun.ts). */
export async function runFaultInPage(
  page: Page, url: string, config: CompareConfig, backend: 'webgl' | 'webgpu', options: { reload?: boolean } = {},
): Promise<FaultResult> {
  // Without a reload the page keeps what it compiled for an earlier comparison (same model and shapes).
  if (options.reload !== false || !page.url().startsWith(url)) await page.goto(url);
  await page.waitForFunction(() => 'courseGpu' in globalThis, undefined, { timeout: 60_000 });
  return page.evaluate(
    ([c, b]) => (globalThis as unknown as { courseGpu: { fault: (c: unknown, b: string) => Promise<FaultResult> } }).courseGpu.fault(c, b),
    [config, backend] as const,
  );
}

/** Launches Chromium with the GPU flags, runs the comparison once, closes everything. */
export async function runComparison(root: string, config: CompareConfig, log: (line: string) => void): Promise<BackendRunResult[]> {
  const { chromium } = await import('@playwright/test');
  const dir = await bundleGpuPage(root);
  const { server, url } = await serveDir(dir);
  let browser: Browser | null = null;
  try {
    // GPU_CHECK_ARGS replaces the SwiftShader flags, e.g. to reach a real GPU on a desktop machine.
    const args = process.env.GPU_CHECK_ARGS ? process.env.GPU_CHECK_ARGS.split(' ').filter(Boolean) : GPU_CHROMIUM_ARGS;
    browser = await chromium.launch({ executablePath: findChromium(), args });
    const page = await browser.newPage();
    page.setDefaultTimeout(0);
    return await runComparisonInPage(page, url, config, log);
  } finally {
    await browser?.close();
    server.close();
  }
}
