import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/open.js';
import { buildReport } from '../../src/report/build.js';
import { BINDING_MARK, figureLayout, renderDocx } from '../../src/report/docx.js';
import { formatWhole } from '../../src/report/html.js';
import type { ReportBlock, ReportDocument, ReportSection } from '../../src/report/document.js';
import { renderReport } from '../../src/report/render.js';
import {
  DEMO_INTERIM_PERIOD,
  DEMO_MUNICIPALITY,
  DEMO_YEAR,
  loadDemo,
} from '../../src/service/demo.js';
import { sampleDocument } from './sample-document.js';

/** The first of the commands found on PATH, or null. */
function onPath(...commands: string[]): string | null {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const command of commands) {
    if (dirs.some((dir) => existsSync(join(dir, command)))) return command;
  }
  return null;
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/** The body of a .docx file. */
async function documentXml(docx: Buffer): Promise<string> {
  return (await (await JSZip.loadAsync(docx)).file('word/document.xml')?.async('string')) ?? '';
}

/** A document with hostile text in a paragraph, a heading and a narrative. */
function hostileDocument(): ReportDocument {
  const doc = sampleDocument();
  doc.sections[0]?.blocks.push(
    { kind: 'paragraph', text: '<script>alert(1)</script>' },
    {
      kind: 'markdown',
      section: 'x',
      markdown: '<script>alert(2)</script>\n\n<b onclick="x()">html</b>',
      fallbackLang: null,
    },
  );
  return doc;
}

