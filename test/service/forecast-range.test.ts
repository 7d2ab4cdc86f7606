/**
 * Forecasts add up with the budget, the actuals and each other in every total of an interim
 * report: a forecast that would take a sum beyond the cent range is refused (nothing written)
 * and every page of the period still renders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/open.js';
import { systemActor } from '../../src/domain/access.js';
import type { Cents } from '../../src/domain/money.js';
import { DEMO_MUNICIPALITY, DEMO_YEAR, loadDemo } from '../../src/service/demo.js';
import { figuresReport } from '../../src/service/figures.js';
import { forecastForm, setForecast } from '../../src/service/forecasts.js';
import { yearOverview } from '../../src/service/overview.js';

const finance = systemActor('controller');
const scope = {
  municipalityId: DEMO_MUNICIPALITY,
  year: DEMO_YEAR,
  unitCode: 'STK-ICT',
  period: 8,
};

describe('forecasts within the cent range', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory' });
    await loadDemo(store.db);
  });
  afterAll(async () => {
    await store.close();
  });

  it('refuses a forecast whose sums would leave the range, and the pages still render', async () => {
    await setForecast(store.db, scope, { line: 'services', amount: -6e14 as Cents }, finance);
    await expect(
      setForecast(store.db, scope, { line: 'materials', amount: -6e14 as Cents }, finance),
    ).rejects.toMatchObject({ code: 'amount.sumStored', params: { column: 'forecast' } });
    const form = await forecastForm(store.db, finance, scope);
    // The demo's forecast of materials stands as it was.
    expect(form.lines.find((l) => l.code === 'materials')!.own?.amount).toBe(-5_200_000);
    await yearOverview(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, { toMonth: 8 });
    const figures = await figuresReport(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK', {
      toMonth: 8,
      period: true,
    });
    expect(figures.lines.find((l) => l.code === 'services')!.forecast).toBeLessThan(-6e14);
  });
});
