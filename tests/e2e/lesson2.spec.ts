import { expect, test, type Locator } from '@playwright/test';
import { finishedText, readyPanel, setTinyRun } from './tinyRun';

// Lesson 2 in Chromium on wasm, in one page: the paired explorer and its registration check by
// keyboard, the augmentation preview (one transform on both images, then intensity changes of the
// input only), a tiny training run with intensity augmentation and its
// gallery and the lookup-table baseline, the evaluation against the table, and the slice viewer.
const PAGE = 'lessons/translation/?backend=wasm';

test.setTimeout(420_000);

/** Foreground (brighter than a quarter of the way up) of a canvas's grey pixels. */
async function foreground(canvas: Locator): Promise<number[]> {
  return canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const grey: number[] = [];
    for (let k = 0; k < data.length; k += 4) grey.push(data[k]);
    const sorted = [...grey].sort((a, b) => a - b);
    const cut = sorted[Math.floor(sorted.length * 0.01)] + 0.25 * (sorted[Math.floor(sorted.length * 0.99)] - sorted[Math.floor(sorted.length * 0.01)]);
    return grey.map((g) => (g > cut ? 1 : 0));
  });
}

function iou(a: number[], b: number[]): number {
  let both = 0;
  let either = 0;
  for (let k = 0; k < a.length; k++) {
    both += a[k] & b[k];
    either += a[k] | b[k];
  }
  return both / Math.max(1, either);
}

