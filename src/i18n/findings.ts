/** One line per finding, in the user's language. */
import type { CheckFinding } from '../domain/checks.js';
import { formatEuros } from '../domain/format.js';
import { lineDefinition, type Language } from '../domain/lines.js';
import type { Cents } from '../domain/money.js';
import type { TableFinding } from '../domain/verify-table.js';
import type { Translate } from './index.js';

/** Rule ids contain dots; translation keys use underscores (a dot separates key levels). */
export function ruleKey(rule: string): string {
  return rule.replace(/\./g, '_');
}

const euros = (amount: Cents | null, lang: Language) =>
  amount === null ? '—' : formatEuros(amount, lang);

/** What a finding says, without severity and rule (the web application shows those apart). */
export function checkFindingText(finding: CheckFinding, t: Translate, lang: Language): string {
  return t(`cli:check.rule.${ruleKey(finding.rule)}`, {
    unit: finding.unitCode,
    line: finding.line ? lineDefinition(finding.line).names[lang] : '',
    account: finding.account ?? '',
    source: finding.source ?? '',
    column: finding.column ? t(`cli:column.${finding.column}`) : '',
    expected: euros(finding.expected, lang),
    found: euros(finding.found, lang),
    goal: finding.goalId ?? '',
    detail: finding.detail ?? '',
    section: sectionText(finding.section, t),
    quote: finding.quote ?? '',
    period: finding.period ?? '',
  });
}

/**
 * Where in a unit's texts a finding is, in words: `margin (sv)` → "Kommentar till utfallet:
 * verksamhetsbidrag (svenska)", `goal 12 outcome (fi)` → "nyckelmål 12, utfall (finska)",
 * `goal 12 indicator 1` → "nyckelmål 12, indikator 1". Anything else is shown as it is.
 */
function sectionText(section: string | undefined, t: Translate): string {
  if (!section) return '';
  const language = (lang: string | undefined) =>
    lang ? ` (${t(`report:renderer.language.${lang}`)})` : '';
  const narrative = /^(events|risks|revenue|costs|margin) \((sv|fi|en)\)$/.exec(section);
  if (narrative) return t(`cli:check.section.${narrative[1]}`) + language(narrative[2]);
  const goalText = /^goal (\d+) (\w+)(?: \((sv|fi|en)\))?$/.exec(section);
  if (goalText && goalText[2] !== 'indicator') {
    const field = ['goal', 'boardGoal', 'actionPlan', 'responsible', 'outcome'].includes(
      goalText[2]!,
    )
      ? t(`report:document.goalColumn.${goalText[2]}`)
      : goalText[2]!;
    return t('cli:check.section.goal', { id: goalText[1], field }) + language(goalText[3]);
  }
  const indicator = /^goal (\d+) indicator (\d+)$/.exec(section);
  if (indicator) return t('cli:check.section.indicator', { id: indicator[1], n: indicator[2] });
  return section;
}

export function formatCheckFinding(finding: CheckFinding, t: Translate, lang: Language): string {
  const text = checkFindingText(finding, t, lang);
  return `${t(`cli:check.severity.${finding.severity}`)} [${finding.rule}] ${text}`;
}

/** What a table finding says, without severity, rule, file and row. */
export function tableFindingText(finding: TableFinding, t: Translate, lang: Language): string {
  return t(`verify:rule.${ruleKey(finding.rule)}`, {
    unit: finding.unitCode,
    line: lineDefinition(finding.line).names[lang],
    column: t(`cli:column.${finding.column}`),
    expected: euros(finding.expected, lang),
    found: euros(finding.found, lang),
    detail: finding.detail ?? '',
  });
}

export function formatTableFinding(finding: TableFinding, t: Translate, lang: Language): string {
  const text = tableFindingText(finding, t, lang);
  return `${t(`cli:verify.severity.${finding.severity}`)} [${finding.rule}] ${finding.file}:${finding.row} ${text}`;
}
