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
});

test('a question of the lesson opens with the keyboard', async ({ page }) => {
  await page.goto(PAGE);
  const answer = page.locator('#question-1 summary');
  await answer.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#question-1 details')).toHaveAttribute('open', '');
  await expect(page.locator('#question-1').getByText(/Hounsfield units give a physical scale|keep the physical Hounsfield scale/)).toBeVisible();
});
