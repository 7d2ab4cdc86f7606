/**
 * The ledger store's promises (issue 15), on both engines: an undo takes out its import's
 * posting blocks and drill-down rows; a replacing import's postings stand for the months it
 * replaced and the earlier import's for the rest, and undoing it brings those back; an appended
 * import's postings stand beside the earlier ones; a balances import has a balance and no
 * postings; a refused import leaves the database as it was. On a PGlite data folder: a segment
 * file no row names (a rolled-back import's, a stray one) is gone at the next open and the
 * committed ones are read; an import killed with SIGKILL at any moment is there whole or not at
 * all. On PostgreSQL: two imports at once, and an undo racing an import, leave every cell's
 * postings adding up to its actual.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../../src/db/figures.js';
import { openStore, type Store } from '../../src/db/open.js';
import { SYSTEM_ACTOR } from '../../src/domain/access.js';
import { UtfallError } from '../../src/domain/errors.js';
import { changeState } from '../../src/service/content.js';
import { undoImport } from '../../src/service/import-undo.js';
import { runImport, type ImportRequest } from '../../src/service/imports.js';
import { benchOrg, writeLedger } from '../../bench/ledger.js';
import { ENGINES } from '../support/engines.js';
import {
  amount,
  drillOf,
  expectAddsUp,
  ledgerCells,
  readLedger,
  type LedgerLine,
} from '../support/ledger.js';

const Y = 2023;
const COST_CENTRES = ['100000', '100001', '100002', '100003'];
const ACCOUNTS = ['4000', '4320'];
const ROOT = 'CITY';
const folder = mkdtempSync(join(tmpdir(), 'utfall-ledger-store-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const ORG = join(folder, 'org.csv');
writeFileSync(ORG, benchOrg(COST_CENTRES.length));

let files = 0;
/**
 * A small ledger of `tag`: two lines per cost centre × month × account (accounting sign, a
 * reversal among them), and a pair that cancels out in the first cost centre's first month.
 */
function ledgerFile(tag: string, units: readonly string[], months: readonly number[]): string {
  const rows = ['Datum;Konto;Kostnadsställe;Belopp;Text;Verifikat'];
  let n = 0;
  for (const unit of units)
    for (const month of months)
      for (const account of ACCOUNTS)
        for (let k = 0; k < 2; k++) {
          n++;
          const cents =
            (k === 1 && month % 3 === 0 ? -1 : 1) *
            (1000 + tag.charCodeAt(0) * 37 + Number(unit.slice(-2)) * 101 + month * 13 + k * 977);
          const euros = `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)},${String(Math.abs(cents) % 100).padStart(2, '0')}`;
          rows.push(
            `${1 + ((month + k * 11) % 28)}.${month}.${Y};${account};${unit};${euros};${tag} ${unit} ${account} ${month}/${k};${tag}-${n}`,
          );
        }
  rows.push(
    `28.${months[0]}.${Y};${ACCOUNTS[0]};${units[0]};1 000,00;${tag} bokas;${tag}-x1`,
    `28.${months[0]}.${Y};${ACCOUNTS[0]};${units[0]};-1 000,00;${tag} rättelse;${tag}-x2`,
  );
  const path = join(folder, `${++files}-${tag}.csv`);
  writeFileSync(path, rows.join('\r\n') + '\r\n');
  return path;
}

/** Nine thousand billion euros booked once: within the cent range, beyond it twice. */
function hugeFile(): string {
  const path = join(folder, `${++files}-huge.csv`);
  writeFileSync(
    path,
    `Datum;Konto;Kostnadsställe;Belopp;Text;Verifikat\n1.5.${Y};4000;100002;9000000000000,00;Stor;H1\n`,
  );
  return path;
}

/**
 * Files an append is refused for (with hugeFile stored), the first cost centre's area being approved: a bad row (as
 * the file is read), a sum beyond the cent range with what is stored (before the transaction),
 * and a change of the approved area (in the transaction, after the postings were written).
 */
