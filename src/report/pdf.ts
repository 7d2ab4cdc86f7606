/**
 * PDF from the report's HTML, printed by headless Chromium (Debian's `chromium`) through
 * playwright-core: tagged for accessibility, with bookmarks from the headings, a running header
 * with unit and year and page numbers in the footer.
 */
import { existsSync } from 'node:fs';
import { UsageError } from '../service/tenant.js';

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

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-dev-shm-usage',
];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Prints HTML to PDF. `runningHeader` is the text at the top of every page (unit and year). */
export async function renderPdf(html: string, runningHeader: string): Promise<Buffer> {
  const executablePath = findChromium();
  if (!executablePath) throw new UsageError('pdf.noChromium');
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: true, args: ARGS });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const style =
      'font-family: sans-serif; font-size: 8pt; width: 100%; margin: 0 15mm; color: #333;';
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      tagged: true,
      outline: true,
      displayHeaderFooter: true,
      headerTemplate: `<div style="${style}">${escapeHtml(runningHeader)}</div>`,
      footerTemplate: `<div style="${style} text-align: right;"><span class="pageNumber"></span> / <span class="totalPages"></span></div>`,
      margin: { top: '20mm', bottom: '18mm', left: '15mm', right: '15mm' },
    });
    return pdf;
  } finally {
    await browser.close();
  }
}
