/** `utfall check` on the report as rendered: totals against parts, and missing texts by language. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import { checkDocument } from '../../src/report/checks.js';
import { checkRenderedReports } from '../../src/service/checks.js';
import { DEMO_MUNICIPALITY, DEMO_YEAR, loadDemo } from '../../src/service/demo.js';
import { ENGINES } from '../support/engines.js';
import { sampleDocument } from './sample-document.js';

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

  it('lists the texts missing in English, where the demo has only sv and fi', async () => {
    const check = await checkRenderedReports(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'en', false);
    expect(check.missing).toContainEqual({
      unitCode: 'STK-ICT',
      item: 'narrative:events',
      lang: 'en',
      shownIn: 'sv',
    });
  });
});
