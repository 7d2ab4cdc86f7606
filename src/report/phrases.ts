/**
 * The words the renderers print around the document's own texts (legends, notes, fallback
 * marks, chart descriptions), from the `report` translations, so that HTML, PDF and DOCX say
 * the same thing in each language.
 */
import { formatIndicatorTarget, formatIndicatorValue, type Indicator } from '../domain/goals.js';
import type { Language } from '../domain/lines.js';
import { translate, type Translate } from '../i18n/index.js';

export interface Phrases {
  contents: string;
  /** The legend of the binding line's mark. */
  binding: string;
  indicators: string;
  baseline: string;
  /** "utfall" inside an indicator's text. */
  indicatorActual: string;
  revised: string;
  actual: string;
  deviation: string;
  footnotes: string;
  page: string;
  /** The note under a text shown in another language than the report's. */
  fallback: (shown: Language, missing: Language) => string;
  /** The note under a goal some of whose texts are shown in other languages. */
  goalFallback: (missing: readonly Language[]) => string;
  /** One line of a chart: revised and actual, as printed. */
  chartBars: (line: string, revised: string, actual: string) => string;
  chartDeviation: (line: string, deviation: string) => string;
  /** What the chart shows and how its bars are drawn, for readers who cannot see it. */
  chartAlt: string;
  /** "Belopp i euro." or, with thousands, "Belopp i tusen euro." */
  chartUnit: (thousands: boolean) => string;
}

const cache = new Map<Language, Phrases>();

/** The renderers' phrases in one language. */
export function phrasesFor(lang: Language): Phrases {
  const known = cache.get(lang);
  if (known) return known;
  const t = translate(lang);
  const language = (l: Language) => t(`report:renderer.language.${l}`);
  const phrases: Phrases = {
    contents: t('report:renderer.contents'),
    binding: t('report:document.binding'),
    indicators: t('report:renderer.indicators'),
    baseline: t('report:renderer.baseline'),
    indicatorActual: t('report:renderer.indicatorActual'),
    revised: t('report:renderer.revised'),
    actual: t('report:renderer.actual'),
    deviation: t('report:renderer.deviation'),
    footnotes: t('report:renderer.footnotes'),
    page: t('report:renderer.page'),
    fallback: (shown, missing) =>
      t('report:renderer.fallback', { shown: language(shown), missing: language(missing) }),
    goalFallback: (missing) =>
      t('report:renderer.goalFallback', { missing: missing.map(language).join(', ') }),
    chartBars: (line, revised, actual) => t('report:renderer.chartBars', { line, revised, actual }),
    chartDeviation: (line, deviation) => t('report:renderer.chartDeviation', { line, deviation }),
    chartAlt: t('report:renderer.chartAlt'),
    chartUnit: (thousands) =>
      t('report:renderer.chartUnit', { context: thousands ? 'thousands' : undefined }),
  };
  cache.set(lang, phrases);
  return phrases;
}

/** A table caption with the unit note when the tables print thousands of euros. */
export function captionInUnit(t: Translate, caption: string, thousands: boolean): string {
  return thousands ? t('report:document.inThousands', { caption }) : caption;
}

/** An indicator's name in the report's language, else in another. */
export function indicatorName(name: Partial<Record<Language, string>>, lang: Language): string {
  return name[lang] ?? name.sv ?? name.fi ?? name.en ?? '';
}

/**
 * One indicator as every document prints it: `Name: ≥ −4 136 458 €; utgångsläge …; utfall …`,
 * target, baseline and actual through the one formatter (grouped, real minus sign).
 */
export function indicatorLine(indicator: Indicator, lang: Language): string {
  const phrases = phrasesFor(lang);
  const value = (text: string) => formatIndicatorValue(text, indicator.measureUnit, lang);
  const baseline =
    indicator.baseline === null ? '' : `; ${phrases.baseline} ${value(indicator.baseline)}`;
  const actual = indicator.actual === null ? '–' : value(indicator.actual);
  return `${indicatorName(indicator.name, lang)}: ${formatIndicatorTarget(indicator, lang)}${baseline}; ${phrases.indicatorActual} ${actual}`;
}
