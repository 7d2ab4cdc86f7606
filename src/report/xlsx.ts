/**
 * The report as an Excel workbook, for the controller who works on with its figures: one sheet
 * per section with its figure table (amounts as numbers in euros — or thousands — shown `# ##0`;
 * totals, revised budget and deviation as formulas carrying their results, so that a viewer that
 * does not recalculate still shows every figure), the binding line's legend and the document's
 * notes under it; plus a goals sheet per section with goals. Every header, sheet name and note is
 * in the report's language; the exact integer cents for machines are in the CSV export.
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
 * holds its value. A formula's cached result is computed from the integers (cents or printed
 * units) and divided once, as the cell's own value is.
 */
import ExcelJS from 'exceljs';
import { lineDefinition, type Language, type LineCode } from '../domain/lines.js';
import { translate, type Translate } from '../i18n/index.js';
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
import { BINDING_MARK } from './html.js';
import { columnLetter, NUMBER_FORMAT, PERCENT_FORMAT, PRINTED } from './sheet-format.js';
import { indicatorLine, phrasesFor } from './phrases.js';

export { NUMBER_FORMAT, PERCENT_FORMAT };

const MAX_SHEET_NAME = 31;

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
    const part = amountAt(i, 'actual');
    const base = amountAt(i, whole);
    if (!exact || base === 0) return { value: percent / 100 };
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

/** The width of the goals sheet's text columns, in characters. */
const GOAL_WIDTH = 30;
/** Points per line of 11-point text. */
const LINE_HEIGHT = 15;

/**
 * A column width (in characters of the default font) that holds the longest word of a header
 * in bold capitals, so that a wrapped header breaks between words only.
 */
function headerWidth(label: string): number {
  // A short header on one line: "AVVIKELSE 1–8" would otherwise break after its dash.
  const unit = label.length <= SHORT_HEADER ? label.length : Math.max(0, ...words(label));
  return Math.ceil(unit * CAPITAL) + 2;
}

/** Headers up to this many characters stand on one line. */
const SHORT_HEADER = 18;
/** Width of a bold capital in characters of the default font. */
const CAPITAL = 1.25;

function words(label: string): number[] {
  return label.split(/\s+/).map((word) => word.length);
}

/** How many lines a header takes in a column `width` characters wide, wrapped between words. */
function headerLines(label: string, width: number): number {
  let lines = 1;
  let used = 0;
  for (const length of words(label)) {
    const needed = (used === 0 ? length : used + 1 + length) * CAPITAL;
    if (used > 0 && needed > width - 2) {
      lines += 1;
      used = length;
    } else used = used === 0 ? length : used + 1 + length;
  }
  return lines;
}

/**
 * The height of a row whose cells wrap in columns `width` characters wide: viewers that do not
 * fit rows to their text (LibreOffice's export, most previews) would show wrapped lines on top
 * of each other.
 */
function wrappedHeight(texts: readonly string[], width: number): number {
  const lines = (text: string): number =>
    text
      .split('\n')
      .reduce((sum, part) => sum + Math.max(1, Math.ceil((part.length * 1.1) / width)), 0);
  return Math.max(1, ...texts.map(lines)) * LINE_HEIGHT;
}

/** The first column: the line's label. */
const LABEL_COLUMN = 1;
/** The first column of amounts. */
const FIRST_AMOUNT = 2;

function addFigureTable(
  sheet: ExcelJS.Worksheet,
  block: FigureTableBlock,
  stored: Stored,
  startRow: number,
  t: Translate,
): number {
  const keys = block.columns.map((c) => c.key);
  const letterOf = (column: FigureColumn): string =>
    columnLetter(FIRST_AMOUNT + keys.indexOf(column));

  sheet.getCell(startRow, LABEL_COLUMN).value = block.caption;
  sheet.getCell(startRow, LABEL_COLUMN).font = { bold: true };
  const header = sheet.getRow(startRow + 1);
  header.getCell(LABEL_COLUMN).value = t('report:xlsx.item');
  block.columns.forEach((c, k) => {
    header.getCell(FIRST_AMOUNT + k).value = c.label;
  });
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'bottom' };
  header.eachCell((cell) => {
    cell.border = { bottom: { style: 'medium' } };
    if (Number(cell.col) >= FIRST_AMOUNT)
      cell.alignment = { ...header.alignment, horizontal: 'right' };
  });

  const firstRow = startRow + 2;
  const cells = layoutFigures(block, stored, firstRow, letterOf);
  block.rows.forEach((row, i) => {
    const r = sheet.getRow(firstRow + i);
    r.getCell(LABEL_COLUMN).value = row.binding ? `${row.label} ${BINDING_MARK}` : row.label;
    keys.forEach((column, k) => {
      const cell = cells[i]?.[k];
      const target = r.getCell(FIRST_AMOUNT + k);
      if (cell?.formula !== undefined && cell.value !== null) {
        target.value = { formula: cell.formula, result: cell.value };
      } else if (cell?.value !== null && cell?.value !== undefined) {
        target.value = cell.value;
      }
      target.numFmt = isPercentColumn(column) ? PERCENT_FORMAT : NUMBER_FORMAT;
    });
    if (row.total) r.font = { bold: true };
  });
  return firstRow + block.rows.length;
}

