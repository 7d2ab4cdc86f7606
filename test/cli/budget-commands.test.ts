/**
 * `utfall budget-change list|edit|delete` (issue 14), on both engines: the year's council
 * decisions listed with their ids, versions and amounts; a decision corrected through the same
 * service as the web (the version read and sent, or --base-version; what is not given stays,
 * an --amount sets one unit and line, 0 takes it out), audited; deleted after a confirmation on
 * a terminal, with --yes elsewhere, else refused. Bad input is refused naming what is known,
 * exit 2, in the message language. Every command of a file runs on one open database.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import { runCli, type CliOptions, type CliRun } from '../support/cli.js';
import { ENGINES } from '../support/engines.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');
const MINUS = '\u2212';
const NBSP = '\u00a0';
/** Cents as the CLI prints them in English, `−12 500.50` (no-break space between groups). */
const en = (text: string) => text.replaceAll('-', MINUS).replaceAll(' ', NBSP);

/** A refusal: exit 2, the message on standard error, nothing on standard output. */
function expectRefused(run: CliRun, message: string) {
  expect(run.err).toBe(message + '\n');
  expect(run.out).toBe('');
  expect(run.code).toBe(2);
}

describe.each(ENGINES)('utfall budget-change on $name', (engine) => {
  let store: Store;
  let dir: string;
  const utfallIn = (lang: string, args: string[], options: CliOptions = {}) =>
    runCli(args, { UTFALL_LANG: lang }, { store, ...options });
  const utfall = (...args: string[]) => utfallIn('en', args);
  /** Records a decision as `utfall import budget --stage change` does; returns its id. */
  const record = async (decision: string, date: string, rows: string[]): Promise<number> => {
    const file = join(dir, `change-${rows.length}-${Date.now()}.csv`);
    writeFileSync(file, ['unit,line,amount', ...rows].join('\n') + '\n');
    const run = await utfall(
      'import',
      'budget',
      file,
      '--stage',
      'change',
      '--decision',
      decision,
      '--date',
      date,
    );
    if (run.code !== 0) throw new Error(run.err);
    const list = JSON.parse((await utfall('budget-change', 'list', '--json')).out) as {
      id: number;
      decision: string;
    }[];
    return list.find((c) => c.decision === decision)!.id;
  };

  beforeAll(async () => {
    store = await engine.open();
    dir = mkdtempSync(join(tmpdir(), 'utfall-budget-change-'));
    const org = await utfall(
      '-m',
      'lovisa',
      'import',
      'org',
      join(fixtures, 'lovisa-2023', 'org.csv'),
      '--year',
      '2023',
    );
    if (org.code !== 0) throw new Error(org.err);
    const reader = await utfall('user', 'add', 'lasse', '--role', 'reader');
    if (reader.code !== 0) throw new Error(reader.err);
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists the decisions with their ids, versions and amounts', async () => {
    const none = await utfall('budget-change', 'list');
    expect(none).toEqual({ code: 0, out: 'No budget changes in 2023.\n', err: '' });
    const id = await record('KF 12.6.2023 §45', '12.6.2023', [
      'STK-ICT,services,-10000',
      'STK-EKP,personnel,-2500.50',
    ]);
    const list = await utfall('budget-change', 'list');
    expect(list.err).toBe('');
    expect(list.out).toBe(
      '1 budget change in 2023 (id, date, reference, version, total, text; the amounts per unit and line):\n' +
        `${id}\t2023-06-12\tKF 12.6.2023 §45\tv1\t${en('-12 500.50')}\n` +
        `  STK-EKP\tpersonnel\tPersonnel expenses\t${en('-2 500.50')}\n` +
        `  STK-ICT\tservices\tPurchases of services\t${en('-10 000.00')}\n`,
    );
    const sv = await utfallIn('sv', ['budget-change', 'list']);
    expect(sv.out).toContain('1 budgetförändring 2023 (id, datum, referens');
    expect(sv.out).toContain(`\tKöp av tjänster\t${en('-10 000,00')}\n`);
  });

  it('corrects a decision: what is given changes, the rest stays; audited', async () => {
    const id = await record('KF 20.3.2023 § 12', '2023-03-20', [
      'STK-ICT,services,-1000',
      'STK-EKP,materials,-500',
    ]);
    const edit = await utfall(
      'budget-change',
      'edit',
      String(id),
      '--text',
      'Tilläggsanslag',
      '--amount',
      'stk-ict:Köp av tjänster=-1 200',
      '--amount',
      'STK-EKP:materials=0',
    );
    expect(edit.err).toBe('');
    expect(edit.code).toBe(0);
    expect(edit.out).toBe(
      `Decision KF 20.3.2023 § 12 (id ${id}) corrected, now version 2:\n` +
        `${id}\t2023-03-20\tKF 20.3.2023 § 12\tv2\t${en('-1 200.00')}\tTilläggsanslag\n` +
        `  STK-ICT\tservices\tPurchases of services\t${en('-1 200.00')}\n`,
    );
    // Based on the version the user saw: a later one refuses it, in the message language.
    const args = ['budget-change', 'edit', String(id), '--date', '2023-04-01'];
    expectRefused(
      await utfall(...args, '--base-version', '1'),
      'Not saved: the decision KF 20.3.2023 § 12 was changed meanwhile (now version 2, your change was based on version 1). See it as it is now (utfall budget-change list) and make your change again.',
    );
    expectRefused(
      await utfallIn('fi', [...args, '--base-version', '1']),
      'Ei tallennettu: päätöstä KF 20.3.2023 § 12 on muutettu sillä välin (nyt versio 2, muutoksesi perustui versioon 1). Katso sen nykyinen sisältö (utfall budget-change list) ja tee muutos uudestaan.',
    );
    const moved = await utfall(...args, '--base-version', '2', '--json');
    expect(JSON.parse(moved.out)).toMatchObject({ id, version: 3, date: '2023-04-01' });
    const audit = JSON.parse(
      (await utfall('audit', '--entity', 'budgetChange', '--action', 'update', '--json')).out,
    ) as { key: string; before: { version: number }; after: { text: string } }[];
    expect(audit.map((e) => [e.key, e.before.version, e.after.text])).toEqual([
      [`2023/change/${id}`, 1, 'Tilläggsanslag'],
      [`2023/change/${id}`, 2, 'Tilläggsanslag'],
    ]);
  });

  it('refuses a correction it cannot make, naming what is known', async () => {
    const id = String(await record('KF 1.2.2023 § 3', '2023-02-01', ['STK-ICT,services,-300']));
    const edit = (...args: string[]) => utfall('budget-change', 'edit', id, ...args);
    expectRefused(
      await edit(),
      `Nothing to correct in decision ${id}: give --decision, --date, --text or --amount UNIT:LINE=EUROS.`,
    );
    expectRefused(
      await edit('--amount', 'STK-ICT services -300'),
      '--amount "STK-ICT services -300" is not UNIT:LINE=EUROS (e.g. --amount STK-ICT:services=-10000, euros in report sign: a cost increase is negative; 0 takes the amount out).',
    );
    expectRefused(
      await edit('--amount', 'STK-ICT:nope=1'),
      '"nope" is not a line of the report: the lines amounts are entered on are sales, fees, grants, otherRevenue, stockChange, ownUse, personnel, services, materials, subsidies, otherCosts, depreciation, internal, imputed (or their names in Swedish, Finnish or English).',
    );
    expectRefused(
      await edit('--amount', 'STK-ICT:costs=1'),
      'The line Operating expenses is a total: enter the amount on one of its lines.',
    );
    expect((await edit('--amount', 'NOPE:services=1')).err).toMatch(
      /^Unknown unit "NOPE"\. Known units include: LOVISA, STK, .* \(see utfall units\)\.\n$/,
    );
    expectRefused(
      await edit('--date', '31.2.2023'),
      'A budget change needs --date, the decision date (2023-06-12 or 12.6.2023); got "31.2.2023".',
    );
    expectRefused(
      await utfall('budget-change', 'edit', '999', '--text', 'x'),
      'There is no budget change with id 999 in 2023 (see utfall budget-change list --year 2023).',
    );
    expectRefused(
      await utfallIn('sv', ['budget-change', 'delete', 'x']),
      'Det finns ingen budgetförändring med id x år 2023 (se utfall budget-change list --year 2023).',
    );
    // A reader may list the decisions, not correct them.
    const reader = await runCli(
      ['budget-change', 'edit', id, '--text', 'x'],
      { UTFALL_LANG: 'en', UTFALL_USER: 'lasse' },
      { store },
    );
    expectRefused(reader, 'Your role may not do this (needs finance).');
    const list = await runCli(
      ['budget-change', 'list', '--json'],
      { UTFALL_USER: 'lasse' },
      { store },
    );
    expect(JSON.parse(list.out)).toContainEqual(expect.objectContaining({ id: Number(id) }));
  });

  it('deletes a decision after a confirmation, with --yes off a terminal, else not', async () => {
    const id = await record('KF 5.5.2023 § 7', '2023-05-05', [
      'STK-ICT,services,-700',
      'STK-EKP,services,-300',
    ]);
    const listed = async () =>
      (JSON.parse((await utfall('budget-change', 'list', '--json')).out) as { id: number }[]).some(
        (c) => c.id === id,
      );
    // Standard input no terminal and no --yes: refused, nothing deleted.
    expectRefused(
      await utfall('budget-change', 'delete', String(id)),
      `Deleting the decision KF 5.5.2023 § 7 (id ${id}) needs a confirmation, and standard input is not a terminal to ask on: add --yes (utfall budget-change delete ${id} --year 2023 --yes). Nothing was deleted.`,
    );
    expectRefused(
      await utfallIn('sv', ['budget-change', 'delete', String(id)]),
      `Att ta bort beslutet KF 5.5.2023 § 7 (id ${id}) kräver en bekräftelse, och standardinmatningen är ingen terminal att fråga i: lägg till --yes (utfall budget-change delete ${id} --year 2023 --yes). Inget togs bort.`,
    );
    expect(await listed()).toBe(true);
    // On a terminal: asked, and anything but yes keeps it (exit 1).
    const asked: string[] = [];
    const answer = (reply: string) => (question: string) => {
      asked.push(question);
      return Promise.resolve(reply);
    };
    const no = await utfallIn('en', ['budget-change', 'delete', String(id)], { ask: answer('n') });
    expect(asked).toEqual([
      `Delete the decision KF 5.5.2023 § 7 (id ${id}, 2023-05-05, total ${en('-1 000.00')}) and its amounts on 2 units and lines? [y/N] `,
    ]);
    expect(no).toEqual({ code: 1, out: '', err: `Nothing was deleted: decision ${id} stays.\n` });
    expect(await listed()).toBe(true);
    // Yes in the message language.
    const yes = await utfallIn('sv', ['budget-change', 'delete', String(id)], {
      ask: answer(' Ja '),
    });
    expect(asked[1]).toMatch(/^Ta bort beslutet KF 5\.5\.2023 § 7 .*\? \[j\/N\] $/);
    expect(yes.err).toBe('');
    expect(yes.out).toBe(
      `Beslutet KF 5.5.2023 § 7 (id ${id}) och dess belopp borttagna; importen som registrerade det finns kvar i historiken (utfall imports).\n`,
    );
    expect(yes.code).toBe(0);
    expect(await listed()).toBe(false);
    // --yes deletes without asking, based on the version read (or --base-version).
    const other = await record('KF 6.6.2023 § 8', '2023-06-06', ['STK-ICT,services,-1']);
    expectRefused(
      await utfall('budget-change', 'delete', String(other), '--yes', '--base-version', '2'),
      'Not saved: the decision KF 6.6.2023 § 8 was changed meanwhile (now version 1, your change was based on version 2). See it as it is now (utfall budget-change list) and make your change again.',
    );
    const deleted = await utfall('budget-change', 'delete', String(other), '--yes');
    expect(deleted.code).toBe(0);
    expect(deleted.out).toContain(`Decision KF 6.6.2023 § 8 (id ${other}) and its amounts deleted`);
    const audit = JSON.parse(
      (await utfall('audit', '--entity', 'budgetChange', '--action', 'delete', '--json')).out,
    ) as { key: string }[];
    expect(audit.map((e) => e.key)).toEqual([`2023/change/${id}`, `2023/change/${other}`]);
  });
});
