import { expect, test, type Locator, type Page } from '@playwright/test';

// The learner's work is kept: each run's model, one of which the learner chooses for evaluation
// (the choice survives a reload), and a warning before leaving while a run trains.
const PAGE = 'lessons/segmentation/';
const PANEL_A = 'Train: Model A′ (no skips)';
const PANEL_B = 'Train: Model B (skips)';

async function readyPanel(page: Page, name: string): Promise<Locator> {
  const panel = page.getByRole('region', { name });
  await panel.scrollIntoViewIfNeeded();
  await expect(panel.getByText(/Your device runs one training step of 16 slices at 64×64/)).toBeVisible({ timeout: 120_000 });
  return panel;
}

async function tiny(panel: Locator, epochs: number): Promise<void> {
  await panel.getByLabel('Image size').selectOption('64');
  await panel.getByLabel('Epochs').fill(String(epochs));
  await panel.getByLabel('Batch size').fill('4');
  await panel.getByLabel('Training slices').fill('8');
}

test.setTimeout(400_000);

test('two runs keep two models; the learner chooses which one evaluation uses, and the choice survives a reload', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${PAGE}?backend=wasm`);
  const a = await readyPanel(page, PANEL_A);
  await tiny(a, 1);
  await a.getByRole('button', { name: 'Start training' }).click();
  await expect(a.getByText(/^Training finished: 1 epoch/)).toBeVisible({ timeout: 120_000 });
  const b = await readyPanel(page, PANEL_B);
  await tiny(b, 2);
  await b.getByRole('button', { name: 'Start training' }).click();
  await expect(b.getByText(/^Training finished: 2 epochs/)).toBeVisible({ timeout: 120_000 });

  const evaluation = page.getByRole('region', { name: 'Evaluate on the test set' });
  await evaluation.scrollIntoViewIfNeeded();
  await expect(evaluation.getByText(/^Model: Model B \(skips\) \(2 epochs, seed \d+\)\.$/)).toBeVisible();
  const chooser = evaluation.getByRole('combobox', { name: /Model used here and in the slice viewer/ });
  await expect(chooser.locator('option')).toHaveText([/^Model B \(skips\): 2 of 2 epochs/, /^Model A′ \(no skips\): 1 of 1 epochs/]);
  await chooser.selectOption({ label: await chooser.locator('option', { hasText: 'Model A′' }).textContent() ?? '' });
  await expect(evaluation.getByText(/^Model: Model A′ \(no skips\) \(1 epoch, seed \d+\)\.$/)).toBeVisible({ timeout: 60_000 });
  await evaluation.getByRole('button', { name: 'Evaluate on the test set' }).click();
  const hardDice = evaluation.getByText(/^Hard Dice, all \d+ test slices$/).locator('xpath=following-sibling::dd');
  await expect(hardDice).toHaveText(/\d/, { timeout: 120_000 });
  const diceA = await hardDice.textContent();

  await page.reload();
  const again = page.getByRole('region', { name: 'Evaluate on the test set' });
  await again.scrollIntoViewIfNeeded();
  await expect(again.getByText(/^Model: Model A′ \(no skips\) \(1 epoch, seed \d+\)\.$/)).toBeVisible({ timeout: 120_000 });
  await again.getByRole('button', { name: 'Evaluate on the test set' }).click();
  await expect(again.getByText(/^Hard Dice, all \d+ test slices$/).locator('xpath=following-sibling::dd')).toHaveText(diceA!, { timeout: 120_000 });

  // Each run has a record; the comparison keeps the test number; a record's settings go back into its panel.
  const comparison = page.getByRole('region', { name: 'Compare your runs' });
  await comparison.scrollIntoViewIfNeeded();
  await expect(comparison.getByRole('row', { name: /#1 Model A′ \(no skips\)/ })).toContainText(diceA!);
  await comparison.getByRole('button', { name: 'Record of run #2 Model B (skips)' }).click();
  const record = comparison.getByLabel('Record of run #2 Model B (skips), JSON');
  await expect(record).toContainText(/"sha256": "[0-9a-f]{64}"/);
  await expect(record).toContainText('"tfjs": "4.22.0"');
  await expect(record).toContainText('"epochs": 2');
  const download = page.waitForEvent('download');
  await comparison.getByRole('button', { name: 'Download as JSON' }).click();
  expect((await download).suggestedFilename()).toMatch(/^run-model-b-skips-\d{4}-\d\d-\d\d\.json$/);
  const b2 = page.getByRole('region', { name: PANEL_B });
  await b2.scrollIntoViewIfNeeded();
  await b2.getByLabel('Epochs').fill('5');
  await comparison.getByRole('button', { name: 'Train again with these settings' }).click();
  await expect(b2.getByLabel('Epochs')).toHaveValue('2');
  await expect(b2.getByLabel('Image size')).toHaveValue('64');
  expect(errors).toEqual([]);
});

test('leaving the page during a run asks first', async ({ page }) => {
  await page.goto(`${PAGE}?backend=wasm`);
  const a = await readyPanel(page, PANEL_A);
  await tiny(a, 30);
  await a.getByRole('button', { name: 'Start training' }).click();
  await expect(a.getByRole('button', { name: 'Pause' })).toHaveAttribute('aria-disabled', 'false', { timeout: 60_000 });
  const dialog = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const shown = await dialog;
  expect(shown.type()).toBe('beforeunload');
  await shown.accept();
});
