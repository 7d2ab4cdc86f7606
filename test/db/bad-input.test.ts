/**
 * Every bad file of the corpus, imported through the service layer into a database holding
 * data: a clear problem naming the file (and row and column where there is one), and the
 * database exactly as before.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import { snapshot } from '../../src/db/figures.js';
import type { ImportKind } from '../../src/import/types.js';
import { DEMO_MUNICIPALITY, loadDemo } from '../../src/service/demo.js';
import { figuresReport } from '../../src/service/figures.js';
import { runImport, type ImportRequest } from '../../src/service/imports.js';
import { systemActor } from '../../src/domain/access.js';
import { UtfallError } from '../../src/domain/errors.js';
import { errorMessage } from '../../src/i18n/errors.js';
import { translate } from '../../src/i18n/index.js';
import { ENGINES } from '../support/engines.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'import');

/** file → import kind, expected problem code, and the row and column it names (if any). */
const BAD: [
  file: string,
  kind: ImportKind,
  code: string,
  row: number | null,
  column: string | null,
][] = [
  ['wrong-delimiter.csv', 'budget', 'file.delimiter', null, null],
  ['text-in-amount.csv', 'budget', 'amount.invalid', 3, 'belopp'],
  ['unknown-unit.csv', 'budget', 'unit.unknown', 3, 'unit'],
  ['unmapped-account.csv', 'budget', 'account.unmapped', 2, 'account'],
  ['empty.csv', 'actuals', 'file.empty', null, null],
  ['header-only.csv', 'budget', 'file.noRows', 1, null],
  ['truncated.xlsx', 'budget', 'file.damaged', null, null],
  ['damaged.xlsx', 'budget', 'file.damaged', null, null],
  ['not-really.xlsx', 'budget', 'file.notXlsx', null, null],
  ['wrong-encoding.csv', 'budget', 'file.encoding', null, null],
  ['utf16-no-bom.csv', 'budget', 'file.encoding', null, null],
  ['binary.csv', 'budget', 'file.binary', null, null],
  ['mixed-encoding.csv', 'actuals', 'file.encoding', null, null],
  ['duplicate-header.csv', 'budget', 'header.duplicate', 1, 'belopp'],
  ['missing-column.csv', 'budget', 'header.missing', 1, null],
  ['bad-date.csv', 'actuals', 'date.invalid', 2, 'date'],
  ['date-other-year.csv', 'actuals', 'date.otherYear', 3, 'date'],
  ['date-and-period.csv', 'actuals', 'header.layout', 1, 'period'],
  ['too-many-decimals.csv', 'budget', 'amount.decimals', 2, 'amount'],
  ['unclosed-quote.csv', 'actuals', 'csv.unclosedQuote', 3, 'text'],
  ['many-errors.csv', 'actuals', 'amount.invalid', 4, null],
  ['org-cycle.csv', 'org', 'org.cycle', 2, 'parent'],
  ['org-unknown-parent.csv', 'org', 'parent.unknown', 2, 'parent'],
  ['org-duplicate-code.csv', 'org', 'code.duplicate', 3, 'code'],
  ['mapping-overlap.csv', 'mapping', 'range.overlap', 3, 'from'],
  ['mapping-reversed.csv', 'mapping', 'range.reversed', 2, 'to'],
  ['mapping-total-line.csv', 'mapping', 'line.notAccountLine', 2, 'line'],
  ['budget-total-line.csv', 'budget', 'line.notLeaf', 2, 'line'],
  ['decimal-comma.csv', 'budget', 'row.cells', 3, 'd'],
  ['ragged-rows.csv', 'actuals', 'row.cells', 3, 'text'],
  ['ragged-rows.csv', 'actuals', 'row.cells', 4, 'f'],
  ['org-mixed-encoding.csv', 'org', 'file.encoding', 4, null],
  ['budget-mixed-encoding.csv', 'budget', 'file.encoding', 4, null],
  ['budget-sum-range.csv', 'budget', 'amount.sum', 3, 'amount'],
  ['actuals-sum-range.csv', 'actuals', 'amount.sum', 3, 'amount'],
];

/** Imports as the installation's operator, who may import every kind. */
const importAsOperator = (db: Store['db'], request: ImportRequest) =>
  runImport(db, request, systemActor('test'));

