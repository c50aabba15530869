import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { expect, test, type Worker } from '@playwright/test';
import { encodeLessonDataset } from '../../src/lib/data/writeLessonDataset';
import { tinySegmentationDataset } from '../unit/client/tinyDataset';
import { serveDir } from '../../scripts/gpuCheckHarness';
import { bundleEnginePage } from '../engine/enginePageHarness';

// The engine page is the test's own (tests/engine/), bundled and served beside the site: the
// published site has no developer page (site.spec.ts checks that /dev/ is absent).
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let server: Server;
let pageUrl: string;

test.beforeAll(async ({}, testInfo) => {
  const dir = await bundleEnginePage(root, testInfo.outputPath('engine-page'));
  ({ server, url: pageUrl } = await serveDir(dir));
});

test.afterAll(() => {
  server?.close();
});

// A long run does not leak: after a first short run (which compiles kernels and sizes the heap), 50
// more epochs leave the engine with the same number of tensors and the same wasm heap. Read from inside
// the training worker: TensorFlow.js keeps its engine on the global object (_tfengine).

test.setTimeout(300_000);

interface EngineMemory { tensors: number; heapBytes: number; backend: string }

async function engineMemory(worker: Worker): Promise<EngineMemory> {
  return worker.evaluate(() => {
    const engine = (globalThis as unknown as { _tfengine: { state: { numTensors: number }; backendName: string; backendInstance: { wasm?: { HEAPU8: Uint8Array } } } })._tfengine;
    return { tensors: engine.state.numTensors, heapBytes: engine.backendInstance.wasm?.HEAPU8.length ?? -1, backend: engine.backendName };
  });
}

test('50 short epochs after the first run: tensor count and wasm heap stay flat', async ({ page }) => {
  const workers: Worker[] = [];
  page.on('worker', (worker) => workers.push(worker));
  await page.goto(`${pageUrl}?backend=wasm`);
  const status = page.getByRole('status');
  await page.getByRole('button', { name: 'Start engine' }).click();
  await expect(status).toContainText('Backend: wasm, host: worker');
  const bytes = await encodeLessonDataset(tinySegmentationDataset());
  await page.getByLabel('Dataset file').setInputFiles({ name: 'tiny.h5', mimeType: 'application/x-hdf5', buffer: Buffer.from(bytes) });
  await expect(status).toHaveText('Loaded 16×16: 6 train, 3 val, 2 test.');
  const worker = workers.find((w) => w.url().includes('trainingWorker'));
  expect(worker).toBeDefined();

  await page.getByRole('button', { name: 'Train' }).click();
  await expect(status).toHaveText('Run ended: completed, 1 epoch(s).');
  const first = await engineMemory(worker!);
  expect(first.backend).toBe('wasm');
  expect(first.tensors).toBeGreaterThan(0);
  expect(first.heapBytes).toBeGreaterThan(0);

  await page.getByLabel('Epochs').fill('50');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(status).toHaveText('Run ended: completed, 50 epoch(s).', { timeout: 240_000 });
  const after = await engineMemory(worker!);
  console.log(`engine memory after 1 epoch: ${JSON.stringify(first)}; after 50 more: ${JSON.stringify(after)}`);
  expect(after.tensors).toBe(first.tensors);
  expect(after.heapBytes).toBe(first.heapBytes);
});
