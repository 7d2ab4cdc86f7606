/**
 * Arguments that used to print nothing and exit 0, or to be taken as they were (issue 14), on
 * both engines: an audit filter by an unknown unit, entity or action; a comment on something
 * that is neither the unit, a section of its report nor one of its goals; a budget or actuals
 * file for a year without an organisation. Each is refused naming what is known, exit 2, in the
 * message language, by the service the API shares. Every command runs on one open database.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import { systemActor } from '../../src/domain/access.js';
import { UtfallError } from '../../src/domain/errors.js';
import { auditFor } from '../../src/service/audit.js';
import { addComment } from '../../src/service/content.js';
import { runCli, type CliRun } from '../support/cli.js';
import { ENGINES } from '../support/engines.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'lovisa-2023');
const UNITS =
  'LOVISA, STK, STK-ADM, STK-ICT, STK-EKP, 110101, 110102, 110103, 110104, 110105, 120101, 120102';

/** A refusal: exit 2, the message on standard error, nothing on standard output. */
function expectRefused(run: CliRun, message: string) {
  expect(run.err).toBe(message + '\n');
  expect(run.out).toBe('');
  expect(run.code).toBe(2);
}

/** The UtfallError code a promise is refused with. */
async function refusedCode(work: Promise<unknown>): Promise<string> {
  const error: unknown = await work.then(
    () => null,
    (e: unknown) => e,
  );
  return error instanceof UtfallError ? error.code : String(error);
}

