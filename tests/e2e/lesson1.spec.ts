import { expect, test } from '@playwright/test';

// Lesson 1's data and evaluation islands in Chromium on wasm: browse the data, reject a bad file
// without losing the course data, train a tiny model, evaluate it and step through the test slices.
const PAGE = 'lessons/segmentation/?backend=wasm';

test.setTimeout(300_000);

test('the data explorer shows slices, moves with the keyboard, and survives a bad file', async ({ page }) => {
  await page.goto(PAGE);
  const explorer = page.getByRole('region', { name: 'Explore the data' });
  // Islands hydrate when they come into view.
  await explorer.scrollIntoViewIfNeeded();
  await expect(explorer.getByRole('img', { name: 'CT slice 9' })).toBeVisible({ timeout: 90_000 });
  await expect(explorer.getByRole('img', { name: 'lung mask 9' })).toBeVisible();
  await expect(explorer.getByRole('row', { name: /^training trainX, trainY \[\d+, 128, 128, 1\]/ })).toBeVisible();

  const view = explorer.getByRole('group', { name: /training slices: slice 9 of \d+/ });
  await view.focus();
  await page.keyboard.press('ArrowRight');
  await expect(explorer.getByRole('img', { name: 'CT slice 10' })).toBeVisible();
  await expect(explorer.getByText(/^Slice 10 \/ \d+$/)).toBeVisible();

  await explorer.getByRole('button', { name: 'mediastinum' }).click();
  await expect(explorer.getByText('Black at -160 HU, white at 240 HU.')).toBeVisible();

  await explorer.getByLabel(/Use your own HDF5 file/).setInputFiles({ name: 'notes.h5', mimeType: 'application/x-hdf5', buffer: Buffer.from('this is not an HDF5 file') });
  const alert = explorer.getByRole('alert');
  await expect(alert).toContainText(/notes\.h5/);
  await expect(alert).toContainText(/HDF5/);
  // The course data is still there.
  await expect(explorer.getByRole('img', { name: /^CT slice \d+$/ })).toBeVisible();
  await expect(explorer.getByRole('row', { name: /^training trainX, trainY/ })).toBeVisible();
});

test('a tiny trained model is evaluated on the test set and every test slice can be stepped through', async ({ page }) => {
  await page.goto(PAGE);
  const panel = page.getByRole('region', { name: 'Train: Model A′ (no skips)' });
  await panel.scrollIntoViewIfNeeded();
  await expect(panel.getByText(/Your device runs one training step/)).toBeVisible({ timeout: 120_000 });
  await panel.getByLabel('Image size').selectOption('64');
  await panel.getByLabel('Epochs').fill('1');
  await panel.getByLabel('Batch size').fill('4');
  await panel.getByLabel('Training slices').fill('8');
  await panel.getByRole('button', { name: 'Start training' }).click();
  await expect(panel.getByText(/^Training finished: 1 epoch/)).toBeVisible({ timeout: 120_000 });

  const evaluation = page.getByRole('region', { name: 'Evaluate on the test set' });
  await evaluation.scrollIntoViewIfNeeded();
  await evaluation.getByRole('button', { name: 'Evaluate on the test set' }).click();
  await expect(evaluation.getByText(/^Hard Dice, all \d+ test slices$/)).toBeVisible({ timeout: 120_000 });
  await expect(evaluation.getByRole('img', { name: 'Predicted probability' })).toBeVisible();
  await expect(evaluation.getByRole('img', { name: /^Errors: \d+ TP, \d+ FP, \d+ FN pixels$/ })).toBeVisible();

  const viewer = page.getByRole('region', { name: 'Every test slice' });
  await viewer.scrollIntoViewIfNeeded();
  await viewer.getByRole('button', { name: 'Show the test slices' }).click();
  await expect(viewer.getByRole('img', { name: /^Test slice 1: prediction/ })).toBeVisible({ timeout: 60_000 });
  await viewer.getByRole('group', { name: /Test slices: slice 1 of \d+/ }).focus();
  await page.keyboard.press('End');
  await expect(viewer.getByText(/^Slice (\d+) \/ \1$/)).toBeVisible();
  await expect(viewer.getByRole('img', { name: /^Test slice \d+: prediction/ })).toBeVisible({ timeout: 60_000 });
  const hardDice = await evaluation.getByText(/^Hard Dice, all \d+ test slices$/).locator('xpath=following-sibling::dd').textContent();

  // The trained model is kept in this browser: after a reload it evaluates to the same score without training again.
  await page.reload();
  const again = page.getByRole('region', { name: 'Evaluate on the test set' });
  await again.scrollIntoViewIfNeeded();
  await expect(again.getByText(/^Model: Model A′ \(no skips\) \(1 epoch, seed \d+\)\.$/)).toBeVisible({ timeout: 120_000 });
  await again.getByRole('button', { name: 'Evaluate on the test set' }).click();
  await expect(again.getByText(/^Hard Dice, all \d+ test slices$/).locator('xpath=following-sibling::dd')).toHaveText(hardDice!, { timeout: 120_000 });
});

