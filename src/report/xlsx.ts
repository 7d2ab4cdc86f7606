/**
 * The report as an Excel workbook: one sheet per section with its figure table (numbers as
 * numbers; totals, revised budget and deviation as formulas carrying their results) and, to the
 * right, the exact cent values; plus a goals sheet per section with goals.
 *
 * The euro cells are chosen so that every formula, recomputed by Excel, shows exactly the printed
 * figure:
 * - by default (cells rounded independently) they hold the exact amounts — euros with their
 *   cents, or thousands of euros with their fraction — shown without decimals: a formula then
 *   recomputes the exact total, which the number format rounds as the report does (half away
 *   from zero). Sums of the printed parts would differ from the printed totals.
 * - with `additive` they hold the printed whole units, which add up to the printed totals.
 * A cell gets a formula only where the relation holds exactly for the values stored (a total is
 * the sum of its parts, revised = budget + changes, deviation = actual − revised); elsewhere it
 * holds its value.
 */
import ExcelJS from 'exceljs';
import { lineDefinition, type LineCode } from '../domain/lines.js';
import {
  isPercentColumn,
  printedUnit,
  type FigureColumn,
  type FigureRow,
  type FigureTableBlock,
  type GoalTableBlock,
  type ReportDocument,
  type ReportSection,
} from './document.js';

/** Whole numbers with grouping and a true minus sign (decimals are rounded for display only). */
export const NUMBER_FORMAT = '#,##0;"\u2212"#,##0';
/** Percentages with one decimal (use %, change %), the minus sign as above. */
export const PERCENT_FORMAT = '0.0 %;"\u2212"0.0 %';

const MAX_SHEET_NAME = 31;

