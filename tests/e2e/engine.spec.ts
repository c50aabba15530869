import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
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

// The training client on a bare test page in Chromium. Training tests force the wasm backend.

/** Collects uncaught errors and console errors of the page (and its workers). */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

async function loadTinyDataset(page: Page): Promise<void> {
  const bytes = await encodeLessonDataset(tinySegmentationDataset());
  await page.getByLabel('Dataset file').setInputFiles({ name: 'tiny.h5', mimeType: 'application/x-hdf5', buffer: Buffer.from(bytes) });
  await expect(page.getByRole('status')).toHaveText('Loaded 16×16: 6 train, 3 val, 2 test.');
}

test('in a worker on wasm: trains an epoch, then stops a long run', async ({ page }) => {
  const errors = watchErrors(page);
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await page.goto(`${pageUrl}?backend=wasm`);
  const status = page.getByRole('status');
  const log = page.getByRole('list', { name: 'Engine log' });

  await page.getByRole('button', { name: 'Start engine' }).click();
  await expect(status).toContainText('Backend: wasm, host: worker');
  // The preview server sends COOP/COEP, so the worker is cross-origin isolated and loads the threaded build.
  await expect(status).toContainText('threaded build: yes');
  expect(workers.some((url) => url.includes('trainingWorker'))).toBe(true);

  await loadTinyDataset(page);
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(log).toContainText('epoch-end 1/1');
  await expect(status).toHaveText('Run ended: completed, 1 epoch(s).');
  await expect(log.getByRole('listitem').filter({ hasText: /^run-start$/ })).toHaveCount(1);

  await page.getByLabel('Epochs').fill('500');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(log).toContainText('batch-end 1.1');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status).toHaveText(/Run ended: aborted, \d+ epoch\(s\)\./);
  await expect(log).toContainText('run-end aborted');
  expect(errors).toEqual([]);
});

test('auto skips software WebGL for wasm; a bad file gives the data error and its hint', async ({ page }) => {
  await page.goto(`${pageUrl}?backend=auto`);
  await page.getByRole('button', { name: 'Start engine' }).click();
  const status = page.getByRole('status');
  // Headless Chromium here has only SwiftShader WebGL and no WebGPU adapter.
  await expect(status).toContainText('Backend: wasm, host: worker');
  await expect(page.getByRole('list', { name: 'Engine log' })).toContainText(/init: wasm .*software renderer/);
  await page.getByLabel('Dataset file').setInputFiles({ name: 'notes.h5', mimeType: 'application/x-hdf5', buffer: Buffer.from('not an hdf5 file at all') });
  await expect(status).toContainText('notes.h5 is not an HDF5 file');
});

test('on the main thread (no worker): the same API trains an epoch', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`${pageUrl}?backend=wasm&host=main-thread`);
  await page.getByRole('button', { name: 'Start engine' }).click();
  await expect(page.getByRole('status')).toContainText('Backend: wasm, host: main-thread');
  await loadTinyDataset(page);
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByRole('status')).toHaveText('Run ended: completed, 1 epoch(s).');
  expect(errors).toEqual([]);
});
