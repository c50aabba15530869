import { expect, test } from '@playwright/test';
import { readyPanel, setTinyRun, trainTiny } from './tinyRun';

// The learner's work is kept: each run's model, one of which the learner chooses for evaluation
// (the choice survives a reload), and a warning before leaving while a run trains.
const PAGE = 'lessons/segmentation/';
const PANEL_A = 'Train: Model A′ (no skips)';
const PANEL_B = 'Train: Model B (skips)';

test.setTimeout(400_000);

test('two runs keep two models; the learner chooses which one evaluation uses, and the choice survives a reload', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${PAGE}?backend=wasm`);
  const a = await readyPanel(page, PANEL_A);
  await trainTiny(a, { epochs: 1 });
  const b = await readyPanel(page, PANEL_B);
  await trainTiny(b, { epochs: 2 });

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
  await setTinyRun(a, { epochs: 30 });
  await a.getByRole('button', { name: 'Start training' }).click();
  await expect(a.getByRole('button', { name: 'Pause' })).toHaveAttribute('aria-disabled', 'false', { timeout: 60_000 });
  const dialog = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const shown = await dialog;
  expect(shown.type()).toBe('beforeunload');
  await shown.accept();
});

test('a model exported from the page imports into a fresh browser with identical test numbers', async ({ page, browser }, testInfo) => {
  await page.goto(`${PAGE}?backend=wasm`);
  const a = await readyPanel(page, PANEL_A);
  await trainTiny(a, { epochs: 1 });
  const evaluation = page.getByRole('region', { name: 'Evaluate on the test set' });
  await evaluation.scrollIntoViewIfNeeded();
  await evaluation.getByRole('button', { name: 'Evaluate on the test set' }).click();
  const numbers = evaluation.locator('dl.number-grid').first();
  await expect(numbers).toContainText(/Hard Dice/, { timeout: 120_000 });
  const expected = (await numbers.textContent()) ?? '';

  const downloads: string[] = [];
  page.on('download', async (d) => { const path = testInfo.outputPath(d.suggestedFilename()); await d.saveAs(path); downloads.push(path); });
  await evaluation.getByRole('button', { name: 'Export this model' }).click();
  await expect.poll(() => downloads.map((p) => p.split('/').pop()).sort(), { timeout: 30_000 }).toEqual(['model.json', 'weights.bin']);

  // A fresh browser profile: nothing kept; the imported model brings its run back and scores the same.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(`${PAGE}?backend=wasm`);
  await readyPanel(other, PANEL_A);
  const evaluation2 = other.getByRole('region', { name: 'Evaluate on the test set' });
  await evaluation2.scrollIntoViewIfNeeded();
  await evaluation2.getByLabel(/Import an exported model/).setInputFiles(downloads);
  await expect(evaluation2.getByText(/^Imported “Model A′ \(no skips\) \(imported\)”/)).toBeVisible({ timeout: 60_000 });
  await expect(evaluation2.getByText(/^Model: Model A′ \(no skips\) \(imported\) \(1 epoch, seed \d+\)\.$/)).toBeVisible();
  await evaluation2.getByRole('button', { name: 'Evaluate on the test set' }).click();
  await expect(evaluation2.locator('dl.number-grid').first()).toHaveText(expected, { timeout: 120_000 });
  await fresh.close();
});
