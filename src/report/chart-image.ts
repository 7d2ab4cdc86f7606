/**
 * The report's charts as PNG images, for formats that cannot hold the HTML's inline SVG as is
 * (the DOCX): the same SVG drawn by headless Chromium, at twice the CSS pixel size so that it
 * prints sharply.
 */
import { withChromium } from './browser.js';

export interface ChartImage {
  png: Buffer;
  /** Size in CSS pixels (96 to the inch), as the image is to be shown. */
  width: number;
  height: number;
}

/** Draws each chart's SVG markup as an image; undefined when it cannot (no Chromium). */
export type ChartRasterizer = (charts: readonly string[]) => Promise<ChartImage[] | undefined>;

const PAGE_STYLE = `body { margin: 0; background: #fff; font-family: Arial, Helvetica, sans-serif; }
div.chart { width: fit-content; padding: 4px; background: #fff; }
div.chart svg { display: block; }`;

/** Draws the charts in one Chromium page, one screenshot per chart. */
export const chromiumRasterizer: ChartRasterizer = async (charts) => {
  if (charts.length === 0) return [];
  return withChromium(async (browser) => {
    const page = await browser.newPage({ deviceScaleFactor: 2 });
    const body = charts.map((svg) => `<div class="chart">${svg}</div>`).join('\n');
    await page.setContent(
      `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${PAGE_STYLE}</style></head><body>${body}</body></html>`,
      { waitUntil: 'load' },
    );
    const images: ChartImage[] = [];
    const elements = await page.locator('div.chart').all();
    for (const element of elements) {
      const box = await element.boundingBox();
      if (!box) throw new Error('a chart was not laid out');
      const png = await element.screenshot({ type: 'png', animations: 'disabled' });
      images.push({ png, width: Math.ceil(box.width), height: Math.ceil(box.height) });
    }
    return images;
  });
};
