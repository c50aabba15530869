import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { finishedText, setTinyRun } from './tinyRun';
import { bundleGpuPage, GPU_CHROMIUM_ARGS, runComparisonInPage, runFaultInPage, serveDir } from '../../scripts/gpuCheckHarness';
import {
  compareBackends, KERNEL_TOLERANCE, LOSS_TOLERANCE, PREDICTION_TOLERANCE, TINY_COMPARE, type BackendRunResult,
} from '../gpu/compareRuns';
import { findChromium } from './findChromium';

// WebGPU and WebGL (SwiftShader here) and wasm train the same tiny runs of both lesson tasks from
// the same weights; the GPU backends must match wasm. The page is bundled from tests/gpu, not part
// of the site. One browser for the file, started with the WebGPU flags (docs: browser-testing).

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

test.use({ launchOptions: { executablePath: findChromium(), args: GPU_CHROMIUM_ARGS } });
// The comparison page is shared by the tests that train on it (the device-loss test reuses the
// GPU programs the comparison compiled: SwiftShader compiles slowly), so they run in order.
test.describe.configure({ mode: 'serial' });

let server: Server;
let url: string;
let gpuPage: Page;

test.beforeAll(async ({ browser }, testInfo) => {
  const dir = await bundleGpuPage(root, testInfo.outputPath('page'));
  ({ server, url } = await serveDir(dir));
  gpuPage = await browser.newPage();
});

test.afterAll(async () => {
  await gpuPage?.close();
  server?.close();
});

test('webgpu and webgl train both lesson tasks like wasm: same losses per step and epoch, same predictions', async ({}, testInfo) => {
  // SwiftShader is slow: ≈ 80 s for the three backends on a quiet 2-core machine.
  test.setTimeout(300_000);
  const rows: BackendRunResult[] = await runComparisonInPage(gpuPage, url, TINY_COMPARE);
  testInfo.attachments.push({ name: 'backends.json', contentType: 'application/json', body: Buffer.from(JSON.stringify(rows, null, 1)) });

  expect(rows.map((r) => [r.backend, r.ran, r.error])).toEqual(TINY_COMPARE.backends.map((b) => [b, true, null]));
  const [reference, ...others] = rows;
  // The reference really trained: finite, changing losses and non-constant predictions.
  for (const task of reference.tasks) {
    expect(task.batchLosses).toHaveLength(TINY_COMPARE.epochs * (TINY_COMPARE.trainCount / TINY_COMPARE.batchSize));
    expect(task.batchLosses.every(Number.isFinite)).toBe(true);
    expect(task.batchLosses.at(-1)).not.toBe(task.batchLosses[0]);
    expect(task.valLosses[1]).not.toBe(task.valLosses[0]);
    expect(Math.max(...task.predictions) - Math.min(...task.predictions)).toBeGreaterThan(1e-3);
  }
  for (const row of others) {
    expect(row.gpuErrors, `${row.backend}: WebGPU errors`).toEqual([]);
    const cmp = compareBackends(row, reference);
    for (const check of cmp.kernelChecks) {
      expect(check.error, `${row.backend}: ${check.name}`).toBeNull();
      expect(check.relativeError, `${row.backend}: ${check.name} vs ${reference.backend}`).toBeLessThanOrEqual(KERNEL_TOLERANCE);
    }
    expect(cmp.kernelChecks).toHaveLength(reference.kernelChecks.length);
    for (const task of cmp.tasks) {
      expect(task.finite, `${row.backend}: ${task.task} predictions finite`).toBe(true);
      expect(task.maxLossRelDiff, `${row.backend}: ${task.task} losses vs ${reference.backend}`).toBeLessThanOrEqual(LOSS_TOLERANCE);
      expect(task.maxPredictionAbsDiff, `${row.backend}: ${task.task} predictions vs ${reference.backend}`).toBeLessThanOrEqual(PREDICTION_TOLERANCE);
    }
    expect(cmp.tasks).toHaveLength(2);
  }
});

