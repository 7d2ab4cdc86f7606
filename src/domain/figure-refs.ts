/**
 * Live figures in texts: a narrative or a goal text names a figure of the data with a
 * placeholder, `{{figure STK-ICT margin actual}}` — a unit's code, a line (LineCode) and a
 * column — and every output prints the figure as it is now, in the report's language and format
 * (`−3 890 507`, `93,4 %`). A placeholder naming an unknown unit, line or column prints a visible
 * marker instead, and the checks report it. Pure: finding, parsing and rendering placeholders,
 * with the figures handed in by the caller.
 *
 * The syntax, documented in docs/texts.md:
 *
 *     {{figure UNIT LINE COLUMN}}
 *
 * UNIT a unit code as in the unit tree (any case), LINE a line code (`margin`, `costs`,
 * `personnel`, … as in lines.ts), COLUMN one of FIGURE_REF_COLUMNS. Words are separated by
 * spaces; nothing else may stand inside the braces.
 */
import { formatEuros, formatPercent } from './format.js';
import { isLineCode, type Language, type LineCode } from './lines.js';
import type { LineFigures } from './model.js';
import { roundToEuros, type Cents } from './money.js';
import { usePercent } from './progress.js';

/**
 * The columns a placeholder may name: the table's five and the use % (actual / revised), and an
 * interim report's budget to date, forecast and forecast deviation. In an interim report the
 * deviation and the use % are to date (against the budget to date), as its tables print them.
 */
export const FIGURE_REF_COLUMNS = [
  'actual',
  'revised',
  'budget',
  'changes',
  'deviation',
  'use',
  'revisedToDate',
  'forecast',
  'forecastDeviation',
] as const;
export type FigureRefColumn = (typeof FIGURE_REF_COLUMNS)[number];

/** A figure a text names: one column of one line of one unit. */
export interface FigureRef {
  unitCode: string;
  line: LineCode;
  column: FigureRefColumn;
}

/** Why a placeholder names no figure. */
export type FigureRefProblem = 'syntax' | 'unknownLine' | 'unknownColumn' | 'unknownUnit';

/** A placeholder found in a text: where it stands, what it says and what it names. */
export interface FigureRefToken {
  /** Offsets of the placeholder in the text, end exclusive. */
  start: number;
  end: number;
  /** The placeholder as written, braces included. */
  raw: string;
  /** The words inside, as written (`STK-ICT margin actual`). */
  inner: string;
  ref: FigureRef | null;
  /** Set when `ref` is null. */
  problem: Exclude<FigureRefProblem, 'unknownUnit'> | null;
}

/** The value a placeholder prints: an amount in cents or a percentage (null: no figure). */
export type FigureValue =
  { kind: 'amount'; cents: Cents | null } | { kind: 'percent'; percent: number | null };

/** `{{figure …}}`, spaces allowed inside the braces; no braces inside. */
const PLACEHOLDER = /\{\{\s*figure(?:\s+([^{}]*?))?\s*\}\}/gi;

export function isFigureRefColumn(value: string): value is FigureRefColumn {
  return (FIGURE_REF_COLUMNS as readonly string[]).includes(value);
}

/** Reads the words of a placeholder (`STK-ICT margin actual`) into the figure they name. */
export function parseFigureRef(
  inner: string,
):
  | { ref: FigureRef; problem: null }
  | { ref: null; problem: 'syntax' | 'unknownLine' | 'unknownColumn' } {
  const words = inner.trim().split(/\s+/).filter(Boolean);
  if (words.length !== 3) return { ref: null, problem: 'syntax' };
  const [unitCode = '', line = '', column = ''] = words;
  if (!isLineCode(line)) return { ref: null, problem: 'unknownLine' };
  // Columns match in any case (`Actual`, `use%`, `revisedtodate`).
  const lowered = column.toLowerCase().replace(/%$/, '');
  const found = FIGURE_REF_COLUMNS.find((c) => c.toLowerCase() === lowered);
  if (found === undefined) return { ref: null, problem: 'unknownColumn' };
  return { ref: { unitCode, line, column: found }, problem: null };
}

/** Every placeholder of a text, in order. */
export function findFigureRefs(text: string): FigureRefToken[] {
  const tokens: FigureRefToken[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const inner = (match[1] ?? '').trim();
    const parsed = parseFigureRef(inner);
    tokens.push({
      start: match.index,
      end: match.index + match[0].length,
      raw: match[0],
      inner,
      ref: parsed.ref,
      problem: parsed.problem,
    });
  }
  return tokens;
}

/** The placeholder that names a figure, as the editor's picker inserts it. */
export function figureRefText(ref: FigureRef): string {
  return `{{figure ${ref.unitCode} ${ref.line} ${ref.column}}}`;
}