function refusedFiles(): [what: string, file: string][] {
  const header = 'Datum;Konto;Kostnadsställe;Belopp;Text;Verifikat';
  const file = (name: string, ...rows: string[]) => {
    const path = join(folder, `${++files}-${name}.csv`);
    writeFileSync(path, [header, ...rows].join('\n') + '\n');
    return path;
  };
  return [
    [
      'bad row',
      file('bad', `1.6.${Y};4000;100001;12,00;Bra;B1`, `2.6.${Y};4000;999999;13,00;Okänd;B2`),
    ],
    // With HUGE stored, beyond the range.
    ['beyond range', file('huge', `1.5.${Y};4000;100002;9000000000000,00;Stor;H2`)],
    [
      'frozen',
      file('frozen', `1.6.${Y};4000;100001;12,00;Bra;F1`, `2.6.${Y};4320;100000;13,00;Fryst;F2`),
    ],
  ];
}

/** An import's lines as the drill-down should show them. */
interface Imported {
  id: number;
  lines: LedgerLine[];
}

/** Approves a unit's report of the year (its figures frozen). */
async function approve(store: Store, m: string, unitCode: string): Promise<void> {
  const scope = { municipalityId: m, year: Y, unitCode };
  await changeState(store.db, scope, 'submit', SYSTEM_ACTOR);
  await changeState(store.db, scope, 'approve', SYSTEM_ACTOR);
}

const postingKey = (p: {
  importId: number;
  row: number;
  unitCode: string;
  account: string;
  date: string;
  voucher: string;
  text: string;
  amount: number | null;
}) =>
  `${p.importId}|${p.row}|${p.unitCode}|${p.account}|${p.date}|${p.voucher}|${p.text}|${p.amount}`;

/** The postings an import stands for, of the cost centres and months kept (all: no filter). */
function expected(imported: Imported, keep: (line: LedgerLine) => boolean = () => true): string[] {
  return imported.lines
    .filter(keep)
    .map((l) => postingKey({ ...l, importId: imported.id, unitCode: l.unit }));
}

