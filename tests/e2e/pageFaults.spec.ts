import { expect, test } from '@playwright/test';

// Smaller faults of issue 14, each checked where a learner meets it.
test.setTimeout(180_000);

test('the shape calculator hides its sizes for an out-of-range field and names a size mismatch for what it is', async ({ page }) => {
  await page.goto('lessons/segmentation/');
  const calc = page.getByRole('region', { name: 'Shape calculator' });
  await calc.scrollIntoViewIfNeeded();
  await expect(calc.getByText(/Output 128×128 against the 128×128 input — the same size\./)).toBeVisible({ timeout: 30_000 });
  // The server-rendered calculator is there before it hydrates; typing before that is lost.
  await expect(page.locator('astro-island', { has: calc })).not.toHaveAttribute('ssr', { timeout: 60_000 });
  await calc.getByLabel('size').fill('2');
  await expect(calc.getByRole('status')).toHaveText(/size must be a whole number from 8 to 512/);
  await expect(calc.getByRole('table')).toHaveCount(0);
  await calc.getByLabel('size').fill('100');
  await expect(calc.getByRole('table')).toBeVisible();
  await calc.getByLabel('zero pad').fill('3');
  await expect(calc.getByText(/a different size: the predicted mask would not line up with its target/)).toBeVisible();
});

test('the wheel at the first slice scrolls the page; disabled buttons look disabled; the privacy text has its space', async ({ page }) => {
  await page.goto('lessons/segmentation/?backend=wasm');
  const explorer = page.getByRole('region', { name: 'Explore the data' });
  await explorer.scrollIntoViewIfNeeded();
  const slices = explorer.getByRole('group', { name: /^training slices: slice \d+ of \d+/ });
  await expect(slices).toBeVisible({ timeout: 120_000 });
  await slices.focus();
  await page.keyboard.press('Home');
  await expect(slices).toHaveAccessibleName(/slice 1 of/);
  const box = (await slices.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const before = await page.evaluate(() => window.scrollY);
  await page.mouse.wheel(0, -200);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeLessThan(before);
  await expect(slices).toHaveAccessibleName(/slice 1 of/);
  // Downwards, away from the first slice, the wheel still moves through the slices.
  await page.waitForTimeout(800); // let the page's scroll settle before aiming at the slice again
  await slices.hover();
  await page.mouse.wheel(0, 100);
  await expect(slices).toHaveAccessibleName(/slice 2 of/);
  const evaluate = page.getByRole('region', { name: 'Evaluate on the test set' }).getByRole('button', { name: 'Evaluate on the test set' });
  await evaluate.scrollIntoViewIfNeeded();
  await expect(evaluate).toBeDisabled();
  expect(await evaluate.evaluate((b) => getComputedStyle(b).opacity)).toBe('0.45');

  await page.goto('./');
  await expect(page.getByText(/a reload loses nothing; Forget all runs in a lesson clears them/)).toBeVisible();
});
