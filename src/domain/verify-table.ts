/**
 * Verification of published budget-vs-outcome tables: a table typed by hand exactly as printed
 * (whole euros, empty cells empty) is checked against itself (totals, revised budget, deviation,
 * empty cells the table implies), against the tables of its areas, and against the figures
 * computed from the data when they are known.
 *
 * Every printed cell is rounded to the euro, so each carries an error of up to 0.50 €. A relation
 * among n printed cells (the result plus its terms) may therefore be off by up to n × 0.50 €
 * purely from rounding: a difference within that is severity 'rounding', beyond it 'error'.
 * Empty cells taken as 0 are exact and do not count towards n. A table printed in another unit
 * (thousands of euros) is judged the same way with half that unit per cell (`options.unit`).
 *
 * Pure: the CLI parses the files and reads the unit tree and the computed figures.
 */
import { LINE_CODES, LINES, lineDefinition, type LineCode } from './lines.js';
import { cents, EURO, roundToUnit, type Cents } from './money.js';
import type { LineFigures } from './model.js';

export const TABLE_COLUMNS = ['budget', 'changes', 'revised', 'actual', 'deviation'] as const;
export type TableColumn = (typeof TABLE_COLUMNS)[number];

/** One printed row of a published table, in cents (whole euros × 100) and report sign. */
export interface PublishedRow {
  /** The file the row was typed in. */
  file: string;
  /** The row's position in the file (the CSV parser uses the line number, header = 1). */
  row: number;
  unitCode: string;
  /** The unit's parent as the file gives it; `parentOf` overrides it. */
  parentCode: string | null;
  line: LineCode;
  cells: Record<TableColumn, Cents | null>;
}

export const TABLE_RULES = [
  'table.missing-cell',
  'table.total',
  'table.revised',
  'table.deviation',
  'table.areas',
  'table.data',
] as const;
export type TableRule = (typeof TABLE_RULES)[number];

export type FindingSeverity = 'error' | 'rounding';

export interface TableFinding {
  rule: TableRule;
  severity: FindingSeverity;
  /** The unit whose printed cell is wrong (for `table.areas`: the parent). */
  unitCode: string;
  line: LineCode;
  column: TableColumn;
  expected: Cents;
  /** The printed cell; null for a missing cell. */
  found: Cents | null;
  file: string;
  row: number;
  /**
   * The cells the expectation was computed from, for the message: language-neutral, line codes
   * (or unit codes for `table.areas`) with euros as plain numbers, e.g. `revenue 27495 + costs -929624`.
   */
  detail?: string;
}

export interface VerifyTablesOptions {
  /** The unit tree of the database, when known; otherwise the rows' `parentCode` is used. */
  parentOf?: (unitCode: string) => string | null;
  /** Figures computed from the data per unit code, to compare each printed cell (`table.data`). */
  computed?: Map<string, LineFigures[]>;
  /**
   * Cents per printed unit: EURO (100, the default) for tables in whole euros, THOUSAND_EUROS for
   * tables in thousands of euros. Rows still carry cents (printed value × unit); each printed
   * cell may then be off by half that unit.
   */
  unit?: number;
}

/** Half a euro: the largest rounding error of one printed cell. */
export const HALF_EURO = 50;

/**
 * The difference a relation among `printedCells` printed cells may show purely from rounding:
 * half the printed unit (in cents; default whole euros) per cell.
 */
export function roundingTolerance(printedCells: number, unit: number = EURO): number {
  return (printedCells * unit) / 2;
}

/**
 * Checks published tables. Rules:
 * - `table.total`: a total line (LINES[].sumOf) ≠ the sum of its components printed in the same
 *   table. A printed component total is used as is; a component total without a printed cell is
 *   computed from its own components; components the table does not print, and empty cells of
 *   printed rows, count as 0 — unless the empty cell is implied by its own row (a missing cell,
 *   reported as such), which leaves the total of that column unchecked.
 * - `table.revised`: revised ≠ budget + changes (empty = 0 when the row prints any of the three).
 * - `table.deviation`: deviation ≠ actual − revised (revised empty: budget + changes, or 0).
 * - `table.missing-cell`: an empty cell the table implies: actual empty but deviation printed
 *   (expected deviation + revised), deviation empty but actual printed, a total line empty where
 *   its components are printed, revised empty while budget or changes are printed. Rows with no
 *   figures at all, and actual/deviation of rows where both are empty, are never missing cells.
 * - `table.areas`: a parent's printed cell ≠ the sum of its children's, for every line the parent
 *   and all its children print (a child row printed without any figure counts as 0; a column is
 *   skipped when a child row with figures leaves that cell empty).
 * - `table.data`: a printed cell ≠ the computed figure rounded to euros (computed null = 0).
 *   Tolerance against the exact figure: 0.50 €, plus 0.50 € per printed component for totals
 *   (a total may be the sum of rounded components).
 *
 * One wrong cell is reported once per rule. When a printed cell is an error of `table.total` and
 * the revised or deviation relation of its row holds with the expected value in its place, that
 * relation is not reported again (e.g. a wrong actual makes its deviation disagree as well).
 * Findings are ordered by file, row, column and rule.
 */
