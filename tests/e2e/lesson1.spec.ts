import { expect, test, type Locator } from '@playwright/test';
import { readyPanel, trainTiny } from './tinyRun';
import { encodeLessonDataset } from '../../src/lib/data/writeLessonDataset';
import type { SplitArrays } from '../../src/lib/data/types';
import { tinySegmentationDataset } from '../unit/client/tinyDataset';

// Lesson 1's data and evaluation islands in Chromium on wasm: browse the data, reject a bad file
// without losing the course data, train a tiny model, evaluate it and step through the test slices.
const PAGE = 'lessons/segmentation/?backend=wasm';

test.setTimeout(300_000);

/** The red channel of a canvas's pixels (the pictures are grey). */
async function greys(canvas: Locator): Promise<number[]> {
  return canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    return Array.from({ length: data.length / 4 }, (_, k) => data[4 * k]);
  });
}

/** Each slice z-scored on its own (mean 0, std 1), as another tool might store CT. */
function zScored(split: SplitArrays, pixels: number): SplitArrays {
  const x = new Float32Array(split.x.length);
  for (let s = 0; s < split.count; s++) {
    const slice = split.x.subarray(s * pixels, (s + 1) * pixels);
    const mean = slice.reduce((a, v) => a + v, 0) / pixels;
    const std = Math.sqrt(slice.reduce((a, v) => a + (v - mean) ** 2, 0) / pixels);
    for (let i = 0; i < pixels; i++) x[s * pixels + i] = (slice[i] - mean) / std;
  }
  return { ...split, x };
}

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

  // The patient of the slice, and the values at a read-out point in their units (HU for this file).
  await expect(explorer.getByText(/^Patient 1 \(the training split holds patients 1–20\), slice 10 of that patient's 16\.$/)).toBeVisible();
  await explorer.getByRole('group', { name: /^training slices: slice 10 of/ }).focus();
  await page.keyboard.press('PageDown');
  await expect(explorer.getByText(/^Patient 2 \(the training split holds patients 1–20\), slice 4 of that patient's 16\.$/)).toBeVisible();
  const readout = explorer.getByRole('status').filter({ hasText: /^Row \d+, column \d+:/ });
  await expect(readout).toHaveText(/^Row 65, column 65: CT slice −?\d+ HU; lung mask [01] \((inside|outside)\)\.$/);
  await explorer.getByRole('spinbutton', { name: 'Row' }).fill('3');
  await explorer.getByRole('spinbutton', { name: 'Column' }).fill('4');
  // A corner of the slice is air, outside the body.
  await expect(readout).toHaveText(/^Row 3, column 4: CT slice −(9\d\d|10[0-2]\d) HU; lung mask 0 \(outside\)\.$/);
  const ct = explorer.getByRole('img', { name: /^CT slice \d+$/ });
  // hover() places the pointer relative to the element when it acts (after any layout shift above it).
  const box = (await ct.boundingBox())!;
  await ct.hover({ position: { x: box.width * 0.5, y: box.height * 0.25 } });
  await expect(readout).toHaveText(/^Row 3[1-4], column 6[3-6]: CT slice −?\d+ HU;/);

  // A z-scored CT file: no HU labels and no HU windows; a window from its own values, labelled in z-scores.
  const tiny = tinySegmentationDataset();
  const zFile = { ...tiny, train: zScored(tiny.train, 256), val: zScored(tiny.val, 256), test: zScored(tiny.test!, 256), attributes: { units: 'z-scored' } };
  await explorer.getByLabel(/Use your own HDF5 file/).setInputFiles({ name: 'zscored.h5', mimeType: 'application/x-hdf5', buffer: Buffer.from(await encodeLessonDataset(zFile)) });
  await expect(explorer.getByRole('row', { name: /^training trainX, trainY \[6, 16, 16, 1\]/ })).toBeVisible({ timeout: 30_000 });
  await expect(explorer.getByRole('table')).not.toContainText('HU');
  await expect(explorer.getByRole('group', { name: 'Window presets' })).toHaveCount(0);
  await expect(explorer.getByText(/^Not Hounsfield units, so the CT windows do not apply\. Units: none — z-scores .*\. Black at −\d\.\d{3}, white at \d\.\d{3}/)).toBeVisible();
  await expect(readout).toHaveText(/^Row \d+, column \d+: CT slice −?\d\.\d{3}; lung mask [01]/);
  await expect(explorer.getByText(/^Which patient this slice belongs to: the file does not say/)).toBeVisible();
  const shades = await greys(explorer.getByRole('img', { name: 'CT slice 1' }));
  expect(Math.max(...shades) - Math.min(...shades), 'the z-scored slice is not blank grey').toBeGreaterThan(200);
  await explorer.getByRole('button', { name: 'Back to the course data' }).click();
  await expect(explorer.getByRole('group', { name: 'Window presets' })).toBeVisible({ timeout: 60_000 });
});

test('the augmentation preview moves a CT slice and its lung mask with one transform; the mask stays 0 or 1', async ({ page }) => {
  await page.goto(PAGE);
  const preview = page.getByRole('region', { name: 'Augmentation preview' });
  await preview.scrollIntoViewIfNeeded();
  const drawn = preview.getByText(/^Seed \d+, training slice 9:/);
  await expect(drawn).toContainText(/^Seed 1, training slice 9: rotation [^,]+°, shear [^,]+°.*The same transform was applied to the CT slice and its lung mask\.$/, { timeout: 90_000 });
  await expect(preview.getByText(/^CT slices drawn black at −1350 HU and white at 150 HU, the original and its augmented copy alike; units: Hounsfield units \(HU\)\.$/)).toBeVisible();
  const mask = preview.getByRole('img', { name: 'Augmented lung mask' });
  const ct = preview.getByRole('img', { name: 'Augmented CT slice' });
  const original = await greys(preview.getByRole('img', { name: 'Original lung mask' }));
  const draws: number[][] = [];
  for (const seed of [1, 2]) {
    if (seed > 1) {
      await preview.getByRole('button', { name: 'Draw again' }).focus();
      await page.keyboard.press('Enter');
      await expect(drawn).toContainText(/^Seed 2, /);
      await expect.poll(async () => (await greys(mask)).join() !== draws[0].join(), { timeout: 20_000 }).toBe(true);
    }
    const m = await greys(mask);
    const c = await greys(ct);
    // Nearest neighbour: only black and white, no blended edge.
    expect(new Set(m)).toEqual(new Set([0, 255]));
    // The mask still covers the (dark) lung of the transformed slice: the same transform moved both.
    const inside = c.filter((_, k) => m[k] === 255);
    expect(inside.reduce((a, v) => a + v, 0) / inside.length).toBeLessThan(130);
    draws.push(m);
  }
  const same = (a: number[], b: number[]) => a.filter((v, k) => v === 255 && b[k] === 255).length / Math.max(1, a.filter((v, k) => v === 255 || b[k] === 255).length);
  expect(Math.min(same(draws[0], original), same(draws[1], original))).toBeLessThan(0.97);
});

test('a tiny trained model is evaluated on the test set and every test slice can be stepped through', async ({ page }) => {
  await page.goto(PAGE);
  const panel = await readyPanel(page, 'Train: Model A′ (no skips)');
  await trainTiny(panel, { epochs: 1 });

  const evaluation = page.getByRole('region', { name: 'Evaluate on the test set' });
  await evaluation.scrollIntoViewIfNeeded();
  await evaluation.getByRole('button', { name: 'Evaluate on the test set' }).click();
  await expect(evaluation.getByText(/^Hard Dice, all \d+ test slices$/)).toBeVisible({ timeout: 120_000 });
  await expect(evaluation.getByRole('img', { name: 'Predicted probability' })).toBeVisible();
  await expect(evaluation.getByRole('img', { name: /^Errors: \d+ TP, \d+ FP, \d+ FN pixels$/ })).toBeVisible();
  // Per patient: one row per test patient of the course's file, with units in the headers and the mean over patients.
  const perPatient = evaluation.getByRole('table', { name: /^Per patient: 3-D Dice and 95th-percentile Hausdorff distance/ });
  await expect(perPatient).toBeVisible();
  await expect(perPatient.getByRole('columnheader', { name: 'HD95 (mm)' })).toBeVisible();
  await expect(perPatient.getByRole('rowheader', { name: /^Patient \d+$/ })).not.toHaveCount(0);
  await expect(perPatient.getByRole('rowheader', { name: /^Mean ± SD over \d+ patients$/ })).toBeVisible();

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
