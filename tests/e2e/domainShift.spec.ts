import { expect, test, type Locator, type Page } from '@playwright/test';
import { readyPanel, trainTiny } from './tinyRun';

// "Will it work on another scanner?" in both lessons, in one browser page on wasm: after a tiny run the
// learner picks a shift, moves the strength by keyboard (the example slice follows), must guess before
// the curve can be revealed, and the curve's table has one row per strength; its no-shift row is the
// evaluation's own test figure, and strong noise moves it.

test.setTimeout(600_000);

async function openSandbox(page: Page): Promise<Locator> {
  const shift = page.getByRole('region', { name: 'Will it work on another scanner?' });
  await shift.scrollIntoViewIfNeeded();
  await expect(shift.getByRole('img', { name: /^Test slice \d+ as stored$/ })).toBeVisible({ timeout: 120_000 });
  return shift;
}

/** Guesses, checks that the reveal waits for the guess, reveals and returns the table's rows. */
async function guessAndReveal(shift: Locator, guess: string): Promise<Locator> {
  const reveal = shift.getByRole('button', { name: 'Reveal the curve' });
  await expect(reveal).toBeDisabled();
  await expect(shift.getByText('Make your guess first.')).toBeVisible();
  await shift.getByRole('radio', { name: guess }).check();
  await expect(reveal).toBeEnabled();
  await reveal.click();
  const rows = shift.locator('.shift__table tbody tr');
  await expect(rows).toHaveCount(6, { timeout: 240_000 });
  await expect(shift.getByText(new RegExp(`^You guessed ${guess}\\. Measured:`))).toBeVisible();
  await expect(shift.locator('canvas[aria-label^="Mean hard Dice against"], canvas[aria-label^="MAE inside the head against"]')).toBeVisible();
  return rows;
}

test('domain shift: guess, reveal and the curve per strength in both lessons', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto('lessons/segmentation/?backend=wasm');
  const panel = await readyPanel(page, 'Train: Model B (skips)');
  await trainTiny(panel, { epochs: 3, slices: 16 });
  const evaluation = page.getByRole('region', { name: 'Evaluate on the test set' });
  await evaluation.scrollIntoViewIfNeeded();
  await evaluation.getByRole('button', { name: 'Evaluate on the test set' }).click();
  const figure = evaluation.locator('dl.number-grid dd').first();
  await expect(figure).toHaveText(/^\d\.\d{3}$/, { timeout: 120_000 });
  const evaluated = (await figure.textContent())!.trim();

  const shift = await openSandbox(page);
  // CT in Hounsfield units offers the HU offset too.
  await expect(shift.getByRole('radio', { name: 'HU offset' })).toBeVisible();
  await expect(shift.getByRole('radio', { name: 'Noise' })).toBeChecked();
  const slider = shift.getByRole('slider');
  await slider.focus();
  await page.keyboard.press('End');
  await expect(slider).toHaveAttribute('aria-valuetext', '0.50');
  await expect(shift.getByRole('img', { name: 'After the shift: noise 0.50' })).toBeVisible({ timeout: 60_000 });
  await page.keyboard.press('Home');
  await expect(slider).toHaveAttribute('aria-valuetext', '0.00, no shift');

  const rows = await guessAndReveal(shift, 'much worse');
  await expect(rows.first().locator('th')).toHaveText('0.00 (no shift)');
  await expect(rows.first().locator('td').first()).toHaveText(evaluated);
  // The strongest noise changes the model's Dice (compared unrounded: a barely trained model moves little).
  const value = async (row: Locator) => Number(await row.locator('td').first().getAttribute('data-value'));
  expect(Number.isFinite(await value(rows.last()))).toBe(true);
  expect(await value(rows.last())).not.toBe(await value(rows.first()));

  // Another shift of the same model asks for a new guess; contrast and brightness leave a per-slice z-scored model where it was.
  await shift.getByRole('radio', { name: 'Contrast and brightness' }).check();
  const contrastRows = await guessAndReveal(shift, 'about the same');
  await expect(contrastRows.first().locator('td').first()).toHaveText(evaluated);
  await expect(shift.getByText(/Measured: .*: about the same — as you guessed\./)).toBeVisible();

  await page.goto('lessons/translation/?backend=wasm');
  const translation = await readyPanel(page, 'Train: T1 → T2 skip model');
  await trainTiny(translation, { epochs: 1 });
  const mr = await openSandbox(page);
  await expect(mr.getByRole('radio', { name: 'HU offset' })).toHaveCount(0);
  await mr.getByRole('radio', { name: 'Blur' }).check();
  const mrRows = await guessAndReveal(mr, 'a bit worse');
  await expect(mrRows.first().locator('td')).toHaveCount(2);
  await expect(mrRows.first().locator('td').first()).toHaveText(/^\d\.\d{4}$/);

  expect(errors).toEqual([]);
});
