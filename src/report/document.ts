/**
 * The typed report document: built once from the database for a municipality, year, unit,
 * period and language, then turned into HTML, PDF, DOCX, XLSX, CSV or JSON by the renderers.
 * Every figure in it is in cents; renderers round only when printing.
 */
import type { Language, LineCode } from '../domain/lines.js';
import { formatPercent, formatWhole } from '../domain/format.js';
import { EURO, THOUSAND_EUROS, type Cents } from '../domain/money.js';
import type { GoalStatus, Indicator } from '../domain/goals.js';

export interface ReportDocument {
  municipality: string;
  year: number;
  /** Last month included (12 for the annual report). */
  toMonth: number;
  lang: Language;
  /** Title, e.g. "Stadskanslicentralen — Verksamhetsberättelse 2023". */
  title: string;
  /** Cells are rounded so that printed totals equal printed sums (--additive). */
  additive: boolean;
  /** Printed cells are whole thousands of euros instead of whole euros (--thousands). */
  thousands: boolean;
  sections: ReportSection[];
  footnotes: string[];
  /** The approvals whose snapshots the document's units are printed from, printed under the title. */
  approvals: DocumentApproval[];
}

/** A unit's approved report for a period: the document prints its snapshot, not live data. */
export interface DocumentApproval {
  snapshotId: number;
  /** A snapshot a reopening has released: the document is a copy of what was approved then. */
  released: { at: string; by: string; reason: string } | null;
  unitCode: string;
  unitName: string;
  /** The period's last month. */
  period: number;
  /** ISO 8601 */
  approvedAt: string;
  approvedBy: string;
  /** SHA-256 of the snapshot's canonical JSON. */
  sha256: string;
  /** What the document prints: "… godkänd 1.12.2026 14.51 av … (SHA-256 …)". */
  note: string;
}

/** Cents per printed unit of the document's tables: a euro, or a thousand euros. */
export function printedUnit(doc: Pick<ReportDocument, 'thousands'>): number {
  return doc.thousands ? THOUSAND_EUROS : EURO;
}

/** One unit's part of the report: the central first, then each area. */
export interface ReportSection {
  unitCode: string;
  /** 1 for the unit the report is about, 2 for its areas. */
  level: 1 | 2;
  heading: string;
  /** "Ansvarsperson: tf stadsdirektören" */
  responsible: string | null;
  blocks: ReportBlock[];
}

export type ReportBlock =
  | HeadingBlock
  | ParagraphBlock
  | MarkdownBlock
  | FigureTableBlock
  | GoalTableBlock
  | ChartBlock
  | SummaryTableBlock;

export interface HeadingBlock {
  kind: 'heading';
  level: 2 | 3;
  text: string;
}

export interface ParagraphBlock {
  kind: 'paragraph';
  text: string;
  /** Utfall's proposed sentence, not written by anyone: only in the preview (`proposals`). */
  proposal?: true;
}

/** A narrative section as written; `fallbackLang` is set when shown in another language than asked. */
export interface MarkdownBlock {
  kind: 'markdown';
  section: string;
  markdown: string;
  fallbackLang: Language | null;
}

/**
 * The columns of a figure table. The annual report: budget, changes, revised, actual, deviation,
 * and with a previous year in the database its actual and the change %. An interim report:
 * the year's revised budget, budget to date, actual to date, use %, deviation to date, forecast
 * for the year and forecast deviation (src/domain/interim.ts defines each).
 */
export const FIGURE_COLUMNS = [
  'budget',
  'changes',
  'revised',
  'revisedToDate',
  'actual',
  'useRate',
  'deviation',
  'forecast',
  'forecastDeviation',
  'previousActual',
  'change',
] as const;
export type FigureColumn = (typeof FIGURE_COLUMNS)[number];

/** The annual report's columns; with a previous year in the database, its actual and the change %. */
export const ANNUAL_COLUMNS = [
  'budget',
  'changes',
  'revised',
  'actual',
  'deviation',
] as const satisfies readonly FigureColumn[];
export const PREVIOUS_COLUMNS = [
  'previousActual',
  'change',
] as const satisfies readonly FigureColumn[];
/** An interim report's columns (src/domain/interim.ts). */
export const INTERIM_COLUMNS = [
  'revised',
  'revisedToDate',
  'actual',
  'useRate',
  'deviation',
  'forecast',
  'forecastDeviation',
] as const satisfies readonly FigureColumn[];

/** Columns of percentages with one decimal (printed `67,3 %`), not of amounts. */
export const PERCENT_COLUMNS: readonly FigureColumn[] = ['useRate', 'change'];

export function isPercentColumn(column: FigureColumn): boolean {
  return PERCENT_COLUMNS.includes(column);
}

/** A printed cell as text: whole euros (or thousands) `−1 234 567`, or a percentage `67,3 %`. */
export function printedCell(column: FigureColumn, value: number | null, lang: Language): string {
  if (value === null) return '';
  return isPercentColumn(column) ? formatPercent(value, lang) : formatWhole(value, lang);
}

export interface FigureRow {
  line: LineCode;
  label: string;
  /** Totals (revenue, costs, margin) print bold. */
  total: boolean;
  /** The line binds towards the council. */
  binding: boolean;
  /** Exact cents (null: no figure; always null in the percent columns). */
  cells: Record<FigureColumn, Cents | null>;
  /**
   * As printed: whole euros, or whole thousands of euros when the document says `thousands`
   * (rounded from the cents independently, or additively with --additive); in the percent
   * columns the percentage with one decimal.
   */
  printed: Record<FigureColumn, number | null>;
}

export interface FigureTableBlock {
  kind: 'figureTable';
  unitCode: string;
  /** With `thousands`, the caption says so ("… (1 000 €)"). */
  caption: string;
  columns: { key: FigureColumn; label: string }[];
  rows: FigureRow[];
}

export interface GoalRow {
  theme: number;
  themeName: string;
  cityGoal: string;
  goal: string;
  boardGoal: string;
  actionPlan: string;
  responsible: string;
  outcome: string;
  status: GoalStatus;
  statusLabel: string;
  indicators: Indicator[];
  /** Languages whose text was missing and replaced by another. */
  fallback: Language[];
}

export interface GoalTableBlock {
  kind: 'goalTable';
  unitCode: string;
  columns: {
    key: 'goal' | 'boardGoal' | 'actionPlan' | 'responsible' | 'outcome' | 'status';
    label: string;
  }[];
  rows: GoalRow[];
}

/** Budget vs actual by line, and the deviation by line: data for an SVG or image chart. */
export interface ChartBlock {
  kind: 'chart';
  unitCode: string;
  title: string;
  bars: {
    label: string;
    revised: Cents | null;
    actual: Cents | null;
    deviation: Cents | null;
    /** The previous year's actual, when the chart shows it. */
    previous?: Cents | null;
  }[];
  /**
   * What the bars are, when not the year's revised budget and actual: an interim chart's budget
   * and actual to date, and the previous year's actual when it is shown.
   */
  legend?: { revised: string; actual: string; previous?: string };
}

/** The city's summary: every central's binding line. */
export interface SummaryTableBlock {
  kind: 'summaryTable';
  /** "Bindande gentemot fullmäktige", with the unit note in thousands. */
  caption: string;
  columns: { key: FigureColumn; label: string }[];
  rows: {
    unitCode: string;
    unitName: string;
    line: LineCode;
    lineLabel: string;
    breach: boolean;
    cells: Record<FigureColumn, Cents | null>;
    printed: Record<FigureColumn, number | null>;
  }[];
}
