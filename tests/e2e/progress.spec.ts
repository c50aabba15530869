import { expect, test } from '@playwright/test';
import { readyPanel, trainTiny } from './tinyRun';

// Learning progress is kept in this browser only: sections read, answers opened, demos completed;
// the lessons list shows it after a reload, exports it as JSON and resets it.
test.setTimeout(300_000);

test('progress is recorded on a lesson, shown on the lessons list after a reload, exported and reset', async ({ page }) => {
  await page.goto('lessons/segmentation/?backend=wasm');
  await page.locator('#question-1 summary').click();
  await expect(page.locator('#question-1 details')).toHaveAttribute('open', '');
  const panel = await readyPanel(page, 'Train: Model A′ (no skips)');
  await trainTiny(panel, { epochs: 1 });
  // A section counts as read once its heading has stayed on screen for 3 s.
  await page.locator('article h2[id]').nth(2).scrollIntoViewIfNeeded();
  await page.waitForTimeout(3500);

  await page.goto('lessons/');
  await page.reload();
  const line = page.locator('[data-progress-of="segmentation"]');
  await expect(line).toHaveText(/^Your progress: [1-9]\d* of \d+ sections read, 1 of \d+ answers opened, 1 training demo completed\.$/);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download my progress (JSON)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('course-progress.json');
  const exported = JSON.parse(await (await import('node:fs/promises')).readFile(await file.path(), 'utf8')) as Record<string, { questions: string[]; demos: string[] }>;
  expect(exported.segmentation.questions).toEqual(['question-1']);
  expect(exported.segmentation.demos).toHaveLength(1);
  await page.getByRole('button', { name: 'Reset my progress' }).click();
  await expect(line).toBeHidden();
  await page.reload();
  await expect(line).toBeHidden();
});
