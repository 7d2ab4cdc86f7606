/**
 * Streams the first worksheet of an XLSX workbook as rows of text cells. Cell values become
 * the text a person would type: numbers as their shortest decimal form rounded to cents,
 * dates as yyyy-mm-dd. A damaged workbook ends in a problem, never in a crash or a hang.
 */
// Only the type of ExcelJS's cell values: the workbook is read by workbook.ts.
import type ExcelJS from 'exceljs';
import { isBlankRow, type TableRow } from './csv.js';
import { isoDate } from './values.js';
import { workbookRows, WorkbookTooLarge } from './workbook.js';
import { checkZip } from './zip.js';

/** Rows handed on together: fewer awaits per row. */
const BATCH_ROWS = 2000;

/** What went wrong reading a workbook: the caller turns it into a problem. */
export type XlsxFailure =
  { code: 'file.damaged' | 'file.tooLarge'; reason: string } | { code: 'file.noSheet' };

/** Days from Excel's day 0 (1899-12-30, 1900 date system) to 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25569;
const DAY_MS = 86_400_000;

/**
 * A double as a decimal string with at most two decimals, rounded half away from zero on
 * its shortest decimal form: 1234.5 → "1234.5", 0.1 + 0.2 → "0.3". No arithmetic on the value.
 */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  let text = String(value);
  if (text.includes('e')) {
    // Below 1e-6 or from 1e21 up: tiny values are zero cents; huge ones stay as they are.
    if (Math.abs(value) >= 1) return text;
    text = value.toFixed(20);
  }
  const negative = text.startsWith('-');
  if (negative) text = text.slice(1);
  const point = text.indexOf('.');
  if (point < 0) return negative ? `-${text}` : text;
  let digits = text.slice(0, point) + text.slice(point + 1, point + 3).padEnd(2, '0');
  if (text.length > point + 3 && text.charCodeAt(point + 3) >= 0x35) {
    digits = (BigInt(digits) + 1n).toString().padStart(digits.length, '0');
  }
  const whole = digits.slice(0, -2).replace(/^0+(?=\d)/, '') || '0';
  const fraction = digits.slice(-2).replace(/0+$/, '');
  const result = fraction ? `${whole}.${fraction}` : whole;
  return negative && /[1-9]/.test(result) ? `-${result}` : result;
}

/** An Excel serial day number (1900 system) as yyyy-mm-dd. */
function serialDate(serial: number): string {
  return utcDate(new Date(Math.round((serial - EXCEL_EPOCH_DAYS) * DAY_MS)));
}

function utcDate(date: Date): string {
  return isoDate({
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
  });
}

/** A number format that shows a date: d, m or y tokens outside quoted text and [colours]. */
function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[dy]/i.test(bare) || /m/i.test(bare.replace(/[hs]:?m+|m+:?s/gi, ''));
}

/** The text of one cell value. */
export function cellText(value: ExcelJS.CellValue, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    return isDateFormat(numFmt) ? serialDate(value) : numberText(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : utcDate(value);
  if ('richText' in value) return value.richText.map((part) => part.text ?? '').join('');
  if ('hyperlink' in value) return value.text;
  if ('error' in value) return value.error;
  if ('result' in value) return cellText(value.result, numFmt);
  return '';
}

/**
 * The rows of the first worksheet, in batches, skipping blank rows. On a damaged or too large
 * workbook the rows read so far have been handed on and `onFailure` is called; the import is
 * then rejected. The archive is checked (structure, CRCs, XLSX_LIMITS) before anything of it
 * is parsed.
 */
export async function* xlsxRows(
  path: string,
  onFailure: (failure: XlsxFailure) => void,
): AsyncGenerator<TableRow[]> {
  const damage = await checkZip(path).catch((error: unknown) => ({
    tooLarge: false,
    reason: error instanceof Error ? error.message : 'unreadable',
  }));
  if (damage !== undefined) {
    onFailure({ code: damage.tooLarge ? 'file.tooLarge' : 'file.damaged', reason: damage.reason });
    return;
  }
  try {
    for await (const sheetRows of workbookRows(path, BATCH_ROWS)) {
      const batch: TableRow[] = [];
      for (const { row, cells: values } of sheetRows) {
        const cells: string[] = [];
        for (let column = 0; column < values.length; column++) {
          const cell = values[column];
          cells.push(
            cell === undefined
              ? ''
              : cell.kind === 'text'
                ? cell.text
                : isDateFormat(cell.format)
                  ? serialDate(cell.value)
                  : numberText(cell.value),
          );
        }
        if (!isBlankRow(cells)) batch.push({ row, cells });
      }
      if (batch.length > 0) yield batch;
      // Other requests run between batches: a large workbook never holds the event loop.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    if (error instanceof Error && 'noSheet' in error) onFailure({ code: 'file.noSheet' });
    else if (error instanceof WorkbookTooLarge) {
      onFailure({ code: 'file.tooLarge', reason: error.message });
    } else {
      onFailure({
        code: 'file.damaged',
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
