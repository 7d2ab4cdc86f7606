/**
 * The end-to-end suite: the built application served by `utfall start` on a fresh embedded
 * database (the demo and its users), driven in Debian's Chromium. Run by `npm test` (or alone:
 * `npm run test:e2e`); screenshots of the main pages land in e2e/output/.
 */
import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import { CHROMIUM_ARGS, findChromium } from '../src/report/browser.js';

export const E2E_PORT = Number(process.env.UTFALL_E2E_PORT ?? 3199);
const root = join(import.meta.dirname, '..');
// A data folder per port, so that two runs on one machine (UTFALL_E2E_PORT) do not share one.
const data = join(root, '.tmp', `e2e-data-${E2E_PORT}`);

export default defineConfig({
  testDir: '.',
  testMatch: '*.e2e.ts',
  outputDir: join(import.meta.dirname, 'output', 'results'),
  // The tests share one database and change it (narratives, imports): one at a time, in order.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    browserName: 'chromium',
    locale: 'sv-FI',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
  },
  webServer: {
    // A new data folder each run: the demo is loaded into it and its users created.
    command: `rm -rf "${data}" && node bin/utfall.js start --port ${E2E_PORT} --no-log`,
    cwd: root,
    env: { UTFALL_DATA: data, DATABASE_URL: '', UTFALL_LANG: 'en' },
    url: `http://127.0.0.1:${E2E_PORT}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
