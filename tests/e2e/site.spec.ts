import { expect, test, type Page } from '@playwright/test';
import { CORE_PAGES, discoverPages } from './sitePages';

/** Collects uncaught errors, console errors and requests to other origins while a page is open. */
function watchPage(page: Page, origin: string): { errors: string[]; foreign: string[] } {
  const errors: string[] = [];
  const foreign: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (/^https?:$/.test(url.protocol) && url.origin !== origin) foreign.push(request.url());
  });
  return { errors, foreign };
}

test('every page renders with a heading, no errors and nothing loaded from other origins', async ({ page, request, baseURL }) => {
  const pages = await discoverPages(request, baseURL as string);
  expect(pages).toEqual(expect.arrayContaining(CORE_PAGES));
  const origin = new URL(baseURL as string).origin;
  for (const path of pages) {
    await test.step(path || 'home', async () => {
      const watched = watchPage(page, origin);
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByRole('banner').getByRole('navigation', { name: 'Main' })).toBeVisible();
      await expect(page.getByRole('contentinfo')).toBeVisible();
      await page.waitForLoadState('networkidle');
      expect(watched.errors).toEqual([]);
      expect(watched.foreign).toEqual([]);
      page.removeAllListeners();
    });
  }
});

test('an unknown address gets the 404 page with a way home', async ({ page }) => {
  const response = await page.goto('no/such/page/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'This page does not exist' })).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: 'Go to the home page' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Deep learning for medical imaging/ })).toBeVisible();
});

test('the published site has no developer pages', async ({ request }) => {
  // The engine's test page belongs to the tests (tests/engine/), not to the site.
  for (const path of ['dev/', 'dev/engine-check/']) expect((await request.get(path)).status(), path).toBe(404);
});

test('a question answer opens with the keyboard', async ({ page }) => {
  await page.goto('lessons/introduction/');
  const question = page.getByRole('region', { name: /Question 1/ });
  await expect(question).toBeVisible();
  const answerText = question.getByText(/16,384 numbers/);
  await expect(answerText).toBeHidden();

  const summary = question.getByText('Answer to question 1');
  await summary.focus();
  await expect(summary).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(answerText).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(answerText).toBeHidden();
});

test('answers are open when the page is printed', async ({ page }) => {
  await page.goto('lessons/introduction/');
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByText(/16,384 numbers/)).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await expect(page.getByText(/16,384 numbers/)).toBeHidden();
});

test('the lesson has a table of contents that links to its sections', async ({ page }) => {
  await page.goto('lessons/introduction/');
  const toc = page.getByRole('navigation', { name: 'On this page' });
  await toc.getByRole('link', { name: 'Images are arrays' }).click();
  await expect(page).toHaveURL(/#images-are-arrays$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Images are arrays' })).toBeInViewport();
});

test.describe('theme toggle', () => {
  test.use({ colorScheme: 'light' });

  test('switches to dark and keeps it across a reload', async ({ page }) => {
    await page.goto('');
    const html = page.locator('html');
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    const lightBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);

    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    const darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(darkBackground).not.toBe(lightBackground);

    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(darkBackground);

    await page.goto('lessons/introduction/');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'light');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(lightBackground);
  });
});

test.describe('on a 375 px phone', () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test('no page scrolls sideways', async ({ page, request, baseURL }) => {
    for (const path of await discoverPages(request, baseURL as string)) {
      await page.goto(path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${path || 'home'} is ${width} px wide`).toBeLessThanOrEqual(375);
    }
  });

  test('a lesson opens with a closed "On this page" list that the keyboard opens and its links close', async ({ page }) => {
    await page.goto('lessons/introduction/');
    const toc = page.getByRole('navigation', { name: 'On this page' });
    const link = toc.getByRole('link', { name: 'Images are arrays' });
    await expect(toc).toBeVisible();
    await expect(link).toBeHidden();
    // Above the lesson's first section, so a phone reaches it without scrolling through the text.
    const [tocTop, firstSection] = await Promise.all([toc.evaluate((e) => e.getBoundingClientRect().top), page.locator('article h2').first().evaluate((e) => e.getBoundingClientRect().top)]);
    expect(tocTop).toBeLessThan(firstSection);
    await toc.locator('summary').focus();
    await page.keyboard.press('Enter');
    await expect(link).toBeVisible();
    await link.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#images-are-arrays$/);
    await expect(page.getByRole('heading', { level: 2, name: 'Images are arrays' })).toBeInViewport();
    await expect(link).toBeHidden();
  });
});

test('the home page says which backend the demos would use', async ({ page }) => {
  await page.goto('');
  const device = page.getByRole('region', { name: 'Will it run on my computer?' });
  const verdict = device.getByRole('status');
  await expect(verdict).toContainText(/The demos would train with (WebGPU|WebGL|WebAssembly|plain JavaScript)/);
  // Headless Chromium here renders WebGL with SwiftShader, which the check must not trust for training.
  await expect(verdict).toContainText('WebAssembly');
  await expect(device.getByText(/software renderer/).first()).toBeVisible();
  await device.getByText('What we checked').click();
  await expect(device.getByText('WebAssembly', { exact: true })).toBeVisible();
  await expect(device.getByText('yes, with SIMD')).toBeVisible();
});

test('the introduction promises what the pages show, and the instructors page reads as written', async ({ page }) => {
  await page.goto('lessons/introduction/');
  const main = page.getByRole('main');
  // The slice viewer shows test slices, and the only reference is the original's final value (one star).
  await expect(main).toContainText('scroll through every test slice');
  await expect(main).not.toContainText('every validation slice');
  await expect(main).not.toContainText('reference runs');

  await page.goto('instructors/');
  // No word runs into a code element: whatever text precedes one ends in a space or an opening mark.
  const glued = await page.getByRole('main').evaluate((root) => [...root.querySelectorAll('code')].flatMap((code) => {
    const before = code.previousSibling;
    const text = before?.nodeType === Node.TEXT_NODE ? before.textContent ?? '' : before ? (before as Element).textContent ?? '' : '';
    return text !== '' && !/[\s(“"'/]$/.test(text) ? [`${text.slice(-20)}|${code.textContent}`] : [];
  }));
  expect(glued).toEqual([]);
  // The fork step either links the repository or says why this copy cannot.
  const fork = page.getByRole('listitem').filter({ hasText: /^Fork the course repository/ });
  await expect(fork).toBeVisible();
  if ((await fork.getByRole('link').count()) === 0) await expect(fork).toContainText('does not know that address');
  else await expect(fork.getByRole('link', { name: 'the course repository' })).toHaveAttribute('href', /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
});
