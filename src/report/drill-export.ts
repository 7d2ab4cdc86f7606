/**
 * A drill-down level for download (GET …/drill.csv and …/drill.xlsx, `utfall drill --format
 * csv|xlsx`), and the table the CLI prints: the units, accounts or months level one row per row
 * (budget, actual, deviation, share of the deviation) and a total row; the postings level one row
 * per posting of `view.postings.rows` (the caller asks for all of them: pageSize 0) and the sum.
 *
 * The CSV is for people who open it in Excel set up for Finland or Sweden: UTF-8 with a BOM, `;`
 * between fields, CRLF, RFC 4180 quoting, amounts in euros with a decimal comma and an ASCII
 * minus (`-1234,56`, written from the integer cents), dates `YYYY-MM-DD`, headers in the
 * language. The workbook holds the amounts as numbers in euros (the cents divided once, as the
 * report's workbook does) shown with their cents, its total row as a SUM formula carrying its
 * result where the total is the sum of the rows, a deviation as actual − budget where it is.
 */
import type { CellFormulaValue } from 'exceljs';
import type { DrillLevel, DrillView } from '../api/drill.js';
import { UtfallError } from '../domain/errors.js';
import type { Language } from '../domain/lines.js';
import { translate, type Translate } from '../i18n/index.js';
import { columnLetter, PERCENT_FORMAT, PRINTED } from './sheet-format.js';

/** One cell of a drill table, by what it holds; amounts are integer cents. */
export type DrillCell =
  | { kind: 'text'; text: string }
  | { kind: 'amount'; cents: number | null }
  | { kind: 'share'; value: number | null }
  | { kind: 'date'; iso: string }
  | { kind: 'integer'; value: number };

export interface DrillColumn {
  label: string;
  kind: DrillCell['kind'];
}

/** A level as a table: its columns, its rows, and the lines under them (the total last). */
export interface DrillTable {
  columns: DrillColumn[];
  rows: DrillCell[][];
  /**
   * Under the rows: the total (units, accounts, months; the postings' sum), before it the part
   * of the actual booked as monthly balances where every posting is listed and some has none.
   * Each is the sum of the lines above it.
   */
  totals: DrillCell[][];
}

const text = (value: string): DrillCell => ({ kind: 'text', text: value });
const amount = (cents: number | null): DrillCell => ({ kind: 'amount', cents });
const EMPTY = text('');

/** The name of a month in the language (`mars`, `maaliskuu`, `March`). */
export function monthName(month: number, t: Translate): string {
  return t(`report:drill.month.${month}`);
}

/** What a level is called after the scope (`per konto`, `tileittäin`, `by account`). */
export function levelName(level: DrillLevel, t: Translate): string {
  return t(`report:drill.by.${level}`);
}

/**
 * The scope of a drill-down in words: unit (its own entries), line, account, the month or the
 * period, and the year — `STK-ICT ICT Services — Purchases of services — account 4320 — March
 * 2023`.
 */
export function drillScope(view: DrillView, lang: Language): string {
  const t = translate(lang);
  const unit = `${view.unit.code} ${view.unit.names[lang]}`;
  const parts = [view.own ? t('report:drill.own', { name: unit }) : unit, view.line.label[lang]];
  if (view.account !== null) parts.push(t('report:drill.account', { account: view.account }));
  if (view.month !== null)
    parts.push(t('report:drill.monthOfYear', { month: monthName(view.month, t), year: view.year }));
  else if (view.period !== null)
    parts.push(t('report:drill.period', { month: view.period, year: view.year }));
  else parts.push(String(view.year));
  return parts.join(' — ');
}

/** The scope and the level: the title of a download. */
export function drillTitle(view: DrillView, lang: Language): string {
  return `${drillScope(view, lang)} — ${levelName(view.by, translate(lang))}`;
}

