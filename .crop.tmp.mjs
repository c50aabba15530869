import { chromium } from '@playwright/test';
const [url, out, width, scheme, height] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync','--disable-quic'] });
const p = await b.newPage({ viewport: { width: Number(width), height: Number(height) }, colorScheme: scheme });
await p.goto(url, { waitUntil: 'networkidle' }); await p.waitForTimeout(3000);
await p.screenshot({ path: out });
await b.close();
