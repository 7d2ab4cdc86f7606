/**
 * The drill-down from a figure to what makes it: the stored entries of a scope (a unit's subtree
 * or its own entries, a line, an account, a month, up to a period) broken down by unit, account
 * or month, each level's rows adding up to the scope's figure; the postings below an account;
 * and the largest contributors (cost centre × account) to a deviation. Pure: the database reads
 * the entries, this adds them up.
 */
import { cents, type Cents } from './money.js';
import { lineDefinition, type EntryKind, type LineCode } from './lines.js';
import type { Unit } from './model.js';

export const DRILL_LEVELS = ['units', 'accounts', 'months', 'postings'] as const;
export type DrillLevel = (typeof DRILL_LEVELS)[number];

/** What the postings can be sorted by. */
export const POSTING_SORTS = ['date', 'amount', 'voucher', 'text', 'unit', 'row'] as const;
export type PostingSort = (typeof POSTING_SORTS)[number];

/** The leaf lines a line adds up (itself for a leaf). */
export function leafLinesOf(code: LineCode): Set<LineCode> {
  const leaves = new Set<LineCode>();
  const stack: LineCode[] = [code];
  while (stack.length > 0) {
    const line = stack.pop()!;
    const parts = lineDefinition(line).sumOf;
    if (parts) stack.push(...parts);
    else leaves.add(line);
  }
  return leaves;
}

/**
 * One unit's stored entries on one account (or, for a budget entered by line, on no account)
 * counting on one leaf line, month by month (January first, twelve of each). `budgetYear` is the
 * entries' amount (the revised budget of the year as every figure reads it), `budgetMonths`
 * their stored months; null where the unit has no budget (or no actual) there at all.
 */
export interface DrillEntry {
  unitCode: string;
  account: string | null;
  line: LineCode;
  budgetYear: Cents | null;
  budgetMonths: readonly Cents[] | null;
  actualMonths: readonly Cents[] | null;
  /** Ledger lines (or balance rows) booked, month by month. */
  lineMonths: readonly number[];
}

/** A scope's filter beyond the unit: line, account, month, period (its last month; 12: the year). */
export interface DrillFilter {
  leaves: ReadonlySet<LineCode>;
  account?: string | undefined;
  month?: number | undefined;
  /** The period's last month; undefined for the year (the budget is then the year's). */
  period?: number | undefined;
}

export interface DrillFigures {
  budget: Cents | null;
  actual: Cents | null;
  deviation: Cents | null;
}

/** The months a filter counts: the month asked, else January to the period's end. */
export function monthsOf(filter: DrillFilter): number[] {
  if (filter.month !== undefined) return [filter.month];
  return Array.from({ length: filter.period ?? 12 }, (_, i) => i + 1);
}

/** Whether an entry is in the filter's line and account. */
export function inFilter(entry: DrillEntry, filter: DrillFilter): boolean {
  return (
    filter.leaves.has(entry.line) &&
    (filter.account === undefined || entry.account === filter.account)
  );
}

interface Sums {
  budget: number;
  actual: number;
  hasBudget: boolean;
  hasActual: boolean;
  lines: number;
}

function emptySums(): Sums {
  return { budget: 0, actual: 0, hasBudget: false, hasActual: false, lines: 0 };
}

/** Adds one entry's months of the filter to a sum. */
function addEntry(sums: Sums, entry: DrillEntry, filter: DrillFilter, months: number[]): void {
  if (entry.budgetMonths !== null) {
    sums.hasBudget = true;
    // The year's budget is the entries' amount, as the unit page reads it; a period's or a
    // month's is their stored months.
    if (filter.month === undefined && filter.period === undefined)
      sums.budget += entry.budgetYear ?? 0;
    else for (const m of months) sums.budget += entry.budgetMonths[m - 1] ?? 0;
  }
  if (entry.actualMonths !== null) {
    sums.hasActual = true;
    for (const m of months) {
      sums.actual += entry.actualMonths[m - 1] ?? 0;
      sums.lines += entry.lineMonths[m - 1] ?? 0;
    }
  }
}

/**
 * Budget, actual and deviation of sums. The deviation is actual − budget, null where there is
 * no actual; `deviationAlways` gives a row its deviation (as actual 0) whenever the figure above
 * has one, so that the rows' deviations add up to the figure's.
 */
function figuresOf(sums: Sums, deviationAlways = false): DrillFigures {
  const budget = sums.hasBudget ? cents(sums.budget) : null;
  const actual = sums.hasActual ? cents(sums.actual) : null;
  const deviation =
    actual === null && !deviationAlways ? null : cents((actual ?? 0) - (budget ?? 0));
  return { budget, actual, deviation };
}

/** The figures of a scope: its entries, summed. */
export function scopeFigures(entries: readonly DrillEntry[], filter: DrillFilter): DrillFigures {
  const sums = emptySums();
  const months = monthsOf(filter);
  for (const entry of entries) if (inFilter(entry, filter)) addEntry(sums, entry, filter, months);
  return figuresOf(sums);
}

