/**
 * The budget-vs-outcome table for a terminal, laid out as the printed report: line labels,
 * then budget, budget changes, budget after changes, actual (bokslut) and deviation, in euros
 * or in thousands of euros.
 */
import { formatPercent, formatWhole } from '../domain/format.js';
import { isInterim } from '../domain/period.js';
import { lineDefinition, type Language, type LineCode } from '../domain/lines.js';
import type { FiguresReport, LineFigures, PeriodFields } from '../domain/model.js';
import { EURO, roundToUnit, THOUSAND_EUROS } from '../domain/money.js';
import type { Translate } from '../i18n/index.js';
import { ANNUAL_COLUMNS, INTERIM_COLUMNS } from './document.js';
import { captionInUnit } from './phrases.js';

/** Lines printed even when empty, as the report prints them. */
const ALWAYS: readonly LineCode[] = [
  'revenue',
  'costs',
  'margin',
  'depreciation',
  'internal',
  'imputed',
];

/** The columns as the document prints them (report/build.ts), without last year's. */
type Column = (typeof ANNUAL_COLUMNS)[number] | (typeof INTERIM_COLUMNS)[number];

function cell(
  line: LineFigures & Partial<PeriodFields>,
  column: Column,
  lang: Language,
  unit: number,
): string {
  if (column === 'useRate') return formatPercent(line.useRate ?? null, lang);
  const amount = line[column] ?? null;
  if (amount === null) return '';
  const printed = roundToUnit(amount, unit);
  // A budget change column shows only real changes, as the printed tables do.
  if (column === 'changes' && printed === 0) return '';
  return formatWhole(printed, lang);
}

/** Renders a unit's table as aligned text, in whole euros or (`thousands`) thousands of euros. */
export function renderTextTable(
  report: FiguresReport,
  lang: Language,
  t: Translate,
  options: { thousands?: boolean } = {},
): string {
  const unit = options.thousands ? THOUSAND_EUROS : EURO;
  const context = options.thousands ? 'thousands' : undefined;
  const month = report.period ?? 12;
  const interim = isInterim(month);
  const columns: readonly Column[] = interim ? INTERIM_COLUMNS : ANNUAL_COLUMNS;
  const rows: { label: string; cells: string[]; gapBefore: boolean }[] = [];
  for (const line of report.lines) {
    const hasFigure = columns.some((c) => (line[c] ?? null) !== null);
    if (!hasFigure && !ALWAYS.includes(line.code)) continue;
    rows.push({
      label: lineDefinition(line.code).names[lang],
      cells: columns.map((c) => cell(line, c, lang, unit)),
      gapBefore: line.code === 'margin',
    });
  }
  const headers = columns.map((c) =>
    t(`report:column.${c}`, {
      year: report.year,
      month,
      context: interim ? 'interim' : undefined,
    }),
  );
  const labelWidth = Math.max(...rows.map((r) => r.label.length), 10);
  const widths = columns.map((_, i) =>
    Math.max(headers[i]!.length, ...rows.map((r) => r.cells[i]!.length)),
  );
  const format = (label: string, cells: string[]) =>
    [label.padEnd(labelWidth), ...cells.map((c, i) => c.padStart(widths[i]!))].join('  ').trimEnd();

  const caption = interim
    ? t('report:document.figuresInterim', { month, year: report.year })
    : t('report:title', { year: report.year });
  const title = `${report.unit.name[lang]} — ${captionInUnit(t, caption, options.thousands ?? false)}`;
  const rule = '─'.repeat(labelWidth + widths.reduce((a, w) => a + w + 2, 0));
  const out = [title, rule, format('', headers), rule];
  for (const row of rows) {
    if (row.gapBefore) out.push('');
    out.push(format(row.label, row.cells));
  }
  out.push(rule, t(interim ? 'report:footnoteInterim' : 'report:footnote', { context }));
  return out.join('\n') + '\n';
}
