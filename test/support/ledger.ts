/**
 * The drill-down's sums as the database tests check them: a ledger file read as the tests read
 * it (not through the importer), the sums of a level's rows, and every cost centre × account ×
 * month's postings against its actual.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { DrillView, PostingView } from '../../src/api/drill.js';
import type { Db } from '../../src/db/db.js';
import { SYSTEM_ACTOR } from '../../src/domain/access.js';
import { drill, type DrillRequest } from '../../src/service/drill.js';

/** One line of a ledger file, its amount in report sign (cents). */
export interface LedgerLine {
  /** The line's row in the file (the header is row 1). */
  row: number;
  /** `YYYY-MM-DD`. */
  date: string;
  month: number;
  account: string;
  unit: string;
  amount: number;
  text: string;
  voucher: string;
}

/** Euros with a decimal comma (spaces between thousands) to cents, exactly. */
export function centsOf(text: string): number {
  const match = /^(-?)([\d\s\u00a0]+),(\d\d)$/.exec(text.trim());
  if (!match) throw new Error(`not an amount: ${text}`);
  const value = Number(match[2]!.replace(/[\s\u00a0]/g, '')) * 100 + Number(match[3]);
  return match[1] === '-' ? -value : value;
}

/**
 * A ledger as an ERP exports it (Datum;Konto;Kostnadsställe;Belopp;Text;Verifikat, d.m.yyyy,
 * accounting sign: the report sign is its negation).
 */
export function readLedger(path: string): LedgerLine[] {
  const [header, ...rows] = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  expect(header).toBe('Datum;Konto;Kostnadsställe;Belopp;Text;Verifikat');
  const lines: LedgerLine[] = [];
  rows.forEach((text, index) => {
    if (text === '') return;
    const [date, account, unit, amount, posting, voucher] = text.split(';') as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const [day, month, year] = date.split('.').map(Number) as [number, number, number];
    lines.push({
      row: index + 2,
      date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      month,
      account,
      unit,
      amount: -centsOf(amount),
      text: posting,
      voucher,
    });
  });
  return lines;
}

export const cellKey = (unit: string, account: string, month: number): string =>
  `${unit}/${account}/${month}`;

/** A ledger's lines by cost centre × account × month. */
export function ledgerByCell(lines: readonly LedgerLine[]): Map<string, LedgerLine[]> {
  const cells = new Map<string, LedgerLine[]>();
  for (const line of lines) {
    const key = cellKey(line.unit, line.account, line.month);
    cells.set(key, [...(cells.get(key) ?? []), line]);
  }
  return cells;
}

/** An amount the API gives as nullable where there must be one. */
export function amount(value: number | null): number {
  if (value === null) throw new Error('an amount is missing');
  return value;
}

/** A drill-down as the system sees it. */
export function drillOf(
  db: Db,
  municipalityId: string,
  year: number,
  request: DrillRequest,
): Promise<DrillView> {
  return drill(db, SYSTEM_ACTOR, municipalityId, year, request);
}

export interface Sums {
  budget: number;
  actual: number;
  deviation: number;
}

/** Budget, actual and deviation with a missing figure as 0. */
export function asSums(figures: {
  budget: number | null;
  actual: number | null;
  deviation: number | null;
}): Sums {
  return {
    budget: figures.budget ?? 0,
    actual: figures.actual ?? 0,
    deviation: figures.deviation ?? 0,
  };
}

/** The rows of a level added up here, not by the service. */
export function sumOfRows(rows: DrillView['rows']): Sums {
  const sums = { budget: 0, actual: 0, deviation: 0 };
  for (const row of rows) {
    sums.budget += row.budget ?? 0;
    sums.actual += row.actual ?? 0;
    sums.deviation += row.deviation ?? 0;
  }
  return sums;
}

/** A level's rows add up to its figure to the cent (and the service says so). */
export function expectAddsUp(view: DrillView, what: string): void {
  if (view.by === 'postings') {
    const postings = view.postings!;
    const sum = postings.rows.reduce((s, p) => s + amount(p.amount), 0);
    if (postings.pageSize >= postings.count)
      expect(sum, `${what}: the postings`).toBe(postings.amount);
    expect(
      amount(postings.amount) + amount(postings.balances),
      `${what}: postings and balances`,
    ).toBe(view.figure.actual ?? 0);
  } else {
    expect(sumOfRows(view.rows), `${what}: the rows`).toEqual(asSums(view.figure));
  }
  expect(view.adds, `${what}: adds`).toBe(true);
}

/** One cost centre × account × month: its actual and its postings, as the drill-down gives them. */
export interface Cell {
  actual: number;
  lines: number;
  postings: PostingView[];
}

/**
 * Every cost centre × account × month of the margin (the accounts 3000–4999) of a ledger-only
 * year: its actual (the cost centre's month broken down by account) and its postings (each
 * account's postings at `root`, which holds every cost centre); each cell's postings add up
 * to its actual and stand for its ledger lines, and no posting is outside a cell with an actual.
 */
export async function ledgerCells(
  db: Db,
  municipalityId: string,
  year: number,
  root: string,
  costCentres: readonly string[],
): Promise<Map<string, Cell>> {
  const cells = new Map<string, Cell>();
  const accounts = new Set<string>();
  for (const unit of costCentres) {
    for (let month = 1; month <= 12; month++) {
      const view = await drillOf(db, municipalityId, year, {
        unit,
        line: 'margin',
        month,
        by: 'accounts',
      });
      expectAddsUp(view, `${unit} in month ${month}`);
      for (const row of view.rows) {
        // A month without lines of an account booked in other months shows as 0.
        if (row.actual === null || (row.lines === 0 && row.actual === 0)) continue;
        accounts.add(row.account!);
        cells.set(cellKey(unit, row.account!, month), {
          actual: row.actual,
          lines: row.lines,
          postings: [],
        });
      }
    }
  }
  for (const account of [...accounts].sort()) {
    const view = await drillOf(db, municipalityId, year, {
      unit: root,
      line: 'margin',
      account,
      by: 'postings',
      pageSize: 0,
    });
    expect(view.postings!.balances, `balances of ${account}`).toBe(0);
    expectAddsUp(view, `the postings of ${account}`);
    for (const posting of view.postings!.rows) {
      expect(posting.account).toBe(account);
      const key = cellKey(posting.unitCode, account, Number(posting.date.slice(5, 7)));
      const cell = cells.get(key);
      expect(cell, `a posting outside the cells: ${key}`).toBeDefined();
      cell!.postings.push(posting);
    }
  }
  for (const [key, cell] of cells) {
    expect(
      cell.postings.reduce((s, p) => s + amount(p.amount), 0),
      `the postings of ${key}`,
    ).toBe(cell.actual);
    expect(cell.postings.length, `the lines of ${key}`).toBe(cell.lines);
  }
  return cells;
}