/** One row of a level: its key (unit code, account or month) and its figures. */
export interface DrillRowFigures extends DrillFigures {
  key: string;
  /** The units level: the row is the scope unit's own entries. */
  own: boolean;
  account: string | null;
  month: number | null;
  lines: number;
  share: number | null;
}

/**
 * The child of `root` that each unit of its subtree is under (the root itself for the root):
 * what the units level groups by.
 */
export function childOfRoot(units: readonly Unit[], root: string): Map<string, string> {
  const parentOf = new Map(units.map((u) => [u.code, u.parentCode]));
  const result = new Map<string, string>([[root, root]]);
  for (const unit of units) {
    const path: string[] = [];
    let code: string | null | undefined = unit.code;
    while (
      code !== null &&
      code !== undefined &&
      !result.has(code) &&
      path.length <= units.length
    ) {
      path.push(code);
      code = parentOf.get(code);
    }
    if (code === null || code === undefined || !result.has(code)) continue;
    // code is known: root, or a unit whose child of root is known. Its path below takes it.
    const top = code === root ? path.at(-1)! : result.get(code)!;
    for (const member of path) result.set(member, top);
  }
  return result;
}

/** The share of a part in a whole deviation; null where the whole is 0 or missing. */
export function shareOf(part: Cents | null, whole: Cents | null): number | null {
  if (part === null || whole === null || whole === 0) return null;
  return part / whole;
}

/**
 * The rows of a level: the entries of the filter grouped by `keyOf` (null: left out), each with
 * its figures, largest deviation first (by size; then by key), or in key order (`ordered`).
 */
export function drillRows(
  entries: readonly DrillEntry[],
  filter: DrillFilter,
  figure: DrillFigures,
  keyOf: (entry: DrillEntry) => { key: string; own?: boolean; account?: string | null } | null,
  options: { ordered?: boolean } = {},
): DrillRowFigures[] {
  const groups = new Map<string, { sums: Sums; own: boolean; account: string | null }>();
  const months = monthsOf(filter);
  for (const entry of entries) {
    if (!inFilter(entry, filter)) continue;
    const found = keyOf(entry);
    if (found === null) continue;
    let group = groups.get(found.key);
    if (!group) {
      group = { sums: emptySums(), own: found.own ?? false, account: found.account ?? null };
      groups.set(found.key, group);
    }
    addEntry(group.sums, entry, filter, months);
  }
  // A group with nothing in the scope's months (an account booked in other months only) is
  // no row: it adds nothing, and a list of zeros hides what is there.
  const rows: DrillRowFigures[] = [...groups]
    .filter(
      ([, group]) => group.sums.lines > 0 || group.sums.budget !== 0 || group.sums.actual !== 0,
    )
    .map(([key, group]) => {
      const figures = figuresOf(group.sums, figure.deviation !== null);
      return {
        key,
        own: group.own,
        account: group.account,
        month: null,
        lines: group.sums.lines,
        ...figures,
        share: shareOf(figures.deviation, figure.deviation),
      };
    });
  return options.ordered ? rows.sort((a, b) => compareKeys(a.key, b.key)) : byDeviation(rows);
}

/** The months level: one row per month of the filter, in order, each as a scope of its own. */
export function monthRows(
  entries: readonly DrillEntry[],
  filter: DrillFilter,
  figure: DrillFigures,
): DrillRowFigures[] {
  return monthsOf(filter).map((month) => {
    const sums = emptySums();
    const monthFilter: DrillFilter = { ...filter, month };
    for (const entry of entries)
      if (inFilter(entry, filter)) addEntry(sums, entry, monthFilter, [month]);
    const figures = figuresOf(sums, figure.deviation !== null);
    return {
      key: String(month),
      own: false,
      account: null,
      month,
      lines: sums.lines,
      ...figures,
      share: shareOf(figures.deviation, figure.deviation),
    };
  });
}

/**
 * The months level's budget for the year adds up the stored months; the unit page's budget of
 * the year is the entries' amount. They are equal where the months add up to the amount, which
 * every write keeps (src/domain/spread.ts): the sum check shows it when they do not.
 */
export function totalOf(rows: readonly DrillFigures[], figure: DrillFigures): DrillFigures {
  let budget = 0;
  let actual = 0;
  let deviation = 0;
  let hasBudget = false;
  let hasActual = false;
  let hasDeviation = false;
  for (const row of rows) {
    if (row.budget !== null) {
      budget += row.budget;
      hasBudget = true;
    }
    if (row.actual !== null) {
      actual += row.actual;
      hasActual = true;
    }
    if (row.deviation !== null) {
      deviation += row.deviation;
      hasDeviation = true;
    }
  }
  return {
    budget: hasBudget ? cents(budget) : null,
    actual: hasActual ? cents(actual) : null,
    deviation: hasDeviation ? cents(deviation) : figure.deviation === null ? null : cents(0),
  };
}