describe('renderDocx', () => {
  let buffer: Buffer;
  let xml: string;
  let zip: JSZip;
  let dir: string;

  beforeAll(async () => {
    buffer = await renderDocx(hostileDocument());
    zip = await JSZip.loadAsync(buffer);
    xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    dir = mkdtempSync(join(tmpdir(), 'utfall-docx-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is a ZIP with the Word parts', () => {
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(xml).toContain('<w:body>');
    expect(zip.file('word/styles.xml')).not.toBeNull();
  });

  it('uses real heading styles for the title and each section', () => {
    expect(xml).toContain('<w:pStyle w:val="Title"/>');
    // STK is level 1; the areas and the notes heading are Heading 1/2.
    expect(count(xml, '<w:pStyle w:val="Heading1"/>')).toBe(2);
    expect(count(xml, '<w:pStyle w:val="Heading2"/>')).toBe(2);
    // The Markdown "## Verksamhet" heading.
    expect(xml).toContain('<w:pStyle w:val="Heading3"/>');
  });

  it('writes figure tables as Word tables with a repeating header row', () => {
    expect(xml).toContain('<w:tbl>');
    expect(xml).toContain('<w:tblHeader/>');
    expect(xml).toContain('<w:cantSplit/>');
    expect(xml).toContain('<w:jc w:val="right"/>');
  });

  it('prints numbers as formatWhole does (U+2212, no-break spaces)', () => {
    const text = formatWhole(-4136458, 'sv');
    expect(text).toBe('\u22124\u00a0136\u00a0458');
    expect(xml).toContain(text);
  });

  it('marks each binding row once, plus the legend in the notes', () => {
    const bindingRows = sampleDocument()
      .sections.flatMap((s) => s.blocks)
      .flatMap((b) => (b.kind === 'figureTable' ? b.rows : []))
      .filter((r) => r.binding).length;
    expect(bindingRows).toBeGreaterThan(0);
    const tables = xml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? [];
    expect(count(tables.join(''), BINDING_MARK)).toBe(bindingRows);
    expect(count(xml, BINDING_MARK)).toBe(bindingRows + 1);
  });

  it('spans theme rows over all goal columns', () => {
    expect(xml).toContain('<w:gridSpan w:val="6"/>');
    expect(xml).toContain('1. Ett livskraftigt Lovisa');
  });

  it('converts Markdown simply: bold runs, links as text with URL, bullets', () => {
    expect(xml).toMatch(/<w:b\/>[\s\S]*?<w:t[^>]*>bereder<\/w:t>/);
    expect(xml).toContain('stadens webb (https://www.loviisa.fi)');
    expect(xml).toContain('punkt två');
    expect(xml).toContain('<w:numPr>');
    expect(xml).toContain('(texten visas på finska — saknas på svenska)');
  });

  it('never writes raw HTML', () => {
    expect(xml).not.toContain('<script');
    expect(xml).not.toContain('<b ');
    expect(xml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(xml).toContain('Stadskanslitjänster &lt;b&gt;');
  });

  it('draws each chart as a PNG image, as the HTML report does, with a text alternative', async () => {
    const charts = sampleDocument()
      .sections.flatMap((s) => s.blocks)
      .filter((b) => b.kind === 'chart');
    expect(charts).toHaveLength(2);
    const media = Object.keys(zip.files).filter((p) => p.startsWith('word/media/'));
    expect(media).toHaveLength(charts.length);
    const heights: number[] = [];
    for (const part of media.sort()) {
      const png = (await zip.file(part)?.async('nodebuffer')) ?? Buffer.alloc(0);
      expect(png.subarray(0, 8).toString('latin1')).toBe('\x89PNG\r\n\x1a\n');
      // Drawn at twice its CSS size: wider than the 630 px chart.
      expect(png.readUInt32BE(16)).toBeGreaterThan(1000);
      heights.push(png.readUInt32BE(20));
    }
    // Each image is its own chart: the central's 15 lines stand taller than the area's 3.
    expect(heights[0]).toBeGreaterThan(2 * heights[1]!);
    const relations = (await zip.file('word/_rels/document.xml.rels')?.async('string')) ?? '';
    expect(count(relations, 'relationships/image')).toBe(charts.length);
    expect(count(xml, '<pic:pic')).toBe(charts.length);
    // The caption above it, the figures in words as the image's description.
    expect(count(xml, '>Budget och utfall per rad</w:t>')).toBe(charts.length);
    const descriptions = [...xml.matchAll(/<wp:docPr [^>]*descr="([^"]*)"/g)].map((m) => m[1]);
    expect(descriptions).toHaveLength(charts.length);
    expect(descriptions[0]).toMatch(/^Stapeldiagram\. /);
    expect(descriptions[0]).toContain('Belopp i euro.');
    expect(descriptions[0]).toContain(
      'Verksamhetsbidrag, externt: budget efter förändringar −4\u00a0136\u00a0458, utfall −3\u00a0890\u00a0507; Verksamhetsbidrag, externt: avvikelse 245\u00a0951',
    );
  });

  it('without Chromium, gives each chart as the table of its figures', async () => {
    const out = await renderDocx(sampleDocument(), { rasterize: () => Promise.resolve(undefined) });
    const fallback = await JSZip.loadAsync(out);
    expect(Object.keys(fallback.files).some((p) => p.startsWith('word/media/'))).toBe(false);
    const text = await documentXml(out);
    expect(text).toContain('Budget och utfall per rad — Belopp i euro.');
    expect(text).toContain('>Budget efter förändringar</w:t>');
  });

  it('takes every word around the texts from the translations, in each language', async () => {
    const fi = sampleDocument();
    fi.lang = 'fi';
    const none = { rasterize: () => Promise.resolve(undefined) };
    const fiXml = await documentXml(await renderDocx(fi, none));
    expect(fiXml).toContain('Alaviitteet');
    expect(fiXml).toContain('Sitova valtuustoon nähden');
    expect(fiXml).toContain('lähtötaso 14,2\u00a0dagar; toteutuma 11,8\u00a0dagar');
    expect(fiXml).toContain('>Talousarvio muutosten jälkeen</w:t>');
    expect(fiXml).toContain('(teksti puuttuu: suomeksi)');
    const en = sampleDocument();
    en.lang = 'en';
    const enXml = await documentXml(await renderDocx(en, none));
    expect(enXml).toContain('(text shown in Finnish — missing in English)');
    expect(enXml).toContain('>Notes</w:t>');
  });

  it('has the footnotes last', () => {
    expect(xml).toContain('Fotnoter');
    expect(xml).toContain('2. Belopp i euro; avvikelse = utfall − budget efter ändringar.');
    expect(xml.lastIndexOf('Fotnoter')).toBeGreaterThan(xml.lastIndexOf('<pic:pic'));
  });

  it('sets the language, the header title and page numbers in the footer', async () => {
    const styles = (await zip.file('word/styles.xml')?.async('string')) ?? '';
    expect(styles).toContain('w:val="sv-FI"');
    const parts = Object.keys(zip.files);
    const headers = parts.filter((p) => /^word\/header\d*\.xml$/.test(p));
    const footers = parts.filter((p) => /^word\/footer\d*\.xml$/.test(p));
    expect(headers.length).toBeGreaterThan(0);
    expect(footers.length).toBeGreaterThan(0);
    const read = async (p: string): Promise<string> => (await zip.file(p)?.async('string')) ?? '';
    const header = await Promise.all(headers.map(read));
    const footer = await Promise.all(footers.map(read));
    expect(header.join('')).toContain('Verksamhetsberättelse 2023');
    expect(footer.join('')).toMatch(/PAGE/);
    expect(footer.join('')).toMatch(/NUMPAGES/);
  });

  it('is reachable through renderReport', async () => {
    const out = await renderReport(sampleDocument(), 'docx');
    expect(Buffer.isBuffer(out)).toBe(true);
  });

  it('converts to PDF with LibreOffice', { timeout: 120_000 }, () => {
    const office = onPath('libreoffice', 'soffice');
    if (office === null) {
      throw new Error(
        'LibreOffice is not on PATH: install it with `apt-get install -y libreoffice-writer-nogui` to check that the DOCX opens',
      );
    }
    const file = join(dir, 'report.docx');
    writeFileSync(file, buffer);
    execFileSync(
      office,
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        file,
      ],
      { stdio: 'pipe', timeout: 110_000 },
    );
    const pdf = join(dir, 'report.pdf');
    expect(existsSync(pdf)).toBe(true);
    expect(statSync(pdf).size).toBeGreaterThan(1000);
  });
});

/** Every paragraph of a document's body, as XML. */
function paragraphs(xml: string): string[] {
  return xml.match(/<w:p>[\s\S]*?<\/w:p>|<w:p [\s\S]*?<\/w:p>/g) ?? [];
}

describe('the DOCX keeps its parts together', () => {
  let xml: string;
  beforeAll(async () => {
    xml = await documentXml(
      await renderDocx(sampleDocument(), { rasterize: () => Promise.resolve(undefined) }),
    );
  });

  it('keeps every heading with what follows it and on one page', () => {
    const headings = paragraphs(xml).filter((p) =>
      /<w:pStyle w:val="(?:Title|Heading\d)"\/>/.test(p),
    );
    expect(headings.length).toBeGreaterThan(6);
    for (const heading of headings) {
      expect(heading).toContain('<w:keepNext/>');
      expect(heading).toContain('<w:keepLines/>');
    }
  });

  it('keeps a table’s head with its first rows, and a theme’s heading with its first goal', () => {
    const tables = xml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? [];
    expect(tables.length).toBeGreaterThan(3);
    for (const table of tables) {
      const rows = table.match(/<w:tr>[\s\S]*?<\/w:tr>|<w:tr [\s\S]*?<\/w:tr>/g) ?? [];
      expect(rows[0]).toContain('<w:tblHeader/>');
      expect(rows[0]).toContain('<w:keepNext/>');
      for (const row of rows) expect(row).toContain('<w:cantSplit/>');
      // Fixed columns as measured, not laid out by the viewer.
      expect(table).toContain('<w:tblLayout w:type="fixed"/>');
    }
    const theme = (xml.match(
      /<w:tr>(?:(?!<\/w:tr>)[\s\S])*?1\. Ett livskraftigt Lovisa[\s\S]*?<\/w:tr>/,
    ) ?? [''])[0];
    expect(theme).toContain('<w:keepNext/>');
  });

  it('words the goals’ status, with no symbol a font may lack', () => {
    expect(xml).toContain('>Delvis uppnått</w:t>');
    expect(xml).not.toMatch(/[\u2300-\u23ff\u2600-\u27bf\u25d0-\u25ff\u{1f000}-\u{1faff}]/u);
  });

  it('gives each figure column the width of its longest header word', () => {
    const { widths, sizes } = figureLayout(
      ['TALOUSARVIO 2023', 'TALOUSARVIOMUUTOKSET', 'TA MUUTOSTEN JÄLKEEN', 'MUUTOS %'],
      [['27 400'], [''], ['−4 136 458'], ['5,6 %']],
      ['Toimintakate, ulkoinen'],
    );
    expect(widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(11906 - 2 * 850);
    // The compound word is the widest column; the label column keeps at least a fifth.
    expect(Math.max(...widths.slice(1))).toBe(widths[2]);
    expect(widths[0]).toBeGreaterThanOrEqual(Math.round((11906 - 2 * 850) * 0.2));
    expect(sizes.header).toBeLessThanOrEqual(18);
  });
});

describe.each(['sv', 'fi'] as const)(
  'the demo report as DOCX in %s, opened by LibreOffice',
  (lang) => {
    let store: Store;
    let dir: string;
    beforeAll(async () => {
      store = await openStore({ dataDir: 'memory' });
      await loadDemo(store.db);
      dir = mkdtempSync(join(tmpdir(), `utfall-docx-${lang}-`));
    }, 120_000);
    afterAll(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('breaks no header word of any table, annual or interim', { timeout: 120_000 }, async () => {
      const office = onPath('libreoffice', 'soffice');
      expect(
        office,
        'LibreOffice is needed: apt-get install -y libreoffice-writer-nogui',
      ).not.toBeNull();
      const request = { municipalityId: DEMO_MUNICIPALITY, year: DEMO_YEAR, unitCode: 'STK', lang };
      const annual = await buildReport(store.db, request);
      const interim = await buildReport(store.db, { ...request, toMonth: DEMO_INTERIM_PERIOD });
      // Both kinds of table in one file, one conversion per language, and nothing but the tables'
      // heads with their words: every word found whole then comes from a header cell.
      const tables = [...annual.sections, ...interim.sections].map((section): ReportSection => ({
        ...section,
        heading: '',
        responsible: null,
        blocks: section.blocks.flatMap((b): ReportBlock[] =>
          b.kind === 'figureTable'
            ? [{ ...b, caption: '', rows: b.rows.slice(0, 1) }]
            : b.kind === 'goalTable'
              ? [{ ...b, rows: [] }]
              : [],
        ),
      }));
      const doc: ReportDocument = {
        ...annual,
        title: '',
        footnotes: [],
        approvals: [],
        sections: tables,
      };
      const headers = tables
        .flatMap((s) => s.blocks)
        .flatMap((b): string[] =>
          b.kind === 'figureTable' || b.kind === 'goalTable' ? b.columns.map((c) => c.label) : [],
        );
      const words = headers.flatMap((h) => h.split(/\s+/));
      expect(words).toContain(lang === 'fi' ? 'TALOUSARVIOMUUTOKSET' : 'BUDGETFÖRÄNDRINGAR');
      expect(words).toContain(lang === 'fi' ? 'ENNUSTEPOIKKEAMA' : 'PROGNOSAVVIKELSE');
      expect(words).toContain('1–8/2023');
      const file = join(dir, 'report.docx');
      writeFileSync(file, await renderDocx(doc, { rasterize: () => Promise.resolve(undefined) }));
      execFileSync(
        office!,
        [
          `-env:UserInstallation=file://${join(dir, 'profile')}`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          file,
        ],
        { stdio: 'pipe', timeout: 110_000 },
      );
      const text = execFileSync('pdftotext', [join(dir, 'report.pdf'), '-'], { encoding: 'utf8' });
      const tokens = text
        .replace(/[\u00a0\u202f]/g, ' ')
        .replace(/\u2060/g, '')
        .split(/\s+/);
      const count = (list: readonly string[], word: string) =>
        list.filter((w) => w === word).length;
      // Each header word as often as the headers hold it: none broken over two lines.
      const broken = [...new Set(words)].filter((word) => count(tokens, word) < count(words, word));
      expect(broken).toEqual([]);
    });
  },
);
