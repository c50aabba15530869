import { expect, test, type Page, type Worker } from '@playwright/test';
import { readyPanel, trainTiny } from './tinyRun';
import { GPU_CHROMIUM_ARGS } from '../../scripts/gpuCheckHarness';
import { findChromium } from './findChromium';
import { encodeLessonDataset } from '../../src/lib/data/writeLessonDataset';
import type { SplitArrays } from '../../src/lib/data/types';

// The look-inside views on the GPU backends the course offers (SwiftShader here, started with the
// WebGPU flags as backends.spec.ts is; one browser for the file). The lesson's file would take
// minutes per view on a software GPU (scoring 80 test slices, 7 passes each for the uncertainty), so
// the page loads a learner's file of 32×32 discs (6 training, 2 validation, 3 test slices; the panel
// then offers 32×32 only). After a one-epoch run of model B the feature maps have one row per
// convolutional layer, knocking out the last skip changes the test number, attribution and
// uncertainty render, and repeating them leaves the worker's tensor count where it was.

const SIDE = 32;

/** Bright discs on a dim background, and their masks: `count` slices of SIDE×SIDE. */
function discs(count: number, offset: number): SplitArrays {
  const size = SIDE * SIDE;
  const x = new Float32Array(count * size);
  const y = new Float32Array(count * size);
  for (let s = 0; s < count; s++) {
    const [cy, cx, r] = [10 + ((s + offset) % 12), 9 + ((3 * s + offset) % 13), 5 + ((s + offset) % 4)];
    for (let k = 0; k < size; k++) {
      const inside = (Math.floor(k / SIDE) - cy) ** 2 + ((k % SIDE) - cx) ** 2 <= r * r;
      y[s * size + k] = inside ? 1 : 0;
      x[s * size + k] = (inside ? 0.8 : 0.1) + 0.05 * Math.sin(7 * (s * size + k));
    }
  }
  return { x, y, count };
}

test.use({ launchOptions: { executablePath: findChromium(), args: GPU_CHROMIUM_ARGS } });
test.describe.configure({ mode: 'serial' });

/** Tensors alive in the page's training worker (TensorFlow.js keeps its engine on the global object). */
async function tensorCount(workers: Worker[]): Promise<number> {
  const worker = workers.filter((w) => w.url().includes('trainingWorker')).at(-1);
  expect(worker).toBeDefined();
  return worker!.evaluate(() => (globalThis as unknown as { _tfengine: { state: { numTensors: number } } })._tfengine.state.numTensors);
}

/** The backend TensorFlow.js runs in the training worker. */
async function workerBackend(workers: Worker[]): Promise<string> {
  const worker = workers.filter((w) => w.url().includes('trainingWorker')).at(-1);
  return worker!.evaluate(() => (globalThis as unknown as { _tfengine: { backendName: string } })._tfengine.backendName);
}