/** Whether two sets of figures are equal to the cent (a missing figure counts as 0). */
export function figuresAgree(a: DrillFigures, b: DrillFigures): boolean {
  return (
    (a.budget ?? 0) === (b.budget ?? 0) &&
    (a.actual ?? 0) === (b.actual ?? 0) &&
    (a.deviation ?? 0) === (b.deviation ?? 0)
  );
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byDeviation<T extends DrillFigures & { key: string }>(rows: T[]): T[] {
  return rows.sort(
    (a, b) =>
      Math.abs(b.deviation ?? 0) - Math.abs(a.deviation ?? 0) ||
      Math.abs(b.actual ?? 0) - Math.abs(a.actual ?? 0) ||
      compareKeys(a.key, b.key),
  );
}

/** The levels a scope can be broken down by, in order: the first is the default. */
export function drillLevels(scope: {
  hasChildren: boolean;
  own: boolean;
  account?: string | undefined;
  month?: number | undefined;
}): DrillLevel[] {
  const levels: DrillLevel[] = [];
  if (scope.hasChildren && !scope.own) levels.push('units');
  if (scope.account === undefined) levels.push('accounts');
  if (scope.month === undefined) levels.push('months');
  // Postings are listed below an account: a whole line of a city is too many to page through.
  if (scope.account !== undefined) levels.push('postings');
  return levels;
}

/** One contributor to a deviation: a unit's own entries on one account (null: by line). */
export interface Contributor extends DrillFigures {
  unitCode: string;
  account: string | null;
  deviation: Cents;
  share: number | null;
}

/**
 * The largest contributors to a scope's deviation, cost centre × account: those that move the
 * deviation the way it went, largest first (on a deviation of 0, the largest either way).
 */
export function contributors(
  entries: readonly DrillEntry[],
  filter: DrillFilter,
  limit: number,
): Contributor[] {
  const figure = scopeFigures(entries, filter);
  if (figure.deviation === null) return [];
  const rows = drillRows(entries, filter, figure, (entry) => ({
    key: `${entry.unitCode}\u0000${entry.account ?? ''}`,
    account: entry.account,
  }));
  const direction = Math.sign(figure.deviation) || 1;
  return rows
    .filter((row) => row.deviation !== null && row.deviation !== 0)
    .sort((a, b) => direction * (b.deviation! - a.deviation!) || compareKeys(a.key, b.key))
    .filter((row, index) => index === 0 || Math.sign(row.deviation!) === direction)
    .slice(0, limit)
    .map((row) => ({
      unitCode: row.key.split('\u0000')[0]!,
      account: row.account,
      budget: row.budget,
      actual: row.actual,
      deviation: row.deviation!,
      share: row.share,
    }));
}

/** One posting as the ledger store keeps it. */
export interface Posting {
  importId: number;
  row: number;
  unitCode: string;
  account: string;
  kind: EntryKind;
  /** `YYYY-MM-DD`. */
  date: string;
  month: number;
  voucher: string;
  text: string;
  amount: Cents;
}

/** The postings whose text or voucher holds `query` (any case, any part); all for none. */
export function searchPostings(postings: readonly Posting[], query: string | undefined): Posting[] {
  const wanted = (query ?? '').normalize('NFC').trim().toLocaleLowerCase('sv');
  if (wanted === '') return [...postings];
  return postings.filter(
    (p) =>
      p.text.normalize('NFC').toLocaleLowerCase('sv').includes(wanted) ||
      p.voucher.toLocaleLowerCase('sv').includes(wanted),
  );
}

/** Sorts postings in place by a column (then by date, import and row, for a stable order). */
export function sortPostings(
  postings: Posting[],
  sort: PostingSort = 'date',
  order: 'asc' | 'desc' = 'asc',
): Posting[] {
  const sign = order === 'desc' ? -1 : 1;
  const collator = new Intl.Collator('sv', { numeric: true, sensitivity: 'base' });
  const tie = (a: Posting, b: Posting) =>
    compareKeys(a.date, b.date) || a.importId - b.importId || a.row - b.row;
  const by: Record<PostingSort, (a: Posting, b: Posting) => number> = {
    date: (a, b) => compareKeys(a.date, b.date),
    amount: (a, b) => a.amount - b.amount,
    voucher: (a, b) => collator.compare(a.voucher, b.voucher),
    text: (a, b) => collator.compare(a.text, b.text),
    unit: (a, b) => compareKeys(a.unitCode, b.unitCode),
    row: (a, b) => a.importId - b.importId || a.row - b.row,
  };
  const compare = by[sort];
  return postings.sort((a, b) => sign * compare(a, b) || tie(a, b));
}
