import { expect, test, type Page } from '@playwright/test';
import { readyPanel, trainTiny } from './tinyRun';
import { encodeLessonDataset } from '../../src/lib/data/writeLessonDataset';
import type { LessonDataset, SplitArrays } from '../../src/lib/data/types';
import { discoverPages } from './sitePages';

// The site locks itself down: a Content-Security-Policy <meta> tag on every page (this origin only,
// WebAssembly and the engine's blob: workers), no page breaks under it, and a learner's file stays in
// the browser: uploading, training and evaluating sends nothing to another origin, and no request
// carries the file's bytes.

test.setTimeout(300_000);

/** Records CSP violations (the event and Chromium's console report) of a page and its workers. */
async function watchPolicy(page: Page): Promise<{ violations: () => Promise<string[]>; console: string[] }> {
  const consoleReports: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) consoleReports.push(message.text());
  });
  page.on('worker', (worker) => worker.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) consoleReports.push(`worker: ${message.text()}`);
  }));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  return {
    console: consoleReports,
    violations: () => page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []),
  };
}

/** Discs on a noisy background with their masks, [count, 64, 64]: a learner's own little dataset. */
function discs(count: number, offset: number): SplitArrays {
  const size = 64;
  const x = new Float32Array(count * size * size);
  const y = new Float32Array(count * size * size);
  for (let s = 0; s < count; s++) {
    const cy = 20 + ((s + offset) % 20);
    const cx = 22 + ((s * 3 + offset) % 18);
    const r = 8 + ((s + offset) % 5);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const k = s * size * size + i * size + j;
        const inside = (i - cy) ** 2 + (j - cx) ** 2 <= r * r;
        y[k] = inside ? 1 : 0;
        x[k] = (inside ? 40 : -900) + 30 * Math.sin(7 * k);
      }
    }
  }
  return { x, y, count };
}

const MARKER = 'learner-private-file-7f3a9c';

test('every page carries the policy and runs under it without a violation', async ({ page, request, baseURL }) => {
  const pages = await discoverPages(request, baseURL!);
  expect(pages.length).toBeGreaterThan(4);
  const policy = await watchPolicy(page);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  for (const path of pages) {
    await page.goto(path);
    const content = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
    expect(content, path).toMatch(/default-src 'self'/);
    expect(content, path).toMatch(/script-src 'self' 'wasm-unsafe-eval' blob:( 'sha256-[^']+')*;/);
    expect(content, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(content, path).not.toMatch(/https?:|\*/);
    // Hydrate every island: they load when scrolled into view.
    await page.evaluate(async () => {
      for (let y = 0; y < document.body.scrollHeight; y += 600) {
        window.scrollTo(0, y);
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
    });
    await page.waitForLoadState('networkidle');
    expect(await policy.violations(), path).toEqual([]);
  }
  expect(policy.console).toEqual([]);
  expect(errors).toEqual([]);
});

test("a learner's file: upload, train and evaluate send nothing off the origin, and no request carries the file", async ({ page, context, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const policy = await watchPolicy(page);
  const requests: { url: string; afterLoad: boolean; body: Buffer | null }[] = [];
  let loaded = false;
  context.on('request', (req) => requests.push({ url: req.url(), afterLoad: loaded, body: req.postDataBuffer() }));

  const dataset: LessonDataset = {
    height: 64, width: 64, train: discs(8, 0), val: discs(4, 9), test: discs(4, 17),
    attributes: { units: 'Hounsfield units (HU)', note: MARKER },
  };
  const bytes = Buffer.from(await encodeLessonDataset(dataset));

  await page.goto('lessons/segmentation/?backend=wasm');
  await page.waitForLoadState('load');
  loaded = true;

  const explorer = page.getByRole('region', { name: 'Explore the data' });
  await explorer.scrollIntoViewIfNeeded();
  await expect(explorer.getByRole('img', { name: /^CT slice \d+$/ })).toBeVisible({ timeout: 90_000 });
  await explorer.getByLabel(/Use your own HDF5 file/).setInputFiles({ name: 'mine.h5', mimeType: 'application/x-hdf5', buffer: bytes });
  await expect(explorer.getByRole('row', { name: /^training trainX, trainY \[8, 64, 64, 1\]/ })).toBeVisible({ timeout: 60_000 });

  const panel = await readyPanel(page, 'Train: Model A′ (no skips)');
  // The learner's file is already tiny (8 training slices at 64²): train all of it, as it is.
  await trainTiny(panel, { epochs: 1, size: null, slices: null });

  const evaluation = page.getByRole('region', { name: 'Evaluate on the test set' });
  await evaluation.scrollIntoViewIfNeeded();
  await evaluation.getByRole('button', { name: 'Evaluate on the test set' }).click();
  await expect(evaluation.getByText(/^Hard Dice, all 4 test slices$/)).toBeVisible({ timeout: 120_000 });
  await page.waitForLoadState('networkidle');

  const offOrigin = requests.filter((r) => !r.url.startsWith('data:') && !r.url.startsWith('blob:') && new URL(r.url).origin !== origin);
  expect(offOrigin.map((r) => r.url)).toEqual([]);
  const head = bytes.subarray(0, 512);
  const carrying = requests.filter((r) => r.afterLoad && (r.url.includes(MARKER) || (r.body !== null && (r.body.includes(MARKER) || r.body.includes(head) || r.body.length > 0))));
  expect(carrying.map((r) => r.url)).toEqual([]);
  expect(requests.some((r) => r.afterLoad)).toBe(true); // the engine's scripts and wasm did load after the page
  expect(await policy.violations()).toEqual([]);
  expect(policy.console).toEqual([]);
});