export function verifyTables(
  rows: PublishedRow[],
  options: VerifyTablesOptions = {},
): TableFinding[] {
  const tables = groupTables(rows);
  const unit = options.unit ?? EURO;
  const findings = new FindingSet(unit);
  const corrections = new Map<string, Cents>();

  for (const table of tables.values()) checkTotals(table, findings, corrections);
  for (const table of tables.values()) {
    for (const row of table.rows.values()) {
      checkRevised(row, findings, corrections);
      checkDeviation(row, findings, corrections);
    }
  }
  checkAreas(tables, options.parentOf, findings);
  if (options.computed) checkData(tables, options.computed, findings);

  return findings.sorted();
}

// --- tables -------------------------------------------------------------------------------

interface Table {
  unitCode: string;
  parentCode: string | null;
  /** The first printed row per line. */
  rows: Map<LineCode, PublishedRow>;
}

function groupTables(rows: readonly PublishedRow[]): Map<string, Table> {
  const tables = new Map<string, Table>();
  for (const row of rows) {
    let table = tables.get(row.unitCode);
    if (!table) {
      table = { unitCode: row.unitCode, parentCode: null, rows: new Map() };
      tables.set(row.unitCode, table);
    }
    if (table.parentCode === null && row.parentCode) table.parentCode = row.parentCode;
    if (!table.rows.has(row.line)) table.rows.set(row.line, row);
  }
  return tables;
}

function hasFigures(row: PublishedRow): boolean {
  return TABLE_COLUMNS.some((column) => row.cells[column] !== null);
}

/** Whether an empty cell of this row may be reported as missing. */
function mayBeMissing(row: PublishedRow, column: TableColumn): boolean {
  if (!hasFigures(row)) return false;
  if (column === 'actual' || column === 'deviation') {
    return row.cells.actual !== null || row.cells.deviation !== null;
  }
  return true;
}

interface Term {
  label: string;
  value: Cents;
}

function sumTerms(terms: readonly Term[]): Cents {
  return cents(terms.reduce((total, term) => total + term.value, 0));
}

/**
 * Whether an empty cell is implied by the other cells of its own row (and so reported missing):
 * revised by budget or changes, actual by deviation, deviation by actual.
 */
function impliedByRow(row: PublishedRow, column: TableColumn): boolean {
  const { budget, changes, actual, deviation } = row.cells;
  switch (column) {
    case 'revised':
      return budget !== null || changes !== null;
    case 'actual':
      return deviation !== null;
    case 'deviation':
      return actual !== null;
    case 'budget':
    case 'changes':
      return false;
  }
}

/**
 * The printed cells a line's value in this table is made of: its own cell, or for a total
 * without one, its components'; none when the table does not print the line (0). Null when the
 * value is unknown: an empty cell its own row implies, already reported as missing.
 */
function printedTerms(table: Table, line: LineCode, column: TableColumn): Term[] | null {
  const row = table.rows.get(line);
  const value = row?.cells[column] ?? null;
  if (value !== null) return [{ label: line, value }];
  if (row && impliedByRow(row, column)) return null;
  return componentTerms(table, line, column);
}

function componentTerms(table: Table, line: LineCode, column: TableColumn): Term[] | null {
  const terms: Term[] = [];
  for (const part of lineDefinition(line).sumOf ?? []) {
    const partTerms = printedTerms(table, part, column);
    if (partTerms === null) return null;
    terms.push(...partTerms);
  }
  return terms;
}

// --- findings -----------------------------------------------------------------------------

function cellKey(unitCode: string, line: LineCode, column: TableColumn): string {
  return `${unitCode}\u0000${line}\u0000${column}`;
}

/** Euros as a plain number for the detail: whole euros without decimals, otherwise two. */
function plain(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const whole = Math.floor(abs / 100);
  const fraction = abs % 100;
  return fraction === 0
    ? `${sign}${whole}`
    : `${sign}${whole}.${String(fraction).padStart(2, '0')}`;
}

function describe(terms: readonly Term[]): string {
  return terms.map((term) => `${term.label} ${plain(term.value)}`).join(' + ');
}

/** The findings of one verification, and the printed unit their severities are judged in. */
class FindingSet {
  private readonly byCell = new Map<string, TableFinding>();

  constructor(readonly unit: number) {}