describe.each(ENGINES)('the CLI refusing what is not there, on $name', (engine) => {
  let store: Store;
  const utfallIn = (lang: string, ...args: string[]) =>
    runCli(['-m', 'lovisa', ...args], { UTFALL_LANG: lang }, { store });
  const utfall = (...args: string[]) => utfallIn('en', ...args);
  const must = async (run: Promise<CliRun>) => {
    const done = await run;
    if (done.code !== 0) throw new Error(done.err);
    return done;
  };

  beforeAll(async () => {
    store = await engine.open();
    await must(utfall('import', 'org', join(fixtures, 'org.csv'), '--year', '2023'));
    await must(utfall('goals', 'import', join(fixtures, 'goals.csv'), '--year', '2023'));
    await must(
      runCli(
        ['municipality', 'create', 'borga', '--name', 'Borgå', '--admin', 'bo'],
        {},
        { store },
      ),
    );
  });
  afterAll(async () => {
    await store.close();
  });

  it('refuses an audit filter by an unknown unit, entity or action, naming the known', async () => {
    expectRefused(
      await utfall('audit', '--unit', 'NOPE'),
      `lovisa has no unit NOPE in any year (its units include ${UNITS}; see utfall units).`,
    );
    expectRefused(
      await utfallIn('sv', 'audit', '--unit', 'NOPE'),
      `lovisa har ingen enhet NOPE något år (dess enheter är bl.a. ${UNITS}; se utfall units).`,
    );
    // A municipality without units says so, never with an empty list.
    expectRefused(
      await runCli(['-m', 'borga', 'audit', '--unit', 'STK'], { UTFALL_LANG: 'en' }, { store }),
      'borga has no unit STK, nor any other yet: import the organisation first (utfall import org FILE --year YEAR).',
    );
    const entities =
      'import, workflow, budgetChange, forecast, profile, columnMapping, narrative, goal, goals, risk, risks, comment, user, municipality, year';
    expectRefused(
      await utfall('audit', '--entity', 'nonsense'),
      `"nonsense" is not an entity of the audit log: the entities are ${entities}.`,
    );
    expectRefused(
      await utfallIn('fi', 'audit', '--entity', 'nonsense'),
      `”nonsense” ei ole muutoslokin kohde: kohteet ovat ${entities}.`,
    );
    expectRefused(
      await utfall('audit', '--action', 'nonsense'),
      '"nonsense" is not an action of the audit log: the actions are create, update, delete, import, undo, start, submit, approve, lock, reopen.',
    );
    // Known ones, in any case for a unit, still answer.
    const found = await utfall('audit', '--unit', 'stk', '--entity', 'goals', '--action', 'import');
    expect(found.err).toBe('');
    expect(found.out).toMatch(/^\d+\t\S+\t\S+\timport\tgoals\t2023\/STK\t/);
    expect(found.code).toBe(0);
    // The API's search refuses them the same way (the service's rule).
    const admin = systemActor('admin');
    expect(await refusedCode(auditFor(store.db, admin, 'lovisa', { entity: 'nonsense' }))).toBe(
      'audit.entity',
    );
    expect(await refusedCode(auditFor(store.db, admin, 'lovisa', { unit: 'NOPE' }))).toBe(
      'audit.unit',
    );
  });

  it('refuses a comment on what is neither the unit, a section nor one of its goals', async () => {
    const goalsOf = async (unit: string) =>
      (
        JSON.parse((await utfall('goals', 'list', '--unit', unit, '--json')).out) as {
          id: number;
        }[]
      ).map((g) => g.id);
    const own = await goalsOf('STK');
    expect(own.length).toBe(16);
    const sections =
      'unit, narrative:events, narrative:risks, narrative:revenue, narrative:costs, narrative:margin';
    const known = `${sections}, ${own.map((id) => `goal:${id}`).join(', ')}`;
    for (const target of ['nonsense', 'narrative:free', 'goal:999999', 'goal:', 'Unit'])
      expectRefused(
        await utfall('comment', 'add', '--unit', 'STK', '--on', target, 'Kolla.'),
        `"${target}" is nothing to comment on in the report of STK: comment on one of ${known} (--on; the goals: utfall goals list --unit STK).`,
      );
    // Another unit's goal is none of this unit's (STK-ICT has none of its own).
    expectRefused(
      await utfall('comment', 'add', '--unit', 'STK-ICT', '--on', `goal:${own[0]}`, 'Kolla.'),
      `"goal:${own[0]}" is nothing to comment on in the report of STK-ICT: comment on one of ${sections} (--on; the goals: utfall goals list --unit STK-ICT).`,
    );
    expectRefused(
      await utfallIn('sv', 'comment', 'add', '--unit', 'STK', '--on', 'nonsense', 'Kolla.'),
      `”nonsense” är inget som kan kommenteras i rapporten för STK: kommentera något av ${known} (--on; målen: utfall goals list --unit STK).`,
    );
    for (const target of ['unit', 'narrative:events', `goal:${own[0]}`]) {
      const added = await utfall('comment', 'add', '--unit', 'STK', '--on', target, 'Kolla.');
      expect(added.err).toBe('');
      expect(added.out).toMatch(/^Comment \d+ added\.\n$/);
    }
    const listed = JSON.parse((await utfall('comment', 'list', '--unit', 'STK')).out) as {
      target: string;
    }[];
    expect(listed.map((c) => c.target)).toEqual(['unit', 'narrative:events', `goal:${own[0]}`]);
    // The API's comments are refused by the same rule.
    const scope = { municipalityId: 'lovisa', year: 2023, unitCode: 'STK' };
    expect(
      await refusedCode(addComment(store.db, scope, 'nonsense', 'x', systemActor('admin'))),
    ).toBe('comment.target');
  });

  it('refuses a budget or actuals file for a year without an organisation before reading it', async () => {
    const noOrganisation =
      '2030 has no organisation (no units) yet, so none of the file’s units can be found and the file was not read: start the year from 2023 (utfall year start 2030 --from 2023) or import its organisation (utfall import org FILE --year 2030), then import the file again.';
    expectRefused(
      await utfall('import', 'budget', join(fixtures, 'budget.csv'), '--year', '2030'),
      noOrganisation.replace('’', "'"),
    );
    expectRefused(
      await utfall('import', 'actuals', join(fixtures, 'ledger-2023.csv'), '--year', '2030'),
      noOrganisation.replace('’', "'"),
    );
    expectRefused(
      await utfallIn('fi', 'import', 'budget', join(fixtures, 'budget.csv'), '--year', '2030'),
      'Vuodella 2030 ei ole vielä organisaatiota (yksiköitä), joten tiedoston yksiköitä ei löydy eikä tiedostoa luettu: aloita vuosi vuoden 2023 pohjalta (utfall year start 2030 --from 2023) tai tuo sen organisaatio (utfall import org TIEDOSTO --year 2030) ja tuo tiedosto sitten uudelleen.',
    );
    // No earlier year to start it from: the organisation is the way.
    expectRefused(
      await utfall('import', 'budget', join(fixtures, 'budget.csv'), '--year', '2010'),
      'Year 2010 has no units: import the organisation first (utfall import org FILE --year 2010).',
    );
    expect((await utfall('imports')).out).not.toMatch(/\tbudget\t|\tactuals\t/);
  });
});
