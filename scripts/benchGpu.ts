/**
 * `npm run bench -- --gpu`: times one training step (forward + backward + Adam, L1 loss, batch 16)
 * of the lesson's skip model at 128² and 256² on TensorFlow.js's WebGPU backend in Node, through
 * Dawn for Node (the npm package `webgpu`), so that a machine with a GPU and no browser can measure
 * it. Prints a table and writes bench-results/bench-gpu-<time>.json.
 *
 *   npm install --no-save webgpu@0.6.2     # once: ≈ 50 MB download, not a dependency of the course
 *   npm run bench -- --gpu [--sizes 128,256] [--batch 16] [--steps 5] [--warmup 2] [--dawn opt=value,…]
 *
 * `webgpu` ships its Dawn binary (no build step; its postinstall script only matters on macOS).
 * Dawn needs a Vulkan driver on Linux (libvulkan.so.1 and an ICD). Without a GPU, Chromium's own
 * SwiftShader works for a smoke run (software: the times mean nothing):
 *   LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json \
 *     npm run bench -- --gpu --sizes 16 --batch 2 --steps 2 --warmup 1
 * WEBGPU_MODULE=/path/to/webgpu (a folder holding the package) loads it from elsewhere.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface DawnModule {
  create(options: string[]): { requestAdapter(options?: object): Promise<DawnAdapter | null> };
  globals: Record<string, unknown>;
}
interface DawnAdapter {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
}

/** Exits with a one-line reason and what to do (exit code 2: could not run, as opposed to failed). */
function cannotRun(message: string, hint: string): never {
  console.error(`bench --gpu cannot run: ${message}\n  ${hint}`);
  process.exit(2);
}

async function loadDawn(): Promise<DawnModule> {
  const from = process.env.WEBGPU_MODULE;
  try {
    return (from ? await import(pathToFileURL(join(from, 'index.js')).href) : await import('webgpu' as string)) as DawnModule;
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    cannotRun(
      `the npm package 'webgpu' (Dawn for Node) could not be loaded (${detail}).`,
      "It is not a dependency of the course (≈ 50 MB download, 130 MB unpacked): install it with 'npm install --no-save webgpu@0.6.2', or point WEBGPU_MODULE at a folder holding it.",
    );
  }
}

export async function benchGpu(args: string[]): Promise<void> {
  const option = (name: string, fallback: string) => { const i = args.indexOf(`--${name}`); return i >= 0 && args[i + 1] ? args[i + 1] : fallback; };
  const config = {
    sizes: option('sizes', '128,256').split(',').map(Number),
    batch: Number(option('batch', '16')),
    steps: Number(option('steps', '5')),
    warmup: Number(option('warmup', '2')),
    variants: ['ours'],
  };
  const dawnOptions = option('dawn', '').split(',').filter(Boolean);

  const dawn = await loadDawn();
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create(dawnOptions);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) {
    cannotRun(
      'Dawn found no WebGPU adapter.',
      'On Linux Dawn needs Vulkan (libvulkan.so.1 plus a GPU driver\'s ICD; check with vulkaninfo). Without a GPU, Chromium\'s SwiftShader can stand in for a smoke run: LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json.',
    );
  }
  const info = adapter.info ?? {};
  const adapterName = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' / ') || 'unnamed adapter';
  const software = info.isFallbackAdapter === true || /swiftshader|llvmpipe|lavapipe/i.test(adapterName);
  console.log(`WebGPU adapter: ${adapterName}${software ? ' — a SOFTWARE adapter: these times say nothing about a GPU' : ''}`);

  // tfjs-backend-webgpu registers itself only where navigator.gpu exists, so set it before loading it.
  Object.defineProperty(globalThis.navigator, 'gpu', { configurable: true, value: gpu });
  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-webgpu');
  const { registerWebgpuKernels } = await import('../src/lib/kernels/gpuKernels');
  registerWebgpuKernels();
  if (!(await tf.setBackend('webgpu')) || tf.getBackend() !== 'webgpu') {
    cannotRun(`TensorFlow.js's WebGPU backend did not start (it stayed on '${tf.getBackend()}').`, 'Run with DEBUG=* for Dawn\'s messages.');
  }
  const { benchTrainingStep } = await import('./benchCore');
  console.log(`One training step of the skip model, batch ${config.batch}, median of ${config.steps} after ${config.warmup} warm-up …`);
  const results = await benchTrainingStep(config, { threads: 1, log: (l) => console.log(l) });

  console.log(`\n${'size'.padStart(6)}${'median ms'.padStart(11)}${'min ms'.padStart(9)}${'GFLOP/s'.padStart(9)}`);
  for (const r of results) console.log(`${String(r.size).padStart(6)}${String(r.medianMs).padStart(11)}${String(r.minMs).padStart(9)}${String(r.gflops).padStart(9)}`);
  const dir = join(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-gpu-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({
    date: new Date().toISOString(), runtime: 'tfjs-backend-webgpu in Node through Dawn (npm webgpu)', adapter: { ...info, name: adapterName, software },
    config, machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, loadavg: os.loadavg() }, tfjs: tf.version.tfjs, results,
  }, null, 2));
  console.log(`wrote ${file}`);
}
