/**
 * Number formats, column letters and the page setup that the report workbook and the drill-down's workbook
 * share, in a module of their own so that neither loads ExcelJS before it writes a workbook.
 */

import type { PageSetup } from 'exceljs';

/** Printed on A4 landscape, every column on one page's width. */
export const PRINTED: Partial<PageSetup> = {
  paperSize: 9,
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
};

/** Whole numbers with grouping and a true minus sign (decimals are rounded for display only). */
export const NUMBER_FORMAT = '#,##0;"\u2212"#,##0';
/** Percentages with one decimal (use %, change %), the minus sign as above. */
export const PERCENT_FORMAT = '0.0 %;"\u2212"0.0 %';

/** The letters of a 1-based column, as a spreadsheet names it (1 → A, 27 → AA). */
export function columnLetter(index: number): string {
  let n = index;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}
