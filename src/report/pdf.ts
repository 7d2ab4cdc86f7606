/**
 * PDF from the report's HTML, printed by headless Chromium (Debian's `chromium`) through
 * playwright-core: tagged for accessibility, with bookmarks from the headings, a running header
 * with unit and year and page numbers in the footer.
 */
import { withChromium } from './browser.js';
import { escapeHtml } from './html.js';
import { UtfallError } from '../domain/errors.js';

export { findChromium } from './browser.js';

/** Prints HTML to PDF. `runningHeader` is the text at the top of every page (unit and year). */
export async function renderPdf(html: string, runningHeader: string): Promise<Buffer> {
  const pdf = await withChromium(async (browser) => {
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
  });
  if (pdf === undefined) throw new UtfallError('pdf.noChromium');
  return pdf;
}
