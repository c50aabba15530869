import { expect, test, type Locator, type Page } from '@playwright/test';
import { readyPanel, trainTiny } from './tinyRun';

// The course keeps working without a network after one visit (the service worker precaches the
// site and caches the lesson data on first use), and a download that fails shows an error with a
// retry instead of a dead button.
const PAGE = 'lessons/segmentation/';
const PANEL_A = 'Train: Model A′ (no skips)';

const ready = (page: Page): Promise<Locator> => readyPanel(page, PANEL_A, { backend: /Backend: WebAssembly/, timeout: 90_000 });

async function trainOneEpoch(panel: Locator): Promise<void> {
  await trainTiny(panel, { epochs: 1, button: /Start training|Train again/ });
  await expect(panel.getByText(/^Training finished: 1 epoch in \d+ s\./)).toBeVisible();
}

test.setTimeout(300_000);

test.describe('with the service worker', () => {
  test.use({ serviceWorkers: 'allow' });

  test('after one visit the lesson reloads offline and trains a tiny run', async ({ page, context }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${PAGE}?backend=wasm`);
    // The worker installs (precaching the site) and takes control of this page.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
    const panel = await ready(page);
    // The data file came through the worker and is now in its cache.
    const cachedData = await page.evaluate(async () => (await (await caches.open('course-data')).keys()).map((r) => new URL(r.url).pathname));
    expect(cachedData).toEqual([expect.stringMatching(/\/data\/lung-ct-128\.h5$/)]);
    await expect(panel).toBeVisible();

    await context.setOffline(true);
    // Really offline: a file the worker never cached cannot be fetched.
    const uncached = await page.evaluate(() => fetch(`./not-cached-${Date.now()}.txt`).then((r) => `HTTP ${r.status}`, () => 'failed'));
    expect(uncached).toBe('failed');

    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
    const offlinePanel = await ready(page);
    await trainOneEpoch(offlinePanel);
    expect(errors).toEqual([]);
  });
});

test('a data download that fails shows an error with a retry that works', async ({ page }) => {
  await page.route(/\/data\/[^/]+\.h5$/, (route) => route.abort('internetdisconnected'));
  await page.goto(`${PAGE}?backend=wasm`);
  const panel = page.getByRole('region', { name: PANEL_A });
  await panel.scrollIntoViewIfNeeded();
  const alert = panel.getByRole('alert');
  await expect(alert).toContainText(/lung-ct-128\.h5 could not be downloaded/, { timeout: 60_000 });
  await expect(alert).toContainText('Check your connection, then try again.');
  await page.unroute(/\/data\/[^/]+\.h5$/);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await ready(page);
  await expect(panel.getByText(/could not be downloaded/)).toHaveCount(0);
});

test('a panel whose code fails to download says so and loads on retry', async ({ page }) => {
  const panelCode = /\/_astro\/TrainingPanel[^/]*\.js/;
  await page.route(panelCode, (route) => route.abort('internetdisconnected'));
  await page.goto(`${PAGE}?backend=wasm`);
  const panel = page.getByRole('region', { name: PANEL_A });
  await panel.scrollIntoViewIfNeeded();
  const alert = page.getByRole('alert').filter({ hasText: 'This part of the page could not be loaded.' }).first();
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await page.unroute(panelCode);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await ready(page);
});
