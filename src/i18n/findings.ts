/**
 * What a finding says, in the user's language: one sentence per finding of the checks (stored
 * data, texts, approved reports), of verify-table and of the rendered report. A message names
 * units by code, lines, columns and languages by their names, key goals by their theme and text,
 * and prints amounts and targets through the one formatter (domain/format.ts); rule ids, keys
 * and enum values stay in the finding's data (`rule`, `item`, …), never in its message.
 */
import type { CheckFinding, GoalRef, MissingText } from '../domain/checks.js';
import { formatMoney } from '../domain/format.js';
import { formatIndicatorTarget, formatIndicatorValue, type Texts } from '../domain/goals.js';
import { isLineCode, LANGUAGES, lineDefinition, type Language } from '../domain/lines.js';
import { cents, type Cents } from '../domain/money.js';
import type { TableFinding } from '../domain/verify-table.js';
import type { Translate } from './index.js';

/** Rule ids contain dots; translation keys use underscores (a dot separates key levels). */
export function ruleKey(rule: string): string {
  return rule.replace(/\./g, '_');
}

/** A rule's name in the user's language (`data.sign` → "omvänt tecken"), for the CLI's lines. */
export function ruleName(rule: string, t: Translate): string {
  return t(`verify:ruleName.${ruleKey(rule)}`);
}

const money = (amount: Cents | null | undefined, lang: Language) =>
  amount === null || amount === undefined ? '—' : formatMoney(amount, lang);

const signedMoney = (amount: number, lang: Language) => formatMoney(amount, lang, { signed: true });

/** A language by its name, `engelska` / `englanniksi` / `English`. */
const languageName = (lang: Language | null | undefined, t: Translate) =>
  lang ? t(`report:renderer.language.${lang}`) : '—';

/** The text of `texts` in `lang`, else in the first language it has. */
function pick(texts: Texts, lang: Language): string {
  const own = texts[lang]?.trim();
  if (own) return own;
  for (const other of LANGUAGES) {
    const text = texts[other]?.trim();
    if (text) return text;
  }
  return '';
}

const TITLE_LENGTH = 70;

