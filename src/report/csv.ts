/**
 * The report's figures as open data: one row per unit and line, amounts in exact integer cents,
 * comma-separated with RFC 4180 quoting, UTF-8 without BOM, LF line ends, English header codes.
 */
import type { FigureColumn, ReportDocument } from './document.js';

export const CSV_COLUMNS: readonly FigureColumn[] = [
  'budget',
  'changes',
  'revised',
  'actual',
  'deviation',
];

export const CSV_HEADER = ['year', 'unit', 'line', 'label', ...CSV_COLUMNS] as const;

/** Quotes a field when it holds a comma, quote, CR or LF (RFC 4180); quotes are doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Renders every figure table of the report as CSV rows. */
export function renderCsv(doc: ReportDocument): string {
  const lines = [CSV_HEADER.join(',')];
  for (const section of doc.sections) {
    for (const block of section.blocks) {
      if (block.kind !== 'figureTable') continue;
      for (const row of block.rows) {
        const amounts = CSV_COLUMNS.map((column) => {
          const amount = row.cells[column];
          return amount === null ? '' : String(amount);
        });
        lines.push(
          [String(doc.year), block.unitCode, row.line, row.label]
            .map(csvField)
            .concat(amounts)
            .join(','),
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