/** A level of a drill-down as a table, headers and labels in the language. */
export function drillTable(view: DrillView, lang: Language): DrillTable {
  const t = translate(lang);
  const label = (key: string) => t(`report:drill.column.${key}`);
  if (view.by === 'postings') {
    const postings = view.postings;
    const rows = postings?.rows ?? [];
    const columns: DrillColumn[] = [
      { label: label('date'), kind: 'date' },
      { label: label('unit'), kind: 'text' },
      { label: label('account'), kind: 'text' },
      { label: label('voucher'), kind: 'text' },
      { label: label('text'), kind: 'text' },
      { label: label('amount'), kind: 'amount' },
      { label: label('import'), kind: 'integer' },
      { label: label('row'), kind: 'integer' },
    ];
    const line = (first: string, cents: number): DrillCell[] => [
      text(first),
      EMPTY,
      EMPTY,
      EMPTY,
      EMPTY,
      amount(cents),
      EMPTY,
      EMPTY,
    ];
    const sum = rows.reduce((s, p) => s + (p.amount ?? 0), 0);
    // Every posting of the scope is listed: the monthly balances complete the actual.
    const balances = postings?.balances ?? 0;
    const whole = postings !== null && rows.length === postings.count && balances !== 0;
    return {
      columns,
      rows: rows.map((p) => [
        { kind: 'date', iso: p.date },
        text(p.unitCode),
        text(p.account),
        text(p.voucher),
        text(p.text),
        amount(p.amount),
        { kind: 'integer', value: p.importId },
        { kind: 'integer', value: p.row },
      ]),
      totals: whole
        ? [
            line(t('report:drill.balances'), balances),
            line(t('report:drill.total'), sum + balances),
          ]
        : [line(t('report:drill.total'), sum)],
    };
  }

  const keyColumns: DrillColumn[] =
    view.by === 'units'
      ? [
          { label: label('unit'), kind: 'text' },
          { label: label('name'), kind: 'text' },
        ]
      : [{ label: label(view.by === 'accounts' ? 'account' : 'month'), kind: 'text' }];
  const toDate = view.period !== null && view.month === null;
  const columns: DrillColumn[] = [
    ...keyColumns,
    {
      label: t('report:drill.column.budget', { context: toDate ? 'toDate' : undefined }),
      kind: 'amount',
    },
    { label: label('actual'), kind: 'amount' },
    { label: label('deviation'), kind: 'amount' },
    { label: label('share'), kind: 'share' },
  ];
  const rows = view.rows.map((row): DrillCell[] => {
    let keys: DrillCell[];
    if (view.by === 'units') {
      const name = row.unit?.names[lang] ?? '';
      keys = [
        text(row.unit?.code ?? ''),
        text(row.unit?.own ? t('report:drill.own', { name }) : name),
      ];
    } else if (view.by === 'accounts') keys = [text(row.account ?? t('report:drill.byLine'))];
    else keys = [text(row.month === null ? '' : monthName(row.month, t))];
    return [
      ...keys,
      amount(row.budget),
      amount(row.actual),
      amount(row.deviation),
      { kind: 'share', value: row.share },
    ];
  });
  const total: DrillCell[] = [
    text(t('report:drill.total')),
    ...keyColumns.slice(1).map(() => EMPTY),
    amount(view.total.budget),
    amount(view.total.actual),
    amount(view.total.deviation),
    { kind: 'share', value: null },
  ];
  return { columns, rows, totals: [total] };
}

/** Cents as euros for Nordic Excel, `-1234,56`: integer arithmetic, no grouping. */
export function csvEuros(cents: number): string {
  const abs = Math.abs(cents);
  const euros = (abs - (abs % 100)) / 100;
  return `${cents < 0 ? '-' : ''}${euros},${String(abs % 100).padStart(2, '0')}`;
}

/** A share (0.457) as a percentage with one decimal and a decimal comma, `45,7`. */
function csvPercent(share: number): string {
  const tenths = Math.round(Math.abs(share) * 1000);
  return `${share < 0 && tenths !== 0 ? '-' : ''}${Math.floor(tenths / 10)},${tenths % 10}`;
}

