/**
 * The drill-down's sums on both engines (issue 15, what it must show 1). The demo: for every
 * unit and line, of the year and to August, the drill-down's figure is the unit page's and each
 * level's rows add up to it; for a sample of lines every row drilled into gives a figure equal
 * to the row, down to the postings of every account × month of a cost centre, which are exactly
 * that cost centre's lines of the demo's ledger file. A generated ledger: every unit × line's
 * first level adds up, every cost centre × account × month's postings add up to its actual and
 * are the file's lines, and all of them add up to the file's total.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrillView } from '../../src/api/drill.js';
import type { Store } from '../../src/db/open.js';
import { listUnits } from '../../src/db/units.js';
import { SYSTEM_ACTOR } from '../../src/domain/access.js';
import { LINE_CODES, type LineCode } from '../../src/domain/lines.js';
import type { Unit } from '../../src/domain/model.js';
import {
  DEMO_CENTRAL,
  DEMO_INTERIM_PERIOD,
  DEMO_MUNICIPALITY,
  DEMO_YEAR,
  demoDir,
  loadDemo,
} from '../../src/service/demo.js';
import { figuresReport } from '../../src/service/figures.js';
import { runImport } from '../../src/service/imports.js';
import { benchOrg, writeLedger } from '../../bench/ledger.js';
import { ENGINES } from '../support/engines.js';
import {
  amount,
  asSums,
  drillOf,
  expectAddsUp,
  ledgerByCell,
  ledgerCells,
  readLedger,
  type LedgerLine,
} from '../support/ledger.js';

const M = DEMO_MUNICIPALITY;
const Y = DEMO_YEAR;
/** The year, and the demo's interim period (the budget then is the budget to date). */
const PERIODS = [
  ['the year', undefined],
  ['January–August', DEMO_INTERIM_PERIOD],
] as const;

/** A scope of the drill-down below a line. */
interface Node {
  unit: string;
  own?: boolean;
  account?: string;
  month?: number;
}

const describeNode = (line: string, period: number | undefined, node: Node) =>
  `${node.unit}${node.own ? ' (own)' : ''} ${line}${node.account ? ` ${node.account}` : ''}${
    node.month ? ` month ${node.month}` : ''
  }${period ? ` to ${period}` : ''}`;

/** The unit page's figures of a line: the revised budget (to date at a period), actual, deviation. */
async function pageFigures(
  store: Store,
  municipalityId: string,
  unit: string,
  period: number | undefined,
): Promise<Map<string, DrillView['figure']>> {
  const report = await figuresReport(
    store.db,
    municipalityId,
    Y,
    unit,
    period ? { toMonth: period, period: true } : {},
  );
  return new Map(
    report.lines.map((l) => [
      l.code,
      {
        budget: period ? (l.revisedToDate ?? null) : l.revised,
        actual: l.actual,
        deviation: l.deviation,
      },
    ]),
  );
}

/**
 * A row and the figure of the scope it drills into are the same. A row without an actual under
 * a figure with a deviation carries the deviation as if its actual were 0 (so that the rows'
 * deviations add up); the scope itself, having no actual, has none, as the unit page shows it.
 */
function expectRowIs(
  row: DrillView['rows'][number],
  figure: DrillView['figure'],
  parent: DrillView['figure'],
  what: string,
): void {
  expect(figure.budget, `${what}: budget`).toBe(row.budget);
  expect(figure.actual, `${what}: actual`).toBe(row.actual);
  if (figure.actual === null) {
    expect(figure.deviation, `${what}: deviation`).toBeNull();
    expect(row.deviation, `${what}: the row's deviation`).toBe(
      parent.deviation === null ? null : 0 - (row.budget ?? 0),
    );
  } else {
    expect(figure.deviation, `${what}: deviation`).toBe(row.deviation);
  }
}

function childOf(node: Node, view: DrillView, row: DrillView['rows'][number]): Node {
  if (view.by === 'units')
    return {
      unit: row.unit!.code,
      ...(row.unit!.own ? { own: true } : {}),
      ...(node.account ? { account: node.account } : {}),
      ...(node.month ? { month: node.month } : {}),
    };
  if (view.by === 'accounts') return { ...node, account: row.account! };
  return { ...node, month: row.month! };
}

