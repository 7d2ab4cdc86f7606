/**
 * Budgets by month (docs/interim.md), on both engines: a monthly budget file's months are stored
 * as the file gives them; a year budget is spread by its line's named profile (holiday pay in
 * June and July), by the profile the import names or by last year's actuals of its unit and
 * line; a budget change — file or form — is spread from its decision's month, unless its file
 * gives the months. For every leaf line of the unit tree the budget to date of each month is the
 * sum of its months, and December's is the revised budget. A bad period is refused with file,
 * row and column and the database is unchanged. Named profiles: finance's to write, audited,
 * checked. And the same through `utfall profile` and `utfall import budget --profile`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leafMonths, snapshot } from '../../src/db/figures.js';
import { openStore, type Store } from '../../src/db/open.js';
import { listUnits } from '../../src/db/units.js';
import { systemActor, type Actor } from '../../src/domain/access.js';
import { UtfallError } from '../../src/domain/errors.js';
import { LINES } from '../../src/domain/lines.js';
import type { LeafAmounts } from '../../src/domain/model.js';
import { cents, type Cents } from '../../src/domain/money.js';
import { spread } from '../../src/domain/spread.js';
import { translate } from '../../src/i18n/index.js';
import { formatProblem } from '../../src/import/problems.js';
import { recordBudgetChange } from '../../src/service/budget-changes.js';
import { auditLog } from '../../src/service/content.js';
import { runImport, type ImportRequest } from '../../src/service/imports.js';
import { deleteProfile, listProfiles, setProfile } from '../../src/service/profiles.js';
import { runCli } from '../support/cli.js';
import { ENGINES } from '../support/engines.js';

const M = 'manad';
const Y = 2023;
const actor = systemActor('test');
const finance: Actor = {
  name: 'finance',
  system: false,
  memberships: { [M]: { role: 'finance', units: [] } },
  everywhere: null,
};
const reader: Actor = {
  name: 'reader',
  system: false,
  memberships: { [M]: { role: 'reader', units: [] } },
  everywhere: null,
};
/** Personnel costs with holiday pay in June and July (and less in August): the weights add to 100. */
const HOLIDAY_PAY = [8, 8, 8, 8, 8, 12, 12, 4, 8, 8, 8, 8];
const ORG = [
  'code,parent,kind,name_sv',
  'LOVISA,,city,Lovisa',
  'STK,LOVISA,central,Stadskansliet',
  'STK-ADM,STK,area,Förvaltning',
  '110100,STK-ADM,costcenter,Administration',
  '120100,STK-ADM,costcenter,IT',
  '130100,STK-ADM,costcenter,Löner',
].join('\n');

