import { expect, test, type Locator, type Page } from '@playwright/test';
import { readyPanel, setTinyRun } from './tinyRun';

// Lesson 1's training panels in Chromium, forced onto wasm, with the smallest settings: 64×64,
// a few training slices, tiny batches. TRAINING_PAGE points the test at another page that mounts
// the same islands (the developer page dev/lab/ does).
const PAGE = process.env.TRAINING_PAGE ?? 'lessons/segmentation/';
const PANEL_A = 'Train: Model A′ (no skips)';
const PANEL_B = 'Train: Model B (skips)';

async function openPanel(page: Page, name: string): Promise<Locator> {
  await page.goto(`${PAGE}?backend=wasm`);
  return readyPanel(page, name, { backend: /Backend: WebAssembly/, timeout: 90_000 });
}

// Starting the engine, loading the data and timing the device take a while on a busy 2-core machine.
test.setTimeout(300_000);
// Every test gets a fresh browser context, so no saved runs carry over between tests.
test('a tiny run trains; the curve table and the prediction gallery update; the run survives a reload', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const panel = await openPanel(page, PANEL_A);
  // The course CT file declares units = "HU"; the panel says which normalisation runs.
  await expect(panel.getByTestId('normalization')).toHaveText(/This run normalises with\s*per-slice z-score/);
  await setTinyRun(panel, { epochs: 1 });
  await panel.getByRole('button', { name: 'Start training' }).click();

  await expect(panel.getByText(/^Training finished: 1 epoch in \d+ s\. Last epoch: training loss \d\.\d{3}, validation loss \d\.\d{3}, validation Dice \d\.\d{3}\.$/))
    .toBeVisible({ timeout: 120_000 });

  await panel.getByText(/the numbers$/).click();
  const table = panel.getByRole('table');
  await expect(table.getByRole('row', { name: /^training 1: \d\.\d{4}$/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /^validation 1: \d\.\d{4}$/ })).toBeVisible();

  await expect(panel.getByRole('heading', { name: 'Predictions after epoch 1 of 1' })).toBeVisible();
  await expect(panel.getByRole('img', { name: /^predicted lung probability, validation slice \d+, epoch 1$/ })).toHaveCount(3);
  await expect(panel.getByRole('img', { name: /^Truth, validation slice \d+$/ })).toHaveCount(3);

  // The comparison lists the run; after a reload the panel still shows it as finished.
  const comparison = page.getByRole('region', { name: 'Compare your runs' });
  await comparison.scrollIntoViewIfNeeded();
  await expect(comparison.getByRole('row', { name: /#1 Model A′ \(no skips\)/ })).toContainText('finished');
  await page.reload();
  const again = page.getByRole('region', { name: PANEL_A });
  await again.scrollIntoViewIfNeeded();
  await expect(again.getByText('Epochs done')).toBeVisible();
  await expect(again.getByRole('definition').filter({ hasText: /^1 of 1$/ })).toBeVisible();
  await expect(again.getByRole('button', { name: 'Train again' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('pause, resume and stop work, and the other panel waits its turn', async ({ page }) => {
  const panel = await openPanel(page, PANEL_A);
  await setTinyRun(panel, { epochs: 500 });
  await panel.getByRole('button', { name: 'Start training' }).click();
  await expect(panel.getByText(/Epoch \d+ of 500 · batch [12] of 2/)).toBeVisible({ timeout: 90_000 });

  const other = page.getByRole('region', { name: PANEL_B });
  // The panels hydrate when they come into view.
  await other.scrollIntoViewIfNeeded();
  await expect(other.getByRole('button', { name: 'Start training' })).toBeDisabled();
  await expect(other.getByText(/Another run is training on this page/)).toBeVisible();

  await panel.getByRole('button', { name: 'Pause' }).click();
  await expect(panel.getByText(/^Paused in epoch \d+, after batch \d of 2\.$/)).toBeVisible({ timeout: 30_000 });
  const resume = panel.getByRole('button', { name: 'Resume' });
  await expect(resume).toBeEnabled();
  await resume.click();
  await expect(panel.getByText('Training resumed.')).toBeVisible({ timeout: 30_000 });

  await panel.getByRole('button', { name: 'Stop' }).click();
  await expect(panel.getByText(/^Training stopped after \d+ complete epochs?\./)).toBeVisible({ timeout: 60_000 });
  await expect(panel.getByRole('button', { name: 'Train again' })).toBeEnabled();
  await expect(panel.getByRole('button', { name: 'Stop' })).toBeDisabled();
  await expect(other.getByRole('button', { name: 'Start training' })).toBeEnabled();
});

test('a bad setting shows the engine’s message and hint, and the settings stay as typed', async ({ page }) => {
  const panel = await openPanel(page, PANEL_A);
  await setTinyRun(panel, { epochs: 1 });
  await panel.getByLabel('Batch size').fill('0');
  await panel.getByRole('button', { name: 'Start training' }).click();
  const alert = panel.getByRole('alert').filter({ hasText: 'batch size' });
  await expect(alert).toContainText('Expected the batch size to be a whole number from 1 to 512, but got 0.');
  await expect(alert).toContainText('Typical batch sizes are 8 to 32.');
  await expect(panel.getByLabel('Batch size')).toHaveValue('0');
  await expect(panel.getByLabel('Training slices')).toHaveValue('8');
  await expect(panel.getByRole('button', { name: 'Start training' })).toBeEnabled();
});

test('model B starts with the lesson\'s recipe from the course catalog, the same settings npm run train -- --defaults trains', async ({ page }) => {
  const panel = await openPanel(page, PANEL_B);
  // src/course/catalog.ts, panel model-b: Adam at 0.004 with a cosine schedule, both augmentations, 64×64, 13 epochs, batches of 16 (tests/unit/cli/trainDefaults.test.ts).
  await expect(panel.getByText(/the lesson sets Adam \(learning rate 0\.004, lowered to zero by the last step\), augmentation on, intensity augmentation on, 64×64, 13 epochs and batches of 16/)).toBeVisible();
  await expect(panel.getByLabel('Epochs')).toHaveValue('13');
  await expect(panel.getByLabel('Batch size')).toHaveValue('16');
  await expect(panel.getByLabel('Learning rate')).toHaveValue('0.004');
  await expect(panel.getByLabel('Image size')).toHaveValue('64');
});
