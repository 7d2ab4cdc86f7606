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
    section: finding.section ?? '',
    quote: finding.quote ?? '',
  });
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
