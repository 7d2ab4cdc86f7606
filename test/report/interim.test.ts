/**
 * The year in motion as a council reads it: the demo's interim report 1–8/2023 of the City
 * Chancellery Central in sv and fi as PDF (the period's headings, the to-date and forecast
 * columns, the forecast sentences), and the 2023 annual report with last year's actual (TP 2022)
 * and the change % in HTML, PDF, DOCX and XLSX.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/open.js';
import { systemActor } from '../../src/domain/access.js';
import { formatEuros, formatPercent } from '../../src/domain/format.js';
import { buildReport } from '../../src/report/build.js';
import type { FigureTableBlock, MarkdownBlock, ReportDocument } from '../../src/report/document.js';
import { renderHtml } from '../../src/report/html.js';
import { renderPdf } from '../../src/report/pdf.js';
import { renderReport } from '../../src/report/render.js';
import {
  DEMO_INTERIM_PERIOD,
  DEMO_MUNICIPALITY,
  DEMO_YEAR,
  loadDemo,
} from '../../src/service/demo.js';
import { setNarrative } from '../../src/service/content.js';
import { figuresReport } from '../../src/service/figures.js';

let store: Store;
let dir: string;
beforeAll(async () => {
  store = await openStore({ dataDir: 'memory' });
  await loadDemo(store.db);
  dir = mkdtempSync(join(tmpdir(), 'utfall-interim-'));
}, 120_000);
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const flat = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ');

function report(lang: 'sv' | 'fi', toMonth: number): Promise<ReportDocument> {
  return buildReport(store.db, {
    municipalityId: DEMO_MUNICIPALITY,
    year: DEMO_YEAR,
    unitCode: 'STK',
    lang,
    toMonth,
  });
}

async function pdfText(doc: ReportDocument, name: string): Promise<string> {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, await renderPdf(renderHtml(doc), doc.title));
  return flat(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }));
}

describe('the interim report 1–8/2023', () => {
  it('prints the period, the columns to date and the forecast, and speaks of the forecast (sv, fi)', async () => {
    const figures = await figuresReport(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK', {
      toMonth: DEMO_INTERIM_PERIOD,
      period: true,
    });
    const margin = figures.lines.find((l) => l.code === 'margin')!;
    // The demo's forecasts put the binding margin beyond its appropriation.
    expect(margin.forecastDeviation).toBeLessThan(0);
    const expected = {
      sv: {
        words: [
          'Stadskanslicentralen — Delårsrapport 1–8/2023',
          'Ekonomiskt utfall 1–8/2023',
          'BUDGET 1–8/2023',
          'UTFALL 1–8/2023',
          'UTNYTTJANDE %',
          'AVVIKELSE 1–8',
          'PROGNOS 2023',
          'PROGNOSAVVIKELSE',
          'Verksamhetsbidraget väntas överskrida sitt anslag',
          'enligt prognosen för året',
        ],
        closed: 'BOKSLUT 2023',
      },
      fi: {
        words: [
          'Kaupunginkanslian keskus — Osavuosikatsaus 1–8/2023',
          'Talouden toteutuma 1–8/2023',
          'TA 1–8/2023',
          'TOTEUMA 1–8/2023',
          'TOTEUTUMA %',
          'POIKKEAMA 1–8',
          'ENNUSTE 2023',
          'ENNUSTEPOIKKEAMA',
          'Ulkoisen toimintakatteen ennustetaan ylittävän määrärahansa',
          'koko vuoden ennusteen mukaan',
        ],
        closed: 'TILINPÄÄTÖS 2023',
      },
    };
    for (const lang of ['sv', 'fi'] as const) {
      const doc = await report(lang, DEMO_INTERIM_PERIOD);
      const labels = doc.sections[0]!.blocks.find(
        (b): b is FigureTableBlock => b.kind === 'figureTable',
      )!.columns.map((c) => c.label);
      const text = await pdfText(doc, `interim-${lang}`);
      for (const words of expected[lang].words) {
        // A column heading wraps in its cell: the PDF's text has its words, the document the whole.
        if (labels.includes(words))
          for (const word of words.split(' ')) expect(text, words).toContain(word);
        else expect(text, words).toContain(words);
      }
      expect(labels).toEqual(expect.arrayContaining(expected[lang].words.slice(2, 8)));
      expect(text).not.toContain(expected[lang].closed);
      // The margin's forecast and forecast deviation as the figures contract has them.
      expect(text).toContain(formatEuros(margin.forecast, lang).replace(/\u00a0/g, ' '));
      expect(text).toContain(formatEuros(margin.forecastDeviation, lang).replace(/\u00a0/g, ' '));
      expect(text).toContain(formatEuros(margin.revisedToDate, lang).replace(/\u00a0/g, ' '));
    }
  }, 120_000);
});

describe('last year beside this one', () => {
  it('prints TP 2022 and the change % in HTML, PDF, DOCX and XLSX', async () => {
    const doc = await report('fi', 12);
    const table = doc.sections[0]!.blocks.find(
      (b): b is FigureTableBlock => b.kind === 'figureTable',
    )!;
    expect(table.columns.map((c) => c.label).slice(-2)).toEqual(['TP 2022', 'MUUTOS %']);
    const margin = table.rows.find((r) => r.line === 'margin')!;
    const previous = await figuresReport(store.db, DEMO_MUNICIPALITY, DEMO_YEAR - 1, 'STK');
    const previousMargin = previous.lines.find((l) => l.code === 'margin')!.actual!;
    expect(margin.cells.previousActual).toBe(previousMargin);
    // (−3 890 507,30 − −3 683 072,80) ÷ −3 683 072,80 = 5,63…%
    const change =
      Math.round(((margin.cells.actual! - previousMargin) / previousMargin) * 1000) / 10;
    expect(margin.printed.change).toBe(change);
    const printedPrevious = formatEuros(previousMargin, 'fi').replace(/\u00a0/g, ' ');
    const printedChange = `${String(change).replace('.', ',')} %`;

    const html = flat(renderHtml(doc));
    expect(html).toContain('TP 2022');
    expect(html).toContain(printedPrevious);
    expect(html).toContain(printedChange);

    const pdf = await pdfText(doc, 'annual-fi');
    for (const words of ['TP 2022', 'MUUTOS %', printedPrevious, printedChange])
      expect(pdf, words).toContain(words);

    const docx = (await renderReport(doc, 'docx')) as Buffer;
    const xml = flat(
      (
        (await (await JSZip.loadAsync(docx)).file('word/document.xml')?.async('string')) ?? ''
      ).replace(/<[^>]+>/g, ' '),
    );
    for (const words of ['TP 2022', 'MUUTOS %', printedPrevious, printedChange])
      expect(xml, words).toContain(words);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderReport(doc, 'xlsx')) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('STK')!;
    const header = sheet.getRow(4).values as unknown[];
    expect(header).toContain('TP 2022');
    expect(header).toContain('MUUTOS %');
    let marginRow: ExcelJS.Row | undefined;
    sheet.eachRow((r) => {
      if (r.getCell(1).value === `${margin.label} ●` && !marginRow) marginRow = r;
    });
    const previousColumn = header.indexOf('TP 2022');
    const cell = marginRow!.getCell(previousColumn).value;
    const stored =
      typeof cell === 'object' && cell !== null && 'result' in cell ? cell.result : cell;
    expect(stored).toBeCloseTo(previousMargin / 100, 2);
  }, 120_000);
});

describe('live figures in an interim text', () => {
  it('print the deviation and use % to date, the budget to date and the forecast, as the table does', async () => {
    const scope = {
      municipalityId: DEMO_MUNICIPALITY,
      year: DEMO_YEAR,
      unitCode: 'STK',
      period: DEMO_INTERIM_PERIOD,
    };
    await setNarrative(
      store.db,
      scope,
      {
        section: 'events',
        lang: 'sv',
        body:
          'Avvikelse {{figure STK margin deviation}}, förbrukning {{figure STK margin use}}, ' +
          'budget {{figure STK margin revisedToDate}}, prognos {{figure STK margin forecast}}, ' +
          'prognosavvikelse {{figure STK margin forecastDeviation}}.',
        baseVersion: null,
      },
      systemActor('writer'),
    );
    const doc = await report('sv', DEMO_INTERIM_PERIOD);
    const events = doc.sections[0]!.blocks.find(
      (b): b is MarkdownBlock => b.kind === 'markdown' && b.section === 'events',
    )!;
    const table = doc.sections[0]!.blocks.find(
      (b): b is FigureTableBlock => b.kind === 'figureTable',
    )!;
    const margin = table.rows.find((r) => r.line === 'margin')!;
    const euros = (column: 'deviation' | 'revisedToDate' | 'forecast' | 'forecastDeviation') =>
      formatEuros(margin.cells[column], 'sv');
    expect(events.markdown).toBe(
      `Avvikelse ${euros('deviation')}, förbrukning ${formatPercent(margin.printed.useRate, 'sv')}, ` +
        `budget ${euros('revisedToDate')}, prognos ${euros('forecast')}, ` +
        `prognosavvikelse ${euros('forecastDeviation')}.`,
    );
  });
});
