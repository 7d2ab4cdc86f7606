/**
 * `utfall check` on the texts (issue 11): the demo's texts are clean; after one more actuals
 * import the typed margin in STK's narrative and goal indicator is a warning naming the unit, the
 * section and the number; after a budget change, "the budget did not change" is a warning in sv
 * and fi; a placeholder naming an unknown unit is one too.
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReport } from '../../src/report/build.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import { systemActor } from '../../src/domain/access.js';
import type { CheckFinding } from '../../src/domain/checks.js';
import { formatCheckFinding } from '../../src/i18n/findings.js';
import { translate } from '../../src/i18n/index.js';
import { runChecks } from '../../src/service/checks.js';
import { getNarratives, setNarrative } from '../../src/service/content.js';
import { DEMO_MUNICIPALITY, loadDemo } from '../../src/service/demo.js';
import { runImport } from '../../src/service/imports.js';
import { ENGINES } from '../support/engines.js';

const actor = systemActor('test');
const common = { municipalityId: DEMO_MUNICIPALITY, year: 2023 };
const textFindings = async (store: Store): Promise<CheckFinding[]> =>
  (await runChecks(store.db, DEMO_MUNICIPALITY, 2023)).filter((f) => f.rule.startsWith('text.'));
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'utfall-text-checks-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe.each(ENGINES)('checks on texts on $name', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await engine.open();
    await loadDemo(store.db);
  }, 60_000);
  afterAll(async () => {
    await store.close();
  });

  it('finds nothing in the demo’s texts, whose typed figures are the data’s', async () => {
    expect(await textFindings(store)).toEqual([]);
  });

  it('warns on a typed figure gone stale after another import, with unit, section and number', async () => {
    const file = join(dir, `december-${engine.name}.csv`);
    writeFileSync(file, 'date;account;unit;amount\n29.12.2023;4320;120101;1000,00\n');
    const imported = await runImport(
      store.db,
      { ...common, kind: 'actuals', file, sign: 'accounting', append: true },
      actor,
    );
    expect(imported.written).toBe(true);
    const stale = (await textFindings(store)).filter((f) => f.rule === 'text.stale-figure');
    const seen = stale.map((f) => [f.unitCode, f.section, plain(f.quote ?? '')]);
    expect(seen).toContainEqual(['STK', 'margin (sv)', '−3 890 507']);
    expect(seen).toContainEqual(['STK', 'margin (fi)', '−3 890 507']);
    expect(seen).toContainEqual(['STK', 'margin (sv)', '245 951']);
    // The goal indicator's typed actual value (the report would show a bound one live).
    expect(
      seen.some(
        ([unit, section, n]) =>
          unit === 'STK' &&
          /^goal \d+ indicator 1$/.test(section!) &&
          n!.replace(/\D/g, '') === '3890507',
      ),
    ).toBe(true);
    const finding = stale.find((f) => f.section === 'margin (sv)')!;
    const line = plain(formatCheckFinding(finding, translate('sv'), 'sv'));
    expect(line).toMatch(
      /^varning \[inaktuellt tal i texten\] STK, Kommentar till utfallet: verksamhetsbidrag \(svenska\): det inskrivna talet ”−3 890 507” /i,
    );
    const en = plain(formatCheckFinding(finding, translate('en'), 'en'));
    expect(en).toContain(
      'STK, Explanation of the outcome: operating margin (Swedish): the typed number “−3 890 507” is not a current figure',
    );
  });

  it('warns on “the budget did not change” when the unit has budget changes, in sv and fi', async () => {
    expect((await textFindings(store)).filter((f) => f.rule === 'text.contradiction')).toEqual([]);
    const file = join(dir, `change-${engine.name}.csv`);
    writeFileSync(file, 'unit;line;amount\n120101;personnel;-5000\n');
    const imported = await runImport(
      store.db,
      {
        ...common,
        kind: 'budget',
        file,
        stage: 'change',
        decision: 'KF 12.6.2023 §45',
        date: '2023-06-12',
      },
      actor,
    );
    expect(imported.problems).toEqual([]);
    expect(imported.written).toBe(true);
    const contradictions = (await textFindings(store)).filter(
      (f) => f.rule === 'text.contradiction',
    );
    expect(contradictions.map((f) => [f.unitCode, f.section, f.quote])).toEqual([
      ['STK', 'margin (fi)', 'Talousarviota ei muutettu vuoden aikana.'],
      ['STK', 'margin (sv)', 'Budgeten ändrades inte under året.'],
    ]);
    const text = plain(formatCheckFinding(contradictions[1]!, translate('sv'), 'sv'));
    expect(text).toContain(
      '”Budgeten ändrades inte under året.” — men enhetens budget ändrades med −5 000 €',
    );
  });

  it('warns on a placeholder that names an unknown unit, or one outside the text’s unit', async () => {
    const scope = { ...common, unitCode: 'STK-ICT' };
    const before = (await getNarratives(store.db, scope)).find(
      (n) => n.section === 'events' && n.lang === 'en',
    );
    await setNarrative(
      store.db,
      scope,
      {
        section: 'events',
        lang: 'en',
        body: 'The margin was {{figure STK-XYZ margin actual}} and {{figure STK-ICT margin actual}}, the central’s {{figure STK margin actual}}.',
        baseVersion: before?.version ?? null,
      },
      actor,
    );
    const bad = (await textFindings(store)).filter((f) => f.rule === 'text.bad-figure-ref');
    expect(bad.map((f) => [f.unitCode, f.section, f.quote])).toEqual([
      ['STK-ICT', 'events (en)', '{{figure STK-XYZ margin actual}}'],
      ['STK-ICT', 'events (en)', '{{figure STK margin actual}}'],
    ]);
    // The report prints the marker for the central's figure: an approval of STK-ICT could not
    // freeze it.
    const doc = await buildReport(store.db, { ...common, unitCode: 'STK-ICT', lang: 'en' });
    const events = doc.sections[0]!.blocks.find((b) => b.kind === 'markdown');
    expect(events?.kind === 'markdown' && events.markdown).toMatch(
      /unknown figure: STK margin actual/,
    );
  });
});