async function lookInsideOn(page: Page, backend: 'webgl' | 'webgpu', badge: RegExp) {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const workers: Worker[] = [];
  page.on('worker', (worker) => workers.push(worker));
  const started = Date.now();
  const took = (what: string) => {
    const seconds = `${((Date.now() - started) / 1000).toFixed(0)} s`;
    test.info().annotations.push({ type: `${backend} ${what}`, description: seconds });
    console.log(`${backend}: ${what} after ${seconds}`);
  };

  await page.goto(`lessons/segmentation/?backend=${backend}`);
  const panel = await readyPanel(page, 'Train: Model B (skips)', { backend: badge, timeout: 240_000 });
  const explorer = page.getByRole('region', { name: 'Explore the data' });
  await explorer.scrollIntoViewIfNeeded();
  const bytes = await encodeLessonDataset({ height: SIDE, width: SIDE, train: discs(6, 0), val: discs(2, 7), test: discs(3, 11), attributes: {} });
  await explorer.getByLabel(/Use your own HDF5 file/).setInputFiles({ name: 'discs.h5', mimeType: 'application/x-hdf5', buffer: Buffer.from(bytes) });
  await expect(explorer.getByRole('row', { name: /^training trainX, trainY \[6, 32, 32, 1\]/ })).toBeVisible({ timeout: 60_000 });
  await panel.scrollIntoViewIfNeeded();
  await expect(panel.getByLabel('Image size')).toHaveValue(String(SIDE));
  await trainTiny(panel, { epochs: 1, slices: null, size: null, batchSize: 2, timeout: 420_000 });
  expect(await workerBackend(workers)).toBe(backend);
  took('trained');

  // Feature maps, recorded at the end of the epoch: one row per convolutional layer.
  const maps = page.getByTestId('feature-maps');
  await maps.scrollIntoViewIfNeeded();
  const grid = maps.locator('.fmaps__grid');
  await expect(grid).toHaveAttribute('data-epoch', '0', { timeout: 120_000 });
  await expect(grid.locator('.fmaps__when')).toHaveText(/^Validation slice \d, after epoch 1: \d+ convolutional layers\.$/);
  const layers = Number((await grid.locator('.fmaps__when').textContent())?.match(/(\d+) convolutional layers/)?.[1]);
  expect(layers).toBeGreaterThan(10);
  await expect(maps.getByRole('group')).toHaveCount(layers);
  took('feature maps');

  // Knock-out: with the last skip off, the headline test number differs from the model's own.
  const inside = page.getByRole('region', { name: 'Look inside your model' });
  await inside.scrollIntoViewIfNeeded();
  await inside.getByRole('button', { name: 'Look inside' }).click();
  const knockout = inside.getByTestId('knockout');
  const table = knockout.getByRole('table');
  await expect(table).toBeVisible({ timeout: 300_000 });
  took('opened');
  const metric = knockout.getByTestId('knockout-metric');
  const own = (await table.locator('tbody tr').first().locator('td').first().textContent()) ?? '';
  await knockout.getByRole('checkbox', { name: /Switch off the last skip/ }).check();
  await knockout.getByRole('button', { name: 'Run with the knock-out' }).click();
  await expect(metric).not.toHaveText('–', { timeout: 300_000 });
  // Each test number as trained and knocked out: the skip's loss shows in them.
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? '')));
  console.log(`${backend}: ${JSON.stringify(rows)}`);
  expect(rows.some(([, trained, knocked]) => trained !== knocked), JSON.stringify(rows)).toBe(true);
  expect(own.trim()).not.toBe('');
  took('knocked out');

  // Attribution of the pixel under the keyboard cursor.
  const attribution = inside.getByTestId('attribution');
  await attribution.getByRole('group', { name: /paint a region/ }).focus();
  await page.keyboard.press('Enter');
  const explained = attribution.getByRole('img', { name: /^Gradient × input for the 9 painted pixels/ });
  await attribution.getByRole('button', { name: 'Show what drove it' }).click();
  await expect(explained).toBeVisible({ timeout: 300_000 });
  took('attribution');

  // Uncertainty beside error on the test split.
  const spread = page.getByTestId('uncertainty');
  await spread.scrollIntoViewIfNeeded();
  await spread.getByRole('button', { name: 'Measure uncertainty on the test set' }).click();
  await expect(spread.getByRole('img', { name: /^Uncertainty: spread over 7 passes/ })).toBeVisible({ timeout: 300_000 });
  await expect(spread.getByRole('img', { name: /^Scatter of 3 slices/ })).toBeVisible();
  took('uncertainty');

  // Used again, the views leave the worker with the tensors it had.
  const before = await tensorCount(workers);
  await knockout.getByRole('button', { name: 'Run with the knock-out' }).click();
  await expect(knockout.getByRole('button', { name: 'Run with the knock-out' })).toBeEnabled({ timeout: 300_000 });
  await attribution.getByRole('button', { name: 'Show what drove it' }).click();
  await expect(attribution.getByRole('button', { name: 'Show what drove it' })).toBeEnabled({ timeout: 300_000 });
  await expect(explained).toBeVisible();
  await spread.getByRole('listitem').nth(1).getByRole('button').click();
  await expect(spread.getByRole('listitem').nth(1).getByRole('button')).toHaveAttribute('aria-pressed', 'true', { timeout: 300_000 });
  await maps.getByRole('button', { name: /^Show the current model’s maps/ }).click();
  await expect(grid).toHaveAttribute('data-epoch', 'now', { timeout: 120_000 });
  await page.waitForTimeout(500);
  expect(await tensorCount(workers)).toBe(before);
  took('repeated');
  expect(errors).toEqual([]);
}

test('look inside on WebGL (SwiftShader): feature maps, knock-out, attribution and uncertainty, without leaks', async ({ page }) => {
  test.setTimeout(1_200_000);
  await lookInsideOn(page, 'webgl', /^Backend: WebGL/);
});

test('look inside on WebGPU (SwiftShader): feature maps, knock-out, attribution and uncertainty, without leaks', async ({ page }) => {
  test.setTimeout(1_200_000);
  await lookInsideOn(page, 'webgpu', /^Backend: WebGPU/);
});

test('on WebAssembly, a whole-split uncertainty measurement shows its progress and stops on request, leaving no tensors and a working view', async ({ page }) => {
  test.setTimeout(600_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const workers: Worker[] = [];
  page.on('worker', (worker) => workers.push(worker));
  await page.goto('lessons/segmentation/?backend=wasm');
  const panel = await readyPanel(page, 'Train: Model B (skips)');
  await trainTiny(panel, { epochs: 1 });

  const spread = page.getByTestId('uncertainty');
  await spread.scrollIntoViewIfNeeded();
  const before = await tensorCount(workers);
  await spread.getByRole('button', { name: 'Measure uncertainty on the test set' }).click();
  // 80 test slices, 7 passes each: long enough to show how far it got, and to stop.
  const bar = spread.getByRole('progressbar');
  await expect(bar).toBeVisible({ timeout: 60_000 });
  await expect(spread.getByText(/^Measuring the spread on the test slices: \d+ of 80$/)).toBeVisible();
  await spread.getByRole('button', { name: 'Stop' }).click();
  const note = spread.getByRole('status').filter({ hasText: /^Stopped/ });
  await expect(note).toHaveText(/^Stopped after \d+ of 80 slices \(measuring the spread on the test slices\)\. Nothing was kept; measure again to start over\.$/, { timeout: 60_000 });
  await expect(bar).toHaveCount(0);
  await expect(spread.getByRole('alert')).toHaveCount(0);
  await page.waitForTimeout(500);
  expect(await tensorCount(workers)).toBe(before);

  // Not stuck: the view measures again, to the end, and the page's other views still get the model.
  await spread.getByRole('button', { name: 'Measure uncertainty on the test set' }).click();
  await expect(spread.getByRole('img', { name: /^Uncertainty: spread over 7 passes/ })).toBeVisible({ timeout: 300_000 });
  await expect(note).toHaveCount(0);
  const inside = page.getByRole('region', { name: 'Look inside your model' });
  await inside.scrollIntoViewIfNeeded();
  await inside.getByRole('button', { name: 'Look inside' }).click();
  await expect(inside.getByTestId('knockout').getByRole('table')).toBeVisible({ timeout: 120_000 });
  expect(errors).toEqual([]);
});