test('a question of the lesson opens with the keyboard', async ({ page }) => {
  await page.goto(PAGE);
  const answer = page.locator('#question-1 summary');
  await answer.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#question-1 details')).toHaveAttribute('open', '');
  await expect(page.locator('#question-1').getByText(/Hounsfield units give a physical scale|keep the physical Hounsfield scale/)).toBeVisible();
});

test('the bonus trains the block model on a tiny subset with cross-entropy and judges the curves', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(PAGE);
  const panel = page.getByRole('region', { name: 'Train: Block model on 16 slices' });
  await panel.scrollIntoViewIfNeeded();
  await expect(panel.getByText(/A tiny training set \(the first 16 slices\) and many epochs \(60\)/)).toBeVisible({ timeout: 120_000 });
  // The demo's settings: cross-entropy, Adam at lr 0.002, 16 slices, 60 epochs, no augmentation.
  await expect(panel.getByRole('combobox', { name: /^Loss/ })).toHaveValue('bce');
  await expect(panel.getByText(/−log of the probability given to the right answer/)).toBeVisible();
  await expect(panel.getByLabel('Optimiser')).toHaveValue('adam');
  await expect(panel.getByLabel('Learning rate')).toHaveValue('0.002');
  await expect(panel.getByLabel('Training slices')).toHaveValue('16');
  await expect(panel.getByLabel('Epochs')).toHaveValue('60');
  await expect(panel.getByLabel(/Augment training batches/)).not.toBeChecked();

  await panel.getByLabel('Epochs').fill('4');
  await panel.getByRole('button', { name: 'Start training' }).click();
  await expect(panel.getByText(/^Training finished: 4 epochs in \d+ s\./)).toBeVisible({ timeout: 180_000 });
  await panel.getByText(/the numbers$/).click();
  await expect(panel.getByRole('columnheader', { name: 'Epoch: cross-entropy loss' })).toBeVisible();

  const demo = page.getByRole('region', { name: 'Watch a model overfit, then fix it' });
  await expect(demo.getByText(/^Without augmentation \(4 epochs, 16 training slices, binary cross-entropy, seed \d+\):/)).toBeVisible();
  await expect(demo.getByText('With augmentation: not trained yet.')).toBeVisible();
  await expect(demo.getByRole('img', { name: /^Block model: training and validation loss without and with augmentation/ })).toBeVisible();

  // A cross-entropy run is not drawn on the comparison's Dice axis unless the learner asks for it.
  const comparison = page.getByRole('region', { name: 'Compare your runs' });
  await comparison.scrollIntoViewIfNeeded();
  const row = comparison.getByRole('row', { name: /Block model on 16 slices, binary cross-entropy/ });
  await expect(row).toContainText('binary cross-entropy');
  await expect(row.getByRole('checkbox')).not.toBeChecked();
  expect(errors).toEqual([]);
});