describe.each(ENGINES)('bad input on $name', (engine) => {
  let store: Store;
  let before: string;
  const request = (kind: ImportKind, file: string) => ({
    kind,
    file,
    municipalityId: DEMO_MUNICIPALITY,
    year: 2023,
  });

  beforeAll(async () => {
    store = await engine.open();
    await loadDemo(store.db);
    // The corpus books to cost centres 110100, 120100 and 130100: add them under the demo's areas.
    const org = await importAsOperator(store.db, request('org', join(fixtures, 'good', 'org.csv')));
    expect(org.problems).toEqual([]);
    const ledger = await importAsOperator(
      store.db,
      request('actuals', join(fixtures, 'good', 'ledger.csv')),
    );
    expect(ledger.ok).toBe(true);
    before = await snapshot(store.db, DEMO_MUNICIPALITY);
  });
  afterAll(async () => {
    await store.close();
  });

  it.each(BAD)(
    '%s (%s) is refused with %s and changes nothing',
    async (file, kind, code, row, column) => {
      const path = join(fixtures, 'bad', file);
      const outcome = await importAsOperator(store.db, request(kind, path));
      expect(outcome.ok).toBe(false);
      expect(outcome.written).toBe(false);
      const match = outcome.problems.find(
        (p) => p.code === code && (row === null || p.row === row),
      );
      expect(match, JSON.stringify(outcome.problems)).toBeDefined();
      expect(match!.file).toBe(path);
      if (column !== null) expect(match!.column?.toLowerCase()).toBe(column);
      expect(match!.expected.length).toBeGreaterThan(0);
      expect(await snapshot(store.db, DEMO_MUNICIPALITY)).toBe(before);
    },
  );

  it('reports all problems of a file at once', async () => {
    const outcome = await importAsOperator(
      store.db,
      request('actuals', join(fixtures, 'bad', 'many-errors.csv')),
    );
    expect(outcome.problemCount).toBeGreaterThanOrEqual(9);
    expect(new Set(outcome.problems.map((p) => p.row)).size).toBeGreaterThanOrEqual(9);
  });

  it('a dry run of a good file writes nothing', async () => {
    const outcome = await importAsOperator(store.db, {
      ...request('budget', join(fixtures, 'good', 'budget.csv')),
      dryRun: true,
    });
    expect(outcome.ok).toBe(true);
    expect(outcome.written).toBe(false);
    expect(await snapshot(store.db, DEMO_MUNICIPALITY)).toBe(before);
  });

  it('a budget change records its decision, and revised = original + changes', async () => {
    const { figuresReport } = await import('../../src/service/figures.js');
    const { budgetChanges } = await import('../../src/db/figures.js');
    const original = await figuresReport(store.db, DEMO_MUNICIPALITY, 2023, 'STK');
    const outcome = await importAsOperator(store.db, {
      ...request('budget', join(fixtures, 'good', 'budget.csv')),
      stage: 'change',
      decision: 'KF 12.6.2023 §45',
      date: '12.6.2023',
    });
    expect(outcome.ok).toBe(true);
    expect(await budgetChanges(store.db, DEMO_MUNICIPALITY, 2023)).toEqual([
      expect.objectContaining({ decision: 'KF 12.6.2023 §45', date: '2023-06-12' }),
    ]);
    const changed = await figuresReport(store.db, DEMO_MUNICIPALITY, 2023, 'STK');
    const personnelBefore = original.lines.find((l) => l.code === 'personnel')!;
    const personnel = changed.lines.find((l) => l.code === 'personnel')!;
    expect(personnel.budget).toBe(personnelBefore.budget);
    expect(personnel.changes).not.toBe(0);
    expect(personnel.revised).toBe(personnel.budget! + personnel.changes!);
    expect(personnel.deviation).toBe(personnel.actual! - personnel.revised!);
  });

  it('refuses a budget change whose sum with the stored amounts leaves the cent range, and changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'utfall-range-'));
    const file = join(dir, 'huge-change.csv');
    // Each amount is within range and so is the file's sum; two such decisions are not.
    writeFileSync(file, 'unit;account;amount\n110100;4000;-6 000 000 000 000,00\n');
    const change = (decision: string) =>
      importAsOperator(store.db, {
        ...request('budget', file),
        stage: 'change',
        decision,
        date: '1.9.2023',
      });
    try {
      expect((await change('KF 1.9.2023 §1')).written).toBe(true);
      const stored = await snapshot(store.db, DEMO_MUNICIPALITY);
      const afterFirst = await figuresReport(store.db, DEMO_MUNICIPALITY, 2023, 'STK');
      const refused = await change('KF 1.9.2023 §2').catch((e: unknown) => e);
      expect(refused).toMatchObject({
        code: 'amount.sumStored',
        params: { column: 'changes', unit: '110100', account: '4000' },
      });
      const message = errorMessage(refused as UtfallError, translate('sv'), 'api');
      expect(message).toContain('budgetändringar');
      expect(message).toContain('110100');
      expect(await snapshot(store.db, DEMO_MUNICIPALITY)).toBe(stored);
      // Also when the second decision is for another unit: the city's total could not hold it.
      const other = join(dir, 'huge-change-other.csv');
      writeFileSync(other, 'unit;account;amount\n120100;4000;-6 000 000 000 000,00\n');
      await expect(
        importAsOperator(store.db, {
          ...request('budget', other),
          stage: 'change',
          decision: 'KF 1.9.2023 §3',
          date: '1.9.2023',
        }),
      ).rejects.toMatchObject({ code: 'amount.sumStored', params: { column: 'changes' } });
      expect(await snapshot(store.db, DEMO_MUNICIPALITY)).toBe(stored);
      // And when actuals would make a deviation the range cannot hold (actual − revised).
      const actuals = join(dir, 'huge-actuals.csv');
      writeFileSync(
        actuals,
        'period;account;unit;amount\n2023-11;4000;120100;-5 000 000 000 000,00\n',
      );
      await expect(
        importAsOperator(store.db, { ...request('actuals', actuals), append: true }),
      ).rejects.toMatchObject({ code: 'amount.sumStored' });
      expect(await snapshot(store.db, DEMO_MUNICIPALITY)).toBe(stored);
      // The year's pages and reports still add up, with the first decision in.
      const report = await figuresReport(store.db, DEMO_MUNICIPALITY, 2023, 'STK');
      expect(report).toEqual(afterFirst);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
