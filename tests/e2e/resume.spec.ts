import { expect, test, type Locator, type Page } from '@playwright/test';

// A reload in the middle of a run loses at most the epoch in progress: the browser asks first,
// and the panel then offers to resume from the last completed epoch (the engine kept its
// checkpoint); the resumed run finishes with every epoch in its chart and its model kept.
const PAGE = 'lessons/segmentation/';
const PANEL = 'Train: Model B (skips)';

async function readyPanel(page: Page): Promise<Locator> {
  const panel = page.getByRole('region', { name: PANEL });
  await panel.scrollIntoViewIfNeeded();
  await expect(panel.getByText(/Your device runs one training step of 16 slices at 64×64/)).toBeVisible({ timeout: 120_000 });
  return panel;
}

/** The training curve's numbers from the chart's table: "1: 0.1234, 2: …". */
async function trainingNumbers(panel: Locator): Promise<string> {
  const table = panel.locator('.loss-chart__table');
  if (!(await table.getAttribute('open'))) await table.locator('summary').click();
  return (await table.locator('tbody tr').first().locator('td').textContent()) ?? '';
}

test.setTimeout(400_000);

test('a reload mid-run warns first, then the panel resumes the run from its last completed epoch and finishes it', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.type());
    void dialog.accept();
  });
  await page.goto(`${PAGE}?backend=wasm`);
  const panel = await readyPanel(page);
  await panel.getByLabel('Image size').selectOption('64');
  await panel.getByLabel('Epochs').fill('3');
  await panel.getByLabel('Batch size').fill('4');
  await panel.getByLabel('Training slices').fill('8');
  await panel.getByRole('button', { name: 'Start training' }).click();
  await expect(panel.getByText('Closing or reloading the page stops this run (the browser asks first); it can then be resumed from its last completed epoch.')).toBeVisible({ timeout: 60_000 });
  // Paused in epoch 2: epoch 1 is complete and checkpointed, and the run waits (no race with epoch 2).
  await expect(panel.getByText(/^Epoch 1 of 3 done/)).toBeVisible({ timeout: 120_000 });
  await panel.getByRole('button', { name: 'Pause' }).click();
  await expect(panel.getByText(/^Paused in epoch 2/)).toBeVisible({ timeout: 60_000 });
  const epochOne = await trainingNumbers(panel);
  expect(epochOne).toMatch(/^1: \d\.\d{4}$/);

  await page.reload();
  // The leave-during-training warning fired (and was accepted).
  expect(dialogs).toEqual(['beforeunload']);

  const again = page.getByRole('region', { name: PANEL });
  await again.scrollIntoViewIfNeeded();
  const offer = again.getByRole('group', { name: 'Unfinished run' });
  await expect(offer).toContainText(/Training of “Model B \(skips\)” stopped at epoch 1 of 3 when the page was closed or reloaded, .+\./, { timeout: 120_000 });
  await expect(offer).not.toContainText('your file');
  await expect(again.getByText(/^1 of 3 \(stopped\)$/)).toBeVisible();
  await offer.getByRole('button', { name: 'Resume from epoch 1' }).click();
  await expect(offer).toBeHidden();
  await expect(again.getByText(/^Training finished: 3 epochs/)).toBeVisible({ timeout: 180_000 });
  await expect(again.getByText(/^3 of 3$/)).toBeVisible();
  // All three epochs are in the chart, the first one exactly as it was before the reload.
  const numbers = await trainingNumbers(again);
  expect(numbers).toMatch(new RegExp(`^${epochOne.replace('.', '\\.')}, 2: \\d\\.\\d{4}, 3: \\d\\.\\d{4}$`));
  // Its settings went back into the panel.
  await expect(again.getByLabel('Epochs')).toHaveValue('3');

  // Recorded and kept like an uninterrupted run: one run in the comparison, its model used for evaluation.
  const evaluation = page.getByRole('region', { name: 'Evaluate on the test set' });
  await evaluation.scrollIntoViewIfNeeded();
  await expect(evaluation.getByText(/^Model: Model B \(skips\) \(3 epochs, seed \d+\)\.$/)).toBeVisible({ timeout: 60_000 });
  const comparison = page.getByRole('region', { name: 'Compare your runs' });
  await comparison.scrollIntoViewIfNeeded();
  await expect(comparison.getByRole('row', { name: /Model B \(skips\)/ })).toHaveCount(1);

  // Finished: nothing is offered after another reload, and the model comes back.
  await page.reload();
  const third = page.getByRole('region', { name: PANEL });
  await third.scrollIntoViewIfNeeded();
  await expect(page.getByRole('region', { name: 'Evaluate on the test set' }).getByText(/^Model: Model B \(skips\) \(3 epochs, seed \d+\)\.$/)).toBeVisible({ timeout: 120_000 });
  await expect(third.getByRole('group', { name: 'Unfinished run' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('discarding an unfinished run removes the offer for good', async ({ page }) => {
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(`${PAGE}?backend=wasm`);
  const panel = await readyPanel(page);
  await panel.getByLabel('Image size').selectOption('64');
  await panel.getByLabel('Epochs').fill('2');
  await panel.getByLabel('Batch size').fill('4');
  await panel.getByLabel('Training slices').fill('8');
  await panel.getByRole('button', { name: 'Start training' }).click();
  await expect(panel.getByText(/^Epoch 1 of 2 done/)).toBeVisible({ timeout: 120_000 });
  await panel.getByRole('button', { name: 'Pause' }).click();
  await expect(panel.getByText(/^Paused in epoch 2/)).toBeVisible({ timeout: 60_000 });
  await page.reload();
  const again = page.getByRole('region', { name: PANEL });
  await again.scrollIntoViewIfNeeded();
  const offer = again.getByRole('group', { name: 'Unfinished run' });
  await expect(offer).toContainText('stopped at epoch 1 of 2', { timeout: 120_000 });
  await offer.getByRole('button', { name: 'Discard' }).click();
  await expect(offer).toHaveCount(0);
  await page.reload();
  const third = page.getByRole('region', { name: PANEL });
  await third.scrollIntoViewIfNeeded();
  await expect(third.getByText(/^1 of 2 \(stopped\)$/)).toBeVisible({ timeout: 60_000 });
  // The engine is up (the badge shows the backend) and still offers nothing.
  await expect(third.getByText(/^Backend: WebAssembly/)).toBeVisible({ timeout: 120_000 });
  await page.waitForTimeout(1000);
  await expect(third.getByRole('group', { name: 'Unfinished run' })).toHaveCount(0);
});
