/**
 * Headless Chromium (Debian's `chromium`) through playwright-core: one place that finds and
 * launches it, for printing PDF and for drawing the charts of the DOCX as images.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Where Chromium is: UTFALL_CHROMIUM, else Debian's and Ubuntu's usual paths. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [
    env.UTFALL_CHROMIUM,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  return candidates.find((path): path is string => Boolean(path) && existsSync(path!));
}

/** How Utfall launches it: headless, on machines without a GPU or a sandbox, quiet on the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-dev-shm-usage',
];

/** Runs `work` with a launched Chromium and closes it; undefined when no Chromium is found. */
export async function withChromium<T>(
  work: (browser: Browser) => Promise<T>,
): Promise<T | undefined> {
  const executablePath = findChromium();
  if (!executablePath) return undefined;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  try {
    return await work(browser);
  } finally {
    await browser.close();
  }
}
