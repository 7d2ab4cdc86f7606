/**
 * Key goals (nyckelmål / avaintavoitteet): the one-year goals of a unit under a theme of the
 * city strategy, with their action plan, outcome, assessed status and measurable indicators.
 * Indicator values are exact decimals kept as text ("80", "64.4"); they are compared as scaled
 * integers, never as floating point.
 */
import { formatDecimal } from './format.js';
import type { Language } from './lines.js';

export const GOAL_STATUSES = [
  'achieved',
  'partlyAchieved',
  'notAchieved',
  'postponed',
  'notAssessed',
] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export const INDICATOR_OPERATORS = ['>=', '<=', '='] as const;
export type IndicatorOperator = (typeof INDICATOR_OPERATORS)[number];

/** How an operator prints before a target, in every language: `≥ 80 %`, `≤ 12`, `= 0`. */
export const OPERATOR_SIGNS: Readonly<Record<IndicatorOperator, string>> = {
  '>=': '\u2265',
  '<=': '\u2264',
  '=': '=',
};

/** Text in some of the languages; a language may be missing. */
export type Texts = Partial<Record<Language, string>>;

export interface Indicator {
  name: Texts;
  /** `%`, `st`, `kpl`, … ; empty when the value has no unit. */
  measureUnit: string;
  /** decimal numbers as strings, e.g. "80", "64.4" */
  target: string;
  /** How the actual value must relate to the target: at least, at most, exactly. */
  operator: IndicatorOperator;
  baseline: string | null;
  actual: string | null;
  /**
   * The figure the indicator is bound to, as the words of a placeholder (`STK margin actual`,
   * see figure-refs.ts): the report shows that figure, live, as the actual value. Absent in
   * indicators with a typed value (and in every indicator stored before there were bindings).
   */
  figure?: string;
}

export interface KeyGoal {
  unitCode: string;
  /** Number of the city strategy's theme the goal is under (1, 2, …). */
  theme: number;
  /** the city-level goal it serves */
  cityGoal: Texts;
  /** The unit's one-year key goal. */
  goal: Texts;
  /** The key goal at board (responsibility-area) level. */
  boardGoal: Texts;
  actionPlan: Texts;
  /** Responsible board or person, as written. */
  responsible: string;
  /** Binding towards the council. */
  binding: boolean;
  outcome: Texts;
  status: GoalStatus;
  indicators: Indicator[];
}

export function isGoalStatus(value: string): value is GoalStatus {
  return (GOAL_STATUSES as readonly string[]).includes(value);
}

export function isIndicatorOperator(value: string): value is IndicatorOperator {
  return (INDICATOR_OPERATORS as readonly string[]).includes(value);
}

/** An exact decimal: `units / 10^scale`. */
export interface Decimal {
  units: bigint;
  scale: number;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** Reads a decimal written as `-12`, `64.4` or `+0.50`; null for anything else. */
export function parseDecimal(text: string): Decimal | null {
  const match = DECIMAL.exec(text.trim());
  if (!match) return null;
  const [, sign = '', whole = '', fraction = ''] = match;
  const units = BigInt(whole + fraction);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

/** -1, 0 or 1 as a is below, equal to or above b; null when either is not a decimal. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 | null {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (x === null || y === null) return null;
  const scale = Math.max(x.scale, y.scale);
  const left = x.units * 10n ** BigInt(scale - x.scale);
  const right = y.units * 10n ** BigInt(scale - y.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Whether the actual value meets the target; unknown without an actual value (or a number). */
export function indicatorStatus(indicator: Indicator): 'met' | 'notMet' | 'unknown' {
  if (indicator.actual === null) return 'unknown';
  const order = compareDecimals(indicator.actual, indicator.target);
  if (order === null) return 'unknown';
  switch (indicator.operator) {
    case '>=':
      return order >= 0 ? 'met' : 'notMet';
    case '<=':
      return order <= 0 ? 'met' : 'notMet';
    case '=':
      return order === 0 ? 'met' : 'notMet';
  }
}

export interface GoalContradiction {
  reason: 'achievedButIndicatorNotMet' | 'notAchievedButAllIndicatorsMet';
  /** 0-based positions in `goal.indicators` of the indicators behind the contradiction. */
  indicators: number[];
}

/**
 * A status that the goal's own indicators contradict: achieved although an indicator is not
 * met, or not achieved although every indicator (at least one) is met. Null otherwise; an
 * indicator without an actual value contradicts nothing.
 */
export function goalContradiction(goal: KeyGoal): GoalContradiction | null {
  const statuses = goal.indicators.map(indicatorStatus);
  if (goal.status === 'achieved') {
    const notMet = positionsOf(statuses, 'notMet');
    return notMet.length > 0 ? { reason: 'achievedButIndicatorNotMet', indicators: notMet } : null;
  }
  if (goal.status === 'notAchieved' && statuses.length > 0) {
    if (statuses.every((status) => status === 'met')) {
      return { reason: 'notAchievedButAllIndicatorsMet', indicators: statuses.map((_, i) => i) };
    }
  }
  return null;
}

function positionsOf<T>(values: readonly T[], wanted: T): number[] {
  const positions: number[] = [];
  values.forEach((value, i) => {
    if (value === wanted) positions.push(i);
  });
  return positions;
}

function hasText(texts: Texts, lang: Language): boolean {
  const text = texts[lang];
  return text !== undefined && text.trim() !== '';
}

/** The languages, in the order given, in which the goal or its outcome has no text. */
export function missingLanguages(goal: KeyGoal, languages: readonly Language[]): Language[] {
  const missing: Language[] = [];
  for (const lang of languages) {
    if (missing.includes(lang)) continue;
    if (!hasText(goal.goal, lang) || !hasText(goal.outcome, lang)) missing.push(lang);
  }
  return missing;
}

/**
 * How many of these goals have each status, in the order of GOAL_STATUSES, leaving out the
 * statuses no goal has: the summary a unit page shows of a theme and of the whole unit.
 */
export function statusCounts(
  goals: readonly Pick<KeyGoal, 'status'>[],
): { status: GoalStatus; count: number }[] {
  return GOAL_STATUSES.map((status) => ({
    status,
    count: goals.filter((goal) => goal.status === status).length,
  })).filter(({ count }) => count > 0);
}

/**
 * Whether a key goal is binding towards the council is the council's decision, which the
 * finance office enters: an editor may add a unit's goals, but only finance (and an admin)
 * marks one binding.
 */
export const GOAL_BINDING_RULE = 'finance' as const;

/**
 * An indicator's value (target, baseline or actual, kept as `-4136458` or `64.4`) as a report
 * prints it, with its measure unit: `−4 136 458 €`, `64,4 %` (sv, fi), `64.4 %` (en). Digits
 * through the one formatter (format.ts); a value that is no decimal is printed as it was typed.
 */
export function formatIndicatorValue(value: string, measureUnit: string, lang: Language): string {
  const unit = measureUnit.trim();
  return unit ? `${formatDecimal(value, lang)}\u00a0${unit}` : formatDecimal(value, lang);
}

/** An indicator's target with its operator, `≥ −4 136 458 €`, `≤ 12 st`. */
export function formatIndicatorTarget(
  indicator: Pick<Indicator, 'operator' | 'target' | 'measureUnit'>,
  lang: Language,
): string {
  return `${OPERATOR_SIGNS[indicator.operator]}\u00a0${formatIndicatorValue(indicator.target, indicator.measureUnit, lang)}`;
}