/** A text with its placeholders taken out (for looking at what a person typed). */
export function withoutFigureRefs(text: string): string {
  return text.replace(PLACEHOLDER, ' ');
}

/**
 * A line a placeholder reads: the year's figures, and in an interim report its budget to date,
 * forecast and forecast deviation (with the deviation then to date).
 */
export type FigureLine = LineFigures &
  Partial<Record<'revisedToDate' | 'forecast' | 'forecastDeviation', Cents | null>>;

/** The value a reference names in a unit's lines. */
export function figureValue(lines: readonly FigureLine[], ref: FigureRef): FigureValue {
  const line = lines.find((l) => l.code === ref.line);
  if (ref.column === 'use') {
    const whole = line?.revisedToDate !== undefined ? line.revisedToDate : line?.revised;
    return { kind: 'percent', percent: line ? usePercent(line.actual, whole ?? null) : null };
  }
  return { kind: 'amount', cents: line ? (line[ref.column] ?? null) : null };
}

/** What no figure prints as (a line without entries in that column). */
export const NO_FIGURE = '–';

/** A value as the report prints it: whole euros `−3 890 507`, or `93,4 %` (`93.4 %` in en). */
export function formatFigureValue(value: FigureValue, lang: Language): string {
  if (value.kind === 'percent') {
    return value.percent === null ? NO_FIGURE : formatPercent(value.percent, lang);
  }
  return value.cents === null ? NO_FIGURE : formatEuros(value.cents, lang);
}

/** A placeholder that named no figure when a text was rendered. */
export interface FigureRefFailure {
  raw: string;
  inner: string;
  problem: FigureRefProblem;
}

export interface RenderedFigures {
  text: string;
  /** The placeholders that named no figure, in order. */
  failures: FigureRefFailure[];
}

/**
 * A text with every placeholder replaced by the figure it names, formatted for the language.
 * `figuresOf` answers a unit's lines, or null for a unit it does not know (the unit code as
 * written: the caller decides whether case matters). A placeholder that names nothing is
 * replaced by `marker` (by default the placeholder between `⟦?` and `⟧`), so it stays visible.
 */
export function renderFigureRefs(
  text: string,
  lang: Language,
  figuresOf: (unitCode: string) => readonly FigureLine[] | null,
  marker: (failure: FigureRefFailure) => string = (f) => `⟦?${f.inner}⟧`,
): RenderedFigures {
  const tokens = findFigureRefs(text);
  if (tokens.length === 0) return { text, failures: [] };
  const failures: FigureRefFailure[] = [];
  let out = '';
  let at = 0;
  for (const token of tokens) {
    out += text.slice(at, token.start);
    at = token.end;
    const lines = token.ref ? figuresOf(token.ref.unitCode) : null;
    if (token.ref && lines) {
      out += formatFigureValue(figureValue(lines, token.ref), lang);
      continue;
    }
    const failure: FigureRefFailure = {
      raw: token.raw,
      inner: token.inner,
      problem: token.problem ?? 'unknownUnit',
    };
    failures.push(failure);
    out += marker(failure);
  }
  return { text: out + text.slice(at), failures };
}

/**
 * The decimal (as text, e.g. `-3890507` or `93.4`) a goal indicator bound to a figure has as its
 * actual value: whole euros, or the use % with one decimal; null without a figure.
 */
export function figureDecimal(value: FigureValue): string | null {
  if (value.kind === 'percent') return value.percent === null ? null : value.percent.toFixed(1);
  return value.cents === null ? null : String(roundToEuros(value.cents));
}

/**
 * An indicator with the actual value of the figure it is bound to (as figureDecimal gives it),
 * so that whatever judges it — the goal checks — judges the live figure, not a typed one. An
 * indicator bound to nothing that `figuresOf` knows is left as it is (a check finding of its own).
 */
export function withBoundActual<I extends { figure?: string | undefined; actual: string | null }>(
  indicator: I,
  figuresOf: (unitCode: string) => readonly FigureLine[] | null,
): I {
  if (!indicator.figure) return indicator;
  const { ref } = parseFigureRef(indicator.figure);
  const lines = ref ? figuresOf(ref.unitCode) : null;
  if (!ref || !lines) return indicator;
  return { ...indicator, actual: figureDecimal(figureValue(lines, ref)) };
}

/**
 * The stored code of a unit as a placeholder (or a filter) writes it, in any case; undefined for
 * a unit the list does not have.
 */
export function unitCodeLookup(
  units: readonly { code: string }[],
): (written: string) => string | undefined {
  const byUpper = new Map(units.map((u) => [u.code.toUpperCase(), u.code]));
  return (written) => byUpper.get(written.toUpperCase());
}
