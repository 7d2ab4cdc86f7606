/** Turns one report document into each output format. */
import type { ReportDocument } from './document.js';
import { renderCsv } from './csv.js';
import { renderDocx } from './docx.js';
import { renderHtml } from './html.js';
import { renderPdf } from './pdf.js';
import { renderXlsx } from './xlsx.js';

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
    case 'xlsx':
      return renderXlsx(doc);
    case 'csv':
      return renderCsv(doc);
    case 'docx':
      return renderDocx(doc);
  }
}
