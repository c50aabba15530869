import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
page.setDefaultTimeout(0);
await page.goto(`http://127.0.0.1:4432/lessons/segmentation/?backend=wasm`, { waitUntil: 'domcontentloaded', timeout: 180_000 });
await page.waitForFunction(() => globalThis.crossOriginIsolated === true, undefined, { timeout: 120_000 }).catch(() => undefined);
console.log('isolated', await page.evaluate(() => globalThis.crossOriginIsolated));
const panel = page.getByRole('region', { name: 'Train: Model B (skips)' });
console.log('scrolling');
await panel.scrollIntoViewIfNeeded({ timeout: 180_000 });
console.log('scrolled');
for (let i = 0; i < 60; i++) { await page.waitForTimeout(1000); const t = await panel.innerText({ timeout: 10_000 }).catch((e) => 'ERR ' + e.message); if (/Your device runs/.test(t)) { console.log('found at', i); break; } if (i % 10 === 0) console.log(i, t.slice(0, 100)); }
await browser.close();
