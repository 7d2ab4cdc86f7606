/**
 * The checks on the year's texts (narratives, goal texts, typed indicator values) against the
 * year's figures: typed figures gone stale, sentences the data contradicts, placeholders that name
 * nothing. The rules are the domain's (domain/text-checks.ts); this reads the texts.
 */
import { yearNarratives } from '../db/content.js';
import type { Db } from '../db/db.js';
import { goals as listGoals, type StoredGoal } from '../db/goals.js';
import type { CheckFinding, GoalRef } from '../domain/checks.js';
import { unitCodeLookup } from '../domain/figure-refs.js';
import { figuresByUnit, subtreeOf } from '../domain/figures.js';
import { formatIndicatorValue } from '../domain/goals.js';
import { LANGUAGES } from '../domain/lines.js';
import type { LeafAmounts, LineFigures, Unit } from '../domain/model.js';
import { textFindings, type TextFinding, type UnitText } from '../domain/text-checks.js';

/** Measure units of an indicator whose values are amounts in euros. */
const EURO_UNIT = /€|eur/i;

/** Every text of the year, with the unit and the place it stands. */
function goalTexts(goals: readonly StoredGoal[]): UnitText[] {
  const texts: UnitText[] = [];
  for (const goal of goals) {
    const ref: GoalRef = { theme: goal.theme, title: goal.goal };
    for (const field of ['goal', 'boardGoal', 'actionPlan', 'outcome'] as const) {
      for (const lang of LANGUAGES) {
        const text = goal[field][lang];
        if (text?.trim())
          texts.push({
            unitCode: goal.unitCode,
            section: `goal ${goal.id} ${field}`,
            lang,
            text,
            goal: ref,
          });
      }
    }
    goal.indicators.forEach((indicator, i) => {
      if (indicator.figure || !EURO_UNIT.test(indicator.measureUnit)) return;
      for (const value of [indicator.actual, indicator.target]) {
        if (value?.trim())
          texts.push({
            unitCode: goal.unitCode,
            section: `goal ${goal.id} indicator ${i + 1}`,
            lang: null,
            // As the report prints it (`−3 890 507 €`), so that a finding quotes it so.
            text: formatIndicatorValue(value, '€', 'sv'),
            goal: ref,
          });
      }
    });
  }
  return texts;
}

function checkFinding(finding: TextFinding): CheckFinding {
  return {
    rule: finding.rule,
    severity: 'warning',
    unitCode: finding.unitCode,
    line: null,
    account: null,
    column: null,
    expected: null,
    found:
      finding.rule === 'text.contradiction'
        ? ((finding.changes ?? 0) as CheckFinding['found'])
        : null,
    source: null,
    section: finding.lang ? `${finding.section} (${finding.lang})` : finding.section,
    detail: finding.quote,
    quote: finding.quote,
    ...(finding.goal ? { goal: finding.goal } : {}),
    ...(finding.reason && finding.reason !== 'budgetChanged' ? { reason: finding.reason } : {}),
  };
}

/** The findings on the year's texts, against the whole year's figures. */
export async function textCheckFindings(
  db: Db,
  municipalityId: string,
  year: number,
  units: readonly Unit[],
  leaves: readonly LeafAmounts[],
  goals?: readonly StoredGoal[],
): Promise<CheckFinding[]> {
  const narratives = await yearNarratives(db, municipalityId, year);
  const texts: UnitText[] = [
    ...narratives.map((n) => ({
      unitCode: n.unitCode,
      section: n.section,
      lang: n.lang,
      text: n.body,
    })),
    ...goalTexts(goals ?? (await listGoals(db, municipalityId, year))),
  ];
  const byUnit = figuresByUnit(units, leaves);
  const codeOf = unitCodeLookup(units);
  // A unit's texts may cite its own figures and those of its units (a central names its areas').
  const figuresOf = (code: string): LineFigures[][] | null => {
    const own = byUnit.get(code);
    if (!own) return null;
    const members = [...subtreeOf(units, code)].filter((c) => c !== code);
    return [own, ...members.map((c) => byUnit.get(c) ?? [])];
  };
  // A placeholder names the text's unit or one of its units: what an approval of it freezes.
  const known = (code: string, textUnit: string) => {
    const named = codeOf(code);
    return named !== undefined && subtreeOf(units, textUnit).has(named);
  };
  return textFindings(texts, figuresOf, known).map(checkFinding);
}
