import { defineConfig, devices } from '@playwright/test';
import { findChromium } from './tests/e2e/findChromium';

const port = Number(process.env.E2E_PORT || 4399);
const basePath = (process.env.BASE_PATH || '/').replace(/\/?$/, '/');
// With COURSE_CONFIG set (npm run test:e2e:fixture), the server builds that configuration's site into
// COURSE_OUT_DIR first and serves it; tests/e2e/courseConfig.spec.ts checks it.
const fixtureSite = Boolean(process.env.COURSE_CONFIG);
const preview = `npm run preview -- --host 127.0.0.1 --port ${port} --ignore-lock`;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}${basePath}`,
    trace: 'retain-on-failure',
    // The built site registers a service worker; Playwright's request routing cannot see requests
    // it handles, so tests run without it unless they ask for it (tests/e2e/offline.spec.ts does).
    serviceWorkers: 'block',
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath: findChromium(),
      args: [
        '--headless', '--no-sandbox', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-quic',
      ],
    },
  },
  webServer: {
    command: fixtureSite ? `npm run build && ${preview}` : preview,
    url: `http://127.0.0.1:${port}${basePath}`,
    reuseExistingServer: !process.env.CI && !fixtureSite,
    timeout: fixtureSite ? 600_000 : 60_000,
  },
});
