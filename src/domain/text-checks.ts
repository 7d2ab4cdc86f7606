/**
 * Checks on what people typed in texts (narratives, goal texts, indicator values) against the
 * data: an amount-like number that is no current figure of the text's unit (a typed figure gone
 * stale), a sentence the data contradicts ("the budget did not change" when it did), and a
 * placeholder that names no figure. Pure: the caller hands in the texts and the figures.
 *
 * What counts as an amount (docs/texts.md): a number with grouped digits (`3 890 507`, `−3 890 507`)
 * or one of 1 000 or more, but not a year (a four-digit 1900–2099 written without a group space),
 * a date (`31.12.2023`, `2023-06-12`), a section (`§ 12`), a decision number (`123/2023`), nor a
 * number followed by a word other than a currency word (`1 700 articles` counts something else).
 * It is current when, up to its sign, it is a figure of the unit or of one of its units (any line,
 * any column: budget, changes, revised, actual, deviation) as printed to whole euros or rounded
 * to thousands (`254 000`, or `254` in thousands); with two decimals it must be the cents.
 */
import type { GoalRef } from './checks.js';
import { findFigureRefs, withoutFigureRefs, type FigureRefProblem } from './figure-refs.js';
import type { Language } from './lines.js';
import type { LineFigures } from './model.js';
import { roundToEuros, roundToThousands } from './money.js';

/** A text of a unit, and where it stands (a narrative section, a goal's text or indicator). */
export interface UnitText {
  unitCode: string;
  /** `events`, `margin`, … for a narrative; `goal 12 outcome`, `goal 12 indicator 1` for goals. */
  section: string;
  lang: Language | null;
  text: string;
  /** A goal's text or indicator: the goal, as its findings name it. */
  goal?: GoalRef;
}

export type TextRule = 'text.stale-figure' | 'text.contradiction' | 'text.bad-figure-ref';

export interface TextFinding {
  rule: TextRule;
  unitCode: string;
  section: string;
  lang: Language | null;
  /** stale-figure: the number as typed; contradiction: the sentence; bad-figure-ref: the placeholder. */
  quote: string;
  /** bad-figure-ref: what is wrong; contradiction: what the data says (`budgetChanged`). */
  reason?: FigureRefProblem | 'budgetChanged';
  /** contradiction: the budget changes of the unit's margin (or first changed line), in cents. */
  changes?: number;
  /** The goal whose text it is, when it is a goal's. */
  goal?: GoalRef;
}

/** A number typed in a text. */
export interface TypedNumber {
  /** As typed, sign included. */
  typed: string;
  /** Its absolute value in cents when it has two decimals, else in whole euros. */
  value: number;
  /** With two decimals (cents), which must match exactly. */
  cents: boolean;
}

const SPACE = '[ \\u00a0\\u202f]';
/** Currency and magnitude words after an amount, in sv, fi and en. */
const CURRENCY =
  /^(?:€|eur\b|euro|euron?\b|euroa?\b|euros?\b|t€|tuhatta|tusen|thousand|miljoner|miljoonaa|million)/i;

/** Marks dates, sections and decision numbers out of a text, keeping its length. */
function maskNonAmounts(text: string): string {
  const blank = (match: string) => ' '.repeat(match.length);
  return text
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, blank)
    .replace(/\b\d{1,2}\.\d{1,2}\.(?:\d{2,4})?/g, blank)
    .replace(/§\s*\d+(?:\s*[–-]\s*\d+)?/g, blank)
    .replace(/\b\d+\s*\/\s*\d{2,4}\b/g, blank);
}

const NUMBER = new RegExp(
  `([−–-]${SPACE}?)?(\\d{1,3}(?:${SPACE}\\d{3})+|\\d+)(?:[,.](\\d+))?`,
  'gu',
);

/** The amount-like numbers of a text (placeholders taken out), in order. */
export function typedAmounts(text: string): TypedNumber[] {
  const masked = maskNonAmounts(withoutFigureRefs(text));
  const found: TypedNumber[] = [];
  for (const match of masked.matchAll(NUMBER)) {
    const [whole, sign, digits = '', decimals] = match;
    const before = masked[match.index - 1] ?? '';
    const afterText = masked.slice(match.index + whole.length);
    // Part of a word or a longer token (`STK2`, `v1.2.3`): not an amount.
    if (/[\p{L}\p{N}_]/u.test(before) || /^[\p{L}\p{N}_]/u.test(afterText)) continue;
    const grouped = /\D/.test(digits);
    const integer = Number(digits.replace(/\D/g, ''));
    if (!Number.isSafeInteger(integer)) continue;
    if (!grouped && integer < 1000) continue;
    if (!grouped && !sign && decimals === undefined && integer >= 1900 && integer <= 2099) continue;
    const next = afterText.replace(/^[\s*_)]+/, '');
    const nextWord = /^\p{L}/u.test(next);
    const currencyAfter = CURRENCY.test(next);
    const currencyBefore = /(€|EUR)\s*\**$/.test(
      masked.slice(0, match.index).replace(/[−–-]$/, ''),
    );
    if (nextWord && !currencyAfter && !currencyBefore) continue;
    const withCents = decimals !== undefined && decimals.length === 2;
    found.push({
      typed: whole.trim(),
      value: withCents ? integer * 100 + Number(decimals) : integer,
      cents: withCents,
    });
  }
  return found;
}

