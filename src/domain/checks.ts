/**
 * Checks on stored data: every finding has a rule id, the unit and line it concerns, and the
 * expected and found values where there are any.
 */
import type { FigureRefProblem } from './figure-refs.js';
import type { GoalContradiction, GoalStatus, Indicator, Texts } from './goals.js';
import { forecastExceeds, type InterimLine } from './interim.js';
import { lineDefinition, type Language, type LineCode } from './lines.js';
import type { Cents } from './money.js';
import type { Binding, LeafAmounts, LineFigures, Unit } from './model.js';

export type CheckSeverity = 'error' | 'warning';

/** The rules of the checks on stored data, by id (`utfall check`, the checks page, the overview). */
export const CHECK_RULES = [
  'data.unmapped-account',
  'data.unknown-unit',
  'data.sign',
  'binding.breach',
  'binding.forecast-exceeded',
  'goal.contradiction',
  'text.stale-figure',
  'text.contradiction',
  'text.bad-figure-ref',
  'snapshot.differs',
  'snapshot.missing',
] as const;
export type CheckRule = (typeof CHECK_RULES)[number];

/** A key goal as the people who write it know it: by its theme and its text (not its id). */
export interface GoalRef {
  theme: number;
  /** The goal's text, in the languages it has. */
  title: Texts;
}

/** What contradicts a goal's status: its reason and the indicators behind it, as stored. */
export interface ContradictionDetail {
  reason: GoalContradiction['reason'];
  status: GoalStatus;
  indicators: Pick<Indicator, 'name' | 'operator' | 'target' | 'actual' | 'measureUnit'>[];
}

export interface CheckFinding {
  rule: CheckRule;
  severity: CheckSeverity;
  unitCode: string;
  line: LineCode | null;
  account: string | null;
  column: 'budget' | 'actual' | null;
  expected: Cents | null;
  found: Cents | null;
  source: 'budget' | 'actual' | null;
  /** goal.contradiction: the goal and what contradicts its status */
  goalId?: number;
  /** goal.contradiction, text.* in a goal's texts: the goal, for the message. */
  goal?: GoalRef;
  /** goal.contradiction: the status and the indicators that contradict it. */
  contradiction?: ContradictionDetail;
  /** text.bad-figure-ref: why the placeholder names no figure. */
  reason?: FigureRefProblem;
  /** snapshot.differs: how many details differ from what was approved. */
  count?: number;
  /** snapshot.differs: the stored approved version no longer matches its checksum. */
  damaged?: boolean;
  /** Language-neutral, for machines (the JSON of `utfall check`); messages do not print it. */
  detail?: string;
  /** text.*: where the text stands (`margin (sv)`, `goal 12 outcome (fi)`). */
  section?: string;
  /** text.*: the typed number, the contradicted sentence or the placeholder. */
  quote?: string;
  /**
   * binding.forecast-exceeded: the interim period's last month (1–11) the forecast was made at;
   * snapshot.differs: the last month of the approved report.
   */
  period?: number;
}

/**
 * A text the rendered report shows in another language than its own because it is missing
 * there: a narrative section or a key goal's texts.
 */
export interface MissingText {
  unitCode: string;
  /** `narrative:<section>` or `goal:<theme>:<position>`, for machines. */
  item: string;
  /** A narrative's section (`events`, `margin`, …). */
  section?: string;
  /** A key goal, with its text as the report shows it. */
  goal?: GoalRef;
  lang: Language;
  /** The language shown instead. */
  shownIn: Language | null;
}

/** Entries whose unit is not in the tree. */
export function unknownUnitFindings(
  units: readonly Unit[],
  codesWithEntries: readonly string[],
): CheckFinding[] {
  const known = new Set(units.map((u) => u.code));
  return codesWithEntries
    .filter((code) => !known.has(code))
    .map((code) => ({
      rule: 'data.unknown-unit',
      severity: 'error',
      unitCode: code,
      line: null,
      account: null,
      column: null,
      expected: null,
      found: null,
      source: null,
    }));
}

/** Entries whose account no line maps. */
export function unmappedFindings(
  unmapped: readonly { source: 'budget' | 'actual'; unitCode: string; account: string | null }[],
): CheckFinding[] {
  return unmapped.map((entry) => ({
    rule: 'data.unmapped-account',
    severity: 'error',
    unitCode: entry.unitCode,
    line: null,
    account: entry.account,
    column: null,
    expected: null,
    found: null,
    source: entry.source,
  }));
}

/**
 * A unit's own revenue line below zero or cost line above zero looks like a flipped sign
 * (an accounting-sign file imported as report sign). Refunds do this too: a warning.
 */
