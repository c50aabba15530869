import { expect, test, type Locator, type Page } from '@playwright/test';

// Two tabs of a lesson share the browser's storage, so the second finds the checkpoint of the
// first one's run. While that run is live, the second tab says where it is instead of offering to
// resume it; once the first tab is closed mid-run, the second offers to resume it.
const PAGE = 'lessons/segmentation/';
const PANEL = 'Train: Model B (skips)';
const EPOCHS = 6;

async function readyPanel(page: Page): Promise<Locator> {
  await page.goto(`${PAGE}?backend=wasm`);
  const panel = page.getByRole('region', { name: PANEL });
  await panel.scrollIntoViewIfNeeded();
  await expect(panel.getByText(/Your device runs one training step of 16 slices at 64×64/)).toBeVisible({ timeout: 120_000 });
  return panel;
}

test.setTimeout(400_000);

test('a second tab does not offer to resume the run training in the first, until that tab is closed', async ({ context }) => {
  const errors: string[] = [];
  const first = await context.newPage();
  first.on('pageerror', (error) => errors.push(error.message));
  const panel = await readyPanel(first);
  await panel.getByLabel('Image size').selectOption('64');
  await panel.getByLabel('Epochs').fill(String(EPOCHS));
  await panel.getByLabel('Batch size').fill('4');
  await panel.getByLabel('Training slices').fill('16');
  await panel.getByRole('button', { name: 'Start training' }).click();
  await expect(panel.getByText(new RegExp(`^Epoch 1 of ${EPOCHS} done`))).toBeVisible({ timeout: 120_000 });
  // Paused, the run is still live (and leaves the processor to the second tab); its checkpoint is saved.
  await panel.getByRole('button', { name: 'Pause' }).click();
  const paused = panel.getByText(/^Paused in epoch \d+/);
  await expect(paused).toBeVisible({ timeout: 60_000 });
  const done = Number((await paused.textContent())?.match(/^Paused in epoch (\d+)/)?.[1]) - 1;

  const second = await context.newPage();
  second.on('pageerror', (error) => errors.push(error.message));
  const other = await readyPanel(second);
  const offer = other.getByRole('group', { name: 'Unfinished run' });
  await expect(offer).toContainText('This run is still training in another tab.', { timeout: 60_000 });
  await expect(offer).toContainText(`had completed ${done} of ${EPOCHS} epochs`);
  await expect(offer.getByRole('button')).toHaveCount(0);
  // The first tab still trains its own run.
  await expect(panel.getByRole('button', { name: 'Resume' })).toBeVisible();

  // Closed mid-run (no leave warning when a test closes a page): the run is live nowhere now.
  await first.close();
  await expect(offer.getByRole('button', { name: `Resume from epoch ${done}` })).toBeVisible({ timeout: 60_000 });
  await expect(offer).toContainText(`stopped at epoch ${done} of ${EPOCHS} when the page was closed or reloaded`);
  await expect(offer).not.toContainText('another tab');
  expect(errors).toEqual([]);
});
