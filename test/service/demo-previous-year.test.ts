/**
 * The demo's previous year: loadDemo also loads Lovisa 2022 (fixtures/lovisa-2022), the same
 * organisation with figures of its own, so that reports can print last year's actual.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/open.js';
import { fiscalYears, listUnits } from '../../src/db/units.js';
import {
  DEMO_CENTRAL,
  DEMO_MUNICIPALITY,
  DEMO_PREVIOUS_YEAR,
  DEMO_YEAR,
  loadDemo,
} from '../../src/service/demo.js';
import { figuresReport } from '../../src/service/figures.js';

const M = DEMO_MUNICIPALITY;

describe('the demo with its previous year, on PGlite', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory' });
    await loadDemo(store.db);
  });
  afterAll(async () => {
    await store.close();
  });

  const margin = async (year: number) => {
    const report = await figuresReport(store.db, M, year, DEMO_CENTRAL);
    return report.lines.find((l) => l.code === 'margin')?.actual;
  };

  it('has 2022 before 2023, with the same units', async () => {
    expect(DEMO_PREVIOUS_YEAR).toBe(DEMO_YEAR - 1);
    expect(await fiscalYears(store.db, M)).toEqual([DEMO_PREVIOUS_YEAR, DEMO_YEAR]);
    const units2022 = await listUnits(store.db, M, DEMO_PREVIOUS_YEAR);
    expect(units2022.length).toBeGreaterThan(0);
    expect(units2022).toEqual(await listUnits(store.db, M, DEMO_YEAR));
  });

  it("gives the central's 2022 margin actual of its own, not 2023's", async () => {
    const previous = await margin(DEMO_PREVIOUS_YEAR);
    const current = await margin(DEMO_YEAR);
    expect(previous).toEqual(expect.any(Number));
    expect(previous).not.toBe(0);
    expect(previous).not.toBe(current);
    // fixtures/lovisa-2022/README.md: revenue 175 444.76, costs −3 858 517.56, in cents.
    expect(previous).toBe(-368307280);
    expect(current).toBe(-389050730);
  });

  it('loads again without doubling either year', async () => {
    const before = [await margin(DEMO_PREVIOUS_YEAR), await margin(DEMO_YEAR)];
    await loadDemo(store.db);
    expect([await margin(DEMO_PREVIOUS_YEAR), await margin(DEMO_YEAR)]).toEqual(before);
    expect(await fiscalYears(store.db, M)).toEqual([DEMO_PREVIOUS_YEAR, DEMO_YEAR]);
  });
});
