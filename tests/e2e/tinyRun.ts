import { expect, type Locator, type Page } from '@playwright/test';

// The tiny training run the browser specs share: a lesson panel set to 64×64, batches of 4 and the
// first few training slices, so that an epoch takes seconds on wasm on a busy 2-core machine.

/** The panel named `name` (e.g. 'Train: Model B (skips)'), scrolled into view (its island hydrates when visible), once it has suggested settings: the data has loaded and the device's speed is known. */
export async function readyPanel(page: Page, name: string, { timeout = 120_000, backend }: { timeout?: number; backend?: RegExp } = {}): Promise<Locator> {
  const panel = page.getByRole('region', { name });
  await panel.scrollIntoViewIfNeeded();
  if (backend) await expect(panel.getByText(backend)).toBeVisible({ timeout: 60_000 });
  await expect(panel.getByText(/Your device runs one training step of 16 slices at 64×64/)).toBeVisible({ timeout });
  return panel;
}

export interface TinyRun {
  /** Epochs to train; left as the panel has it when absent. */
  epochs?: number;
  /** Training slices (default 8); null keeps the panel's (all of a learner's small file). */
  slices?: number | null;
  /** Default 4. */
  batchSize?: number;
  /** 64×64 by default; null keeps the panel's. */
  size?: 64 | null;
}

/** Fills the panel's settings for a tiny run. */
export async function setTinyRun(panel: Locator, { epochs, slices = 8, batchSize = 4, size = 64 }: TinyRun = {}): Promise<void> {
  if (size !== null) await panel.getByLabel('Image size').selectOption(String(size));
  if (epochs !== undefined) await panel.getByLabel('Epochs').fill(String(epochs));
  await panel.getByLabel('Batch size').fill(String(batchSize));
  if (slices !== null) await panel.getByLabel('Training slices').fill(String(slices));
}

/** The panel's status line once a run of `epochs` epochs has finished ("Training finished: 1 epoch in 12 s. …"). */
export function finishedText(epochs: number): RegExp {
  return new RegExp(`^Training finished: ${epochs} ${epochs === 1 ? 'epoch' : 'epochs'}\\b`);
}

/**
 * Sets a tiny run of `epochs` epochs, starts it with `button` (default 'Start training') and waits until it has finished.
 */
export async function trainTiny(panel: Locator, run: TinyRun & { epochs: number; button?: string | RegExp; timeout?: number }): Promise<void> {
  await setTinyRun(panel, run);
  await panel.getByRole('button', { name: run.button ?? 'Start training' }).click();
  await expect(panel.getByText(finishedText(run.epochs))).toBeVisible({ timeout: run.timeout ?? 120_000 });
}
