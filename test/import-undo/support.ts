/** The demo on an engine, and `utfall report --format json` of every unit as one text per unit. */
import { listUnits } from '../../src/db/units.js';
import type { Store } from '../../src/db/open.js';
import { DEMO_MUNICIPALITY, DEMO_YEAR, loadDemo } from '../../src/service/demo.js';
import { figuresReport } from '../../src/service/figures.js';
import type { EngineUnderTest } from '../support/engines.js';

export const M = DEMO_MUNICIPALITY;
export const Y = DEMO_YEAR;
export const DEMO = 'fixtures/import/demo';

export async function demoStore(engine: EngineUnderTest): Promise<Store> {
  const store = await engine.open();
  await loadDemo(store.db);
  return store;
}

/** Every unit's report as the CLI prints it with --format json. */
export async function reports(store: Store): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const unit of await listUnits(store.db, M, Y)) {
    out[unit.code] = JSON.stringify(await figuresReport(store.db, M, Y, unit.code), null, 2) + '\n';
  }
  return out;
}
