import { expect, test } from '@playwright/test';
import { encodeLessonDataset } from '../../src/lib/data/writeLessonDataset';
import { tinySegmentationDataset } from '../unit/client/tinyDataset';

// The training client in a real Worker in Chromium, on the bare dev page, forced onto wasm.
test('the engine starts on wasm in a worker, trains an epoch and stops a run', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));

  await page.goto('dev/engine-check/?backend=wasm');
  const status = page.getByRole('status');
  const log = page.getByRole('list', { name: 'Engine log' });

  await page.getByRole('button', { name: 'Start engine' }).click();
  await expect(status).toContainText('Backend: wasm, host: worker');
  expect(workers.some((url) => url.includes('trainingWorker'))).toBe(true);

  const bytes = await encodeLessonDataset(tinySegmentationDataset());
  await page.getByLabel('Dataset file').setInputFiles({ name: 'tiny.h5', mimeType: 'application/x-hdf5', buffer: Buffer.from(bytes) });
  await expect(status).toHaveText('Loaded 16×16: 6 train, 3 val, 2 test.');

  await page.getByRole('button', { name: 'Train' }).click();
  await expect(log).toContainText('epoch-end 1/1');
  await expect(status).toHaveText('Run ended: completed, 1 epoch(s).');
  await expect(log.getByRole('listitem').filter({ hasText: /^run-start$/ })).toHaveCount(1);

  // A long run, stopped after its first batch.
  await page.getByLabel('Epochs').fill('500');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(log).toContainText('batch-end 1.1');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status).toHaveText(/Run ended: aborted, \d+ epoch\(s\)\./);
  await expect(log).toContainText('run-end aborted');

  expect(errors).toEqual([]);
});

test('a bad file gives the data error and its hint', async ({ page }) => {
  await page.goto('dev/engine-check/?backend=wasm');
  await page.getByRole('button', { name: 'Start engine' }).click();
  await expect(page.getByRole('status')).toContainText('Backend: wasm');
  await page.getByLabel('Dataset file').setInputFiles({ name: 'notes.h5', mimeType: 'application/x-hdf5', buffer: Buffer.from('not an hdf5 file at all') });
  await expect(page.getByRole('status')).toContainText('notes.h5 is not an HDF5 file');
});
