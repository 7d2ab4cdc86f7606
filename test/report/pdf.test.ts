/**
 * The PDF, printed by Debian's Chromium from the report HTML: tagged (a structure tree), with
 * bookmarks, every font embedded (pdffonts), and the figures in its text (pdftotext).
 * `.ci/run` installs chromium and poppler-utils; without them this test fails and says so.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { findChromium, renderPdf } from '../../src/report/pdf.js';
import { sampleDocument } from './sample-document.js';

let dir: string;
let pdfPath: string;
let pdf: Buffer;

beforeAll(async () => {
  expect(
    findChromium(),
    'Chromium is needed: apt-get install -y chromium (see .ci/run)',
  ).toBeDefined();
  dir = mkdtempSync(join(tmpdir(), 'utfall-pdf-'));
  const doc = sampleDocument();
  // Every status the goals can have, the postponed one among them.
  const goals = doc.sections[0]!.blocks.find((b) => b.kind === 'goalTable');
  if (goals?.kind !== 'goalTable') throw new Error('no goal table');
  goals.rows[0]!.status = 'postponed';
  goals.rows[0]!.statusLabel = 'Framskjutet';
  pdf = await renderPdf(renderHtml(doc), doc.title);
  pdfPath = join(dir, 'report.pdf');
  writeFileSync(pdfPath, pdf);
}, 120_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the PDF report', () => {
  it('is a tagged PDF with bookmarks', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toContain('/Outlines');
  });

  it('embeds every font', () => {
    const fonts = execFileSync('pdffonts', [pdfPath], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    // Columns: name type encoding emb sub uni object ID; "emb" must be yes for every font.
    for (const line of fonts) expect(line.split(/\s+/).slice(-5, -4)[0], line).toBe('yes');
  });

  it('draws the status icons, not glyphs: no emoji or bitmap font, no replacement character', () => {
    const fonts = execFileSync('pdffonts', [pdfPath], { encoding: 'utf8' });
    // Chromium draws a glyph it finds only in a colour emoji font as a Type 3 font.
    expect(fonts).not.toMatch(/Type 3|Emoji/i);
    const text = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' });
    expect(text).toContain('Framskjutet');
    expect(text).not.toMatch(/[\u2300-\u23ff\u2600-\u27bf\u25d0-\u25ff\u{1f000}-\u{1faff}\ufffd]/u);
  });

  it('prints the figures as the report shows them', () => {
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).replace(
      /\u00a0/g,
      ' ',
    );
    expect(text).toMatch(/4 136 458/);
    expect(text).toMatch(/3 890 507/);
  });
});
