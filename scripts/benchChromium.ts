/** The Chromium half of `npm run bench`: bundles tests/bench/benchPage.ts, serves it, drives it with Playwright. */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { StepBenchConfig, StepBenchResult } from './benchCore';

const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

/** Bundles the bench page into bench-results/page/ (with the wasm binaries) and returns that folder. */
export async function bundleBenchPage(root: string): Promise<string> {
  const { build } = await import('esbuild');
  const out = join(root, 'bench-results', 'page');
  mkdirSync(join(out, 'wasm'), { recursive: true });
  await build({
    entryPoints: [join(root, 'tests/bench/benchPage.ts')], bundle: true, format: 'esm', platform: 'browser',
    target: 'es2022', outfile: join(out, 'bench.js'), logLevel: 'error',
    // The wasm backend's Node-only branches reference these; the browser never takes them.
    external: ['fs', 'path', 'os', 'worker_threads', 'perf_hooks', 'crypto'],
  });
  copyFileSync(join(root, 'tests/bench/index.html'), join(out, 'index.html'));
  for (const f of WASM_FILES) copyFileSync(join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist', f), join(out, 'wasm', f));
  return out;
}

/** Serves `dir` on a free port; paths under /iso/ get COOP/COEP headers (cross-origin isolation), /plain/ none. */
function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, mode, ...rest] = url.pathname.split('/');
    const file = normalize(join(dir, rest.join('/') || 'index.html'));
    if (!file.startsWith(dir) || (mode !== 'iso' && mode !== 'plain')) { res.writeHead(404).end(); return; }
    try {
      const body = readFileSync(file);
      const headers: Record<string, string> = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' };
      if (mode === 'iso') { headers['Cross-Origin-Opener-Policy'] = 'same-origin'; headers['Cross-Origin-Embedder-Policy'] = 'require-corp'; }
      res.writeHead(200, headers).end(body);
    } catch { res.writeHead(404).end(); }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

export interface ChromiumBench {
  isolated: boolean;
  threads: number;
  plan: string;
  /** Runs the step benchmark once more in the same page (kernels and threads stay warm). */
  run(config: StepBenchConfig): Promise<StepBenchResult[]>;
  close(): Promise<void>;
}

/** Opens the bench page in headless Chromium (/usr/bin/chromium), isolated or not, and starts the backend. */
export async function openChromiumBench(pageDir: string, isolated: boolean, threads: number | undefined, log: (l: string) => void): Promise<ChromiumBench> {
  const { chromium } = await import('@playwright/test');
  const server = await serve(pageDir);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  const close = async () => { await browser.close(); server.close(); };
  try {
    const page = await browser.newPage();
    page.on('console', (m) => { if (m.type() === 'log') log(`  [page] ${m.text()}`); else if (m.type() === 'error') log(`  [page error] ${m.text()}`); });
    const port = (server.address() as AddressInfo).port;
    await page.goto(`http://127.0.0.1:${port}/${isolated ? 'iso' : 'plain'}/index.html`);
    await page.waitForFunction(() => 'courseBench' in globalThis, undefined, { timeout: 60_000 });
    page.setDefaultTimeout(0);
    type Api = { courseBench: { start: (t?: number) => Promise<{ isolated: boolean; threads: number; plan: string }>; run: (c: StepBenchConfig) => Promise<StepBenchResult[]> } };
    const started = await page.evaluate((t) => (globalThis as unknown as Api).courseBench.start(t), threads);
    return {
      ...started,
      run: (config) => page.evaluate((c) => (globalThis as unknown as Api).courseBench.run(c), config),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