const folder = mkdtempSync(join(tmpdir(), 'utfall-budget-months-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;
function write(name: string, text: string): string {
  const path = join(folder, `${++files}-${name}`);
  writeFileSync(path, text + '\n');
  return path;
}

const euros = (list: readonly number[]): Cents[] => list.map((x) => cents(Math.round(x * 100)));

async function imported(store: Store, request: Omit<ImportRequest, 'municipalityId'>) {
  const outcome = await runImport(store.db, { municipalityId: M, ...request }, actor);
  expect(outcome.problems).toEqual([]);
  expect(outcome.written).toBe(request.dryRun ? false : true);
  return outcome;
}

/** The stored months of the year's entries, summed per stage, unit and line. */
async function storedMonths(store: Store): Promise<Map<string, Cents[]>> {
  const rows = await store.db
    .selectFrom('budget_entry')
    .select(['stage', 'unit_code', 'line', 'months'])
    .where('municipality_id', '=', M)
    .where('year', '=', Y)
    .execute();
  const sums = new Map<string, Cents[]>();
  for (const row of rows) {
    for (const key of [
      `${row.stage} ${row.unit_code} ${row.line}`,
      `${row.unit_code} ${row.line}`,
    ]) {
      const sum = sums.get(key) ?? Array.from({ length: 12 }, () => cents(0));
      row.months.forEach((x, i) => (sum[i] = cents(sum[i]! + Number(x))));
      sums.set(key, sum);
    }
  }
  return sums;
}

describe.each(ENGINES)('budgets by month on $name', (engine) => {
  let store: Store;

  beforeAll(async () => {
    store = await engine.open();
    const org = write('org.csv', ORG);
    for (const year of [Y - 1, Y]) await imported(store, { kind: 'org', file: org, year });
    // Last year's personnel costs of 110100: most in June and July, nothing in August.
    const months = [10, 10, 10, 10, 10, 15, 15, 0, 5, 5, 5, 5];
    const ledger = write(
      'ledger-2022.csv',
      [
        'date;account;unit;amount',
        ...months.map((x, i) => `15.${i + 1}.${Y - 1};4000;110100;-${x * 100}`),
        // And some revenue of 130100 in January only.
        `10.1.${Y - 1};3000;130100;500`,
      ].join('\n'),
    );
    await imported(store, { kind: 'actuals', file: ledger, year: Y - 1 });
  });
  afterAll(async () => {
    await store?.close();
  });

  it("stores a monthly budget file's months as the file gives them", async () => {
    const outcome = await imported(store, {
      kind: 'budget',
      file: 'fixtures/import/good/budget-monthly.csv',
      year: Y,
    });
    // One record per unit, account, line and kind: 18 rows make three entries.
    expect(outcome.source?.rows).toBe(18);
    expect(outcome.records).toBe(3);
    const stored = await storedMonths(store);
    expect(stored.get('original 110100 personnel')).toEqual(
      euros([-20e3, -20e3, -20e3, -20e3, -20e3, -30e3, -30e3, -10e3, -20e3, -20e3, -20e3, -20e3]),
    );
    // Months without a row are 0; two rows of May add up.
    expect(stored.get('original 120100 services')).toEqual(
      euros([-1500.5, 0, 0, 0, -1250.25, 0, 0, 0, 0, 0, 0, -3000]),
    );
    expect(stored.get('original 130100 fees')).toEqual(
      euros([0, 0, 4500, 0, 0, 0, 0, 0, 4500, 0, 0, 0]),
    );
  });

  it("spreads a year budget by its line's profile, the profile named, or last year's actuals", async () => {
    await setProfile(store.db, finance, M, Y, {
      name: 'holiday-pay',
      weights: HOLIDAY_PAY,
      line: 'personnel',
    });
    const file = write(
      'budget-year.csv',
      ['unit;line;amount', '110100;personnel;-100000', '120100;services;-12000,12'].join('\n'),
    );
    // No profile named: personnel by its line's profile (holiday pay), services evenly.
    await imported(store, { kind: 'budget', file, year: Y });
    let stored = await storedMonths(store);
    expect(stored.get('original 110100 personnel')).toEqual(
      euros([-8e3, -8e3, -8e3, -8e3, -8e3, -12e3, -12e3, -4e3, -8e3, -8e3, -8e3, -8e3]),
    );
    // 1 200 012 cents in twelve: the cent left over goes to the first month.
    expect(stored.get('original 120100 services')).toEqual([
      -100001,
      ...Array.from({ length: 11 }, () => -100001),
    ]);

    // The profile named spreads every line of the file by it.
    await imported(store, { kind: 'budget', file, year: Y, profile: 'holiday-pay' });
    stored = await storedMonths(store);
    expect(stored.get('original 120100 services')).toEqual(spread(cents(-1200012), HOLIDAY_PAY));
    expect(stored.get('original 120100 services')![5]).toBe(-144001);

    // previous-year: 110100 personnel as it was booked in 2022 (nothing in August); 120100 had
    // no actual on services in 2022, so evenly.
    await imported(store, { kind: 'budget', file, year: Y, profile: 'previous-year' });
    stored = await storedMonths(store);
    expect(stored.get('original 110100 personnel')).toEqual(
      euros([-10e3, -10e3, -10e3, -10e3, -10e3, -15e3, -15e3, 0, -5e3, -5e3, -5e3, -5e3]),
    );
    expect(stored.get('original 120100 services')).toEqual(spread(cents(-1200012)));
  });

  it("spreads a budget change from its decision's month, unless its file gives the months", async () => {
    // A change decided in September: personnel by holiday pay over September–December (8 each).
    const change = write('change.csv', ['unit;line;amount', '110100;personnel;-4000'].join('\n'));
    await imported(store, {
      kind: 'budget',
      file: change,
      year: Y,
      stage: 'change',
      decision: 'KF 18.9.2023 § 50',
      date: '18.9.2023',
    });
    let stored = await storedMonths(store);
    expect(stored.get('change 110100 personnel')).toEqual(
      euros([0, 0, 0, 0, 0, 0, 0, 0, -1000, -1000, -1000, -1000]),
    );

    // From the form: decided in July, services evenly over July–December.
    await recordBudgetChange(
      store.db,
      M,
      Y,
      {
        decision: 'KS 3.7.2023 § 12',
        date: '2023-07-03',
        amounts: [{ unit: '120100', line: 'services', amount: -60000 }],
      },
      finance,
    );
    stored = await storedMonths(store);
    expect(stored.get('change 120100 services')).toEqual(
      euros([0, 0, 0, 0, 0, 0, -100, -100, -100, -100, -100, -100]),
    );

    // A change file with periods gives its months, also before the decision.
    const monthly = write(
      'change-monthly.csv',
      ['unit;line;period;amount', '130100;fees;2023-02;100', '130100;fees;2023-11;200'].join('\n'),
    );
    await imported(store, {
      kind: 'budget',
      file: monthly,
      year: Y,
      stage: 'change',
      decision: 'KF 20.11.2023 § 70',
      date: '2023-11-20',
      profile: 'holiday-pay',
    });
    stored = await storedMonths(store);
    expect(stored.get('change 130100 fees')).toEqual(
      euros([0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 200, 0]),
    );
  });

  it('must-show: every leaf line’s budget to date is the sum of its months, December’s the revised budget', async () => {
    const stored = await storedMonths(store);
    const units = await listUnits(store.db, M, Y);
    const leafLines = LINES.filter((line) => !line.sumOf).map((line) => line.code);
    const byMonth: LeafAmounts[][] = [];
    for (let month = 1; month <= 12; month++)
      byMonth.push((await leafMonths(store.db, M, Y, { toMonth: month, byMonth: false })).leaves);
    let checked = 0;
    for (const unit of units)
      for (const line of leafLines) {
        const months = stored.get(`${unit.code} ${line}`);
        const leafOf = (month: number) =>
          byMonth[month - 1]!.find((l) => l.unitCode === unit.code && l.line === line);
        if (!months) {
          expect(leafOf(12)?.revisedToDate ?? null).toBeNull();
          continue;
        }
        let toDate = 0;
        for (let month = 1; month <= 12; month++) {
          toDate += months[month - 1]!;
          expect(leafOf(month)?.revisedToDate, `${unit.code} ${line} 1–${month}`).toBe(toDate);
        }
        const december = leafOf(12)!;
        expect(december.revisedToDate).toBe((december.budget ?? 0) + (december.changes ?? 0));
        checked++;
      }
    // 110100 personnel, 120100 services, 130100 fees.
    expect(checked).toBe(3);
  });

  it('refuses a bad period with file, row and column, and changes nothing', async () => {
    const before = await snapshot(store.db, M);
    const file = 'fixtures/import/bad/budget-period-bad.csv';
    const outcome = await runImport(store.db, { kind: 'budget', file, municipalityId: M }, actor);
    expect(outcome.ok).toBe(false);
    expect(outcome.written).toBe(false);
    expect(outcome.problems.map((p) => [p.code, p.file, p.row, p.column, p.value])).toEqual([
      ['budgetPeriod.invalid', file, 3, 'period', '2023-13'],
      ['budgetPeriod.otherYear', file, 4, 'period', '2022-05'],
      ['budgetPeriod.invalid', file, 5, 'period', '0'],
      ['budgetPeriod.mixed', file, 6, 'period', ''],
    ]);
    expect(formatProblem(outcome.problems[1]!, translate('sv'))).toBe(
      `${file}, rad 4, kolumn "period": "2022-05" hör inte till budgetåret 2023 (väntat: en månad i budgetåret 2023)`,
    );
    expect(formatProblem(outcome.problems[3]!, translate('en'))).toContain(
      'row 6, column "period": the row has no period, but row 2 has one',
    );
    expect(formatProblem(outcome.problems[0]!, translate('fi'))).toContain(
      'talousarviovuoden kuukausi: 2023-05, 5/2023 tai kuukauden numero 1–12',
    );
    expect(await snapshot(store.db, M)).toBe(before);
  });

  it('profiles: finance writes them, audited; weights, names and lines are checked', async () => {
    const refused = async (work: Promise<unknown>) => {
      const error = await work.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UtfallError);
      return (error as UtfallError).code;
    };
    const set = (input: Parameters<typeof setProfile>[4], who = finance) =>
      setProfile(store.db, who, M, Y, input);
    expect(await refused(set({ name: 'x', weights: HOLIDAY_PAY }, reader))).toBe('forbiddenRole');
    expect(await refused(set({ name: 'x', weights: HOLIDAY_PAY.slice(1) }))).toBe(
      'profile.weights',
    );
    expect(await refused(set({ name: 'x', weights: Array<number>(12).fill(0) }))).toBe(
      'profile.weights',
    );
    expect(await refused(set({ name: 'x', weights: [...HOLIDAY_PAY.slice(1), -1] }))).toBe(
      'profile.weights',
    );
    expect(await refused(set({ name: 'even', weights: HOLIDAY_PAY }))).toBe('profile.name');
    expect(await refused(set({ name: 'x', weights: HOLIDAY_PAY, line: 'revenue' }))).toBe(
      'profile.line',
    );
    // A line has one profile.
    expect(
      await refused(set({ name: 'other', weights: HOLIDAY_PAY, line: 'Personalkostnader' })),
    ).toBe('profile.lineTaken');
    expect(
      await refused(
        runImport(
          store.db,
          {
            kind: 'budget',
            file: 'fixtures/import/good/budget.csv',
            municipalityId: M,
            profile: 'nope',
          },
          actor,
        ),
      ),
    ).toBe('profile.unknown');
    expect(await refused(deleteProfile(store.db, finance, M, Y, 'nope'))).toBe('profile.unknown');

    // The line moves: take it from one profile, give it to another (by its label).
    await set({ name: 'holiday-pay', weights: HOLIDAY_PAY });
    await set({
      name: 'summer',
      weights: [1, 1, 1, 1, 1, 2, 2, 1, 1, 1, 1, 1],
      line: 'Personalkostnader',
    });
    const list = await listProfiles(store.db, reader, M, Y);
    expect(list.builtIn).toEqual(['even', 'previous-year']);
    expect(list.profiles.map((p) => [p.name, p.line, p.weights.length, p.updatedBy])).toEqual([
      ['holiday-pay', null, 12, 'finance'],
      ['summer', 'personnel', 12, 'finance'],
    ]);
    await deleteProfile(store.db, finance, M, Y, 'summer');
    const audit = await auditLog(store.db, M, { entity: 'profile' });
    expect(audit.map((e) => [e.action, e.key, e.actor])).toEqual([
      ['create', `${Y}/holiday-pay`, 'finance'],
      ['update', `${Y}/holiday-pay`, 'finance'],
      ['create', `${Y}/summer`, 'finance'],
      ['delete', `${Y}/summer`, 'finance'],
    ]);
    expect(audit[1]!.before).toEqual({ line: 'personnel', weights: HOLIDAY_PAY });
    expect(audit[1]!.after).toEqual({ line: null, weights: HOLIDAY_PAY });
  });
});

describe('utfall profile and utfall import budget --profile', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'utfall-profile-cli-'));
  const env = { UTFALL_DATA: dataDir, DATABASE_URL: '', UTFALL_LANG: 'en' };
  const utfall = (...args: string[]) => runCli(['-m', M, ...args], env);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('sets, lists and deletes a profile, and an import spreads by the one it names', async () => {
    expect((await utfall('import', 'org', write('org.csv', ORG), '--year', String(Y))).code).toBe(
      0,
    );
    const set = await utfall(
      'profile',
      'set',
      'holiday-pay',
      '--weights',
      HOLIDAY_PAY.join(','),
      '--line',
      'personnel',
    );
    expect(set.err).toBe('');
    expect(set.out).toBe(
      `Profile holiday-pay saved for ${Y}: 8,8,8,8,8,12,12,4,8,8,8,8 (line personnel).\n`,
    );
    const bad = await utfall('profile', 'set', 'x', '--weights', '1,2,3');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('twelve weights');
    const budget = write('budget.csv', 'unit;line;amount\n120100;services;-1000');
    const run = await utfall('import', 'budget', budget, '--profile', 'holiday-pay');
    expect(run.code).toBe(0);
    expect(run.out).toContain('1 records written for 2023');
    const opened = await openStore({ dataDir });
    try {
      // Spread by holiday pay; to June 8 × 5 + 12 = 52 % of −1 000 €.
      const june = (await leafMonths(opened.db, M, Y, { toMonth: 6, byMonth: false })).leaves;
      expect(june.find((l) => l.unitCode === '120100')?.revisedToDate).toBe(-52000);
    } finally {
      await opened.close();
    }
    const list = (await utfall('profile', 'list')).out.split('\n');
    expect(list.slice(0, 2)).toEqual(['even\tbuilt in', 'previous-year\tbuilt in']);
    expect(list[2]).toMatch(/^holiday-pay\t8,8,8,8,8,12,12,4,8,8,8,8\tpersonnel\t\d{4}-\S+\t\S+$/);
    const deleted = await utfall('profile', 'delete', 'holiday-pay');
    expect(deleted.out).toBe(`Profile holiday-pay removed from ${Y}.\n`);
  });
});
