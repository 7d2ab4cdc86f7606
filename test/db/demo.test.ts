/**
 * The Lovisa 2023 demo, loaded through the real imports, reproduces the seed's tables: the
 * central's to the euro on every line, each area's where the seed is internally consistent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import { snapshot } from '../../src/db/figures.js';
import { roundToEuros } from '../../src/domain/money.js';
import type { LineFigures } from '../../src/domain/model.js';
import { runChecks } from '../../src/service/checks.js';
import { DEMO_MUNICIPALITY, loadDemo } from '../../src/service/demo.js';
import { figuresReport } from '../../src/service/figures.js';
import { ENGINES } from '../support/engines.js';

type Row = [
  budget: number | null,
  revised: number | null,
  actual: number | null,
  deviation: number | null,
];

/** The seed's central table as printed (euros; the changes column is empty throughout). */
const CENTRAL: Record<string, Row> = {
  sales: [27_400, 27_400, 30_291, 2_891],
  fees: [null, null, -675, -675],
  grants: [140_000, 140_000, 155_570, 15_570],
  otherRevenue: [200, 200, 0, -200],
  revenue: [167_600, 167_600, 185_185, 17_585],
  stockChange: [null, null, null, null],
  ownUse: [null, null, null, null],
  personnel: [-2_027_993, -2_027_993, -1_887_887, 140_106],
  services: [-2_034_505, -2_034_505, -1_935_984, 98_521],
  materials: [-86_350, -86_350, -116_107, -29_757],
  subsidies: [-34_000, -34_000, -33_886, 114],
  otherCosts: [-121_210, -121_210, -101_828, 19_382],
  costs: [-4_304_058, -4_304_058, -4_075_692, 228_366],
  margin: [-4_136_458, -4_136_458, -3_890_507, 245_951],
  depreciation: [-12_845, -12_845, null, null],
  internal: [-221_633, -221_633, null, null],
  imputed: [3_224_963, 3_224_963, null, null],
};

/**
 * The areas' tables as printed, except where the seed contradicts itself: ICT prints no margin
 * actual (revenue + costs give −902 129), Finance and HR prints −1 775 975 where revenue + costs
 * give −1 773 265, and the areas' internal items do not sum to the central's (ICT takes the rest).
 */
const AREAS: Record<string, Record<string, Row>> = {
  'STK-ADM': {
    revenue: [3_600, 3_600, 396, -3_204],
    costs: [-1_294_405, -1_294_405, -1_215_509, 78_895],
    margin: [-1_290_805, -1_290_805, -1_215_113, 75_691],
    depreciation: [null, null, null, null],
    internal: [-117_078, -117_078, null, null],
    imputed: [679_294, 679_294, null, null],
  },
  'STK-ICT': {
    revenue: [24_000, 24_000, 27_495, 3_495],
    costs: [-1_180_588, -1_180_588, -929_624, 250_964],
    margin: [-1_156_588, -1_156_588, -902_129, 254_459],
    depreciation: [-12_845, -12_845, null, null],
    internal: [-8_400, -8_400, null, null],
    imputed: [881_361, 881_361, null, null],
  },
  'STK-EKP': {
    revenue: [140_000, 140_000, 157_294, 17_294],
    costs: [-1_829_066, -1_829_066, -1_930_559, -101_493],
    margin: [-1_689_066, -1_689_066, -1_773_265, -84_199],
    depreciation: [null, null, null, null],
    internal: [-96_155, -96_155, null, null],
    imputed: [1_664_309, 1_664_309, null, null],
  },
};

const euros = (value: number | null) => (value === null ? null : roundToEuros(value as never));
const printed = (line: LineFigures): Row => [
  euros(line.budget),
  euros(line.revised),
  euros(line.actual),
  euros(line.deviation),
];

describe.each(ENGINES)('the Lovisa 2023 demo on $name', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await engine.open();
    await loadDemo(store.db);
  });
  afterAll(async () => {
    await store.close();
  });

  it("gives the seed's central figures to the euro, every line in order", async () => {
    const report = await figuresReport(store.db, DEMO_MUNICIPALITY, 2023, 'STK');
    expect(report.unit.code).toBe('STK');
    expect(report.unit.name.sv).toBe('Stadskanslicentralen');
    expect(report.lines.map((l) => l.code)).toEqual(Object.keys(CENTRAL));
    for (const line of report.lines)
      expect([line.code, ...printed(line)]).toEqual([line.code, ...CENTRAL[line.code]!]);
    // Budgets have no changes: 0 where there is a budget, null where there is none.
    expect(report.lines.find((l) => l.code === 'sales')).toMatchObject({
      budget: 2740000,
      changes: 0,
      revised: 2740000,
    });
    expect(report.lines.find((l) => l.code === 'fees')).toMatchObject({
      budget: null,
      changes: null,
      revised: null,
      actual: -67540,
    });
  });

  it("gives each area's totals as the seed prints them where it is consistent", async () => {
    for (const [code, expected] of Object.entries(AREAS)) {
      const report = await figuresReport(store.db, DEMO_MUNICIPALITY, 2023, code);
      for (const [line, row] of Object.entries(expected)) {
        expect([code, line, ...printed(report.lines.find((l) => l.code === line)!)]).toEqual([
          code,
          line,
          ...row,
        ]);
      }
    }
  });

  it('passes the checks without errors; the binding margin is within budget', async () => {
    const findings = await runChecks(store.db, DEMO_MUNICIPALITY, 2023);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findings.some((f) => f.rule === 'binding.breach')).toBe(false);
    // The refund of fees makes a revenue line negative: a warning a controller should see.
    expect(findings).toContainEqual(
      expect.objectContaining({ rule: 'data.sign', line: 'fees', column: 'actual', found: -67540 }),
    );
  });

  it('loads again without doubling anything', async () => {
    const before = await figuresReport(store.db, DEMO_MUNICIPALITY, 2023, 'STK');
    await loadDemo(store.db);
    const after = await figuresReport(store.db, DEMO_MUNICIPALITY, 2023, 'STK');
    expect(after.lines).toEqual(before.lines);
    expect(await snapshot(store.db, DEMO_MUNICIPALITY)).toContain('budget_entry');
  });
});
