import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type Worker } from '@playwright/test';
import { readyPanel, trainTiny } from './tinyRun';

// The look-inside views in both lessons, in one browser page on wasm: after a tiny one-epoch run of a
// model with skips, focusing an output pixel outlines its receptive field, switching off the last skip
// changes the displayed test metric, and a painted pixel's attribution map renders.

test.setTimeout(600_000);

/** Tensors alive in the page's training worker (TensorFlow.js keeps its engine on the global object). */
async function tensorCount(page: Page, workers: Worker[]): Promise<number> {
  const worker = workers.filter((w) => w.url().includes('trainingWorker')).at(-1);
  expect(worker).toBeDefined();
  return worker!.evaluate(() => (globalThis as unknown as { _tfengine: { state: { numTensors: number } } })._tfengine.state.numTensors);
}

async function lookInside(page: Page, panelName: string, workers: Worker[]): Promise<void> {
  const panel = await readyPanel(page, panelName);
  await trainTiny(panel, { epochs: 1 });
  const inside = page.getByRole('region', { name: 'Look inside your model' });
  await inside.scrollIntoViewIfNeeded();
  await inside.getByRole('button', { name: 'Look inside' }).click();

  // Receptive field: keyboard focus on the prediction puts the cursor in the middle and outlines its field.
  const field = inside.getByTestId('receptive-field');
  const pad = field.getByRole('group', { name: /point at an output pixel/ });
  await expect(pad).toBeVisible({ timeout: 60_000 });
  await expect(field.getByTestId('receptive-field-outline')).toHaveCount(0);
  await pad.focus();
  await expect(field.getByTestId('receptive-field-outline')).toBeVisible();
  await expect(field.getByText(/^Output pixel \(row 33, column 33\) can see input rows \d+–\d+ and columns \d+–\d+/)).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(field.getByText(/^Output pixel \(row 33, column 34\)/)).toBeVisible();

  // Knock-out: with the last skip off, the headline test number differs from the model's own.
  const knockout = inside.getByTestId('knockout');
  const table = knockout.getByRole('table');
  await expect(table).toBeVisible({ timeout: 120_000 });
  const metric = knockout.getByTestId('knockout-metric');
  await expect(metric).toHaveText('–');
  const own = (await table.locator('tbody tr').first().locator('td').first().textContent()) ?? '';
  await knockout.getByRole('checkbox', { name: /Switch off the last skip/ }).check();
  await knockout.getByRole('button', { name: 'Run with the knock-out' }).click();
  await expect(metric).not.toHaveText('–', { timeout: 120_000 });
  expect((await metric.textContent())?.trim()).not.toBe(own.trim());
  await expect(knockout.getByRole('img', { name: /^Knocked out: / }).first()).toBeVisible();

  // Attribution: paint the cursor's pixel by keyboard, then ask what drove it.
  const attribution = inside.getByTestId('attribution');
  await attribution.getByRole('group', { name: /paint a region/ }).focus();
  await page.keyboard.press('Enter');
  await expect(attribution.getByText(/^9 pixels painted\./)).toBeVisible();
  await attribution.getByRole('button', { name: 'Show what drove it' }).click();
  await expect(attribution.getByRole('img', { name: /^Gradient × input for the 9 painted pixels/ })).toBeVisible({ timeout: 60_000 });

  // Used again, the views leave the worker with the tensors it had: nothing leaks per use.
  const before = await tensorCount(page, workers);
  await knockout.getByRole('button', { name: 'Run with the knock-out' }).click();
  await expect(metric).not.toHaveText('–', { timeout: 120_000 });
  await attribution.getByRole('button', { name: 'Show what drove it' }).click();
  await expect(attribution.getByRole('img', { name: /^Gradient × input for the 9 painted pixels/ })).toBeVisible({ timeout: 60_000 });
  await page.waitForTimeout(500);
  expect(await tensorCount(page, workers)).toBe(before);

  // The opened views pass the accessibility scan the site's pages pass.
  const scan = await new AxeBuilder({ page }).include('.inside').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(scan.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('look inside: receptive field, knock-out and attribution after a tiny run, in both lessons', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  const workers: Worker[] = [];
  page.on('worker', (worker) => workers.push(worker));

  await page.goto('lessons/segmentation/?backend=wasm');
  await lookInside(page, 'Train: Model B (skips)', workers);

  await page.goto('lessons/translation/?backend=wasm');
  await lookInside(page, 'Train: T1 → T2 skip model', workers);

  expect(errors).toEqual([]);
});