const COLUMNS = ['budget', 'changes', 'revised', 'actual', 'deviation'] as const;

/** Whether a typed number is, up to its sign and print rounding, one of the figures. */
export function isCurrentFigure(
  typed: TypedNumber,
  figures: readonly (readonly LineFigures[])[],
): boolean {
  for (const lines of figures) {
    for (const line of lines) {
      for (const column of COLUMNS) {
        const amount = line[column];
        if (amount === null) continue;
        if (typed.cents) {
          if (Math.abs(amount) === typed.value) return true;
          continue;
        }
        const euros = Math.abs(roundToEuros(amount));
        const thousands = Math.abs(roundToThousands(amount));
        if (euros === typed.value || thousands * 1000 === typed.value) return true;
        if (thousands === typed.value) return true;
      }
    }
  }
  return false;
}

/** Sentences saying that the budget did not change, in sv, fi and en. */
const BUDGET_UNCHANGED: readonly RegExp[] = [
  /budgeten\s+(?:har\s+)?(?:inte|ej|icke)\s+(?:ändrats|ändrades|förändrats)/i,
  /budgeten\s+(?:ändrades|förändrades)\s+(?:inte|ej)/i,
  /inga\s+budgetändringar/i,
  /budgeten\s+(?:var|förblev|är)\s+oförändrad/i,
  /talousarvio(?:ta)?\s+ei\s+(?:ole\s+)?(?:muutettu|muuttunut|muutettu)/i,
  /ei\s+(?:tehty\s+)?(?:yhtään\s+)?talousarviomuutoksia/i,
  /talousarvio\s+(?:pysyi|säilyi)\s+muuttumattomana/i,
  /budget\s+(?:was\s+not|wasn['’]t|did\s+not|didn['’]t|has\s+not|hasn['’]t|had\s+not)\s+(?:been\s+)?(?:change|changed|amended|revised)/i,
  /no\s+(?:changes\s+to\s+the\s+budget|budget\s+(?:changes|amendments))/i,
  /budget\s+(?:remained|stayed|was)\s+unchanged/i,
];

/** The sentence of `text` around `index`. */
function sentenceAt(text: string, index: number): string {
  const start = Math.max(text.lastIndexOf('. ', index) + 1, text.lastIndexOf('\n', index) + 1, 0);
  const ends = ['. ', '.\n', '\n'].map((end) => text.indexOf(end, index)).filter((i) => i >= 0);
  const end = ends.length > 0 ? Math.min(...ends) + 1 : text.length;
  return text.slice(start, end).trim();
}

/**
 * The findings on the texts: `figuresOf` gives a unit's figures and those of each of its units
 * (the unit first), or null for a unit it does not know. A placeholder may name the text's unit
 * and its units only (what an approval of the unit freezes), as `knownUnit` decides.
 */
export function textFindings(
  texts: readonly UnitText[],
  figuresOf: (unitCode: string) => readonly (readonly LineFigures[])[] | null,
  /** Whether a text of `textUnit` may name `unitCode`'s figures (the unit or one of its units). */
  knownUnit: (unitCode: string, textUnit: string) => boolean = (code) => figuresOf(code) !== null,
): TextFinding[] {
  const findings: TextFinding[] = [];
  for (const text of texts) {
    const where = {
      unitCode: text.unitCode,
      section: text.section,
      lang: text.lang,
      ...(text.goal ? { goal: text.goal } : {}),
    };
    for (const token of findFigureRefs(text.text)) {
      const problem =
        token.problem ??
        (token.ref && !knownUnit(token.ref.unitCode, text.unitCode) ? 'unknownUnit' : null);
      if (problem)
        findings.push({ rule: 'text.bad-figure-ref', ...where, quote: token.raw, reason: problem });
    }
    const figures = figuresOf(text.unitCode);
    if (!figures) continue;
    const seen = new Set<string>();
    for (const typed of typedAmounts(text.text)) {
      if (isCurrentFigure(typed, figures) || seen.has(typed.typed)) continue;
      seen.add(typed.typed);
      findings.push({ rule: 'text.stale-figure', ...where, quote: typed.typed });
    }
    const own = figures[0] ?? [];
    const changed =
      own.find((l) => l.code === 'margin' && l.changes !== null && l.changes !== 0) ??
      own.find((l) => l.changes !== null && l.changes !== 0);
    if (changed) {
      const plain = withoutFigureRefs(text.text);
      for (const pattern of BUDGET_UNCHANGED) {
        const match = pattern.exec(plain);
        if (!match) continue;
        findings.push({
          rule: 'text.contradiction',
          ...where,
          quote: sentenceAt(plain, match.index).replace(/[*_]/g, ''),
          reason: 'budgetChanged',
          changes: changed.changes ?? 0,
        });
        break;
      }
    }
  }
  return findings;
}