function addGoals(sheet: ExcelJS.Worksheet, blocks: GoalTableBlock[], lang: Language): void {
  const first = blocks[0];
  if (!first) return;
  const t = translate(lang);
  const phrases = phrasesFor(lang);
  const header = [
    t('report:xlsx.themeNumber'),
    t('report:xlsx.theme'),
    t('report:xlsx.cityGoal'),
    ...first.columns.map((c) => c.label),
    phrases.indicators,
  ];
  const head = sheet.addRow(header);
  head.font = { bold: true };
  head.eachCell((cell) => {
    cell.border = { bottom: { style: 'medium' } };
  });
  for (const block of blocks) {
    for (const row of block.rows) {
      const values = block.columns.map((c) => (c.key === 'status' ? row.statusLabel : row[c.key]));
      const indicators = row.indicators.map((ind) => indicatorLine(ind, lang)).join('\n');
      const added = sheet.addRow([row.theme, row.themeName, row.cityGoal, ...values, indicators]);
      added.height = wrappedHeight(
        [row.themeName, row.cityGoal, ...values, indicators].map(String),
        GOAL_WIDTH,
      );
    }
  }
  sheet.columns.forEach((column, k) => {
    column.width = k === 0 ? 7 : GOAL_WIDTH;
    column.alignment = { wrapText: true, vertical: 'top' };
  });
  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: 1 }];
  sheet.pageSetup = PRINTED;
}

function hasBinding(section: ReportSection): boolean {
  return section.blocks.some((b) => b.kind === 'figureTable' && b.rows.some((r) => r.binding));
}

function addSection(
  workbook: ExcelJS.Workbook,
  doc: ReportDocument,
  section: ReportSection,
  stored: Stored,
  taken: Set<string>,
): void {
  const t = translate(doc.lang);
  const sheet = workbook.addWorksheet(sheetName(section.unitCode, taken), {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 0 }],
  });
  sheet.getCell(1, LABEL_COLUMN).value = section.heading;
  sheet.getCell(1, LABEL_COLUMN).font = { bold: true, size: 13 };
  let row = 3;
  const tables = section.blocks.filter((b): b is FigureTableBlock => b.kind === 'figureTable');
  const headers: [FigureTableBlock, number][] = [];
  for (const block of tables) {
    headers.push([block, row + 1]);
    row = addFigureTable(sheet, block, stored, row, t) + 1;
  }
  const widest = Math.max(0, ...tables.map((b) => b.columns.length));
  // What the mark and the figures mean, as the printed report's notes say.
  const notes = [
    ...(hasBinding(section) ? [`${BINDING_MARK} ${phrasesFor(doc.lang).binding}`] : []),
    ...doc.footnotes,
  ];
  if (widest > 0) {
    for (const note of notes) {
      const cell = sheet.getCell(row, LABEL_COLUMN);
      cell.value = note;
      cell.font = { italic: true, size: 9 };
      row += 1;
    }
  }
  sheet.getColumn(LABEL_COLUMN).width = 38;
  // Wide enough for the longest word of its headers (wrapped between words, never inside one),
  // and each header row as high as its most wrapped header.
  const widths = Array.from({ length: widest }, (_, k) =>
    Math.max(14, ...tables.map((b) => headerWidth(b.columns[k]?.label ?? ''))),
  );
  widths.forEach((width, k) => {
    sheet.getColumn(FIRST_AMOUNT + k).width = width;
  });
  for (const [block, headerRow] of headers) {
    const lines = block.columns.map((c, k) => headerLines(c.label, widths[k] ?? 14));
    sheet.getRow(headerRow).height = Math.max(1, ...lines) * LINE_HEIGHT;
  }
  sheet.pageSetup = PRINTED;

  const goals = section.blocks.filter((b): b is GoalTableBlock => b.kind === 'goalTable');
  if (goals.some((g) => g.rows.length > 0)) {
    const name = `${section.unitCode} ${t('report:xlsx.goalsSheet')}`;
    addGoals(workbook.addWorksheet(sheetName(name, taken)), goals, doc.lang);
  }
}

/** Renders the report as an .xlsx workbook. */
export async function renderXlsx(doc: ReportDocument): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'utfall';
  workbook.title = doc.title;
  const taken = new Set<string>();
  const stored = storedOf(doc);
  for (const section of doc.sections) addSection(workbook, doc, section, stored, taken);
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data);
}
