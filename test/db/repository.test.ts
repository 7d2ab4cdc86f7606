import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import { leafAmounts, writeActuals, writeBudget } from '../../src/db/figures.js';
import { logImport } from '../../src/db/imports.js';
import { ensureYear, listUnits, replaceMapping, upsertUnits } from '../../src/db/units.js';
import { unitFigures } from '../../src/domain/figures.js';
import type { Cents } from '../../src/domain/money.js';
import type { Unit } from '../../src/domain/model.js';
import { ENGINES } from '../support/engines.js';

const c = (n: number) => n as Cents;
const names = (code: string) => ({ sv: `${code} sv`, fi: `${code} fi`, en: `${code} en` });
const units: Unit[] = [
  {
    code: 'CITY',
    parentCode: null,
    kind: 'city',
    names: names('CITY'),
    responsible: null,
    board: null,
  },
  {
    code: 'C1',
    parentCode: 'CITY',
    kind: 'central',
    names: names('C1'),
    responsible: 'director',
    board: 'board',
  },
  {
    code: 'A1',
    parentCode: 'C1',
    kind: 'area',
    names: names('A1'),
    responsible: null,
    board: null,
  },
  {
    code: '100',
    parentCode: 'A1',
    kind: 'costcenter',
    names: names('100'),
    responsible: null,
    board: null,
  },
];
const source = { file: 'x.csv', sha256: 'ab'.repeat(32), format: 'csv' as const, rows: 1 };

describe.each(ENGINES)('repository on $name', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await engine.open();
    for (const m of ['m1', 'm2']) {
      await ensureYear(store.db, m, 2023);
      await upsertUnits(store.db, m, 2023, units);
    }
  });
  afterAll(async () => {
    await store.close();
  });

  it('keeps the unit tree in order', async () => {
    expect((await listUnits(store.db, 'm1', 2023)).map((u) => u.code)).toEqual([
      'CITY',
      'C1',
      'A1',
      '100',
    ]);
  });

  it('computes original, changes, revised, actual and deviation in exact cents, per tenant', async () => {
    const id = await logImport(store.db, 'm1', 'budget', 2023, source, {});
    await writeBudget(
      store.db,
      { municipalityId: 'm1', year: 2023, importId: id, stage: 'original' },
      [
        {
          row: 2,
          unitCode: '100',
          account: '4000',
          line: 'personnel',
          kind: 'external',
          amount: c(-123_456_789_01),
        },
        {
          row: 3,
          unitCode: '100',
          account: '3000',
          line: 'sales',
          kind: 'external',
          amount: c(1_000_00),
        },
        {
          row: 4,
          unitCode: 'A1',
          account: null,
          line: 'internal',
          kind: 'internal',
          amount: c(-50_00),
        },
      ],
    );
    await writeBudget(
      store.db,
      {
        municipalityId: 'm1',
        year: 2023,
        importId: id,
        stage: 'change',
        decision: 'KF 12.6.2023 §45',
        date: '2023-06-12',
      },
      [
        {
          row: 2,
          unitCode: '100',
          account: '4000',
          line: 'personnel',
          kind: 'external',
          amount: c(-1_00),
        },
      ],
    );
    await writeActuals(
      store.db,
      'm1',
      2023,
      id,
      [
        {
          unitCode: '100',
          account: '4000',
          kind: 'external',
          month: 1,
          amount: c(-100_000_000_00),
          lines: 10,
        },
        {
          unitCode: '100',
          account: '4010',
          kind: 'external',
          month: 2,
          amount: c(-3_000_000_00),
          lines: 5,
        },
      ],
      [1, 2],
    );
    // A second municipality's data must never show up in the first one's figures.
    const other = await logImport(store.db, 'm2', 'actuals', 2023, source, {});
    await writeActuals(
      store.db,
      'm2',
      2023,
      other,
      [{ unitCode: '100', account: '4000', kind: 'external', month: 1, amount: c(-7), lines: 1 }],
      [1],
    );

    const { leaves, unmapped } = await leafAmounts(store.db, 'm1', 2023);
    expect(unmapped).toEqual([]);
    const lines = unitFigures(units, 'C1', leaves);
    const personnel = lines.find((l) => l.code === 'personnel');
    expect(personnel).toEqual({
      code: 'personnel',
      budget: -12345678901,
      changes: -100,
      revised: -12345679001,
      actual: -10300000000,
      deviation: 2045679001,
    });
    expect(lines.find((l) => l.code === 'internal')).toMatchObject({
      budget: -5000,
      actual: null,
      deviation: null,
    });
    expect(lines.find((l) => l.code === 'margin')).toMatchObject({
      revised: -12345579001,
      actual: -10300000000,
    });
  });

  it('replaces the months it imports and adds with append', async () => {
    const id = await logImport(store.db, 'm1', 'actuals', 2023, source, {});
    await writeActuals(
      store.db,
      'm1',
      2023,
      id,
      [
        {
          unitCode: '100',
          account: '4000',
          kind: 'external',
          month: 1,
          amount: c(-1_00),
          lines: 1,
        },
      ],
      [1],
    );
    let { leaves } = await leafAmounts(store.db, 'm1', 2023);
    expect(unitFigures(units, '100', leaves).find((l) => l.code === 'personnel')?.actual).toBe(
      -1_00 - 3_000_000_00,
    );
    await writeActuals(
      store.db,
      'm1',
      2023,
      id,
      [
        {
          unitCode: '100',
          account: '4000',
          kind: 'external',
          month: 1,
          amount: c(-2_00),
          lines: 1,
        },
      ],
      [],
    );
    ({ leaves } = await leafAmounts(store.db, 'm1', 2023));
    expect(unitFigures(units, '100', leaves).find((l) => l.code === 'personnel')?.actual).toBe(
      -3_00 - 3_000_000_00,
    );
    ({ leaves } = await leafAmounts(store.db, 'm1', 2023, { toMonth: 1 }));
    expect(unitFigures(units, '100', leaves).find((l) => l.code === 'personnel')?.actual).toBe(
      -3_00,
    );
  });

  it("applies the municipality's own mapping before the default", async () => {
    await replaceMapping(store.db, 'm1', 2023, [{ from: '4010', to: '4010', line: 'services' }]);
    const { leaves } = await leafAmounts(store.db, 'm1', 2023);
    const lines = unitFigures(units, '100', leaves);
    expect(lines.find((l) => l.code === 'services')?.actual).toBe(-3_000_000_00);
    await replaceMapping(store.db, 'm1', 2023, []);
  });
});
