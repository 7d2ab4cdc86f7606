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

/**
 * Draws the charts in one Chromium page, one clipped screenshot per chart (about 0.1 s each;
 * a screenshot of each element would scroll to it first and take twice as long).
 */
export const chromiumRasterizer: ChartRasterizer = async (charts) => {
  if (charts.length === 0) return [];
  return withChromium(async (browser) => {
    const page = await browser.newPage({ deviceScaleFactor: 2 });
    const body = charts.map((svg) => `<div class="chart">${svg}</div>`).join('\n');
    await page.setContent(
      `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${PAGE_STYLE}</style></head><body>${body}</body></html>`,
      { waitUntil: 'load' },
    );
    // The page is never scrolled, so boxes relative to the viewport are page coordinates.
    const boxes = [];
    for (const element of await page.locator('div.chart').all()) {
      const box = await element.boundingBox();
      if (!box) throw new Error('a chart was not laid out');
      boxes.push({ ...box, width: Math.ceil(box.width), height: Math.ceil(box.height) });
    }
    const images: ChartImage[] = [];
    for (const clip of boxes) {
      const png = await page.screenshot({ type: 'png', clip, fullPage: true });
      images.push({ png, width: clip.width, height: clip.height });
    }
    return images;
  });
};