/** Quotes a field holding the separator, a quote, CR or LF (RFC 4180); quotes are doubled. */
function csvField(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A text from the ledger as a CSV cell: one that begins like a formula (=, +, −, @, a tab or a
 * carriage return) gets a leading apostrophe, so that a spreadsheet shows it instead of running
 * it (OWASP's CSV injection advice). Amounts and dates are written by Utfall, never prefixed.
 */
function csvText(value: string): string {
  return csvField(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

function csvCell(cell: DrillCell): string {
  switch (cell.kind) {
    case 'text':
      return csvText(cell.text);
    case 'amount':
      return cell.cents === null ? '' : csvEuros(cell.cents);
    case 'share':
      return cell.value === null ? '' : csvPercent(cell.value);
    case 'date':
      return cell.iso;
    case 'integer':
      return String(cell.value);
  }
}

/** A drill-down level as CSV for Nordic Excel (BOM, `;`, CRLF, decimal comma). */
export function drillCsv(view: DrillView, lang: Language): string {
  const table = drillTable(view, lang);
  const lines = [
    table.columns.map((c) => csvField(c.label)).join(';'),
    ...[...table.rows, ...table.totals].map((row) => row.map(csvCell).join(';')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Euros with their cents, grouped, a true minus sign (as NUMBER_FORMAT, with decimals). */
export const EURO_CENTS_FORMAT = '#,##0.00;"\u2212"#,##0.00';
const DATE_FORMAT = 'yyyy-mm-dd';

/** The title's row, the header's (frozen, filtered) and the first row of the table. */
const TITLE_ROW = 1;
const HEADER_ROW = 3;
const FIRST_ROW = HEADER_ROW + 1;

/** A drill-down level as an .xlsx workbook: a title naming the scope, then the table. */
/**
 * The most rows a workbook download holds: ExcelJS builds the whole workbook in memory (100 000
 * postings took 11 s and 1.5 GB); larger levels are refused with the CSV, which streams, offered.
 */
export const MAX_XLSX_ROWS = 20_000;

export async function drillXlsx(view: DrillView, lang: Language): Promise<Buffer> {
  const t = translate(lang);
  const table = drillTable(view, lang);
  if (table.rows.length > MAX_XLSX_ROWS)
    throw new UtfallError('drill.xlsxTooLarge', { rows: table.rows.length, limit: MAX_XLSX_ROWS });
  const title = drillTitle(view, lang);
  // Loaded when a workbook is written: every command would otherwise pay for it at start.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'utfall';
  workbook.title = title;
  const sheet = workbook.addWorksheet(t('report:drill.sheet'), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW }],
  });
  sheet.pageSetup = PRINTED;
  sheet.getCell(TITLE_ROW, 1).value = title;
  sheet.getCell(TITLE_ROW, 1).font = { bold: true, size: 13 };

  const header = sheet.getRow(HEADER_ROW);
  table.columns.forEach((column, k) => {
    const cell = header.getCell(k + 1);
    cell.value = column.label;
    cell.border = { bottom: { style: 'medium' } };
    if (column.kind !== 'text') cell.alignment = { horizontal: 'right' };
  });
  header.font = { bold: true };

  const lines = [...table.rows, ...table.totals];
  const amountColumns = table.columns.flatMap((c, k) => (c.kind === 'amount' ? [k] : []));
  // Budget, actual, deviation side by side (the levels): a deviation is actual − budget.
  const deviationOf =
    amountColumns.length === 3 ? (amountColumns as [number, number, number]) : null;
  lines.forEach((line, i) => {
    const rowNumber = FIRST_ROW + i;
    const row = sheet.getRow(rowNumber);
    line.forEach((cell, k) => {
      const target = row.getCell(k + 1);
      switch (cell.kind) {
        case 'text':
          if (cell.text !== '') target.value = cell.text;
          break;
        case 'date': {
          const [y = 0, m = 1, d = 1] = cell.iso.split('-').map(Number);
          target.value = new Date(Date.UTC(y, m - 1, d));
          target.numFmt = DATE_FORMAT;
          break;
        }
        case 'integer':
          target.value = cell.value;
          break;
        case 'share':
          if (cell.value !== null) target.value = cell.value;
          target.numFmt = PERCENT_FORMAT;
          break;
        case 'amount':
          target.numFmt = EURO_CENTS_FORMAT;
          if (cell.cents === null) break;
          target.value = formulaOf(lines, i, k, deviationOf) ?? cell.cents / 100;
          break;
      }
    });
    if (i === lines.length - 1) row.font = { bold: true };
  });

  sheet.autoFilter = {
    from: { row: HEADER_ROW, column: 1 },
    to: { row: HEADER_ROW + table.rows.length, column: table.columns.length },
  };
  table.columns.forEach((column, k) => {
    const longest = Math.max(
      column.label.length,
      ...lines.map((line) => {
        const cell = line[k];
        return cell?.kind === 'text' ? cell.text.length : 0;
      }),
    );
    sheet.getColumn(k + 1).width =
      column.kind === 'text'
        ? Math.min(60, Math.max(8, longest + 2))
        : // Figures and dates at least as wide as their header.
          Math.max(column.kind === 'amount' ? 16 : 13, column.label.length + 2);
  });
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data);
}

function centsAt(lines: DrillCell[][], i: number, k: number): number | null {
  const cell = lines[i]?.[k];
  return cell?.kind === 'amount' ? cell.cents : null;
}

/**
 * A formula that gives a cell's amount exactly, with that result: the total (the last line) is
 * the SUM of the lines above it, a deviation the actual − budget beside it (`deviation`: the
 * columns of budget, actual and deviation); null where it would not hold.
 */
function formulaOf(
  lines: DrillCell[][],
  i: number,
  k: number,
  deviation: readonly [number, number, number] | null,
): CellFormulaValue | null {
  const cents = centsAt(lines, i, k)!;
  const letter = columnLetter(k + 1);
  if (i === lines.length - 1 && i > 0) {
    let sum = 0;
    for (let j = 0; j < i; j += 1) sum += centsAt(lines, j, k) ?? 0;
    if (sum === cents)
      return {
        formula: `SUM(${letter}${FIRST_ROW}:${letter}${FIRST_ROW + i - 1})`,
        result: cents / 100,
      };
    return null;
  }
  if (deviation !== null && k === deviation[2]) {
    const [budget, actual] = deviation;
    if ((centsAt(lines, i, actual) ?? 0) - (centsAt(lines, i, budget) ?? 0) === cents)
      return {
        formula: `${columnLetter(actual + 1)}${FIRST_ROW + i}-${columnLetter(budget + 1)}${FIRST_ROW + i}`,
        result: cents / 100,
      };
  }
  return null;
}