describe.each(ENGINES)('the ledger store on $name', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });

  /** A municipality of its own with the four cost centres. */
  async function municipality(id: string): Promise<string> {
    const org = await runImport(
      store.db,
      { kind: 'org', file: ORG, municipalityId: id, year: Y },
      SYSTEM_ACTOR,
    );
    expect(org.problems).toEqual([]);
    return id;
  }

  async function ledgerImport(
    m: string,
    file: string,
    options: Partial<ImportRequest> = {},
  ): Promise<Imported> {
    const outcome = await runImport(
      store.db,
      { kind: 'actuals', file, municipalityId: m, year: Y, sign: 'accounting', ...options },
      SYSTEM_ACTOR,
    );
    expect(outcome.problems).toEqual([]);
    expect(outcome.written).toBe(true);
    return { id: outcome.importId!, lines: readLedger(file) };
  }

  /** Every posting the drill-down shows below each cost centre × account, as keys. */
  async function shown(m: string): Promise<string[]> {
    const keys: string[] = [];
    for (const unit of COST_CENTRES)
      for (const account of ACCOUNTS) {
        const view = await drillOf(store.db, m, Y, {
          unit,
          line: 'margin',
          account,
          by: 'postings',
          pageSize: 0,
        });
        expectAddsUp(view, `${unit} ${account}`);
        expect(view.postings!.balances).toBe(0);
        for (const p of view.postings!.rows) keys.push(postingKey(p));
      }
    return keys.sort();
  }

  const blockRows = async (m: string, importId?: number) =>
    Number(
      (
        await sql<{ n: string }>`select count(*)::text as n from posting_block
          where municipality_id = ${m} and (${importId ?? null}::int is null or import_id = ${importId ?? null}::int)`.execute(
          store.db,
        )
      ).rows[0]!.n,
    );

  it('an undo takes out its import’s posting blocks and its drill-down rows', async () => {
    const m = await municipality('undo-postings');
    const first = await ledgerImport(m, ledgerFile('A', COST_CENTRES.slice(0, 2), [1, 2, 3]));
    expect(await blockRows(m, first.id)).toBe(2 * ACCOUNTS.length);
    expect(await shown(m)).toEqual(expected(first).sort());
    await ledgerCells(store.db, m, Y, ROOT, COST_CENTRES);
    const before = await drillOf(store.db, m, Y, { unit: ROOT, line: 'margin' });
    expect(before.figure.actual).toBe(first.lines.reduce((s, l) => s + l.amount, 0));

    await undoImport(store.db, SYSTEM_ACTOR, { municipalityId: m, importId: first.id });
    expect(await blockRows(m)).toBe(0);
    expect(await shown(m)).toEqual([]);
    for (const by of ['units', 'accounts', 'months'] as const) {
      const view = await drillOf(store.db, m, Y, { unit: ROOT, line: 'margin', by });
      expect(view.figure.actual, by).toBeNull();
      expect(
        view.rows.filter((r) => r.actual !== null || r.lines !== 0),
        by,
      ).toEqual([]);
    }
    const cell = await drillOf(store.db, m, Y, {
      unit: COST_CENTRES[0]!,
      line: 'margin',
      account: ACCOUNTS[0],
      month: 1,
    });
    expect(cell.postings).toMatchObject({ count: 0, amount: 0, balances: 0, rows: [] });
    expect(cell.figure.actual).toBeNull();
  });

  it('a replacing import’s postings stand for its months, the earlier import’s for the rest; undone, the earlier’s come back; appended, both', async () => {
    const m = await municipality('replace-postings');
    const first = await ledgerImport(m, ledgerFile('A', COST_CENTRES.slice(0, 3), [1, 2, 3]));
    // Replaces month 2 of the first cost centre (default: the file's units' months).
    const second = await ledgerImport(m, ledgerFile('B', COST_CENTRES.slice(0, 1), [2]));
    const replaced = (l: LedgerLine) => l.unit === COST_CENTRES[0] && l.month === 2;
    expect(await shown(m)).toEqual(
      [...expected(first, (l) => !replaced(l)), ...expected(second)].sort(),
    );
    await ledgerCells(store.db, m, Y, ROOT, COST_CENTRES);

    await undoImport(store.db, SYSTEM_ACTOR, { municipalityId: m, importId: second.id });
    expect(await blockRows(m, second.id)).toBe(0);
    expect(await shown(m)).toEqual(expected(first).sort());
    await ledgerCells(store.db, m, Y, ROOT, COST_CENTRES);

    const appended = await ledgerImport(m, ledgerFile('C', COST_CENTRES.slice(0, 1), [2]), {
      append: true,
    });
    expect(await shown(m)).toEqual([...expected(first), ...expected(appended)].sort());
    const cells = await ledgerCells(store.db, m, Y, ROOT, COST_CENTRES);
    const both = cells.get(`${COST_CENTRES[0]}/${ACCOUNTS[0]}/2`)!;
    expect(new Set(both.postings.map((p) => p.importId))).toEqual(new Set([first.id, appended.id]));
    // The months level of the cell's account: month 2 is both imports'.
    const months = await drillOf(store.db, m, Y, {
      unit: COST_CENTRES[0]!,
      line: 'margin',
      account: ACCOUNTS[0],
      by: 'months',
    });
    expectAddsUp(months, 'months');
    const sumOf = (lines: LedgerLine[]) =>
      lines
        .filter((l) => l.unit === COST_CENTRES[0] && l.account === ACCOUNTS[0] && l.month === 2)
        .reduce((s, l) => s + l.amount, 0);
    expect(months.rows.find((r) => r.month === 2)!.actual).toBe(
      sumOf(first.lines) + sumOf(appended.lines),
    );
    expect(months.rows.every((r) => r.postings)).toBe(true);

    // Undone in turn: the appended import's postings go, then the first's.
    await undoImport(store.db, SYSTEM_ACTOR, { municipalityId: m, importId: appended.id });
    expect(await shown(m)).toEqual(expected(first).sort());

    // Replacing the file's months of every unit: January is the last cost centre's alone.
    const all = await ledgerImport(m, ledgerFile('D', COST_CENTRES.slice(3), [1]), {
      replaceAll: true,
    });
    expect(await shown(m)).toEqual(
      [...expected(first, (l) => l.month !== 1), ...expected(all)].sort(),
    );
    await ledgerCells(store.db, m, Y, ROOT, COST_CENTRES);
    await undoImport(store.db, SYSTEM_ACTOR, { municipalityId: m, importId: all.id });
    expect(await shown(m)).toEqual(expected(first).sort());
    await undoImport(store.db, SYSTEM_ACTOR, { municipalityId: m, importId: first.id });
    expect(await shown(m)).toEqual([]);
    expect(await blockRows(m)).toBe(0);
  });

  it('a balances import has a balance and no postings, and its months are marked so', async () => {
    const m = await municipality('balances-postings');
    const [unit, account] = [COST_CENTRES[2]!, ACCOUNTS[0]!];
    const ledger = await ledgerImport(m, ledgerFile('A', [unit], [1, 4]));
    const balances = join(folder, 'balances.csv');
    // Report sign: costs negative. Months 1 (beside the ledger's) and 2, 3 (balances alone).
    writeFileSync(
      balances,
      [
        'period;account;unit;amount',
        `2023-01;${account};${unit};-1 000,00`,
        `2023-02;${account};${unit};-2 500,50`,
        `2023-03;${account};${unit};-300,01`,
      ].join('\n') + '\n',
    );
    const outcome = await runImport(
      store.db,
      { kind: 'actuals', file: balances, municipalityId: m, year: Y, append: true },
      SYSTEM_ACTOR,
    );
    expect(outcome.problems).toEqual([]);
    expect(outcome.written).toBe(true);
    expect(await blockRows(m, outcome.importId!)).toBe(0);

    const scope = { unit, line: 'margin' as const, account };
    const ledgerSum = (month: number) =>
      ledger.lines
        .filter((l) => l.account === account && l.month === month)
        .reduce((s, l) => s + l.amount, 0);
    for (const [month, balance, postings] of [
      [1, -100000, true],
      [2, -250050, false],
      [3, -30001, false],
      [4, 0, true],
    ] as const) {
      const view = await drillOf(store.db, m, Y, { ...scope, month, by: 'postings', pageSize: 0 });
      expectAddsUp(view, `month ${month}`);
      expect(view.postings!.balances, `month ${month}`).toBe(balance);
      expect(view.postings!.count, `month ${month}`).toBe(
        postings
          ? ledger.lines.filter((l) => l.account === account && l.month === month).length
          : 0,
      );
      expect(view.figure.actual).toBe(ledgerSum(month) + balance);
    }
    const months = await drillOf(store.db, m, Y, { ...scope, by: 'months' });
    expectAddsUp(months, 'months');
    expect(months.rows.filter((r) => !r.postings).map((r) => r.month)).toEqual([1, 2, 3]);
    const year = await drillOf(store.db, m, Y, { ...scope, by: 'postings', pageSize: 0 });
    expect(year.postings!.balances).toBe(-100000 - 250050 - 30001);
    expectAddsUp(year, 'the year');
    // Undone, the balances go and every month is the ledger's again.
    await undoImport(store.db, SYSTEM_ACTOR, { municipalityId: m, importId: outcome.importId! });
    const after = await drillOf(store.db, m, Y, { ...scope, by: 'months' });
    expect(after.rows.every((r) => r.postings)).toBe(true);
    expect((await drillOf(store.db, m, Y, { ...scope, by: 'postings' })).postings!.balances).toBe(
      0,
    );
  });

  it('the postings of internal and imputed entries stand under their own lines', async () => {
    const m = await municipality('kinds-postings');
    const file = join(folder, 'kinds.csv');
    writeFileSync(
      file,
      [
        'date;account;unit;amount;kind;text;voucher',
        `3.2.${Y};4320;100003;-100,00;;Licens;K1`,
        `4.2.${Y};4320;100003;-50,00;internal;Intern hyra;K2`,
        `5.2.${Y};4320;100003;-30,00;imputed;Kalkylerad ränta;K3`,
        `6.3.${Y};4320;100003;-20,00;sisäinen;Intern hyra mars;K4`,
      ].join('\n') + '\n',
    );
    const outcome = await runImport(
      store.db,
      { kind: 'actuals', file, municipalityId: m, year: Y },
      SYSTEM_ACTOR,
    );
    expect(outcome.problems).toEqual([]);
    for (const [line, vouchers] of [
      ['services', ['K1']],
      ['internal', ['K2', 'K4']],
      ['imputed', ['K3']],
      ['margin', ['K1']],
    ] as const) {
      const accounts = await drillOf(store.db, m, Y, { unit: '100003', line, by: 'accounts' });
      expectAddsUp(accounts, line);
      expect(accounts.rows.map((r) => r.account)).toEqual(['4320']);
      const view = await drillOf(store.db, m, Y, {
        unit: ROOT,
        line,
        account: '4320',
        by: 'postings',
        pageSize: 0,
      });
      expectAddsUp(view, line);
      expect(view.postings!.rows.map((p) => p.voucher).sort(), line).toEqual(vouchers);
      for (const month of [2, 3]) {
        const inMonth = await drillOf(store.db, m, Y, {
          unit: '100003',
          line,
          account: '4320',
          month,
          by: 'postings',
          pageSize: 0,
        });
        expectAddsUp(inMonth, `${line} in month ${month}`);
      }
    }
  });

  it('a refused import writes no posting blocks and leaves the database as it was', async () => {
    const m = await municipality('refused-postings');
    await ledgerImport(m, ledgerFile('A', COST_CENTRES, [1, 2]));
    await ledgerImport(m, hugeFile(), { append: true });
    // Area A0 (of the first cost centre) approved: an import into it is refused in its
    // transaction, after its postings were written.
    await approve(store, m, 'A0');
    const fingerprint = await snapshot(store.db, m);
    const blocks = await blockRows(m);
    const shownBefore = await shown(m);
    for (const [what, file] of refusedFiles()) {
      const outcome = await runImport(
        store.db,
        { kind: 'actuals', file, municipalityId: m, year: Y, sign: 'accounting', append: true },
        SYSTEM_ACTOR,
      ).catch((e: unknown) => e);
      if (what === 'bad row') {
        expect(outcome).toMatchObject({ ok: false, written: false, importId: null });
        expect((outcome as { problems: unknown[] }).problems.length).toBeGreaterThan(0);
      } else {
        expect(outcome, what).toBeInstanceOf(UtfallError);
        expect((outcome as UtfallError).code, what).toBe(
          what === 'frozen' ? 'frozen.changed' : 'amount.sumStored',
        );
      }
      expect(await snapshot(store.db, m), what).toBe(fingerprint);
      expect(await blockRows(m), what).toBe(blocks);
      expect(await shown(m), what).toEqual(shownBefore);
    }
  });

  it.runIf(engine.name === 'postgres')(
    'two imports of different files at once: both land, every cell’s postings add up',
    async () => {
      const m = await municipality('race-imports');
      const a = ledgerFile('A', COST_CENTRES.slice(0, 3), [1, 2, 3, 4, 5, 6]);
      const b = ledgerFile('B', COST_CENTRES.slice(1, 4), [4, 5, 6, 7, 8, 9]);
      const outcomes = await Promise.all(
        [a, b].map((file) =>
          runImport(
            store.db,
            { kind: 'actuals', file, municipalityId: m, year: Y, sign: 'accounting' },
            SYSTEM_ACTOR,
          ),
        ),
      );
      expect(outcomes.map((o) => o.written)).toEqual([true, true]);
      const imported = outcomes.map((o, i) => ({ id: o.importId!, lines: readLedger([a, b][i]!) }));
      // The later (its id is taken under the year's lock) replaced the earlier's cost centres'
      // months it has.
      const [earlier, later] = [...imported].sort((x, y) => x.id - y.id) as [Imported, Imported];
      const units = new Set(later.lines.map((l) => l.unit));
      const months = new Set(later.lines.map((l) => l.month));
      expect(await shown(m)).toEqual(
        [
          ...expected(earlier, (l) => !(units.has(l.unit) && months.has(l.month))),
          ...expected(later),
        ].sort(),
      );
      const cells = await ledgerCells(store.db, m, Y, ROOT, COST_CENTRES);
      expect(cells.size).toBeGreaterThan(0);
    },
  );

  it.runIf(engine.name === 'postgres')(
    'an undo racing an import: either order, every cell’s postings add up',
    async () => {
      const m = await municipality('race-undo');
      const orders: string[] = [];
      for (const undoFirst of [true, false]) {
        const first = await ledgerImport(m, ledgerFile('A', COST_CENTRES.slice(0, 2), [1, 2, 3]));
        const file = ledgerFile('B', COST_CENTRES.slice(1, 3), [3, 4]);
        // Started in turn, they meet at the year's lock.
        const undo = () =>
          undoImport(store.db, SYSTEM_ACTOR, { municipalityId: m, importId: first.id });
        const imported = () =>
          runImport(
            store.db,
            { kind: 'actuals', file, municipalityId: m, year: Y, sign: 'accounting' },
            SYSTEM_ACTOR,
          );
        const started = undoFirst ? [undo(), imported()] : [imported(), undo()].reverse();
        const [undone, outcome] = (await Promise.allSettled(started)) as [
          PromiseSettledResult<unknown>,
          PromiseSettledResult<{ importId: number | null }>,
        ];
        if (outcome.status === 'rejected') throw outcome.reason;
        const second = { id: outcome.value.importId!, lines: readLedger(file) };
        const units = new Set(second.lines.map((l) => l.unit));
        const months = new Set(second.lines.map((l) => l.month));
        if (undone.status === 'fulfilled') {
          orders.push('undo, import');
          expect(await shown(m)).toEqual(expected(second).sort());
        } else {
          // The import came first and replaced some of the first's months: the undo is refused.
          orders.push('import, undo refused');
          expect(undone.reason).toBeInstanceOf(UtfallError);
          expect((undone.reason as UtfallError).code).toBe('import.replacedLater');
          expect(await shown(m)).toEqual(
            [
              ...expected(first, (l) => !(units.has(l.unit) && months.has(l.month))),
              ...expected(second),
            ].sort(),
          );
        }
        await ledgerCells(store.db, m, Y, ROOT, COST_CENTRES);
        // Back to nothing for the next round.
        await undoImport(store.db, SYSTEM_ACTOR, { municipalityId: m, importId: second.id });
        if (undone.status === 'rejected')
          await undoImport(store.db, SYSTEM_ACTOR, { municipalityId: m, importId: first.id });
        expect(await shown(m)).toEqual([]);
      }
      expect(orders).toHaveLength(2);
    },
  );
});

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'utfall.js');
const KILL_LINES = 60_000;
const KILL_COST_CENTRES = 30;
/**
 * When the killed imports are killed: as the postings it reads are spilled to the ledger folder
 * (`.partN`), and as its segment file appears (`.seg`, written before the transaction's rows),
 * at once and a little later.
 */
