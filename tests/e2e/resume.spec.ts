import { expect, test, type Locator } from '@playwright/test';
import { finishedText, readyPanel, setTinyRun } from './tinyRun';

// A reload in the middle of a run loses at most the epoch in progress: the browser asks first,
// and the panel then offers to resume from the last completed epoch (the engine kept its
// checkpoint); the resumed run finishes with every epoch in its chart and its model kept.
const PAGE = 'lessons/segmentation/';
const PANEL = 'Train: Model B (skips)';

/** The training curve's numbers from the chart's table: "1: 0.1234, 2: …". */
async function trainingNumbers(panel: Locator): Promise<string> {
  const table = panel.locator('.loss-chart__table');
  if (!(await table.getAttribute('open'))) await table.locator('summary').click();
  return (await table.locator('tbody tr').first().locator('td').textContent()) ?? '';
}

/**
 * Starts a tiny run and pauses it once an epoch is complete; resolves with the epochs completed (and
 * checkpointed: a pause lands at a batch boundary after the last epoch's checkpoint is saved).
 */
async function runAndPause(panel: Locator, epochs: number): Promise<number> {
  await setTinyRun(panel, { epochs, slices: 16 });
  await panel.getByRole('button', { name: 'Start training' }).click();
  await expect(panel.getByText(new RegExp(`^Epoch 1 of ${epochs} done`))).toBeVisible({ timeout: 120_000 });
  await panel.getByRole('button', { name: 'Pause' }).click();
  const paused = panel.getByText(/^Paused in epoch \d+/);
  await expect(paused).toBeVisible({ timeout: 60_000 });
  const completed = Number((await paused.textContent())?.match(/^Paused in epoch (\d+)/)?.[1]) - 1;
  expect(completed).toBeGreaterThanOrEqual(1);
  expect(completed).toBeLessThan(epochs);
  return completed;
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
  const panel = await readyPanel(page, PANEL);
  await expect(panel.getByRole('button', { name: 'Start training' })).toBeVisible();
  const epochs = 6;
  const watch = expect(panel.getByText('Closing or reloading the page stops this run (the browser asks first); it can then be resumed from its last completed epoch.')).toBeVisible({ timeout: 60_000 });
  const done = await runAndPause(panel, epochs);
  await watch;
  const before = await trainingNumbers(panel);
  expect(before.split(', ')).toHaveLength(done);

  await page.reload();
  // The leave-during-training warning fired (and was accepted).
  expect(dialogs).toEqual(['beforeunload']);

  const again = page.getByRole('region', { name: PANEL });
  await again.scrollIntoViewIfNeeded();
  const offer = again.getByRole('group', { name: 'Unfinished run' });
  await expect(offer).toContainText(new RegExp(`Training of “Model B \\(skips\\)” stopped at epoch ${done} of ${epochs} when the page was closed or reloaded, .+\\.`), { timeout: 120_000 });
  await expect(offer).not.toContainText('your file');
  await expect(again.getByText(`${done} of ${epochs} (stopped)`, { exact: true })).toBeVisible();
  await offer.getByRole('button', { name: `Resume from epoch ${done}` }).click();
  await expect(offer).toBeHidden();
  await expect(again.getByText(finishedText(epochs))).toBeVisible({ timeout: 180_000 });
  await expect(again.getByText(`${epochs} of ${epochs}`, { exact: true })).toBeVisible();
  // Every epoch is in the chart, those before the reload exactly as they were.
  const numbers = await trainingNumbers(again);
  expect(numbers.startsWith(`${before}, `)).toBe(true);
  expect(numbers.split(', ').map((p) => Number(p.split(':')[0]))).toEqual(Array.from({ length: epochs }, (_, i) => i + 1));
  // Its settings went back into the panel.
  await expect(again.getByLabel('Epochs')).toHaveValue(String(epochs));

  // Recorded and kept like an uninterrupted run: one run in the comparison, its model used for evaluation.
  const evaluation = page.getByRole('region', { name: 'Evaluate on the test set' });
  await evaluation.scrollIntoViewIfNeeded();
  await expect(evaluation.getByText(/^Model: Model B \(skips\) \(6 epochs, seed \d+\)\.$/)).toBeVisible({ timeout: 60_000 });
  const comparison = page.getByRole('region', { name: 'Compare your runs' });
  await comparison.scrollIntoViewIfNeeded();
  await expect(comparison.getByRole('row', { name: /Model B \(skips\)/ })).toHaveCount(1);

  // Finished: nothing is offered after another reload, and the model comes back.
  await page.reload();
  const third = page.getByRole('region', { name: PANEL });
  await third.scrollIntoViewIfNeeded();
  // The evaluation island hydrates when it comes into view (client:visible): until then it is the server's
  // text, whatever the page holds. Where the browser restores the scroll after a reload varies with how fast
  // the islands above it render, so the test scrolls to it, as a learner would.
  const evaluationAgain = page.getByRole('region', { name: 'Evaluate on the test set' });
  await evaluationAgain.scrollIntoViewIfNeeded();
  await expect(evaluationAgain.getByText(/^Model: Model B \(skips\) \(6 epochs, seed \d+\)\.$/)).toBeVisible({ timeout: 120_000 });
  await expect(third.getByRole('group', { name: 'Unfinished run' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('discarding an unfinished run removes the offer for good', async ({ page }) => {
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(`${PAGE}?backend=wasm`);
  const panel = await readyPanel(page, PANEL);
  const done = await runAndPause(panel, 6);
  await page.reload();
  const again = page.getByRole('region', { name: PANEL });
  await again.scrollIntoViewIfNeeded();
  const offer = again.getByRole('group', { name: 'Unfinished run' });
  await expect(offer).toContainText(`stopped at epoch ${done} of 6`, { timeout: 120_000 });
  await offer.getByRole('button', { name: 'Discard' }).click();
  await expect(offer).toHaveCount(0);
  await page.reload();
  const third = page.getByRole('region', { name: PANEL });
  await third.scrollIntoViewIfNeeded();
  await expect(third.getByText(`${done} of 6 (stopped)`, { exact: true })).toBeVisible({ timeout: 60_000 });
  // The engine is up (the badge shows the backend) and still offers nothing.
  await expect(third.getByText(/^Backend: WebAssembly/)).toBeVisible({ timeout: 120_000 });
  await page.waitForTimeout(1000);
  await expect(third.getByRole('group', { name: 'Unfinished run' })).toHaveCount(0);
});
