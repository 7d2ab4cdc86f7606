/** Turns one report document into each output format. */
import type { ReportDocument } from './document.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderPdf } from './pdf.js';

export type ReportFormat = 'document' | 'html' | 'pdf' | 'xlsx' | 'csv' | 'docx';

/** Text formats come back as strings, binary ones as bytes. */
export async function renderReport(
  doc: ReportDocument,
  format: ReportFormat,
): Promise<string | Buffer> {
  switch (format) {
    case 'document':
      return JSON.stringify(doc, null, 2) + '\n';
    case 'html':
      return renderHtml(doc);
    case 'pdf':
      return renderPdf(renderHtml(doc), `${doc.title}`);
    // The workbook and document writers (ExcelJS, docx) load when asked for: a command that
    // prints no such file does not pay for them at start.
    case 'xlsx':
      return (await import('./xlsx.js')).renderXlsx(doc);
    case 'csv':
      return renderCsv(doc);
    case 'docx':
      return (await import('./docx.js')).renderDocx(doc);
  }
}
