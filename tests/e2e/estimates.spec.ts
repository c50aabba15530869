import { expect, test, type Locator } from '@playwright/test';
import { readyPanel, trainTiny } from './tinyRun';

// Issue 25: every panel estimated the skip model's 64×64 step whatever its settings, and its run
// length did not follow the learner's edits. Each panel now estimates its own step and run, and a
// run's measured steps replace the estimate.

/** Seconds in "about 1 min 05 s from Start to finished". */
async function runSeconds(panel: Locator): Promise<number> {
  const text = (await panel.getByTestId('run-estimate').textContent()) ?? '';
  const match = /about ((?:\d+ (?:h|min|s) ?)+) from Start/.exec(text);
  expect(match, text).not.toBeNull();
  const part = (unit: string) => Number(new RegExp(`(\\d+) ${unit}\\b`).exec(match![1])?.[1] ?? 0);
  return (part('h') * 60 + part('min')) * 60 + part('s');
}

test('each panel estimates its own step and run, follows the edits, and quotes the steps measured here', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('lessons/segmentation/');
  const plain = await readyPanel(page, 'Train: Model A′ (no skips)');
  const size = await plain.getByLabel('Image size').inputValue();
  const batch = await plain.getByLabel('Batch size').inputValue();
  await expect(plain.getByTestId('step-estimate')).toHaveText(new RegExp(`^Estimated: [\\d.]+ m?s per training step \\(plain model, ${size}×${size}, batch ${batch}\\)\\.$`));
  await expect(plain.getByTestId('run-estimate')).toContainText('estimated for this kind of device');

  // Twice the epochs: about twice the run (the set-up is counted once).
  const before = await runSeconds(plain);
  const epochs = Number(await plain.getByLabel('Epochs').inputValue());
  await plain.getByLabel('Epochs').fill(String(2 * epochs));
  await expect.poll(() => runSeconds(plain)).toBeGreaterThan(1.7 * before);
  await expect(plain.getByTestId('run-estimate')).toContainText(`${2 * epochs} epochs of`);

  // A tiny run measures this device: the panel's line says so, and the skip model's panel scales it.
  await trainTiny(plain, { epochs: 1, slices: 16, batchSize: 4 });
  await expect(plain.getByTestId('step-estimate')).toHaveText(/^Measured here: [\d.]+ m?s per training step \(plain model, 64×64, batch 4\)\.$/);
  await expect(plain.getByTestId('run-estimate')).toContainText('as measured here');
  const skip = await readyPanel(page, 'Train: Model B (skips)');
  await expect(skip.getByTestId('step-estimate')).toHaveText(/^Estimated from the steps measured here: [\d.]+ m?s per training step \(skip model, 64×64, batch 16\)\.$/);
});
