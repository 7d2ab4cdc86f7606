/**
 * Checks on a rendered report document: every printed total against its printed parts (and the
 * areas against their central) within what rounding allows, and the texts missing in the
 * report's language. The same rules as `verify-table`, applied to what Utfall itself prints.
 */
import type { MissingText } from '../domain/checks.js';
import { cents, type Cents } from '../domain/money.js';
import { verifyTables, type PublishedRow, type TableFinding } from '../domain/verify-table.js';
import { printedUnit, type ReportDocument } from './document.js';

export type { MissingText };

export interface DocumentCheck {
  tables: TableFinding[];
  missing: MissingText[];
}

/**
 * Checks a built document. Printed cells are whole euros or, with `thousands`, whole thousands
 * of euros; either way a relation among n printed cells may be off by n × half that unit.
 */
export function checkDocument(doc: ReportDocument): DocumentCheck {
  const unit = printedUnit(doc);
  const toCents = (printed: number | null): Cents | null =>
    printed === null ? null : cents(printed * unit);
  const rows: PublishedRow[] = [];
  const missing: MissingText[] = [];
  let parent: string | null = null;
  for (const section of doc.sections) {
    if (section.level === 1) parent = null;
    const parentCode = section.level === 2 ? parent : null;
    for (const block of section.blocks) {
      if (block.kind === 'figureTable') {
        for (const row of block.rows) {
          rows.push({
            file: 'report',
            row: rows.length + 1,
            unitCode: block.unitCode,
            parentCode,
            line: row.line,
            cells: {
              budget: toCents(row.printed.budget),
              changes: toCents(row.printed.changes),
              revised: toCents(row.printed.revised),
              actual: toCents(row.printed.actual),
              deviation: toCents(row.printed.deviation),
            },
          });
        }
      } else if (block.kind === 'markdown' && block.fallbackLang) {
        missing.push({
          unitCode: section.unitCode,
          item: `narrative:${block.section}`,
          section: block.section,
          lang: doc.lang,
          shownIn: block.fallbackLang,
        });
      } else if (block.kind === 'goalTable') {
        block.rows.forEach((goal, index) => {
          if (goal.fallback.length > 0) {
            missing.push({
              unitCode: section.unitCode,
              item: `goal:${goal.theme}:${index + 1}`,
              goal: { theme: goal.theme, title: { [goal.fallback[0] ?? doc.lang]: goal.goal } },
              lang: doc.lang,
              shownIn: goal.fallback[0] ?? null,
            });
          }
        });
      }
    }
    if (section.level === 1) parent = section.unitCode;
  }
  return { tables: verifyTables(rows, { unit }), missing };
}
