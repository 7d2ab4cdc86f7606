import { describe, expect, it } from 'vitest';
import { iconSvg } from '../../src/domain/icons.js';
import { escapeHtml, formatWhole, renderHtml, valueAxis } from '../../src/report/html.js';
import { sampleDocument } from './sample-document.js';

describe('formatWhole', () => {
  it('formats like the printed report in each language', () => {
    expect(formatWhole(-4136458, 'sv')).toBe('\u22124\u00a0136\u00a0458');
    expect(formatWhole(-4136458, 'fi')).toBe('\u22124\u00a0136\u00a0458');
    expect(formatWhole(-4136458, 'en')).toBe('\u22124\u00a0136\u00a0458');
    expect(formatWhole(-0, 'sv')).toBe('0');
  });
});

describe('escapeHtml', () => {
  it('escapes markup characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });
});

describe('renderHtml', () => {
  const doc = sampleDocument();
  const html = renderHtml(doc);

  it('is a self-contained HTML5 document in the report language', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/\b(?:src|href)="(?!#|https:\/\/www\.loviisa\.fi)/);
    expect(html).toContain('@page { size: A4; margin: 20mm 15mm; }');
    expect(html).toContain('thead { display: table-header-group; }');
    expect(html).toContain('break-inside: avoid');
    expect(html).toMatch(/section\.level-1 \{ break-before: page/);
  });

  it('prints the seed figures formatted in Swedish', () => {
    expect(html).toContain('<td class="num">\u22124\u00a0136\u00a0458</td>');
    expect(html).toContain('<td class="num">30\u00a0291</td>');
    expect(html).toContain('<td class="num">\u22123\u00a0890\u00a0507</td>');
    expect(html).toContain('<td class="num">245\u00a0951</td>');
    expect(html).toContain('font-variant-numeric: tabular-nums');
  });

  it('builds real tables with caption, thead and row headers', () => {
    expect(html.match(/<caption>Resultaträkning, euro<\/caption>/g)).toHaveLength(3);
    expect(html).toContain('<thead><tr><th scope="col"></th><th scope="col">Budget</th>');
    expect(html).toContain('<th scope="row">Försäljningsintäkter</th>');
    expect(html).toMatch(/<tr class="total" data-line="revenue">/);
  });

  it('marks the binding line, and only that', () => {
    const rows = html.match(/<tr[^>]*>.*?<\/tr>/g) ?? [];
    const marked = rows.filter((r) => r.includes('●'));
    // Only the central's margin binds; the areas' margin rows are not marked.
    expect(marked).toHaveLength(1);
    expect(marked[0]).toContain('data-line="margin"');
    expect(marked[0]).toContain('class="total binding"');
    expect(rows.filter((r) => r.includes('data-line="margin"'))).toHaveLength(3);
    expect(html).toContain('<li>● Bindande gentemot fullmäktige</li>');
  });

  it('has h2 per level-1 and h3 per level-2 section, and a table of contents', () => {
    for (const [i, section] of doc.sections.entries()) {
      const tag = section.level === 1 ? 'h2' : 'h3';
      const id = `s${i + 1}-${section.unitCode.toLowerCase()}`;
      expect(html).toContain(`<section id="${id}" class="level-${section.level}"`);
      expect(html).toContain(`<a href="#${id}">`);
      const start = html.indexOf(`<section id="${id}"`);
      expect(html.slice(start).split('\n')[1]).toMatch(new RegExp(`^<${tag}>`));
    }
    expect(html).toContain('<h2>Stadskanslicentralen</h2>');
    expect(html).toContain('<h3>Informations- och kommunikationsteknologitjänster</h3>');
  });

  it('escapes text from the document', () => {
    expect(html).toContain('<h3>Stadskanslitjänster &lt;b&gt;</h3>');
    expect(html).not.toContain('Stadskanslitjänster <b>');
    expect(html).toContain('<p>Förvaltning &amp; service</p>');
  });

  it('renders Markdown safely and notes a fallback language', () => {
    expect(html).toContain('<strong>bereder</strong>');
    expect(html).toContain('rel="noopener noreferrer"');
    expect(html).toContain('(texten visas på finska — saknas på svenska)');
    const fi = renderHtml({
      ...doc,
      lang: 'fi',
      sections: doc.sections.map((s) => ({
        ...s,
        blocks: s.blocks.map((b) => (b.kind === 'markdown' ? { ...b, fallbackLang: 'sv' } : b)),
      })),
    });
    expect(fi).toContain('<html lang="fi">');
    const en = renderHtml({
      ...doc,
      lang: 'en',
      sections: doc.sections.map((s) => ({
        ...s,
        blocks: s.blocks.map((b) => (b.kind === 'markdown' ? { ...b, fallbackLang: 'sv' } : b)),
      })),
    });
    expect(en).toContain('(text shown in Swedish — missing in English)');
    expect(en).toContain('<td class="num">\u22124\u00a0136\u00a0458</td>');
  });

  it('groups goals by theme with status labels and indicators', () => {
    expect(html).toContain(
      '<tr class="theme"><th colspan="6" scope="colgroup">1. Ett livskraftigt Lovisa</th></tr>',
    );
    expect(html).toContain('2. Ett hållbart Lovisa');
    expect(html).toMatch(
      /<span class="status status-achieved"><svg [^>]*class="icon"[^>]*>.*?<\/svg>Uppnått<\/span>/,
    );
    expect(html).toContain('Sjukfrånvarodagar per årsverke: ≤\u00a012\u00a0dagar');
    expect(html).toContain('utfall 11,8\u00a0dagar');
  });

  it('draws accessible SVG charts that read in black and white', () => {
    const svgs = html.match(/<svg[^>]*role="img"[^>]*>[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBe(4);
    for (const svg of svgs) {
      expect(svg).toContain('role="img"');
      expect(svg).toMatch(/aria-label="[^"]+"/);
      expect(svg).toMatch(/^<svg[^>]*>\n<title>[^<]+<\/title>/);
      expect(svg).toContain('<pattern');
    }
    expect(svgs[0]).toContain('url(#chart1-hatch)');
    // Ids stay unique across charts.
    const ids = [...html.matchAll(/<pattern id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    // Grey levels only: the series differ by pattern (hatched, solid, dotted) and a legend.
    const colours = svgs.flatMap((svg) =>
      [...svg.matchAll(/(?:fill|stroke)="(#[0-9a-f]{3}|#[0-9a-f]{6})"/gi)].map((m) => m[1]!),
    );
    expect(colours.length).toBeGreaterThan(10);
    for (const colour of colours) {
      const hex = colour.length === 4 ? colour.replace(/[0-9a-f]/gi, '$&$&') : colour;
      expect([colour, hex.slice(1, 3)]).toEqual([colour, hex.slice(3, 5)]);
      expect([colour, hex.slice(3, 5)]).toEqual([colour, hex.slice(5, 7)]);
    }
    expect(svgs[0]).toContain('>Budget efter förändringar</text>');
    expect(svgs[0]).toContain('>Utfall</text>');
  });

  it('gives each chart a value axis with round ticks printed as the report prints figures', () => {
    const svgs = html.match(/<svg[^>]*role="img"[^>]*>[\s\S]*?<\/svg>/g) ?? [];
    const ticks = (svg: string): string[] =>
      [...svg.matchAll(/<text class="tick"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    // The central's bars reach from −4 304 058 € to 3 224 963 €: a tick every 2 000 000 €, in
    // thousands.
    expect(ticks(svgs[0]!)).toEqual(
      [-6000, -4000, -2000, 0, 2000, 4000].map((t) => formatWhole(t, 'sv')),
    );
    expect(ticks(svgs[0]!)[0]).toBe('\u22126\u00a0000');
    expect(svgs[0]).toContain('<text class="unit"');
    expect(svgs[0]).toMatch(/<text class="unit"[^>]*>1 000 €<\/text>/);
    // Every bar carries its figure in the axis' unit: sales' actual 30 290,60 € as 30.
    const figures = (svg: string): string[] =>
      [...svg.matchAll(/<text class="figure"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    const rects = (svg: string): number =>
      (svg.match(/<rect [^>]*height="10"[^>]*stroke-width="0.6"\/>/g) ?? []).length;
    expect(figures(svgs[0]!)).toHaveLength(rects(svgs[0]!));
    expect(figures(svgs[0]!)).toContain('30');
    expect(figures(svgs[0]!)).toContain(formatWhole(-4136, 'sv'));
    // The deviation chart: margin 245 951 € → 246.
    expect(figures(svgs[1]!)).toContain('246');
    expect(ticks(svgs[1]!)).toContain('0');
    // In English the unit is named in English; small amounts are shown in euros.
    const en = renderHtml({ ...doc, lang: 'en' });
    expect(en).toMatch(/<text class="unit"[^>]*>€ thousand<\/text>/);
    expect(valueAxis([-675, 300]).divisor).toBe(1);
    expect(valueAxis([-675, 300]).ticks).toEqual([-800, -600, -400, -200, 0, 200, 400]);
    expect(valueAxis([27_400, 30_291]).ticks).toEqual([0, 10_000, 20_000, 30_000, 40_000]);
  });

  it('draws the goals’ status as SVG icons, never as glyphs a font may lack', () => {
    for (const status of ['achieved', 'partlyAchieved', 'notAchieved', 'postponed'] as const) {
      expect(iconSvg(status)).toMatch(
        /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*aria-hidden="true"/,
      );
    }
    const postponed = sampleDocument();
    const goals = postponed.sections[0]!.blocks.find((b) => b.kind === 'goalTable');
    if (goals?.kind !== 'goalTable') throw new Error('no goal table');
    goals.rows[0]!.status = 'postponed';
    goals.rows[0]!.statusLabel = 'Framskjutet';
    const out = renderHtml(postponed);
    expect(out).toContain(
      `<span class="status status-postponed">${iconSvg('postponed', { className: 'icon' })}Framskjutet</span>`,
    );
    // No symbol or emoji code points anywhere (the binding mark ● is in every font Utfall prints with).
    const symbols = /[\u2300-\u23ff\u2600-\u27bf\u25d0-\u25ff\u{1f000}-\u{1faff}\ufffd]/u;
    expect(out).not.toMatch(symbols);
    expect(renderHtml({ ...postponed, lang: 'fi' })).not.toMatch(symbols);
  });

  it('keeps the start of every table together on a page: heading, head and first rows', () => {
    expect(html).toContain('tbody.lead { break-inside: avoid;');
    expect(html).toMatch(/h1, h2, h3, h4, caption \{ break-after: avoid;/);
    const tables = html.match(/<table[\s\S]*?<\/table>/g) ?? [];
    expect(tables.length).toBeGreaterThan(3);
    for (const table of tables) {
      const lead = /<tbody class="lead">\n([\s\S]*?)\n<\/tbody>/.exec(table);
      expect(lead, table.slice(0, 80)).not.toBeNull();
      const rows = lead![1]!.split('\n').filter((r) => r.startsWith('<tr'));
      if (table.startsWith('<table class="goals"')) {
        // A theme's heading row never stands alone: its first goal comes with it.
        expect(rows).toHaveLength(2);
        expect(rows[0]).toContain('class="theme"');
      } else {
        expect(rows.length).toBe(Math.min(4, (table.match(/<tr/g) ?? []).length - 1));
      }
    }
  });

  it('gives the chart figures in thousands when the tables print thousands', () => {
    const thousands = renderHtml({ ...sampleDocument(), thousands: true });
    expect(thousands).toContain(
      '<title>Försäljningsintäkter: budget efter förändringar 27, utfall 30</title>',
    );
    expect(html).toContain(
      '<title>Försäljningsintäkter: budget efter förändringar 27\u00a0400, utfall 30\u00a0291</title>',
    );
  });

  it('ends with the footnotes', () => {
    const footer = html.indexOf('<footer class="footnotes">');
    expect(footer).toBeGreaterThan(html.lastIndexOf('</section>'));
    expect(html).toContain('<li>Belopp i euro; avvikelse = utfall − budget efter ändringar.</li>');
  });
});