const KILLS = [
  { after: 'part', ms: 0 },
  { after: 'seg', ms: 0 },
  { after: 'seg', ms: 150 },
] as const;

const PGLITE = ENGINES.some((engine) => engine.name === 'pglite');

describe.runIf(PGLITE)('the ledger store in a PGlite data folder', () => {
  const dataDir = join(folder, 'data');
  const ledgerDir = join(dataDir, 'ledger');
  const B = 'bench';
  const segments = () => readdirSync(ledgerDir).sort();
  async function named(store: Store): Promise<string[]> {
    const rows = await sql<{ segment: string }>`
      select distinct segment from posting_block where segment is not null order by segment
    `.execute(store.db);
    return rows.rows.map((r) => r.segment);
  }
  beforeAll(async () => {
    const store = await openStore({ dataDir });
    try {
      const org = await runImport(
        store.db,
        { kind: 'org', file: ORG, municipalityId: B, year: Y },
        SYSTEM_ACTOR,
      );
      expect(org.problems).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('a segment file no row names is gone at the next open; the committed ones stay and are read', async () => {
    const file = ledgerFile('A', COST_CENTRES, [1, 2, 3]);
    let store = await openStore({ dataDir });
    let kept: string[];
    let importId: number;
    try {
      const outcome = await runImport(
        store.db,
        { kind: 'actuals', file, municipalityId: B, year: Y, sign: 'accounting' },
        SYSTEM_ACTOR,
      );
      expect(outcome.written).toBe(true);
      importId = outcome.importId!;
      expect(segments()).toHaveLength(1);
      const huge = await runImport(
        store.db,
        {
          kind: 'actuals',
          file: hugeFile(),
          municipalityId: B,
          year: Y,
          sign: 'accounting',
          append: true,
        },
        SYSTEM_ACTOR,
      );
      expect(huge.written).toBe(true);
      kept = segments();
      expect(kept).toHaveLength(2);
      expect(await named(store)).toEqual(kept);
      await approve(store, B, 'A0');
      const fingerprint = await snapshot(store.db, B);
      for (const [what, refused] of refusedFiles()) {
        const before = segments();
        await runImport(
          store.db,
          {
            kind: 'actuals',
            file: refused,
            municipalityId: B,
            year: Y,
            sign: 'accounting',
            append: true,
          },
          SYSTEM_ACTOR,
        ).catch((e: unknown) => e);
        expect(await snapshot(store.db, B), what).toBe(fingerprint);
        expect(await named(store), what).toEqual(kept);
        // Refused, also after its postings were written (frozen): no file of it is left.
        expect(
          segments().filter((s) => !before.includes(s)),
          what,
        ).toEqual([]);
      }
      expect(segments()).toHaveLength(kept.length);
    } finally {
      await store.close();
    }
    // A stray file as a killed process would leave it, and a file that is not a segment.
    writeFileSync(join(ledgerDir, 'stray.seg'), Buffer.from('half a block'));
    writeFileSync(
      join(ledgerDir, `${randomUUID()}.part3`),
      Buffer.from('postings being collected'),
    );
    writeFileSync(join(ledgerDir, 'notes.txt'), 'not ours to remove');

    store = await openStore({ dataDir });
    try {
      expect(segments()).toEqual([...kept, 'notes.txt'].sort());
      expect(await named(store)).toEqual(kept.slice().sort());
      const lines = readLedger(file);
      const shownPostings: string[] = [];
      for (const unit of COST_CENTRES)
        for (const account of ACCOUNTS) {
          const view = await drillOf(store.db, B, Y, {
            unit,
            line: 'margin',
            account,
            by: 'postings',
            pageSize: 0,
          });
          expectAddsUp(view, `${unit} ${account}`);
          for (const p of view.postings!.rows)
            if (p.importId === importId!) shownPostings.push(postingKey(p));
        }
      expect(shownPostings.sort()).toEqual(expected({ id: importId!, lines }).sort());
    } finally {
      await store.close();
    }
    rmSync(join(ledgerDir, 'notes.txt'));
  });

  it('an undo removes its import’s segment file at once', async () => {
    const U = 'undone';
    const store = await openStore({ dataDir });
    try {
      const org = await runImport(
        store.db,
        { kind: 'org', file: ORG, municipalityId: U, year: Y },
        SYSTEM_ACTOR,
      );
      expect(org.problems).toEqual([]);
      const before = segments();
      const outcome = await runImport(
        store.db,
        {
          kind: 'actuals',
          file: ledgerFile('U', COST_CENTRES, [1, 2]),
          municipalityId: U,
          year: Y,
          sign: 'accounting',
        },
        SYSTEM_ACTOR,
      );
      expect(outcome.written).toBe(true);
      const added = segments().filter((s) => !before.includes(s));
      expect(added).toHaveLength(1);
      await undoImport(store.db, SYSTEM_ACTOR, { municipalityId: U, importId: outcome.importId! });
      expect(segments()).toEqual(before);
      expect(await named(store)).not.toContain(added[0]);
    } finally {
      await store.close();
    }
  });

  it('an import killed with SIGKILL at any moment is there whole or not at all', async () => {
    const K = 'killed';
    const org = join(folder, 'org-killed.csv');
    writeFileSync(org, benchOrg(KILL_COST_CENTRES));
    const big = join(folder, 'big.csv');
    const total = -Number(await writeLedger(big, KILL_LINES, KILL_COST_CENTRES));
    let store = await openStore({ dataDir });
    try {
      const outcome = await runImport(
        store.db,
        { kind: 'org', file: org, municipalityId: K, year: Y },
        SYSTEM_ACTOR,
      );
      expect(outcome.problems).toEqual([]);
    } finally {
      await store.close();
    }
    const importsOf = async (on: Store) =>
      (
        await on.db
          .selectFrom('import_log')
          .select('id')
          .where('municipality_id', '=', K)
          .where('kind', '=', 'actuals')
          .execute()
      ).map((r) => r.id);
    let imports: number[] = [];
    /** The year's actual at the root as it stands: none, or the file's (each import replaces). */
    let actual: number | null = null;
    const outcomes: string[] = [];
    for (const plan of KILLS) {
      const files = segments();
      const run = await killedImport(K, big, plan);
      expect(run.signal === 'SIGKILL' || run.code === 0, run.err).toBe(true);
      store = await openStore({ dataDir });
      try {
        const now = await importsOf(store);
        const fresh = now.filter((id) => !imports.includes(id));
        expect(fresh.length).toBeLessThanOrEqual(1);
        // Every segment file is one a row names, and every one named is there.
        expect(segments()).toEqual(await named(store));
        const blocks = await sql<{ import_id: number; postings: string }>`
          select import_id, sum(postings)::text as postings from posting_block
          where municipality_id = ${K} group by import_id
        `.execute(store.db);
        const figure = await drillOf(store.db, K, Y, {
          unit: ROOT,
          line: 'margin',
          by: 'accounts',
        });
        if (fresh.length === 1) {
          outcomes.push(
            `${plan.after}+${plan.ms}: whole${run.signal ? '' : ' (it finished first)'}`,
          );
          expect(blocks.rows.find((r) => r.import_id === fresh[0])?.postings).toBe(
            String(KILL_LINES),
          );
          expect(figure.figure.actual).toBe(total);
          let count = 0;
          let sum = 0;
          for (const row of figure.rows) {
            const view = await drillOf(store.db, K, Y, {
              unit: ROOT,
              line: 'margin',
              account: row.account!,
              by: 'postings',
              pageSize: 0,
            });
            expectAddsUp(view, `the postings of ${row.account}`);
            expect(view.postings!.rows.every((p) => p.importId === fresh[0])).toBe(true);
            count += view.postings!.count;
            sum += amount(view.postings!.amount);
          }
          expect(count).toBe(KILL_LINES);
          expect(sum).toBe(total);
          actual = total;
        } else {
          outcomes.push(`${plan.after}+${plan.ms}: nothing`);
          expect(blocks.rows.filter((r) => !imports.includes(r.import_id))).toEqual([]);
          expect(segments()).toEqual(files);
          expect(figure.figure.actual).toBe(actual);
        }
        imports = now;
      } finally {
        await store.close();
      }
    }
    expect(outcomes, outcomes.join('; ')).toHaveLength(KILLS.length);
  });

  /**
   * `utfall import actuals` in a process of its own, killed with SIGKILL `ms` after a new file
   * of the kind appeared in the ledger folder (or not, when it finished first).
   */
  function killedImport(
    m: string,
    file: string,
    plan: (typeof KILLS)[number],
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string }> {
    return new Promise((resolve, reject) => {
      const known = new Set(segments());
      const child = spawn(
        process.execPath,
        [BIN, '-m', m, 'import', 'actuals', file, '--year', String(Y), '--sign', 'accounting'],
        {
          env: { ...process.env, UTFALL_DATA: dataDir, DATABASE_URL: '', UTFALL_USER: '' },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      let timer: NodeJS.Timeout | undefined;
      const kill = () => void child.kill('SIGKILL');
      const kind = plan.after === 'part' ? /\.part\d+$/ : /\.seg$/;
      const watcher: FSWatcher = watch(ledgerDir, (_event, name) => {
        if (name === null || known.has(name) || !kind.test(name) || timer) return;
        timer = setTimeout(kill, plan.ms);
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        watcher.close();
        clearTimeout(timer);
        resolve({ code, signal, err });
      });
    });
  }
});
