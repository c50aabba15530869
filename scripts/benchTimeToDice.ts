/**
 * `npm run bench -- --time-to-dice`: the lesson's skip-model panel with its default settings, in
 * headless Chromium (cross-origin isolated through the site's service worker, wasm backend), timed
 * from pressing Start until training finishes; then the test set is evaluated and its hard Dice read
 * from the page. Needs a build (`npm run build`); serves it with `astro preview` on E2E_PORT (4413).
 * Writes bench-results/time-to-dice-<time>.json. The target: test hard Dice ≥ 0.90 within 3 minutes.
 *
 *   npm run bench -- --time-to-dice [--backend wasm] [--epochs N] (override the panel's epochs, for searches)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: string | undefined) => { const i = args.indexOf(`--${name}`); return i >= 0 && args[i + 1] ? args[i + 1] : fallback; };
const port = Number(process.env.E2E_PORT || 4413);
const backend = option('backend', 'wasm')!;
const epochsOverride = option('epochs', undefined);
const base = `http://127.0.0.1:${port}/`;

async function waitForServer(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try { if ((await fetch(url)).ok) return; } catch { /* not up yet */ }
    if (Date.now() > end) throw new Error(`${url} did not answer within ${ms / 1000} s`);
    await new Promise((ok) => setTimeout(ok, 500));
  }
}

async function main(): Promise<void> {
  if (!existsSync(join(root, 'dist'))) throw new Error('No build: run `npm run build` first.');
  const server = spawn('npx', ['astro', 'preview', '--host', '127.0.0.1', '--port', String(port)], { cwd: root, stdio: 'ignore', detached: true });
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    await waitForServer(base, 60_000);
    const page = await browser.newPage();
    page.setDefaultTimeout(0);
    await page.goto(`${base}lessons/segmentation/?backend=${backend}`);
    // The service worker makes the page cross-origin isolated after one reload.
    await page.waitForFunction(() => globalThis.crossOriginIsolated === true, undefined, { timeout: 60_000 }).catch(() => undefined);
    const isolated = await page.evaluate(() => globalThis.crossOriginIsolated === true);
    const panel = page.getByRole('region', { name: 'Train: Model B (skips)' });
    await panel.scrollIntoViewIfNeeded();
    await panel.getByText(/Your device runs one training step/).waitFor({ timeout: 180_000 });
    if (epochsOverride) await panel.getByLabel('Epochs').fill(epochsOverride);
    const read = async (label: string) => panel.getByLabel(label).inputValue().catch(() => '?');
    const settings = {
      optimizer: await read('Optimiser'), learningRate: await read('Learning rate'), size: await read('Image size'), epochs: await read('Epochs'),
      batch: await read('Batch size'), slices: await read('Training slices'),
      augment: await panel.getByLabel(/Augment/).isChecked().catch(() => null),
    };
    const explanation = (await panel.getByText(/Your device runs one training step/).textContent()) ?? '';
    console.log(`isolated=${isolated}; panel defaults: ${JSON.stringify(settings)}`);
    const t0 = Date.now();
    await panel.getByRole('button', { name: 'Start training' }).click();
    const finished = panel.getByText(/^Training finished/);
    const progress = panel.locator('dt', { hasText: 'Epochs done' }).locator('xpath=following-sibling::dd[1]');
    for (;;) {
      const done = await finished.waitFor({ timeout: 30_000 }).then(() => true, () => false);
      if (done) break;
      if (Date.now() - t0 > 60 * 60_000) throw new Error('training did not finish within an hour');
      console.log(`  ${((Date.now() - t0) / 1000).toFixed(0)} s: epochs done ${await progress.textContent({ timeout: 1000 }).catch(() => '?')}`);
    }
    const trainSeconds = (Date.now() - t0) / 1000;
    console.log(`training finished after ${trainSeconds.toFixed(0)} s`);
    const evaluation = page.getByRole('region', { name: 'Evaluate on the test set' });
    await evaluation.scrollIntoViewIfNeeded();
    await evaluation.getByRole('button', { name: 'Evaluate on the test set' }).click();
    const term = evaluation.getByText(/^Hard Dice, all \d+ test slices$/);
    await term.waitFor({ timeout: 600_000 });
    const dice = Number(await term.locator('xpath=following-sibling::dd[1]').textContent());
    const result = {
      date: new Date().toISOString(), backend, isolated, settings, explanation, trainSeconds: Math.round(trainSeconds), testHardDice: dice,
      target: { dice: 0.9, seconds: 180 }, met: dice >= 0.9 && trainSeconds <= 180,
      machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, loadavg: os.loadavg() },
    };
    const dir = join(root, 'bench-results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `time-to-dice-${result.date.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(result, null, 2));
    console.log(`time to a trained skip model: ${Math.floor(trainSeconds / 60)} min ${Math.round(trainSeconds % 60)} s, test hard Dice ${dice.toFixed(3)} (target ≥ 0.90 within 3 min: ${result.met ? 'met' : 'not met'}); load average ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`);
    console.log(`wrote ${file}`);
  } finally {
    await browser.close();
    if (server.pid) try { process.kill(-server.pid); } catch { /* already gone */ }
  }
}

await main();