function columnLetter(index: number): string {
  let n = index;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** A sheet name Excel accepts, unique within the workbook. */
function sheetName(wanted: string, taken: Set<string>): string {
  const clean = wanted.replace(/[[\]:*?/\\]/g, '-').replace(/^'|'$/g, '') || 'Sheet';
  let name = clean.slice(0, MAX_SHEET_NAME);
  for (let i = 2; taken.has(name.toLowerCase()); i += 1) {
    const suffix = ` (${i})`;
    name = clean.slice(0, MAX_SHEET_NAME - suffix.length) + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

interface Cell {
  formula?: string;
  /** The number stored (or the formula's result); null for an empty cell. */
  value: number | null;
}

/** How a figure table's euro cells are stored: integers per row and column, and their scale. */
interface Stored {
  /** Exact cents (default) or printed whole units (additive), as integers. */
  amount: (row: FigureRow, column: FigureColumn) => number | null;
  /** The stored integer divided by this is the number in the cell. */
  divisor: number;
}

function storedOf(doc: Pick<ReportDocument, 'additive' | 'thousands'>): Stored {
  return doc.additive
    ? { amount: (row, column) => row.printed[column], divisor: 1 }
    : { amount: (row, column) => row.cells[column], divisor: printedUnit(doc) };
}

/** Each cell of the euro part: its value, and a formula where one gives that value exactly. */
function layoutFigures(
  block: FigureTableBlock,
  stored: Stored,
  firstRow: number,
  letterOf: (column: FigureColumn) => string,
): Cell[][] {
  const rowOf = new Map<LineCode, number>();
  block.rows.forEach((row, i) => {
    if (!rowOf.has(row.line)) rowOf.set(row.line, i);
  });
  const keys = block.columns.map((c) => c.key);
  const has = (column: FigureColumn): boolean => keys.includes(column);
  const amountAt = (i: number, column: FigureColumn): number =>
    stored.amount(block.rows[i] as FigureRow, column) ?? 0;
  const ref = (i: number, column: FigureColumn): string => `${letterOf(column)}${firstRow + i}`;

  /** The candidate formulas of a cell with the integer each gives, in order of preference. */
  const candidates = (i: number, column: FigureColumn): { formula: string; amount: number }[] => {
    const row = block.rows[i] as FigureRow;
    const found: { formula: string; amount: number }[] = [];
    if (column === 'revised' && has('budget') && has('changes')) {
      found.push({
        formula: `${ref(i, 'budget')}+${ref(i, 'changes')}`,
        amount: amountAt(i, 'budget') + amountAt(i, 'changes'),
      });
    }
    // An interim report's deviation is to date; its forecast deviation is the year's.
    if (column === 'deviation' && has('actual') && has('revisedToDate')) {
      found.push({
        formula: `${ref(i, 'actual')}-${ref(i, 'revisedToDate')}`,
        amount: amountAt(i, 'actual') - amountAt(i, 'revisedToDate'),
      });
    }
    if (column === 'forecastDeviation' && has('forecast') && has('revised')) {
      found.push({
        formula: `${ref(i, 'forecast')}-${ref(i, 'revised')}`,
        amount: amountAt(i, 'forecast') - amountAt(i, 'revised'),
      });
    }
    if (column === 'deviation' && has('actual') && has('revised') && !has('revisedToDate')) {
      found.push({
        formula: `${ref(i, 'actual')}-${ref(i, 'revised')}`,
        amount: amountAt(i, 'actual') - amountAt(i, 'revised'),
      });
    }
    const parts = (lineDefinition(row.line).sumOf ?? [])
      .map((line) => rowOf.get(line))
      .filter((j): j is number => j !== undefined)
      .sort((a, b) => a - b);
    if (parts.length > 0) {
      const contiguous = parts.every((j, k) => k === 0 || j === (parts[k - 1] as number) + 1);
      const first = parts[0] as number;
      const last = parts[parts.length - 1] as number;
      found.push({
        formula:
          row.line !== 'margin' && contiguous && parts.length > 1
            ? `SUM(${ref(first, column)}:${ref(last, column)})`
            : parts.map((j) => ref(j, column)).join('+'),
        amount: parts.reduce((sum, j) => sum + amountAt(j, column), 0),
      });
    }
    return found;
  };

  /**
   * A percentage cell: the fraction, with its formula from the amounts it is computed from where
   * the sheet holds them exactly (not the rounded whole units of `additive`).
   */
  const percentCell = (i: number, column: FigureColumn): Cell => {
    const row = block.rows[i] as FigureRow;
    const percent = row.printed[column];
    if (percent === null) return { value: null };
    const whole = column === 'useRate' ? 'revisedToDate' : 'previousActual';
    const exact = stored.divisor !== 1 && has('actual') && has(whole);
    if (!exact) return { value: percent / 100 };
    const part = amountAt(i, 'actual');
    const base = amountAt(i, whole);
    return column === 'useRate'
      ? { value: part / base, formula: `${ref(i, 'actual')}/${ref(i, whole)}` }
      : {
          value: (part - base) / base,
          formula: `(${ref(i, 'actual')}-${ref(i, whole)})/${ref(i, whole)}`,
        };
  };

  return block.rows.map((row, i) =>
    keys.map((column): Cell => {
      if (isPercentColumn(column)) return percentCell(i, column);
      const amount = stored.amount(row, column);
      if (amount === null) return { value: null };
      const value = amount / stored.divisor;
      const exact = candidates(i, column).find((candidate) => candidate.amount === amount);
      return exact ? { formula: exact.formula, value } : { value };
    }),
  );
}

function addFigureTable(
  sheet: ExcelJS.Worksheet,
  block: FigureTableBlock,
  stored: Stored,
  startRow: number,
): number {
  const keys = block.columns.map((c) => c.key);
  // A: line code, B: label, then euros, then cents.
  const euroStart = 3;
  const centStart = euroStart + keys.length;
  const letterOf = (column: FigureColumn): string => columnLetter(euroStart + keys.indexOf(column));

  sheet.getCell(startRow, 1).value = block.caption;
  sheet.getCell(startRow, 1).font = { bold: true };
  const header = sheet.getRow(startRow + 1);
  header.getCell(1).value = 'line';
  header.getCell(2).value = '';
  block.columns.forEach((c, k) => {
    header.getCell(euroStart + k).value = c.label;
    header.getCell(centStart + k).value = `${c.label} (cents)`;
  });
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'bottom' };

  const firstRow = startRow + 2;
  const cells = layoutFigures(block, stored, firstRow, letterOf);
  block.rows.forEach((row, i) => {
    const r = sheet.getRow(firstRow + i);
    r.getCell(1).value = row.line;
    r.getCell(2).value = row.label;
    keys.forEach((column, k) => {
      const cell = cells[i]?.[k];
      const target = r.getCell(euroStart + k);
      if (cell?.formula !== undefined) {
        target.value = { formula: cell.formula, result: cell.value ?? 0 };
      } else if (cell?.value !== null && cell?.value !== undefined) {
        target.value = cell.value;
      }
      target.numFmt = isPercentColumn(column) ? PERCENT_FORMAT : NUMBER_FORMAT;
      const exact = row.cells[column];
      const centCell = r.getCell(centStart + k);
      if (exact !== null) centCell.value = exact;
      centCell.numFmt = '0';
    });
    if (row.total) r.font = { bold: true };
    if (row.binding) r.getCell(2).value = `${row.label} ●`;
  });
  return firstRow + block.rows.length;
}

function addGoals(sheet: ExcelJS.Worksheet, blocks: GoalTableBlock[]): void {
  const first = blocks[0];
  if (!first) return;
  const header = [
    'theme',
    'themeName',
    'cityGoal',
    ...first.columns.map((c) => c.label),
    'indicators',
  ];
  sheet.addRow(header).font = { bold: true };
  for (const block of blocks) {
    for (const row of block.rows) {
      const values = block.columns.map((c) => (c.key === 'status' ? row.statusLabel : row[c.key]));
      const indicators = row.indicators
        .map((ind) => {
          const name = ind.name.sv ?? ind.name.fi ?? ind.name.en ?? '';
          const unit = ind.measureUnit ? ` ${ind.measureUnit}` : '';
          return `${name}: ${ind.operator} ${ind.target}${unit}; ${ind.actual ?? '–'}${ind.actual === null ? '' : unit}`;
        })
        .join('\n');
      sheet.addRow([row.theme, row.themeName, row.cityGoal, ...values, indicators]);
    }
  }
  sheet.columns.forEach((column, k) => {
    column.width = k === 0 ? 7 : 30;
    column.alignment = { wrapText: true, vertical: 'top' };
  });
}

function addSection(
  workbook: ExcelJS.Workbook,
  section: ReportSection,
  stored: Stored,
  taken: Set<string>,
): void {
  const sheet = workbook.addWorksheet(sheetName(section.unitCode, taken), {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 0 }],
  });
  sheet.getCell(1, 1).value = section.heading;
  sheet.getCell(1, 1).font = { bold: true, size: 13 };
  let row = 3;
  let widest = 0;
  for (const block of section.blocks) {
    if (block.kind !== 'figureTable') continue;
    row = addFigureTable(sheet, block, stored, row) + 1;
    widest = Math.max(widest, block.columns.length);
  }
  sheet.getColumn(1).width = 13;
  sheet.getColumn(2).width = 38;
  for (let k = 0; k < widest * 2; k += 1) sheet.getColumn(3 + k).width = 15;

  const goals = section.blocks.filter((b): b is GoalTableBlock => b.kind === 'goalTable');
  if (goals.some((g) => g.rows.length > 0)) {
    addGoals(workbook.addWorksheet(sheetName(`${section.unitCode} goals`, taken)), goals);
  }
}

/** Renders the report as an .xlsx workbook. */
export async function renderXlsx(doc: ReportDocument): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'utfall';
  workbook.title = doc.title;
  const taken = new Set<string>();
  const stored = storedOf(doc);
  for (const section of doc.sections) addSection(workbook, section, stored, taken);
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data);
}
