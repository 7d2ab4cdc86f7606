/**
 * What an import would change, per unit and month (actuals) or per unit and line (budgets):
 * the amount before and after, what it removes and what it adds, and the units whose figures it
 * removes although the file has no row for them. The preview of `--dry-run` and of the web's
 * check step, and what an import's audit entry names.
 */
import type { ActualBalanceInput, BudgetEntryInput } from '../db/figures.js';
import { storedActualCells, storedBudgetLines } from '../db/imports.js';
import type { Db } from '../db/db.js';
import { UtfallError } from '../domain/errors.js';
import { cents, centsFrom, MAX_CENTS, type Cents } from '../domain/money.js';

/**
 * How an actuals import treats the stored months: `units` (the default) replaces, for each unit
 * that has rows in the file, the months the file has; `all` replaces the file's months of every
 * unit (the whole ledger); `append` adds to them.
 */
export type ActualsMode = 'units' | 'all' | 'append';
export type BudgetMode = 'original' | 'change';

/** One unit's month in an actuals import: report sign, cents. */
export interface ActualsPreviewCell {
  unit: string;
  /** 1–12 */
  month: number;
  before: Cents;
  /** What the import takes away (the month replaced). */
  removed: Cents;
  /** What the file adds. */
  added: Cents;
  after: Cents;
  /** The file has rows of the unit (in any month). */
  inFile: boolean;
}

/** One unit's line in a budget import: the original budget (original) or the revised (change). */
export interface BudgetPreviewLine {
  unit: string;
  line: string;
  before: Cents;
  after: Cents;
  inFile: boolean;
}

export interface ImportPreview {
  mode: ActualsMode | BudgetMode;
  /** actuals: every unit × month the import replaces or adds to, by unit and month */
  cells: ActualsPreviewCell[];
  /** budget: every unit × line whose budget the import sets or changes */
  lines: BudgetPreviewLine[];
  /** Units the file has no row for whose figures the import removes. */
  absentUnits: string[];
  /** Every unit whose figures the import writes or removes. */
  units: string[];
  /**
   * Approved reports whose frozen figures the import would change: the import will be refused
   * (filled in by the import service from the snapshots in force).
   */
  frozen: FrozenInPreview[];
}

/** An approved report a previewed import would change: its unit, period and the units touched. */
export interface FrozenInPreview {
  unit: string;
  /** The period's last month. */
  period: number;
  /** The units under it whose frozen figures the import changes. */
  units: string[];
}

const plus = (a: Cents, b: Cents): Cents => cents(a + b);

/**
 * A sum of the preview that, with the stored amounts, would leave the cent range: the import is
 * refused, naming where (rather than failing on the sum).
 */
const within = (
  a: Cents,
  b: Cents,
  where: { column: 'budget' | 'changes' | 'actual'; unit: string; account: string },
): Cents => {
  const sum = a + b;
  if (Math.abs(sum) > MAX_CENTS) throw new UtfallError('amount.sumStored', where);
  return sum as Cents;
};
const minus = (a: Cents, b: Cents): Cents => cents(a - b);
const ZERO = 0 as Cents;

/**
 * The cells an actuals import writes or replaces: `replaceUnits` are the units whose `months`
 * the import replaces (none when it appends).
 */