test('auto never trains on the software adapters; the badge says why, and copies its diagnostics', async ({ page, context }) => {
  test.setTimeout(180_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  // With the flags above Chromium offers SwiftShader WebGPU and WebGL: both must be passed over.
  await page.goto('lessons/segmentation/');
  const panel = page.getByRole('region', { name: 'Train: Model B (skips)' });
  await panel.scrollIntoViewIfNeeded();
  await expect(panel.getByText(/^Backend: WebAssembly \(processor\), \d threads?$/)).toBeVisible({ timeout: 60_000 });
  const badgeThreads = Number((await panel.getByText(/^Backend: WebAssembly/).textContent())?.match(/(\d) thread/)?.[1]);
  await panel.getByText('Backend: why, and change it').click();
  const details = panel.locator('.backend-badge__details');
  await expect(details).toContainText(/WebGPU runs on a software adapter \(google \/ swiftshader[^)]*\)/);
  await expect(details).toContainText(/WebGL runs on a software renderer/);
  // The why text and the badge name the same thread count.
  await expect(details).toContainText(`with ${badgeThreads} thread${badgeThreads === 1 ? '' : 's'} (your device has`);
  await expect(details.getByRole('definition').filter({ hasText: `${badgeThreads} thread` })).toBeVisible();
  // The panels plan with an estimate; the learner may time a step here.
  await expect(details.getByRole('definition').filter({ hasText: /per step \(skip model, 64×64, batch 16; an estimate, not measured\)/ })).toBeVisible();
  await details.getByRole('button', { name: 'Time a training step here' }).click();
  await expect(details.getByRole('definition').filter({ hasText: /per step \(skip model, 64×64, batch 16; measured here\)/ })).toBeVisible({ timeout: 90_000 });

  await details.getByRole('button', { name: 'Copy diagnostics' }).click();
  await expect(details.getByRole('status')).toHaveText('Copied: paste it into your bug report.');
  const text = await page.evaluate(() => navigator.clipboard.readText());
  expect(text).toContain(`Page: ${page.url()}`);
  expect(text).toContain('TensorFlow.js: 4.22.0');
  expect(text).toMatch(/Browser: Mozilla\/5\.0 .*Chrome\//);
  expect(text).toContain('Backend: WebAssembly');
  expect(text).toMatch(/WebGPU adapter: google \/ swiftshader.*\(fallback adapter\)/);
  expect(text).toMatch(/Step time: \d+(\.\d)? (ms|s) per step/);
});

test('losing the WebGL context or the WebGPU device stops the run with a clear message; wasm continues from the saved epoch', async () => {
  test.setTimeout(240_000);
  // WebGL first: the page's WebGPU device is still intact then; each loss is final for its backend.
  for (const [backend, what] of [['webgl', 'the WebGL context was lost'], ['webgpu', 'the WebGPU device was lost (destroyed']] as const) {
    const fault = await runFaultInPage(gpuPage, url, TINY_COMPARE, backend, { reload: false });
    expect(fault.problem, `${backend}: ${fault.how}`).toBeNull();
    expect(fault.errorName).toBe('DeviceLostError');
    expect(fault.message).toContain(`Training on ${backend} stopped: ${what}`);
    expect(fault.message).toContain('1 epoch had finished and the last one is saved.');
    expect(fault.hint).toMatch(/^Switch the backend to WebAssembly and continue from the saved epoch/);
    expect([fault.epochsCompleted, fault.checkpointEpochs]).toEqual([1, 1]);
    expect(fault.continued?.backend).toBe('wasm');
    expect(fault.continued?.epochs).toBe(2);
    expect(fault.continued?.trainLosses.every(Number.isFinite)).toBe(true);
  }
});

/**
 * Loses the training engine's GPU device the way a driver reset would: WEBGL_lose_context or
 * GPUDevice.destroy() on the backend TensorFlow.js uses in the training worker. TensorFlow.js keeps
 * its engine on the global `_tfengine`; the test reaches it through Playwright's worker handle, so
 * the site itself carries no test hook.
 */
async function loseDevice(page: Page, backend: 'webgl' | 'webgpu'): Promise<string> {
  for (const worker of page.workers()) {
    const done = await worker.evaluate((name) => {
      const engine = (globalThis as { _tfengine?: { backendName?: string; backendInstance?: { gpgpu?: { gl: WebGL2RenderingContext }; device?: { destroy(): void } } } })._tfengine;
      if (engine?.backendName !== name || !engine.backendInstance) return null;
      if (name === 'webgl') engine.backendInstance.gpgpu?.gl.getExtension('WEBGL_lose_context')?.loseContext();
      else engine.backendInstance.device?.destroy();
      return name === 'webgl' ? 'WEBGL_lose_context.loseContext()' : 'GPUDevice.destroy()';
    }, backend).catch(() => null);
    if (done) return done;
  }
  throw new Error(`No worker runs TensorFlow.js on ${backend}.`);
}

/** Opens the lesson on `backend` and starts a tiny run of Model B (64², 4 slices, batch 4: one step per epoch). */
async function startTinyRun(page: Page, backend: 'webgl' | 'webgpu', badge: string, epochs: number) {
  await page.goto(`lessons/segmentation/?backend=${backend}`);
  const panel = page.getByRole('region', { name: 'Train: Model B (skips)' });
  await panel.scrollIntoViewIfNeeded();
  await expect(panel.getByText(new RegExp(`^Backend: ${badge}`))).toBeVisible({ timeout: 120_000 });
  await setTinyRun(panel, { epochs, slices: 4 });
  await panel.getByRole('button', { name: /^(Start training|Train again)$/ }).click();
  return panel;
}

async function expectFinishedOnWasm(panel: Locator, epochs: number) {
  await expect(panel.getByText(/^Backend: WebAssembly/)).toBeVisible({ timeout: 120_000 });
  await expect(panel.getByText(finishedText(epochs))).toBeVisible({ timeout: 240_000 });
  await expect(panel.getByText(new RegExp(`^${epochs} of ${epochs}$`))).toBeVisible();
  const table = panel.locator('.loss-chart__table');
  if (!(await table.getAttribute('open'))) await table.locator('summary').click();
  await expect(table.locator('tbody tr').first().locator('td')).toHaveText(/^1: \d\.\d{4}, 2: \d\.\d{4}$/);
}

test('in a lesson panel, a lost WebGL context stops the run with a clear message; “Continue on WebAssembly from epoch 1” finishes it', async ({ page }) => {
  // SwiftShader WebGL: ≈ 2 min for the first epoch (shader compilation) on a busy 2-core machine.
  test.setTimeout(480_000);
  page.on('dialog', (dialog) => void dialog.accept());
  const panel = await startTinyRun(page, 'webgl', 'WebGL', 2);
  // Lost while paused in epoch 2: epoch 1 is complete and kept.
  await expect(panel.getByText(/^Epoch 1 of 2 done/)).toBeVisible({ timeout: 300_000 });
  await panel.getByRole('button', { name: 'Pause' }).click();
  await expect(panel.getByText(/^Paused in epoch 2/)).toBeVisible({ timeout: 120_000 });
  await loseDevice(page, 'webgl');

  const alert = panel.getByRole('alert').filter({ hasText: 'Training on' });
  await expect(alert).toContainText('Training on webgl stopped: the WebGL context was lost', { timeout: 60_000 });
  await expect(alert).toContainText('1 epoch had finished and the last one is saved.');
  await expect(panel.getByText(/^1 of 2 \(failed\)$/)).toBeVisible();
  await panel.getByRole('button', { name: 'Continue on WebAssembly from epoch 1' }).click();
  await expectFinishedOnWasm(panel, 2);
  await expect(alert).toBeHidden();
});

test('in a lesson panel, a destroyed WebGPU device stops the run with a clear message; “Start again on WebAssembly” finishes it', async ({ page }) => {
  // SwiftShader WebGPU compiles slowly (its first validation pass takes minutes here), so the
  // device goes during epoch 1, after its first step: no epoch is complete, the run starts again.
  test.setTimeout(480_000);
  page.on('dialog', (dialog) => void dialog.accept());
  const panel = await startTinyRun(page, 'webgpu', 'WebGPU', 2);
  await expect(panel.getByText(/^Epoch 1 of 2 · batch 1 of 1/)).toBeVisible({ timeout: 300_000 });
  await loseDevice(page, 'webgpu');

  const alert = panel.getByRole('alert').filter({ hasText: 'Training on' });
  await expect(alert).toContainText('Training on webgpu stopped: the WebGPU device was lost (destroyed', { timeout: 60_000 });
  await expect(alert).toContainText('No epoch had finished yet.');
  await panel.getByRole('button', { name: 'Start again on WebAssembly' }).click();
  await expectFinishedOnWasm(panel, 2);
  await expect(alert).toBeHidden();
});
