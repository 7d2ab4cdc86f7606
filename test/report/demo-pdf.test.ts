/**
 * The demo central's annual report in sv and fi, as PDF and as page images: the seed's table with
 * the seed's figures where the seed is right and the computed figure where it is wrong, the key
 * goals by theme, and the three areas.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/open.js';
import { buildReport } from '../../src/report/build.js';
import { renderHtml } from '../../src/report/html.js';
import { renderPdf } from '../../src/report/pdf.js';
import { DEMO_MUNICIPALITY, DEMO_YEAR, loadDemo } from '../../src/service/demo.js';

let store: Store;
let dir: string;
beforeAll(async () => {
  store = await openStore({ dataDir: 'memory' });
  await loadDemo(store.db);
  dir = mkdtempSync(join(tmpdir(), 'utfall-demo-pdf-'));
}, 120_000);
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function pdfText(lang: 'sv' | 'fi'): Promise<{ text: string; pages: string[] }> {
  const doc = await buildReport(store.db, {
    municipalityId: DEMO_MUNICIPALITY,
    year: DEMO_YEAR,
    unitCode: 'STK',
    lang,
  });
  const file = join(dir, `stk-${lang}.pdf`);
  writeFileSync(file, await renderPdf(renderHtml(doc), doc.title));
  execFileSync('pdftoppm', ['-png', '-r', '40', file, join(dir, `page-${lang}`)]);
  const pages = readdirSync(dir).filter((f) => f.startsWith(`page-${lang}`));
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(
    /[\u00a0\u202f]/g,
    ' ',
  );
  return { text, pages };
}

describe('the demo report as PDF', () => {
  it('in Swedish: the seed’s figures, the corrected ones, the goals by theme and the areas', async () => {
    const { text, pages } = await pdfText('sv');
    expect(pages.length).toBeGreaterThan(2);
    for (const figure of [
      '27 400',
      '30 291',
      '185 185',
      '−4 304 058',
      '−4 075 692',
      '−4 136 458',
      '−3 890 507',
      '245 951',
      '−221 633',
      '3 224 963',
    ]) {
      expect(text).toContain(figure);
    }
    // Where the seed prints nothing or a wrong figure, the report prints what the data give.
    expect(text).toContain('−902 129');
    expect(text).toContain('−1 773 265');
    expect(text).not.toContain('−1 775 975');
    for (const heading of [
      'Stadskanslitjänster',
      'Informations- och kommunikationsteknologitjänster',
      'Ekonomi- och personaltjänster',
      'Livskraftig stad',
    ]) {
      expect(text).toContain(heading);
    }
  }, 120_000);

  it('in Finnish: the same figures under Finnish labels', async () => {
    const { text, pages } = await pdfText('fi');
    expect(pages.length).toBeGreaterThan(2);
    expect(text).toContain('Toimintakate, ulkoinen');
    expect(text).toContain('−3 890 507');
    expect(text).toContain('Talous- ja henkilöstöpalvelut');
  }, 120_000);
});
