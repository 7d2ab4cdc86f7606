/**
 * `utfall drill` on the demo (one load for the file, on the embedded engine; the routes' test
 * runs the service on both): from the services of the central down by area, account and month
 * to the postings of one account and month, in text, JSON and CSV — each level's rows adding up
 * to the figure above it, the postings to the month's actual, to the cent — a search, a
 * workbook, and every bad argument refused naming its option, exit 2, nothing on stdout.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrillView } from '../../src/api/drill.js';
import { openStore, type Store } from '../../src/db/open.js';
import { loadDemo } from '../../src/service/demo.js';
import { runCli, type CliRun } from '../support/cli.js';
import { csvCents as cents, parseCsv } from '../support/csv.js';

/** Printed figures with plain spaces and hyphens, to compare with text written here. */
const plain = (text: string) => text.replace(/\u00a0/g, ' ').replace(/\u2212/g, '-');

/** A refusal: exit 2, the message on standard error, nothing on standard output. */
function expectRefused(run: CliRun, message: string) {
  expect(run.err).toBe(message + '\n');
  expect(run.out).toBe('');
  expect(run.code).toBe(2);
}

describe('utfall drill', () => {
  let store: Store;
  let dir: string;
  const utfallIn = (lang: string, ...args: string[]) =>
    runCli(['-m', 'lovisa', 'drill', '--year', '2023', ...args], { UTFALL_LANG: lang }, { store });
  const utfall = (...args: string[]) => utfallIn('en', ...args);
  const ok = async (run: Promise<CliRun>): Promise<string> => {
    const done = await run;
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
    return done.out;
  };
  const json = async (...args: string[]) =>
    JSON.parse(await ok(utfall(...args, '--format', 'json'))) as DrillView;
  const csv = async (...args: string[]) => {
    const [header, ...lines] = parseCsv(await ok(utfall(...args, '--format', 'csv')));
    return { header: header!, lines, total: lines.pop()! };
  };

  const ICT = ['--unit', 'STK-ICT', '--line', 'services'];
  let account: string;
  let month: number;

  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory' });
    await loadDemo(store.db);
    dir = mkdtempSync(join(tmpdir(), 'utfall-drill-'));
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("breaks the central's services down by area, in text, JSON and CSV", async () => {
    const view = await json('--unit', 'STK', '--line', 'services');
    expect(view.by).toBe('units');
    expect(view.levels).toEqual(['units', 'accounts', 'months']);
    expect(view.figure.deviation).toBe(9852100);
    expect(view.rows.map((r) => r.unit!.code).sort()).toEqual(['STK-ADM', 'STK-EKP', 'STK-ICT']);
    for (const key of ['budget', 'actual', 'deviation'] as const)
      expect(view.rows.reduce((s, r) => s + r[key]!, 0)).toBe(view.figure[key]);
    expect(view.adds).toBe(true);

    const text = plain(await ok(utfall('--unit', 'STK', '--line', 'services')));
    const lines = text.split('\n');
    expect(lines[0]).toBe('STK City Chancellery Central — Purchases of services — 2023 — by unit');
    expect(lines.find((l) => l.startsWith('STK-ICT'))!.split(/\s{2,}/)).toEqual([
      'STK-ICT',
      'ICT Services',
      '-730 000',
      '-550 000',
      '180 000',
      '182.7 %',
    ]);
    expect(lines.find((l) => l.startsWith('Total'))!.split(/\s{2,}/)).toEqual([
      'Total',
      '-2 034 505',
      '-1 935 984',
      '98 521',
    ]);
    expect(text).toContain(
      'The rows add up to budget -2 034 505, actual -1 935 984, deviation 98 521 = the figure.',
    );
    expect(text).toContain('Can also be broken down: --by accounts, --by months.');

    const file = await csv('--unit', 'STK', '--line', 'services');
    expect(file.header).toEqual([
      'Unit',
      'Name',
      'Budget',
      'Actual',
      'Deviation',
      'Share of deviation %',
    ]);
    expect(file.lines.map((l) => l[0])).toEqual(view.rows.map((r) => r.unit!.code));
    expect(file.total.slice(0, 5)).toEqual(['Total', '', '-2034505,00', '-1935984,00', '98521,00']);
    expect(file.lines.reduce((s, l) => s + cents(l[4]!), 0)).toBe(9852100);
  });

  it('goes down an area by account (the line by its name) and an account by month', async () => {
    const accounts = JSON.parse(
      await ok(
        utfallIn(
          'sv',
          ...ICT.slice(0, 3),
          'Köp av tjänster',
          '--by',
          'accounts',
          '--format',
          'json',
        ),
      ),
    ) as DrillView;
    expect(accounts.line.code).toBe('services');
    expect(accounts.by).toBe('accounts');
    expect(accounts.rows.reduce((s, r) => s + r.actual!, 0)).toBe(accounts.figure.actual);
    const largest = accounts.rows[0]!;
    account = largest.account!;
    expect(account).toMatch(/^\d+$/);

    const months = await json(...ICT, '--account', account, '--by', 'months');
    expect(months.levels).toEqual(['units', 'months', 'postings']);
    expect(months.rows.map((r) => r.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // The months add up to the account's figure on the level above, to the cent.
    expect(months.figure).toEqual({
      budget: largest.budget,
      actual: largest.actual,
      deviation: largest.deviation,
    });
    for (const key of ['budget', 'actual', 'deviation'] as const)
      expect(months.rows.reduce((s, r) => s + r[key]!, 0)).toBe(largest[key]);
    const booked = months.rows.find((r) => r.month === 3)!;
    expect(booked.actual).not.toBe(0);
    expect(booked.postings).toBe(true);
    month = 3;

    const text = plain(await ok(utfallIn('sv', ...ICT, '--account', account, '--by', 'months')));
    expect(text.split('\n')[0]).toBe(
      `STK-ICT Informations- och kommunikationsteknologitjänster — Köp av tjänster — konto ${account} — 2023 — per månad`,
    );
    expect(text).toMatch(/^mars\s+-\d/m);
    expect(text).toContain(
      `Raderna summerar till budget ${plain(euros(largest.budget!))}, utfall ${plain(euros(largest.actual!))}, avvikelse ${plain(euros(largest.deviation!))} = figuren.`,
    );
    const file = await csv(...ICT, '--account', account, '--by', 'months', '--lang', 'fi');
    expect(file.header[0]).toBe('Kuukausi');
    expect(file.lines.map((l) => l[0])[2]).toBe('maaliskuu');
    expect(file.lines.reduce((s, l) => s + cents(l[2]!), 0)).toBe(largest.actual);
    expect(cents(file.total[2]!)).toBe(largest.actual);
  });

  it("lists the postings of the account and month, which sum to the month's actual", async () => {
    const months = await json(...ICT, '--account', account, '--by', 'months');
    const actual = months.rows.find((r) => r.month === month)!.actual!;
    const scope = [...ICT, '--account', account, '--month', String(month), '--by', 'postings'];

    const all = await json(...scope, '--all');
    const postings = all.postings!;
    expect(postings.rows).toHaveLength(postings.count);
    expect(postings.rows.reduce((s, p) => s + p.amount!, 0) + postings.balances!).toBe(actual);
    expect(all.adds).toBe(true);

    // The CSV holds every posting without --all.
    const file = await csv(...scope);
    expect(file.header).toEqual([
      'Date',
      'Unit',
      'Account',
      'Voucher',
      'Text',
      'Amount',
      'Import',
      'Row in file',
    ]);
    expect(file.lines).toHaveLength(postings.count);
    expect(file.lines.map((l) => l[3])).toEqual(postings.rows.map((p) => p.voucher));
    for (const line of file.lines) {
      expect(line[0]).toMatch(new RegExp(`^2023-0${month}-\\d\\d$`));
      expect(line[2]).toBe(account);
    }
    expect(file.lines.reduce((s, l) => s + cents(l[5]!), 0)).toBe(actual);
    expect(file.total[0]).toBe('Total');
    expect(cents(file.total[5]!)).toBe(actual);

    // The text pages: 50 a page by default, the page and the sum said.
    const pages = Math.ceil(postings.count / 10);
    const text = plain(await ok(utfall(...scope, '--page-size', '10', '--page', '2')));
    const rows = text.split('\n').filter((l) => /^2023-\d\d-\d\d /.test(l));
    expect(rows.map((l) => l.split(/\s{2,}/)[3])).toEqual(
      postings.rows.slice(10, 20).map((p) => p.voucher),
    );
    expect(text).toContain(`Page 2 of ${pages} (10 postings a page).`);
    expect(text).toContain(
      `The postings (${postings.count}) ${plain(money(postings.amount!))} + monthly balances without postings 0.00 = the actual ${plain(money(actual))}.`,
    );
    const sv = plain(await ok(utfallIn('sv', ...scope)));
    expect(sv).toContain(
      `Bokföringsraderna (${postings.count} st.) ${plain(money(postings.amount!, ','))} + månadssaldon utan bokföringsrader 0,00 = utfallet ${plain(money(actual, ','))}.`,
    );
    expect(sv).toContain(
      `Sida 1 av ${Math.ceil(postings.count / 50)} (50 bokföringsrader per sida).`,
    );

    // The workbook, into a file.
    const target = join(dir, 'postings.xlsx');
    const written = await utfall(...scope, '--format', 'xlsx', '-o', target);
    expect(written.code).toBe(0);
    expect(written.err).toBe(`Wrote ${target} (xlsx).\n`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(target);
    const sheet = workbook.worksheets[0]!;
    let sum = 0;
    for (let r = 4; r < 4 + postings.count; r += 1)
      sum += Math.round((sheet.getRow(r).getCell(6).value as number) * 100);
    expect(sum).toBe(actual);
  });

  it('searches the postings by text, sorted by amount', async () => {
    const scope = [...ICT, '--account', account, '--month', String(month), '--by', 'postings'];
    const found = await json(...scope, '--search', 'LICENSER', '--sort', 'amount', '--all');
    const p = found.postings!;
    expect(p.matching).toBeGreaterThan(0);
    expect(p.matching).toBeLessThan(p.count);
    expect(p.rows).toHaveLength(p.matching);
    for (const row of p.rows) expect(row.text.toLowerCase()).toContain('licenser');
    const amounts = p.rows.map((r) => r.amount!);
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
    expect(amounts.reduce((s, a) => s + a, 0)).toBe(p.matchingAmount);
    const desc = await json(
      ...scope,
      '--search',
      'licenser',
      '--sort',
      'amount',
      '--desc',
      '--all',
    );
    expect(desc.postings!.rows.map((r) => r.amount)).toEqual([...amounts].reverse());

    const file = await csv(...scope, '--search', 'licenser');
    expect(file.lines).toHaveLength(p.matching);
    expect(cents(file.total[5]!)).toBe(p.matchingAmount);
    const text = plain(await ok(utfall(...scope, '--search', 'licenser')));
    expect(text).toContain(
      `${p.matching} of ${p.count} postings contain "licenser": total ${plain(money(p.matchingAmount!))}.`,
    );
  });

  it('refuses bad arguments naming the option, exit 2', async () => {
    const units =
      'LOVISA, STK, STK-ADM, STK-ICT, STK-EKP, 110101, 110102, 110103, 110104, 110105, 120101, 120102';
    expectRefused(
      await utfall('--unit', 'NOPE', '--line', 'services'),
      `Unknown unit "NOPE". Known units include: ${units} (see utfall units).`,
    );
    expectRefused(
      await utfall('--unit', 'STK', '--line', 'nope'),
      '--line "nope" is not a line of the income statement: give the line\'s code (e.g. services, personnel, margin) or its name (e.g. "Purchases of services").',
    );
    expectRefused(
      await utfallIn('sv', '--unit', 'STK', '--line', 'nope'),
      '--line "nope" är ingen rad i resultaträkningen: ange radens kod (t.ex. services, personnel, margin) eller namn (t.ex. "Köp av tjänster").',
    );
    expectRefused(
      await utfall('--unit', 'STK', '--line', 'services', '--month', '13'),
      '--month 13 is not a month of the period: give 1–12.',
    );
    expectRefused(
      await utfall('--unit', 'STK', '--line', 'services', '--month', 'March'),
      '--month March is not a month of the period: give 1–12.',
    );
    expectRefused(
      await utfallIn(
        'fi',
        '--unit',
        'STK',
        '--line',
        'services',
        '--period',
        '2023-04',
        '--month',
        '5',
      ),
      '--month 5 ei ole kauden kuukausi: anna 1–4.',
    );
    expectRefused(
      await utfall('--unit', 'STK', '--line', 'services', '--by', 'postings'),
      '--by postings does not apply here: choose from units, accounts, months.',
    );
    expectRefused(
      await utfall(...ICT, '--account', account, '--month', '3', '--by', 'months'),
      '--by months does not apply here: choose from units, postings.',
    );
    expectRefused(
      await utfall('--unit', 'STK', '--line', 'services', '--account', '43x0'),
      '--account "43x0" is not an account number: give the account\'s digits, e.g. 4320.',
    );
    expectRefused(
      await utfall('--unit', 'STK', '--line', 'services', '--format', 'xlsx'),
      '--format xlsx writes a file: give -o FILE.',
    );
    // Commander's own refusals name the option too.
    for (const [option, ...args] of [
      ['--by', '--by', 'cost-centres'],
      ['--page', '--page', '0'],
      ['--page-size', '--page-size', 'ten'],
      ['--all', '--all', '--page-size', '5'],
      ['--format', '--format', 'pdf'],
    ]) {
      const run = await utfall('--unit', 'STK', '--line', 'services', ...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.out).toBe('');
      expect(run.err).toContain(`option '${option}`);
    }
    const missing = await utfall('--unit', 'STK');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--line');
  });
});

/** Whole euros as the CLI prints a level's figure. */
function euros(amount: number): string {
  const abs = Math.abs(amount) + 50;
  return group((amount < 0 ? -1 : 1) * ((abs - (abs % 100)) / 100));
}

/** Euros and cents as the CLI prints a posting (`decimal` the language's sign). */
function money(amount: number, decimal = '.'): string {
  const abs = Math.abs(amount);
  return `${amount < 0 ? '-' : ''}${group((abs - (abs % 100)) / 100)}${decimal}${String(abs % 100).padStart(2, '0')}`;
}

function group(n: number): string {
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${n < 0 ? '-' : ''}${digits}`;
}