describe.each(ENGINES)('the drill-down of the demo on $name', (engine) => {
  let store: Store;
  let units: Unit[];
  let ledger: LedgerLine[];
  let ledgerImport: number;
  beforeAll(async () => {
    store = await engine.open();
    const steps = await loadDemo(store.db);
    const step = steps.find((s) => s.year === Y && s.outcome.kind === 'actuals')!;
    ledgerImport = step.outcome.importId!;
    units = await listUnits(store.db, M, Y);
    ledger = readLedger(join(demoDir(), `ledger-${Y}.csv`));
  });
  afterAll(async () => {
    await store.close();
  });

  /** The drill-downs asked so far: the database does not change, so each is asked once. */
  const asked = new Map<string, Promise<DrillView>>();
  /** A unit and the units above it. */
  function pathTo(code: string): Set<string> {
    const path = new Set<string>();
    for (
      let at: string | null | undefined = code;
      at;
      at = units.find((u) => u.code === at)?.parentCode
    )
      path.add(at);
    return path;
  }

  /**
   * A drill-down of the demo, every posting on one page; asked once (a scope's first level is
   * the same answer whether asked for by name or by default).
   */
  function drillDemo(
    request: Node & { line: LineCode; period?: number | undefined; by?: DrillView['by'] },
  ): Promise<DrillView> {
    const keyOf = (by: DrillView['by'] | null) =>
      JSON.stringify([
        request.unit,
        request.own ?? false,
        request.line,
        request.account ?? null,
        request.month ?? null,
        request.period ?? null,
        by,
      ]);
    const key = keyOf(request.by ?? null);
    let view = asked.get(key);
    if (!view) {
      view = drillOf(store.db, M, Y, { ...request, pageSize: 0 });
      asked.set(key, view);
      if (request.by === undefined)
        view.then(
          (answer) => {
            if (!asked.has(keyOf(answer.by))) asked.set(keyOf(answer.by), view!);
          },
          () => {},
        );
    }
    return view;
  }

  it.each(PERIODS)(
    'for every unit and line, %s: the figure is the unit page’s and every level adds up',
    async (_label, period) => {
      const levels = await Promise.all(
        units.map(async (unit) => {
          const page = await pageFigures(store, M, unit.code, period);
          let count = 0;
          for (const line of LINE_CODES) {
            const what = describeNode(line, period, { unit: unit.code });
            const first = await drillDemo({ unit: unit.code, line, period });
            expect(first.figure, what).toEqual(page.get(line));
            for (const by of first.levels) {
              const view = await drillDemo({ unit: unit.code, line, period, by });
              expect(view.by).toBe(by);
              expect(view.figure, `${what} by ${by}`).toEqual(first.figure);
              expectAddsUp(view, `${what} by ${by}`);
              count++;
            }
          }
          return count;
        }),
      );
      // Every unit has accounts and months; those with children, units too.
      const parents = units.filter((u) => units.some((c) => c.parentCode === u.code)).length;
      expect(levels.reduce((a, b) => a + b, 0)).toBe(
        LINE_CODES.length * (2 * units.length + parents),
      );
      // The issue's example: STK's services, 98 521 € under budget.
      const services = await drillDemo({ unit: DEMO_CENTRAL, line: 'services' });
      if (period === undefined) expect(services.figure.deviation).toBe(9852100);
    },
  );

  /**
   * Drills into every row of a scope's first level, and on the way to `costCentre` (its units
   * and their accounts and months) into every row of every level: further down into the first
   * level's rows (every unit of the subtree, every account and month of `costCentre`), one level
   * elsewhere. Below an account of `costCentre`, the postings are the ledger file's lines. (Every
   * level of every unit adds up: the test above.) Returns the scopes and postings it saw.
   */
  async function explore(
    line: LineCode,
    period: number | undefined,
    node: Node,
    costCentre: string,
  ): Promise<{ view: DrillView; scopes: number; postings: number }> {
    const what = describeNode(line, period, node);
    const request = { ...node, line, period };
    const first = await drillDemo(request);
    let scopes = 1;
    let postings = 0;
    const onPath = pathTo(costCentre).has(node.unit);
    for (const by of onPath ? first.levels : [first.by]) {
      const view = await drillDemo({ ...request, by });
      expect(view.figure, `${what} by ${by}`).toEqual(first.figure);
      expectAddsUp(view, `${what} by ${by}`);
      if (by === 'postings') {
        if (node.unit !== costCentre) continue;
        const page = view;
        expect(page.postings!.balances).toBe(0);
        const lines = ledger.filter(
          (l) =>
            l.unit === node.unit &&
            l.account === node.account &&
            (node.month === undefined ? l.month <= (period ?? 12) : l.month === node.month),
        );
        const rows = [...page.postings!.rows].sort((a, b) => a.row - b.row);
        expect(rows, `${what}: the ledger's lines`).toEqual(
          lines.map((l) => ({
            date: l.date,
            unitCode: l.unit,
            account: l.account,
            voucher: l.voucher,
            text: l.text,
            amount: l.amount,
            importId: ledgerImport,
            row: l.row,
          })),
        );
        expect(page.postings!.count).toBe(lines.length);
        postings += lines.length;
        continue;
      }
      for (const row of view.rows) {
        if (!row.drillable) continue;
        const child = childOf(node, view, row);
        const deeper =
          by === first.by && (child.account === undefined || child.unit === costCentre);
        let figure: DrillView['figure'];
        if (deeper) {
          const below = await explore(line, period, child, costCentre);
          figure = below.view.figure;
          scopes += below.scopes;
          postings += below.postings;
        } else {
          figure = (await drillDemo({ ...child, line, period })).figure;
          scopes++;
        }
        expectRowIs(
          row,
          figure,
          view.figure,
          `${describeNode(line, period, child)} (a row of ${what} by ${by})`,
        );
      }
    }
    return { view: first, scopes, postings };
  }

  it.each([
    ['services', '120103', 'the year', undefined],
    ['margin', '120103', 'the year', undefined],
    ['sales', '120101', 'the year', undefined],
    ['services', '120103', 'January–August', DEMO_INTERIM_PERIOD],
  ] as const)(
    'STK %s: every row drilled into is its figure, down to the postings of %s (%s)',
    async (line, costCentre, _label, period) => {
      const { view, scopes, postings } = await explore(
        line,
        period,
        { unit: DEMO_CENTRAL },
        costCentre,
      );
      expect(asSums(view.figure).actual).not.toBe(0);
      expect(scopes).toBeGreaterThan(50);
      // Every ledger line of the cost centre on the line's accounts, once below each account
      // and once below its month.
      const accounts = new Set(
        (await drillDemo({ unit: costCentre, line, by: 'accounts', period })).rows
          .map((r) => r.account)
          .filter((a) => a !== null),
      );
      const expected = ledger.filter(
        (l) => l.unit === costCentre && accounts.has(l.account) && l.month <= (period ?? 12),
      );
      expect(expected.length).toBeGreaterThan(0);
      expect(postings).toBe(2 * expected.length);
    },
  );
});