test('lesson 2: explorer, augmentation, a tiny run with the baseline, evaluation and the viewer', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(PAGE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Predicting a T2-weighted brain MRI/);

  // The explorer shows a T1/T2 pair of one slice with the stored scale.
  const explorer = page.getByRole('region', { name: 'Explore the data' });
  await explorer.scrollIntoViewIfNeeded();
  await expect(explorer.getByRole('img', { name: 'T1-weighted input 9' })).toBeVisible({ timeout: 120_000 });
  await expect(explorer.getByRole('img', { name: 'T2-weighted target 9' })).toBeVisible();
  await expect(explorer.getByText(/^Stored intensities/)).toContainText(/T1-weighted input black at 0\.\d{3}, white at 0\.\d{3}/);

  // Registration check by keyboard: checkerboard, then flicker and swap.
  await expect(explorer.getByRole('img', { name: /^Slice 9: checkerboard of T1-weighted input and T2-weighted target, 8×8 tiles$/ })).toBeVisible();
  await explorer.getByRole('button', { name: 'Flicker', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(explorer.getByRole('img', { name: 'Slice 9: flicker view, now showing the T1-weighted input' })).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(explorer.getByRole('img', { name: 'Slice 9: flicker view, now showing the T2-weighted target' })).toBeVisible();
  await explorer.getByRole('group', { name: /training slices: slice 9 of \d+/ }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(explorer.getByRole('img', { name: 'Slice 10: flicker view, now showing the T2-weighted target' })).toBeVisible();

  // Augmentation: one transform on both images; "Draw again" draws another from the next seed.
  const preview = page.getByRole('region', { name: 'Augmentation preview' });
  await preview.scrollIntoViewIfNeeded();
  const drawn = preview.getByText(/^Seed \d+, training slice 9:/);
  await expect(drawn).toContainText(/^Seed 1, training slice 9: rotation [^,]+°, shear [^,]+°/, { timeout: 60_000 });
  const first = await drawn.textContent();
  const augmentedT1 = preview.getByRole('img', { name: 'Augmented T1-weighted input' });
  const augmentedT2 = preview.getByRole('img', { name: 'Augmented T2-weighted target' });
  const original = await foreground(preview.getByRole('img', { name: 'Original T1-weighted input' }));
  const pair = async () => ({ t1: await foreground(augmentedT1), t2: await foreground(augmentedT2) });
  const a = await pair();
  await preview.getByRole('button', { name: 'Draw again' }).focus();
  await page.keyboard.press('Enter');
  await expect(drawn).toContainText(/^Seed 2, /);
  expect(await drawn.textContent()).not.toBe(first);
  await expect.poll(async () => iou((await pair()).t1, a.t1), { timeout: 20_000 }).toBeLessThan(0.97);
  const b = await pair();
  // The head's outline moves with the transform, alike in both contrasts.
  for (const p of [a, b]) {
    expect(iou(p.t1, p.t2)).toBeGreaterThan(0.8);
  }
  expect(Math.min(iou(a.t1, original), iou(b.t1, original))).toBeLessThan(Math.min(iou(a.t1, a.t2), iou(b.t1, b.t2)));

  // Intensity changes too: the same transform, then an acquisition change of the T1 input only (never gamma or contrast).
  const transform = await drawn.textContent();
  await preview.getByRole('checkbox', { name: /^Intensity changes too/ }).check();
  const intensityLine = preview.getByTestId('intensity-drawn');
  await expect(intensityLine).toHaveText(/^Intensity change: .+\. Applied to the T1-weighted input only; the T2-weighted target stays as it is/, { timeout: 30_000 });
  expect(await drawn.textContent()).toBe(transform);
  for (let k = 0; k < 3; k++) {
    await expect(intensityLine).not.toContainText(/gamma|contrast|brightness/);
    await preview.getByRole('button', { name: 'Draw again' }).click();
    await expect(drawn).toContainText(new RegExp(`^Seed ${3 + k}, `));
  }

  // A tiny run: the gallery shows predicted T2 and the chart draws the lookup table.
  const panel = await readyPanel(page, 'Train: T1 → T2 skip model');
  await expect(panel.getByRole('combobox', { name: 'Loss' })).toHaveValue('mae');
  // Intensity augmentation: off at first, said with the task's own changes, ticked for this run.
  const intensity = panel.getByRole('checkbox', { name: /^Intensity augmentation \(bias field \(smooth shading\), blur, lower resolution and noise of the T1-weighted input/ });
  await expect(intensity).not.toBeChecked();
  await intensity.focus();
  await page.keyboard.press('Space');
  await expect(intensity).toBeChecked();
  await setTinyRun(panel, { epochs: 1 });
  await expect(panel.getByText(/Its validation MAE is 0\.\d{4}/)).toBeVisible({ timeout: 60_000 });
  await panel.getByRole('button', { name: 'Start training' }).click();
  await expect(panel.getByText(finishedText(1))).toBeVisible({ timeout: 180_000 });
  const galleryPicture = panel.getByRole('img', { name: /^predicted T2, validation slice \d+, epoch 1$/ }).first();
  await expect(galleryPicture).toBeVisible();
  // Gallery pictures are never thumbnails: at least the lessons' native 128 px, so edges can be compared.
  expect((await galleryPicture.boundingBox())!.width).toBeGreaterThanOrEqual(128);
  // The validation loss and the metric are each said in words beside the numbers.
  await expect(panel.getByText(/^Validation loss is the MAE loss: .* Validation MAE is the mean absolute difference/)).toBeVisible();
  await panel.getByText(/: the numbers$/).click();
  await expect(panel.getByRole('row', { name: /^Lookup table T1 → T2: 0\.\d{4}/ })).toBeVisible();

  // Evaluation: five metrics for the network and the table (Pearson r inside the head is scale-free).
  const evaluation = page.getByRole('region', { name: 'Evaluate on the test set' });
  await evaluation.scrollIntoViewIfNeeded();
  await evaluation.getByRole('button', { name: 'Evaluate on the test set' }).click();
  for (const metric of [/^MAE, all \d+ test slices/, /^MAE inside the head/, /^PSNR \(dB\)/, /^SSIM/, /^Pearson r inside the head/]) {
    await expect(evaluation.getByRole('row', { name: metric })).toHaveText(/\d\.\d+.*\d\.\d+/, { timeout: 120_000 });
  }
  await expect(evaluation.getByRole('img', { name: 'Input T1' })).toBeVisible();
  await expect(evaluation.getByRole('img', { name: /^\|prediction − truth\|; MAE 0\.\d{4}$/ })).toBeVisible();
  await expect(evaluation.getByRole('img', { name: 'Predicted T2' })).toBeVisible();
  await expect(evaluation.getByRole('img', { name: 'Actual T2' })).toBeVisible();
  // The lookup table's own T2 of the slice beside the network's, and its error map on the same scale.
  await expect(evaluation.getByRole('img', { name: 'Lookup table T1 → T2', exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(evaluation.getByRole('img', { name: /^Lookup table T1 → T2: \|baseline − truth\|; MAE 0\.\d{4}$/ })).toBeVisible();
  await expect(evaluation.getByRole('img', { name: /^Histogram of \|prediction − truth\| of the \d+ pixels inside the head/ })).toBeVisible();

  // The viewer moves with the keyboard.
  const viewer = page.getByRole('region', { name: 'Every test slice' });
  await viewer.scrollIntoViewIfNeeded();
  await viewer.getByRole('button', { name: 'Show the test slices' }).click();
  await expect(viewer.getByRole('img', { name: /^Test slice 1: predicted T2/ })).toBeVisible({ timeout: 60_000 });
  await viewer.getByRole('group', { name: /Test slices: slice 1 of \d+/ }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(viewer.getByRole('img', { name: /^Test slice 2: predicted T2/ })).toBeVisible({ timeout: 60_000 });

  // MAE against MSE from the learner's own runs: a second tiny run with MSE, then both models'
  // predictions of the same validation slices side by side, stepped through by keyboard.
  await panel.scrollIntoViewIfNeeded();
  await panel.getByRole('combobox', { name: 'Loss' }).selectOption('mse');
  await panel.getByRole('button', { name: 'Train again' }).click();
  const side = page.getByRole('region', { name: 'Predictions side by side' });
  await side.scrollIntoViewIfNeeded();
  await expect(side.getByRole('combobox', { name: 'Second model' }).locator('option:checked')).toHaveText(/, mean squared error \(mse\)$/, { timeout: 240_000 });
  await expect(side.getByRole('combobox', { name: 'First model' }).locator('option:checked')).toHaveText(/, mean absolute error \(mae\)$/);
  await expect(panel.getByText(finishedText(1))).toBeVisible({ timeout: 120_000 });
  // Curve against curve: the comparison draws the MSE run beside the MAE run without a tick.
  const comparison = page.getByRole('region', { name: 'Compare your runs: MAE against MSE' });
  await expect(comparison.getByRole('checkbox')).toHaveCount(2);
  for (const box of await comparison.getByRole('checkbox').all()) await expect(box).toBeChecked();
  await expect(comparison.getByText(/intensity-augmented/)).toHaveCount(2);
  await side.getByRole('button', { name: 'Predict with both models' }).click();
  await expect(side.getByRole('img', { name: /^Validation slice \d+: truth \(T2-weighted target\)$/ })).toBeVisible({ timeout: 120_000 });
  await expect(side.getByRole('img', { name: /^#1 .*, mean absolute error \(mae\): Predicted T2$/ })).toBeVisible();
  await expect(side.getByRole('img', { name: /^#2 .*, mean squared error \(mse\): Predicted T2$/ })).toBeVisible();
  await expect(side.getByRole('img', { name: /^#2 .*: \|prediction − truth\|; MAE 0\.\d{4}$/ })).toBeVisible();
  const summary = side.getByText(/^Validation slice \d+: MAE 0\.\d{4} for #1 /);
  await expect(summary).toContainText(/Edge strength \(root-mean-square gradient\) against the truth's: \d+ % and \d+ %/);
  const firstSlice = (await summary.textContent())!.match(/^Validation slice (\d+)/)![1];
  await side.getByRole('group', { name: /^Compared validation slices: slice 1 of \d+/ }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(side.getByRole('group', { name: /^Compared validation slices: slice 2 of/ })).toBeVisible();
  await expect(summary).not.toContainText(`Validation slice ${firstSlice}:`);

  expect(errors).toEqual([]);
});
