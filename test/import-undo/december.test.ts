/**
 * The December example of issue 11, on both engines: a 4-row December file for 4 cost centres.
 * The preview (dry run) lists every unit whose December changes, before → after; by default only
 * the units in the file have their December replaced (STK-EKP keeps its figures); replacing for
 * all units is a choice that lists the absent units as replaced. A bad file has no preview and
 * writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../../src/db/figures.js';
import { storedActualCells } from '../../src/db/imports.js';
import type { Store } from '../../src/db/open.js';
import { systemActor } from '../../src/domain/access.js';
import { runImport } from '../../src/service/imports.js';
import { ENGINES } from '../support/engines.js';
import { DEMO, M, Y, demoStore, reports } from './support.js';

const FILE = `${DEMO}/actuals-december.csv`;
const IN_FILE = ['110101', '110102', '120101', '120103'];
const actor = systemActor('test');

async function december(store: Store): Promise<Map<string, number>> {
  const cells = await storedActualCells(store.db, M, Y);
  return new Map(cells.filter((c) => c.month === 12).map((c) => [c.unitCode, Number(c.amount)]));
}

describe.each(ENGINES)('the December example on $name', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await demoStore(engine);
  });
  afterAll(async () => {
    await store.close();
  });

  it('previews, by default, exactly the units in the file, before → after', async () => {
    const before = await december(store);
    const fingerprint = await snapshot(store.db, M);
    const outcome = await runImport(
      store.db,
      { kind: 'actuals', file: FILE, municipalityId: M, year: Y, dryRun: true },
      actor,
    );
    expect(outcome.written).toBe(false);
    expect(await snapshot(store.db, M)).toBe(fingerprint);
    const preview = outcome.preview!;
    expect(preview.mode).toBe('units');
    expect(preview.absentUnits).toEqual([]);
    expect(preview.units).toEqual(IN_FILE);
    expect(preview.cells.map((c) => [c.unit, c.month])).toEqual(IN_FILE.map((u) => [u, 12]));
    const added: Record<string, number> = {
      '110101': -240000,
      '110102': -185050,
      '120101': -312000,
      '120103': -560025,
    };
    for (const cell of preview.cells) {
      expect(cell.before).toBe(before.get(cell.unit));
      expect(cell.removed).toBe(cell.before);
      expect(cell.added).toBe(added[cell.unit]);
      expect(cell.after).toBe(added[cell.unit]);
      expect(cell.inFile).toBe(true);
    }
  });

  it('lists the absent units as replaced when the whole ledger is replaced', async () => {
    const before = await december(store);
    const outcome = await runImport(
      store.db,
      { kind: 'actuals', file: FILE, municipalityId: M, year: Y, dryRun: true, replaceAll: true },
      actor,
    );
    const preview = outcome.preview!;
    expect(preview.mode).toBe('all');
    const absent = [...before.keys()].filter((u) => !IN_FILE.includes(u)).sort();
    expect(absent).toContain('130101');
    expect(preview.absentUnits).toEqual(absent);
    for (const unit of absent) {
      const cell = preview.cells.find((c) => c.unit === unit && c.month === 12)!;
      expect(cell).toMatchObject({ before: before.get(unit), removed: before.get(unit), after: 0 });
      expect(cell.inFile).toBe(false);
    }
  });

  it('imports by default without touching the units absent from the file', async () => {
    const beforeReports = await reports(store);
    const before = await december(store);
    const outcome = await runImport(
      store.db,
      { kind: 'actuals', file: FILE, municipalityId: M, year: Y },
      actor,
    );
    expect(outcome.written).toBe(true);
    const after = await december(store);
    const afterReports = await reports(store);
    for (const [unit, amount] of before) {
      if (IN_FILE.includes(unit))
        expect(after.get(unit)).toBe(outcome.preview!.cells.find((c) => c.unit === unit)!.after);
      else expect(after.get(unit)).toBe(amount);
    }
    // STK-EKP and its cost centres keep every figure; the units in the file do not.
    for (const unit of ['STK-EKP', '130101', '130102', '130103', '130104', '130105', '110104']) {
      expect(afterReports[unit]).toBe(beforeReports[unit]);
    }
    for (const unit of ['STK', 'STK-ADM', 'STK-ICT', ...IN_FILE]) {
      expect(afterReports[unit]).not.toBe(beforeReports[unit]);
    }
  });

  it('has no preview for a bad file and writes nothing', async () => {
    const fingerprint = await snapshot(store.db, M);
    const outcome = await runImport(
      store.db,
      { kind: 'actuals', file: `${DEMO}/actuals-december-bad.csv`, municipalityId: M, year: Y },
      actor,
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [4, 'unit', 'unit.unknown'],
    ]);
    expect(outcome.preview).toBeNull();
    expect(await snapshot(store.db, M)).toBe(fingerprint);
  });
});
