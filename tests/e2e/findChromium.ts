import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * Finds a Chromium to drive: $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else a browser
 * Playwright installed itself. Fails with one line that says how to get one.
 */
export function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const path of candidates) if (path && existsSync(path)) return path;
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // Playwright has no browser of its own here; fall through to the explanation.
  }
  throw new Error(
    'No Chromium found: install Debian\'s (sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium/Chrome binary.',
  );
}
