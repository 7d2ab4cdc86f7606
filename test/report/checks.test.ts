/** `utfall check` on the report as rendered: totals against parts, and missing texts by language. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import { roundToThousands } from '../../src/domain/money.js';
import { buildReport } from '../../src/report/build.js';
import { checkDocument } from '../../src/report/checks.js';
import type { ReportDocument } from '../../src/report/document.js';
import { checkRenderedReports } from '../../src/service/checks.js';
import { DEMO_MUNICIPALITY, DEMO_YEAR, loadDemo } from '../../src/service/demo.js';
import { ENGINES } from '../support/engines.js';
import { FIGURE_COLUMNS, sampleDocument } from './sample-document.js';

describe('checkDocument', () => {
  it('finds a printed total that its printed parts do not give', () => {
    const doc = sampleDocument();
    const table = doc.sections[0]!.blocks.find((b) => b.kind === 'figureTable');
    if (table?.kind !== 'figureTable') throw new Error('sample has no figure table');
    const key = (f: { rule: string; unitCode: string; line: string; column: string }) =>
      `${f.rule} ${f.unitCode} ${f.line} ${f.column}`;
    // The sample holds only two of the central's areas: compare with its own findings.
    const before = new Set(
      checkDocument(doc)
        .tables.filter((f) => f.severity === 'error')
        .map(key),
    );
    const personnel = table.rows.find((r) => r.line === 'personnel')!;
    // 10 € is beyond what rounding six printed cells can explain (3 €).
    personnel.printed.actual = (personnel.printed.actual ?? 0) - 10;
    const added = checkDocument(doc).tables.filter(
      (f) => f.severity === 'error' && !before.has(key(f)),
    );
    expect(added).toContainEqual(
      expect.objectContaining({
        rule: 'table.total',
        unitCode: 'STK',
        line: 'costs',
        column: 'actual',
      }),
    );
  });
});

describe('checkDocument in thousands of euros', () => {
  /** The sample printed in thousands: cells rounded from the cents to whole thousands. */
  function inThousands() {
    const doc = sampleDocument();
    doc.thousands = true;
    for (const section of doc.sections) {
      for (const block of section.blocks) {
        if (block.kind !== 'figureTable') continue;
        for (const row of block.rows) {
          for (const column of FIGURE_COLUMNS) {
            const exact = row.cells[column];
            row.printed[column] = exact === null ? null : roundToThousands(exact);
          }
        }
      }
    }
    return doc;
  }

  it('allows half a thousand per printed cell, and no more', () => {
    const doc = inThousands();
    const costs = (d: ReportDocument) => {
      const table = d.sections[0]!.blocks.find((b) => b.kind === 'figureTable');
      if (table?.kind !== 'figureTable') throw new Error('sample has no figure table');
      return table.rows.find((r) => r.line === 'costs')!;
    };
    // The sample holds two of the central's three areas: leave the areas rule out.
    const errors = (d: ReportDocument) =>
      checkDocument(d)
        .tables.filter((f) => f.severity === 'error' && f.rule !== 'table.areas')
        .map((f) => `${f.rule} ${f.line} ${f.column}`);
    expect(errors(doc)).toEqual([]);
    // Independently rounded thousands do not add up exactly; that is rounding, not an error.
    expect(checkDocument(doc).tables.some((f) => f.severity === 'rounding')).toBe(true);
    // One thousand off is what rounding can explain; ten thousand off is not.
    costs(doc).printed.budget = costs(doc).printed.budget! + 1;
    expect(errors(doc)).toEqual([]);
    costs(doc).printed.budget = costs(doc).printed.budget! + 9;
    expect(errors(doc)).toContain('table.total costs budget');
    // Findings give the amounts in cents, whatever the printed unit.
    const finding = checkDocument(doc).tables.find(
      (f) => f.rule === 'table.total' && f.line === 'costs' && f.column === 'budget',
    );
    expect(finding?.found).toBe(costs(doc).printed.budget! * 100_000);
  });
});

describe.each(ENGINES)('the rendered demo report on $name', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await engine.open();
    await loadDemo(store.db);
  });
  afterAll(async () => {
    await store.close();
  });

  it('adds up within rounding in sv and fi, and exactly with --additive', async () => {
    for (const lang of ['sv', 'fi'] as const) {
      const check = await checkRenderedReports(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, lang, false);
      expect(check.units).toEqual(['STK']);
      expect(check.tables.filter((f) => f.severity === 'error')).toEqual([]);
      expect(check.missing).toEqual([]);
    }
    const additive = await checkRenderedReports(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'sv', true);
    expect(additive.tables.filter((f) => f.rule === 'table.total')).toEqual([]);
    expect(additive.tables.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('adds up within rounding in thousands of euros, and exactly with --additive', async () => {
    for (const additive of [false, true]) {
      const doc = await buildReport(store.db, {
        municipalityId: DEMO_MUNICIPALITY,
        year: DEMO_YEAR,
        unitCode: 'STK',
        lang: 'sv',
        additive,
        thousands: true,
      });
      const check = checkDocument(doc);
      expect(check.tables.filter((f) => f.severity === 'error')).toEqual([]);
      if (additive) expect(check.tables.filter((f) => f.rule === 'table.total')).toEqual([]);
    }
  });

  it('lists the texts missing in English, where the demo has only sv and fi', async () => {
    const check = await checkRenderedReports(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'en', false);
    expect(check.missing).toContainEqual({
      unitCode: 'STK-ICT',
      item: 'narrative:events',
      section: 'events',
      lang: 'en',
      shownIn: 'sv',
    });
  });
});
