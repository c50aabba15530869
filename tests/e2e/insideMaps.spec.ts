import { expect, test, type Locator, type Page, type Worker } from '@playwright/test';
import { readyPanel, trainTiny } from './tinyRun';

// Looking inside the learner's own model, in both lessons, in one browser: after a tiny two-epoch run
// the feature-map view has one row per convolutional layer and its epoch scrubber changes the pictures;
// the uncertainty view draws its spread map, error map and scatter.
test.setTimeout(600_000);

/** Every thumbnail of the feature-map grid as data URLs: what the learner sees, to compare between epochs. */
async function thumbnails(grid: Locator): Promise<string[]> {
  return grid.locator('canvas.fmaps__thumb').evaluateAll((canvases) => canvases.map((c) => (c as HTMLCanvasElement).toDataURL()));
}

async function lookInside(page: Page, lesson: string, panelName: string, task: 'segmentation' | 'translation') {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const workers: Worker[] = [];
  page.on('worker', (worker) => workers.push(worker));
  /** Tensors alive in the training worker (TensorFlow.js keeps its engine on the global object). */
  const tensorCount = () => workers.filter((w) => w.url().includes('trainingWorker')).at(-1)!
    .evaluate(() => (globalThis as unknown as { _tfengine: { state: { numTensors: number } } })._tfengine.state.numTensors);
  await page.goto(`lessons/${lesson}/?backend=wasm`);
  const panel = await readyPanel(page, panelName);
  await trainTiny(panel, { epochs: 2, timeout: 240_000 });

  const maps = page.getByTestId('feature-maps');
  await maps.scrollIntoViewIfNeeded();
  const grid = maps.locator('.fmaps__grid');
  await expect(grid).toHaveAttribute('data-epoch', '1', { timeout: 60_000 });
  // The lesson encoder-decoders have 17 convolutional layers (encoder, bottleneck, decoder, output): one row each.
  await expect(maps.getByRole('group')).toHaveCount(17);
  await expect(maps.getByRole('group', { name: /^enc1_conv10 · encoder · 10 channels at 64×64$/ })).toBeVisible();
  await expect(maps.getByRole('group', { name: /^mid_conv50a · bottleneck · 50 channels at 16×16$/ })).toBeVisible();
  await expect(maps.getByText(/^Recording took \d+ ms after each epoch \((under 0\.1|\d+\.\d) % of an epoch/)).toBeVisible();
  const last = await thumbnails(grid);
  expect(last).toHaveLength(471);

  // Back to the first epoch with the scrubber (keyboard): the pictures change.
  const scrubber = maps.getByRole('slider', { name: /^Epoch/ });
  await scrubber.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(grid).toHaveAttribute('data-epoch', '0');
  await expect.poll(async () => (await thumbnails(grid)).filter((url, i) => url !== last[i]).length).toBeGreaterThan(0);

  // A channel enlarges on click, with its value range.
  await maps.getByRole('button', { name: 'enc1_conv10, channel 1: enlarge' }).click();
  await expect(maps.getByText(/^enc1_conv10, channel 1, after epoch 1: values -?\d+\.\d+ to -?\d+\.\d+/)).toBeVisible();

  // Uncertainty: the spread beside the error on a test slice, and every slice's spread against its error.
  const spread = page.getByTestId('uncertainty');
  await spread.scrollIntoViewIfNeeded();
  await spread.getByRole('button', { name: 'Measure uncertainty on the test set' }).click();
  await expect(spread.getByRole('img', { name: /^Uncertainty: spread over 7 passes/ })).toBeVisible({ timeout: 180_000 });
  await expect(spread.getByRole('img', { name: /^Error \|prediction − truth\|/ })).toBeVisible();
  await expect(spread.getByRole('img', { name: /^Scatter of \d+ slices/ })).toBeVisible();
  expect(await spread.locator('svg circle').count()).toBeGreaterThan(2);
  await expect(spread.getByText(/^Rank correlation between per-slice uncertainty and error: ρ = -?\d\.\d\d\./)).toBeVisible();
  // The spread map is not blank: flips and shifts of a barely trained model disagree somewhere.
  const spreadPixels = await spread.getByRole('img', { name: /^Uncertainty: spread/ }).evaluate((c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    return new Set(Array.from({ length: data.length / 4 }, (_, k) => data[4 * k])).size;
  });
  expect(spreadPixels).toBeGreaterThan(1);
  // Another slice from the ranked list, then back: the measurements leave no tensors behind.
  const before = await tensorCount();
  await spread.getByRole('listitem').nth(1).getByRole('button').click();
  await expect(spread.getByRole('listitem').nth(1).getByRole('button')).toHaveAttribute('aria-pressed', 'true', { timeout: 60_000 });
  await spread.getByRole('listitem').nth(0).getByRole('button').click();
  await expect(spread.getByRole('listitem').nth(0).getByRole('button')).toHaveAttribute('aria-pressed', 'true', { timeout: 60_000 });
  await page.waitForTimeout(500);
  expect(await tensorCount()).toBe(before);
  expect(errors, `${task}: page errors`).toEqual([]);
}

test('segmentation: feature maps over time and uncertainty beside error', async ({ page }) => {
  await lookInside(page, 'segmentation', 'Train: Model A′ (no skips)', 'segmentation');
});

test('translation: feature maps over time and uncertainty beside error', async ({ page }) => {
  await lookInside(page, 'translation', 'Train: T1 → T2 skip model', 'translation');
});