/** A goal's text as a short title: one line, without markup, cut at a word. */
function shortTitle(text: string): string {
  const plain = text
    .replace(/[*_#>`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= TITLE_LENGTH) return plain;
  const cut = plain.slice(0, TITLE_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${(space > TITLE_LENGTH / 2 ? cut.slice(0, space) : cut).replace(/[,;:.]$/, '')}…`;
}

/** The parameters that name a goal in a message: its title and theme. */
function goalParams(goal: GoalRef | undefined, lang: Language) {
  return { title: goal ? shortTitle(pick(goal.title, lang)) : '', theme: goal?.theme ?? '' };
}

/** A goal in the middle of a sentence: `nyckelmålet ”…” (tema 4)`, or `ett nyckelmål`. */
function goalText(goal: GoalRef | undefined, t: Translate, lang: Language): string {
  const params = goalParams(goal, lang);
  return params.title
    ? t('verify:goal.named', params)
    : t('verify:goal.unnamed', { theme: params.theme });
}

const NARRATIVE = /^(events|risks|revenue|costs|margin)(?: \((sv|fi|en)\))?$/;
const GOAL_TEXT = /^goal \d+ (goal|boardGoal|actionPlan|responsible|outcome)(?: \((sv|fi|en)\))?$/;
const GOAL_INDICATOR = /^goal \d+ indicator (\d+)$/;

/**
 * Where in a unit's texts a finding is, in words: `margin (sv)` → "Kommentar till utfallet:
 * verksamhetsbidrag (svenska)", `goal 12 outcome (fi)` → "nyckelmålet ”…” (tema 4), utfall
 * (suomeksi)", `goal 12 indicator 1` → "nyckelmålet ”…” (tema 4), indikator 1".
 */
export function sectionText(
  section: string | undefined,
  goal: GoalRef | undefined,
  t: Translate,
  lang: Language,
): string {
  if (!section) return '';
  const language = (code: string | undefined) =>
    code ? ` (${languageName(code as Language, t)})` : '';
  const narrative = NARRATIVE.exec(section);
  if (narrative) return t(`verify:section.${narrative[1]}`) + language(narrative[2]);
  const goalField = GOAL_TEXT.exec(section);
  if (goalField) {
    const field = t(`report:document.goalColumn.${goalField[1]}`);
    return (
      t('verify:section.goal', {
        goal: goalText(goal, t, lang),
        field: field.charAt(0).toLocaleLowerCase(lang) + field.slice(1),
      }) + language(goalField[2])
    );
  }
  const indicator = GOAL_INDICATOR.exec(section);
  if (indicator)
    return t('verify:section.indicator', { goal: goalText(goal, t, lang), n: indicator[1] });
  return t('verify:section.other');
}

/** The indicators that contradict a goal's status, each with its target and actual value. */
function contradictingIndicators(finding: CheckFinding, t: Translate, lang: Language): string {
  const indicators = finding.contradiction?.indicators ?? [];
  return indicators
    .map((indicator) =>
      t('verify:goal.indicator', {
        name: shortTitle(pick(indicator.name, lang)),
        target: formatIndicatorTarget(indicator, lang),
        actual:
          indicator.actual === null
            ? '—'
            : formatIndicatorValue(indicator.actual, indicator.measureUnit, lang),
      }),
    )
    .join(t('verify:listSeparator'));
}

/** What a finding says, without severity and rule (the web application shows those apart). */
export function checkFindingText(finding: CheckFinding, t: Translate, lang: Language): string {
  const line = finding.line ? lineDefinition(finding.line).names[lang] : '';
  const column = finding.column ? t(`verify:column.${finding.column}`) : '';
  const common = { unit: finding.unitCode, line, column };
  switch (finding.rule) {
    case 'data.unmapped-account':
      return t('verify:finding.data_unmapped-account', {
        ...common,
        account: finding.account ?? '—',
        source: finding.source ? t(`verify:source.${finding.source}`) : '',
      });
    case 'data.sign':
      return t('verify:finding.data_sign', {
        ...common,
        found: money(finding.found, lang),
        direction: t(`verify:direction.${(finding.found ?? 0) < 0 ? 'revenue' : 'cost'}`),
      });
    case 'binding.breach':
    case 'binding.forecast-exceeded':
      return t(`verify:finding.${ruleKey(finding.rule)}`, {
        ...common,
        found: money(finding.found, lang),
        expected: money(finding.expected, lang),
        deviation: signedMoney((finding.found ?? 0) - (finding.expected ?? 0), lang),
        period: finding.period ?? '',
      });
    case 'goal.contradiction': {
      const count = finding.contradiction?.indicators.length ?? 0;
      return t(`verify:finding.goal_contradiction.${finding.contradiction?.reason ?? 'unknown'}`, {
        ...common,
        goal: goalText(finding.goal, t, lang),
        indicators: contradictingIndicators(finding, t, lang),
        count,
      });
    }
    case 'text.stale-figure':
    case 'text.contradiction':
    case 'text.bad-figure-ref':
      return t(`verify:finding.${ruleKey(finding.rule)}`, {
        ...common,
        section: sectionText(finding.section, finding.goal, t, lang),
        quote: finding.quote ?? '',
        found: signedMoney(finding.found ?? 0, lang),
        reason: t(`verify:figureRef.${finding.reason ?? 'unknownUnit'}`, {
          unit: finding.unitCode,
          form: t('verify:figureRef.form'),
        }),
      });
    case 'snapshot.differs': {
      const example = finding.line
        ? t('verify:finding.snapshot_example', {
            ...common,
            expected: money(finding.expected, lang),
            found: money(finding.found, lang),
          })
        : '';
      const damaged = finding.damaged ? t('verify:finding.snapshot_damaged') : '';
      return t('verify:finding.snapshot_differs', {
        ...common,
        period: finding.period ?? 12,
        count: finding.count ?? 1,
        example,
        damaged,
      });
    }
    case 'data.unknown-unit':
    case 'snapshot.missing':
      return t(`verify:finding.${ruleKey(finding.rule)}`, common);
  }
}

export function formatCheckFinding(finding: CheckFinding, t: Translate, lang: Language): string {
  const text = checkFindingText(finding, t, lang);
  return `${t(`cli:check.severity.${finding.severity}`)} [${ruleName(finding.rule, t)}] ${text}`;
}

/**
 * The figures a table finding's expectation was computed from, in words: the domain's
 * language-neutral derivation (`revenue 27495 + costs -929624; deviation 254459 + revised
 * -1156588`, line codes, columns or unit codes with plain euros) with each line and column named
 * and each amount formatted, `Verksamhetens intäkter 27 495 € + Verksamhetens kostnader −929 624 €`.
 */
export function derivationText(detail: string, t: Translate, lang: Language): string {
  const label = (word: string) => {
    if (isLineCode(word)) return lineDefinition(word).names[lang];
    if (['budget', 'changes', 'revised', 'actual', 'deviation', 'computed'].includes(word))
      return t(`verify:column.${word}`);
    return word;
  };
  const term = (text: string) => {
    const match = /^(\S+) (-?)(\d+)(?:\.(\d{2}))?$/.exec(text.trim());
    if (!match) return text.trim();
    const [, word = '', minus, whole = '0', fraction = '00'] = match;
    const amount = cents((Number(whole) * 100 + Number(fraction)) * (minus ? -1 : 1));
    return `${label(word)} ${formatMoney(amount, lang)}`;
  };
  return detail
    .split('; ')
    .map((derivation) =>
      derivation
        .split(/ ([+-]) /)
        .map((part, i) => (i % 2 === 1 ? (part === '-' ? '\u2212' : '+') : term(part)))
        .join(' '),
    )
    .join('; ');
}

/** What a table finding says, without severity, rule, file and row. */
export function tableFindingText(finding: TableFinding, t: Translate, lang: Language): string {
  return t(`verify:rule.${ruleKey(finding.rule)}`, {
    unit: finding.unitCode,
    line: lineDefinition(finding.line).names[lang],
    column: t(`verify:column.${finding.column}`),
    expected: money(finding.expected, lang),
    found: money(finding.found, lang),
    // What the expectation is made of; the data's own figure (`table.data`) is `expected` itself.
    detail:
      finding.detail && finding.rule !== 'table.data'
        ? ` (${derivationText(finding.detail, t, lang)})`
        : '',
  });
}

export function formatTableFinding(finding: TableFinding, t: Translate, lang: Language): string {
  const text = tableFindingText(finding, t, lang);
  return `${t(`cli:verify.severity.${finding.severity}`)} [${ruleName(finding.rule, t)}] ${finding.file}:${finding.row} ${text}`;
}

/** A text the rendered report shows in another language: which one, and where. */
export function missingTextMessage(missing: MissingText, t: Translate, lang: Language): string {
  const params = {
    unit: missing.unitCode,
    lang: languageName(missing.lang, t),
    shownIn: languageName(missing.shownIn, t),
  };
  if (missing.goal)
    return t('verify:missingText.goal', { ...params, ...goalParams(missing.goal, lang) });
  const section = missing.section ?? missing.item.replace(/^narrative:/, '');
  return t('verify:missingText.narrative', {
    ...params,
    section: NARRATIVE.test(section) ? t(`verify:section.${section}`) : t('verify:section.other'),
  });
}