export async function actualsPreview(
  db: Db,
  municipalityId: string,
  year: number,
  mode: ActualsMode,
  balances: readonly ActualBalanceInput[],
  replaceUnits: readonly string[],
  months: readonly number[],
): Promise<ImportPreview> {
  const key = (unit: string, month: number) => `${unit}\u0000${month}`;
  const fileUnits = new Set(balances.map((b) => b.unitCode));
  const replaced = new Set(replaceUnits);
  const monthSet = new Set(months);
  const cells = new Map<string, ActualsPreviewCell>();
  const cellOf = (unit: string, month: number): ActualsPreviewCell => {
    let cell = cells.get(key(unit, month));
    if (!cell) {
      cell = {
        unit,
        month,
        before: ZERO,
        removed: ZERO,
        added: ZERO,
        after: ZERO,
        inFile: fileUnits.has(unit),
      };
      cells.set(key(unit, month), cell);
    }
    return cell;
  };
  const stored = new Map<string, Cents>();
  for (const row of await storedActualCells(db, municipalityId, year)) {
    stored.set(key(row.unitCode, row.month), centsFrom(row.amount));
    if (replaced.has(row.unitCode) && monthSet.has(row.month)) {
      const cell = cellOf(row.unitCode, row.month);
      cell.before = centsFrom(row.amount);
      cell.removed = cell.before;
    }
  }
  for (const balance of balances) {
    const cell = cellOf(balance.unitCode, balance.month);
    cell.before = stored.get(key(balance.unitCode, balance.month)) ?? ZERO;
    cell.removed = replaced.has(balance.unitCode) ? cell.before : ZERO;
    cell.added = plus(cell.added, balance.amount);
  }
  const list = [...cells.values()].sort((a, b) =>
    a.unit === b.unit ? a.month - b.month : a.unit < b.unit ? -1 : 1,
  );
  for (const cell of list)
    cell.after = within(minus(cell.before, cell.removed), cell.added, {
      column: 'actual',
      unit: cell.unit,
      account: String(cell.month),
    });
  const absent = new Set(list.filter((c) => !c.inFile).map((c) => c.unit));
  return {
    mode,
    cells: list,
    lines: [],
    absentUnits: [...absent].sort(),
    units: [...new Set(list.map((c) => c.unit))].sort(),
    frozen: [],
  };
}

/**
 * The lines a budget import sets: an original budget replaces the year's original budget (every
 * unit's, also those the file has no row for); a change adds to the revised budget.
 */
export async function budgetPreview(
  db: Db,
  municipalityId: string,
  year: number,
  mode: BudgetMode,
  records: readonly BudgetEntryInput[],
): Promise<ImportPreview> {
  const key = (unit: string, line: string) => `${unit}\u0000${line}`;
  const fileUnits = new Set(records.map((r) => r.unitCode));
  const lines = new Map<string, BudgetPreviewLine>();
  const lineOf = (unit: string, line: string): BudgetPreviewLine => {
    let entry = lines.get(key(unit, line));
    if (!entry) {
      entry = { unit, line, before: ZERO, after: ZERO, inFile: fileUnits.has(unit) };
      lines.set(key(unit, line), entry);
    }
    return entry;
  };
  const stored = await storedBudgetLines(db, municipalityId, year);
  for (const row of stored) {
    if (mode === 'original' && row.stage !== 'original') continue;
    const entry = lineOf(row.unitCode, row.line);
    entry.before = plus(entry.before, centsFrom(row.amount));
  }
  for (const entry of lines.values()) entry.after = mode === 'original' ? ZERO : entry.before;
  const touched = new Set<string>();
  for (const record of records) {
    const entry = lineOf(record.unitCode, record.line);
    entry.after = within(entry.after, record.amount, {
      column: mode === 'original' ? 'budget' : 'changes',
      unit: record.unitCode,
      account: record.account ?? record.line,
    });
    touched.add(key(record.unitCode, record.line));
  }
  const list = [...lines.values()]
    .filter((l) =>
      mode === 'original'
        ? l.before !== 0 || touched.has(key(l.unit, l.line))
        : touched.has(key(l.unit, l.line)),
    )
    .sort((a, b) => (a.unit === b.unit ? (a.line < b.line ? -1 : 1) : a.unit < b.unit ? -1 : 1));
  const absent = new Set(list.filter((l) => !l.inFile && l.before !== 0).map((l) => l.unit));
  return {
    mode,
    cells: [],
    lines: list,
    absentUnits: [...absent].sort(),
    units: [...new Set(list.map((l) => l.unit))].sort(),
    frozen: [],
  };
}