  /** Rounding when `printedCells` cells rounded to the printed unit can explain the difference. */
  severityOf(difference: number, printedCells: number): FindingSeverity {
    return Math.abs(difference) <= roundingTolerance(printedCells, this.unit)
      ? 'rounding'
      : 'error';
  }

  add(finding: TableFinding): void {
    const key = [finding.rule, finding.file, finding.row, finding.column].join('\u0000');
    const existing = this.byCell.get(key);
    if (!existing) {
      this.byCell.set(key, finding);
      return;
    }
    // The same cell by another route: keep the first finding, note the other derivation.
    if (finding.detail && finding.detail !== existing.detail) {
      existing.detail = existing.detail ? `${existing.detail}; ${finding.detail}` : finding.detail;
    }
  }

  sorted(): TableFinding[] {
    const columnIndex = (c: TableColumn): number => TABLE_COLUMNS.indexOf(c);
    const ruleIndex = (r: TableRule): number => TABLE_RULES.indexOf(r);
    return [...this.byCell.values()].sort(
      (a, b) =>
        (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
        a.row - b.row ||
        columnIndex(a.column) - columnIndex(b.column) ||
        ruleIndex(a.rule) - ruleIndex(b.rule),
    );
  }
}

function findingAt(
  row: PublishedRow,
  column: TableColumn,
  rule: TableRule,
  severity: FindingSeverity,
  expected: Cents,
  detail: string,
): TableFinding {
  return {
    rule,
    severity,
    unitCode: row.unitCode,
    line: row.line,
    column,
    expected,
    found: row.cells[column],
    file: row.file,
    row: row.row,
    detail,
  };
}

function missingCell(row: PublishedRow, column: TableColumn, expected: Cents, detail: string) {
  return findingAt(row, column, 'table.missing-cell', 'error', expected, detail);
}

// --- table.total --------------------------------------------------------------------------

function checkTotals(table: Table, findings: FindingSet, corrections: Map<string, Cents>): void {
  for (const line of LINES) {
    if (!line.sumOf) continue;
    const row = table.rows.get(line.code);
    if (!row) continue;
    for (const column of TABLE_COLUMNS) {
      const terms = componentTerms(table, line.code, column);
      if (terms === null || terms.length === 0) continue;
      const expected = sumTerms(terms);
      const found = row.cells[column];
      const detail = describe(terms);
      if (found === null) {
        if (mayBeMissing(row, column)) findings.add(missingCell(row, column, expected, detail));
        continue;
      }
      if (found === expected) continue;
      const severity = findings.severityOf(found - expected, terms.length + 1);
      findings.add(findingAt(row, column, 'table.total', severity, expected, detail));
      if (severity === 'error') corrections.set(cellKey(row.unitCode, row.line, column), expected);
    }
  }
}

/** A printed cell, or the value `table.total` expects in its place when it found it wrong. */
function corrected(
  row: PublishedRow,
  column: TableColumn,
  corrections: ReadonlyMap<string, Cents>,
): Cents | null {
  return corrections.get(cellKey(row.unitCode, row.line, column)) ?? row.cells[column];
}

type CellReader = (column: TableColumn) => Cents | null;

// --- table.revised ------------------------------------------------------------------------

function revisedRelation(read: CellReader): { expected: Cents; printed: number } {
  const budget = read('budget');
  const changes = read('changes');
  return {
    expected: cents((budget ?? 0) + (changes ?? 0)),
    printed: [budget, changes].filter((c) => c !== null).length,
  };
}

function checkRevised(
  row: PublishedRow,
  findings: FindingSet,
  corrections: ReadonlyMap<string, Cents>,
): void {
  const { budget, changes, revised } = row.cells;
  if (budget === null && changes === null && revised === null) return;
  const printedCell: CellReader = (column) => row.cells[column];
  const { expected, printed } = revisedRelation(printedCell);
  const detail = `budget ${plain(budget ?? 0)} + changes ${plain(changes ?? 0)}`;
  if (revised === null) {
    findings.add(missingCell(row, 'revised', expected, detail));
    return;
  }
  if (revised === expected) return;
  const severity = findings.severityOf(revised - expected, printed + 1);
  if (severity === 'error') {
    const fixed: CellReader = (column) => corrected(row, column, corrections);
    const again = revisedRelation(fixed);
    const fixedRevised = fixed('revised') ?? 0;
    if (findings.severityOf(fixedRevised - again.expected, again.printed + 1) === 'rounding')
      return;
  }
  findings.add(findingAt(row, 'revised', 'table.revised', severity, expected, detail));
}

// --- table.deviation ----------------------------------------------------------------------

/** The revised budget a deviation is measured from: printed, else budget + changes, else 0. */
function revisedBase(read: CellReader): { value: Cents; printed: number; label: string } {
  const revised = read('revised');
  if (revised !== null) return { value: revised, printed: 1, label: `revised ${plain(revised)}` };
  const { expected, printed } = revisedRelation(read);
  return { value: expected, printed, label: `revised ${plain(expected)}` };
}

function checkDeviation(
  row: PublishedRow,
  findings: FindingSet,
  corrections: ReadonlyMap<string, Cents>,
): void {
  const { actual, deviation } = row.cells;
  if (actual === null && deviation === null) return;
  const base = revisedBase((column) => row.cells[column]);
  if (actual === null && deviation !== null) {
    const expected = cents(deviation + base.value);
    findings.add(
      missingCell(row, 'actual', expected, `deviation ${plain(deviation)} + ${base.label}`),
    );
    return;
  }
  if (actual === null) return;
  const expected = cents(actual - base.value);
  const detail = `actual ${plain(actual)} - ${base.label}`;
  if (deviation === null) {
    findings.add(missingCell(row, 'deviation', expected, detail));
    return;
  }
  if (deviation === expected) return;
  const severity = findings.severityOf(deviation - expected, base.printed + 2);
  if (severity === 'error') {
    const fixed: CellReader = (column) => corrected(row, column, corrections);
    const fixedBase = revisedBase(fixed);
    const fixedDifference = (fixed('deviation') ?? 0) - ((fixed('actual') ?? 0) - fixedBase.value);
    if (findings.severityOf(fixedDifference, fixedBase.printed + 2) === 'rounding') return;
  }
  findings.add(findingAt(row, 'deviation', 'table.deviation', severity, expected, detail));
}

// --- table.areas --------------------------------------------------------------------------

function checkAreas(
  tables: ReadonlyMap<string, Table>,
  parentOf: ((unitCode: string) => string | null) | undefined,
  findings: FindingSet,
): void {
  const childrenOf = new Map<string, Table[]>();
  for (const table of tables.values()) {
    const parent = parentOf ? parentOf(table.unitCode) : table.parentCode;
    if (parent === null || parent === table.unitCode || !tables.has(parent)) continue;
    const children = childrenOf.get(parent) ?? [];
    children.push(table);
    childrenOf.set(parent, children);
  }
  for (const [parentCode, children] of childrenOf) {
    const parent = tables.get(parentCode);
    if (!parent) continue;
    for (const line of LINE_CODES) {
      const parentRow = parent.rows.get(line);
      if (!parentRow) continue;
      const childRows = children.map((child) => child.rows.get(line));
      if (childRows.some((row) => row === undefined)) continue;
      for (const column of TABLE_COLUMNS) {
        checkAreaCell(parentRow, childRows as PublishedRow[], column, findings);
      }
    }
  }
}

function checkAreaCell(
  parentRow: PublishedRow,
  childRows: readonly PublishedRow[],
  column: TableColumn,
  findings: FindingSet,
): void {
  const found = parentRow.cells[column];
  if (found === null) return;
  const terms: Term[] = [];
  for (const child of childRows) {
    const value = child.cells[column];
    if (value !== null) terms.push({ label: child.unitCode, value });
    else if (hasFigures(child)) return; // left empty on purpose, or reported as missing
  }
  const expected = sumTerms(terms);
  if (found === expected) return;
  const severity = findings.severityOf(found - expected, terms.length + 1);
  const detail = terms.length > 0 ? describe(terms) : 'no figures';
  findings.add(findingAt(parentRow, column, 'table.areas', severity, expected, detail));
}

// --- table.data ---------------------------------------------------------------------------

function checkData(
  tables: ReadonlyMap<string, Table>,
  computed: ReadonlyMap<string, LineFigures[]>,
  findings: FindingSet,
): void {
  for (const table of tables.values()) {
    const figures = computed.get(table.unitCode);
    if (!figures) continue;
    const byLine = new Map(figures.map((figure) => [figure.code, figure]));
    for (const row of table.rows.values()) {
      const isTotal = lineDefinition(row.line).sumOf !== undefined;
      for (const column of TABLE_COLUMNS) {
        const found = row.cells[column];
        if (found === null) continue;
        const exact = byLine.get(row.line)?.[column] ?? 0;
        const expected = cents(roundToUnit(cents(exact), findings.unit) * findings.unit);
        if (found === expected) continue;
        const components = isTotal ? (componentTerms(table, row.line, column)?.length ?? 0) : 0;
        const tolerance = roundingTolerance(1 + components, findings.unit);
        const severity: FindingSeverity =
          Math.abs(found - exact) <= tolerance ? 'rounding' : 'error';
        const detail = `computed ${plain(exact)}`;
        findings.add(findingAt(row, column, 'table.data', severity, expected, detail));
      }
    }
  }
}