describe.each(ENGINES)('the drill-down of a generated ledger on $name', (engine) => {
  const LINES = 20_000;
  const COST_CENTRES = 20;
  const B = 'bench';
  const folder = mkdtempSync(join(tmpdir(), 'utfall-drill-'));
  const file = join(folder, 'ledger.csv');
  let store: Store;
  let total: bigint;
  beforeAll(async () => {
    writeFileSync(join(folder, 'org.csv'), benchOrg(COST_CENTRES));
    total = await writeLedger(file, LINES, COST_CENTRES);
    store = await engine.open();
    const org = await runImport(
      store.db,
      { kind: 'org', file: join(folder, 'org.csv'), municipalityId: B, year: Y },
      SYSTEM_ACTOR,
    );
    expect(org.problems).toEqual([]);
    const actuals = await runImport(
      store.db,
      { kind: 'actuals', file, municipalityId: B, year: Y, sign: 'accounting' },
      SYSTEM_ACTOR,
    );
    expect(actuals.problems).toEqual([]);
    expect(actuals.written).toBe(true);
  });
  afterAll(async () => {
    await store?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('every unit × line: the figure is the unit page’s and the first level adds up', async () => {
    const units = await listUnits(store.db, B, Y);
    expect(units).toHaveLength(2 + 10 + COST_CENTRES);
    await Promise.all(
      units.map(async (unit) => {
        const page = await pageFigures(store, B, unit.code, undefined);
        for (const line of LINE_CODES) {
          const view = await drillOf(store.db, B, Y, { unit: unit.code, line });
          expect(view.figure, `${unit.code} ${line}`).toEqual(page.get(line));
          expectAddsUp(view, `${unit.code} ${line}`);
        }
      }),
    );
  });

  it('every cost centre × account × month: its postings are its ledger lines and add up to its actual', async () => {
    const costCentres = Array.from({ length: COST_CENTRES }, (_, i) => String(100000 + i));
    const cells = await ledgerCells(store.db, B, Y, 'CITY', costCentres);
    const lines = readLedger(file);
    expect(lines).toHaveLength(LINES);
    const expected = ledgerByCell(lines);
    expect([...cells.keys()].sort()).toEqual([...expected.keys()].sort());
    let sum = 0;
    let count = 0;
    for (const [key, cell] of cells) {
      const want = expected.get(key)!;
      expect(cell.actual, key).toBe(want.reduce((s, l) => s + l.amount, 0));
      expect(
        cell.postings
          .map((p) => ({
            row: p.row,
            date: p.date,
            voucher: p.voucher,
            text: p.text,
            amount: p.amount,
          }))
          .sort((a, b) => a.row - b.row),
        key,
      ).toEqual(
        want.map((l) => ({
          row: l.row,
          date: l.date,
          voucher: l.voucher,
          text: l.text,
          amount: l.amount,
        })),
      );
      for (const p of cell.postings) sum += amount(p.amount);
      count += cell.postings.length;
    }
    expect(count).toBe(LINES);
    expect(sum).toBe(-Number(total));
  });
});