export function signFindings(leaves: readonly LeafAmounts[]): CheckFinding[] {
  const findings: CheckFinding[] = [];
  for (const leaf of leaves) {
    const direction = lineDefinition(leaf.line).direction;
    if (direction === 'either') continue;
    for (const column of ['budget', 'actual'] as const) {
      const amount = leaf[column];
      if (amount === null || amount === 0) continue;
      const flipped = direction === 'revenue' ? amount < 0 : amount > 0;
      if (flipped) {
        findings.push({
          rule: 'data.sign',
          severity: 'warning',
          unitCode: leaf.unitCode,
          line: leaf.line,
          account: null,
          column,
          expected: null,
          found: amount,
          source: column,
        });
      }
    }
  }
  return findings;
}

/** What the breach rule reads of a line: whether it is a stated binding, its actual and revised budget. */
export interface BreachFigures {
  /** The line is a binding stated for the unit (not the margin shown in its place). */
  bound: boolean;
  actual: number | null;
  revised: number | null;
}

/**
 * The rule binding.breach, in one place for the checks, the overview, the report and the web:
 * a stated binding line with both an actual and a revised budget, the actual worse (below, in
 * report sign) than the revised. A unit without a revised budget or without actuals is no breach.
 */
export function isBreach(line: BreachFigures | null | undefined): boolean {
  return !!line && line.bound && isWorseThanBudget(line.actual, line.revised);
}

/**
 * The sign rule of a deviation, in report sign (revenue +, cost −): an actual below the budget
 * it is compared with is worse than it — a cost line that spent more, a revenue line that
 * earned less. False where either is missing.
 */
export function isWorseThanBudget(actual: number | null, budget: number | null): boolean {
  return actual !== null && budget !== null && actual < budget;
}

/**
 * An overrun, bound or not: the figures a page shows for a unit's line (its binding, else the
 * margin) worse than the budget they are compared with — the revised budget for the year, the
 * budget to date at an interim period. The overview marks it on every unit; a breach is an
 * overrun of a stated binding for the year.
 */
export function isOverrun(
  line: { actual: number | null; revised: number | null; revisedToDate?: number | null } | null,
): boolean {
  if (!line) return false;
  return isWorseThanBudget(
    line.actual,
    line.revisedToDate === undefined ? line.revised : line.revisedToDate,
  );
}

/** What a count of findings reads of one: its severity (a rendered table's rounding is none). */
export interface CountedFinding {
  severity: CheckSeverity | 'rounding';
}

/**
 * Whether a finding counts: every error and warning. A difference of a printed table within what
 * rounding allows (severity `rounding`) is how printed tables work, not a finding.
 */
export function countsAsFinding(finding: CountedFinding): boolean {
  return finding.severity === 'error' || finding.severity === 'warning';
}

/**
 * The errors and warnings among findings — one count for the checks page's summary and the
 * overview's, so that the overview says what the checks page it links to lists.
 */
export function countFindings(findings: readonly CountedFinding[]): {
  errors: number;
  warnings: number;
} {
  const counted = findings.filter(countsAsFinding);
  const errors = counted.filter((f) => f.severity === 'error').length;
  return { errors, warnings: counted.length - errors };
}

/** A binding line whose actual is worse than its revised budget. */
export function bindingFindings(
  bindings: readonly Binding[],
  figuresOf: (unitCode: string) => LineFigures[],
): CheckFinding[] {
  const findings: CheckFinding[] = [];
  for (const binding of bindings) {
    const line = figuresOf(binding.unitCode).find((l) => l.code === binding.line);
    if (!line || line.actual === null || line.revised === null) continue;
    if (isBreach({ bound: true, actual: line.actual, revised: line.revised })) {
      findings.push({
        rule: 'binding.breach',
        severity: 'warning',
        unitCode: binding.unitCode,
        line: binding.line,
        account: null,
        column: 'actual',
        expected: line.revised,
        found: line.actual,
        source: 'actual',
      });
    }
  }
  return findings;
}

/**
 * The rule binding.forecast-exceeded, an early warning: at an interim period (months 1 to
 * `period`), a stated binding line whose forecast for the year is worse than its revised budget
 * (domain/interim.ts, forecastExceeds: the forecast deviation is negative). The forecast is the
 * one the overview and the interim report show: the units' entries, else actual to date plus
 * the remaining budget. `expected` is the revised budget, `found` the forecast.
 */
export function forecastFindings(
  bindings: readonly Binding[],
  interimOf: (unitCode: string) => readonly InterimLine[] | undefined,
  period: number,
): CheckFinding[] {
  const findings: CheckFinding[] = [];
  for (const binding of bindings) {
    const line = interimOf(binding.unitCode)?.find((l) => l.code === binding.line);
    if (!line || line.forecast === null || !forecastExceeds(line)) continue;
    findings.push({
      rule: 'binding.forecast-exceeded',
      severity: 'warning',
      unitCode: binding.unitCode,
      line: binding.line,
      account: null,
      column: null,
      expected: line.revised,
      found: line.forecast,
      source: null,
      period,
    });
  }
  return findings;
}
