import { expect, test } from '@playwright/test';
import { finishedText, readyPanel, setTinyRun } from './tinyRun';
import { encodeLessonDataset } from '../../src/lib/data/writeLessonDataset';

// Runs that go wrong or go on out of sight, in lesson 1 on wasm: a learning rate far too high makes the
// loss NaN and the run stops with a hint; a page that is hidden (another tab in front) keeps training,
// because the engine runs in a worker.
const PAGE = 'lessons/segmentation/?backend=wasm';

test.setTimeout(300_000);

async function openPanel(page: import('@playwright/test').Page) {
  await page.goto(PAGE);
  const panel = await readyPanel(page, 'Train: Model A′ (no skips)');
  await setTinyRun(panel);
  return panel;
}

test('a diverging run (NaN loss) stops and says what to change', async ({ page }) => {
  const panel = await openPanel(page);
  await panel.getByLabel('Optimiser').selectOption('adam');
  await panel.getByLabel('Learning rate').fill('10');
  await panel.getByLabel('Epochs').fill('20');
  await panel.getByRole('button', { name: 'Start training' }).click();
  const alert = panel.getByRole('alert');
  await expect(alert).toContainText(/training diverged|NaN or infinite values/, { timeout: 120_000 });
  await expect(alert).toContainText(/learning rate \(10\) is probably too high|Check the data/);
  // The run ended: training can start again, and the failed run did not run its 20 epochs.
  await expect(panel.getByRole('button', { name: 'Train again' })).toBeEnabled();
  await expect(panel.getByRole('button', { name: 'Stop' })).toBeDisabled();
  await expect(panel.getByText(/of 20 \(failed\)/)).toBeVisible();
});

test('a hidden page keeps training: the run finishes while another tab is in front', async ({ page, context }) => {
  const panel = await openPanel(page);
  await panel.getByLabel('Epochs').fill('3');
  await panel.getByRole('button', { name: 'Start training' }).click();
  await expect(panel.getByRole('button', { name: /Stop/ })).toBeVisible();

  const other = await context.newPage();
  await other.bringToFront();
  // Headless Chromium may keep background tabs "visible"; then emulate what a real browser reports.
  const really = (await page.evaluate(() => document.visibilityState)) === 'hidden';
  test.info().annotations.push({ type: 'visibility', description: really ? 'hidden by the browser' : 'hidden by emulation' });
  console.log(`hidden-tab test: ${really ? 'hidden by the browser' : 'hidden by emulation'}`);
  if (!really) {
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
  }
  expect(await page.evaluate(() => document.visibilityState)).toBe('hidden');
  await expect(panel.getByText(finishedText(3))).toBeVisible({ timeout: 180_000 });
  expect(await page.evaluate(() => document.visibilityState)).toBe('hidden');
  await other.close();
});

test('a file the loader accepts with a warning shows the warning under the data explorer', async ({ page }) => {
  await page.goto(PAGE);
  const explorer = page.getByRole('region', { name: 'Explore the data' });
  await explorer.scrollIntoViewIfNeeded();
  await expect(explorer.getByRole('img', { name: /^CT slice \d+$/ })).toBeVisible({ timeout: 90_000 });
  const n = 2 * 16 * 16;
  const mask = Float32Array.from({ length: n }, (_, i) => i % 2);
  const bytes = await encodeLessonDataset({
    height: 16, width: 16, attributes: {},
    train: { x: new Float32Array(n).fill(42), y: mask, count: 2 },
    val: { x: Float32Array.from({ length: n }, (_, i) => i), y: mask, count: 2 },
  });
  await explorer.getByLabel(/Use your own HDF5 file/).setInputFiles({ name: 'flat.h5', mimeType: 'application/x-hdf5', buffer: Buffer.from(bytes) });
  await expect(explorer.getByRole('list', { name: 'Notes on this file' })).toContainText('trainX is constant: every value is 42');
});
