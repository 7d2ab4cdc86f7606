/**
 * Live figures in the report's texts: narratives, goal texts and goal indicators bound to a
 * figure get the figures of the data the report is built from (its units, its months), printed in
 * the report's language. The syntax and its rendering are the domain's (domain/figure-refs.ts);
 * this module hands it the report's figures and words the marker of a placeholder that names
 * nothing.
 */
import {
  figureDecimal,
  figureValue,
  formatFigureValue,
  parseFigureRef,
  renderFigureRefs,
  unitCodeLookup,
  type FigureLine,
} from '../domain/figure-refs.js';
import { unitFigures } from '../domain/figures.js';
import type { Indicator } from '../domain/goals.js';
import type { Language } from '../domain/lines.js';
import type { InterimLine } from '../domain/interim.js';
import type { LeafAmounts, Unit } from '../domain/model.js';
import type { Translate } from '../i18n/index.js';

/** Renders the placeholders of the report's texts. */
export interface FiguresInText {
  /** A text with its placeholders replaced by the figures (or a visible marker). */
  readonly text: (text: string) => string;
  /** An indicator with its actual value taken from the figure it is bound to, if it is. */
  readonly indicator: (indicator: Indicator) => Indicator;
}

/**
 * The figures of the given units and leaf amounts (as the report reads them), per unit on first
 * use. Unit codes in placeholders match in any case.
 */
export function figuresInText(
  units: readonly Unit[],
  leaves: readonly LeafAmounts[],
  lang: Language,
  t: Translate,
  /**
   * The units a text may name: its own unit and that unit's units — what an approval of it
   * freezes, so an approved text never prints a figure that can still change. Others print the
   * marker (and are a check finding).
   */
  allowed?: ReadonlySet<string>,
  /**
   * An interim report's lines per unit: its placeholders then read the budget to date, the
   * forecast, and the deviation and use % to date, as its tables print them.
   */
  interim?: ReadonlyMap<string, readonly InterimLine[]>,
): FiguresInText {
  const codeOf = unitCodeLookup(
    allowed === undefined ? units : units.filter((u) => allowed.has(u.code)),
  );
  const cache = new Map<string, FigureLine[]>();
  const figuresOf = (written: string): FigureLine[] | null => {
    const code = codeOf(written);
    if (code === undefined) return null;
    let lines = cache.get(code);
    if (!lines) {
      const toDate = interim?.get(code);
      lines = unitFigures(units, code, leaves).map((line) => {
        const now = toDate?.find((l) => l.code === line.code);
        return now
          ? {
              ...line,
              deviation: now.deviation,
              revisedToDate: now.revisedToDate,
              forecast: now.forecast,
              forecastDeviation: now.forecastDeviation,
            }
          : line;
      });
      cache.set(code, lines);
    }
    return lines;
  };
  const marker = ({ inner }: { inner: string }) =>
    t('report:document.figureMissing', { ref: inner });
  return {
    text: (text) => renderFigureRefs(text, lang, figuresOf, marker).text,
    indicator: (indicator) => {
      if (!indicator.figure) return indicator;
      const parsed = parseFigureRef(indicator.figure);
      const lines = parsed.ref ? figuresOf(parsed.ref.unitCode) : null;
      if (!parsed.ref || !lines)
        return { ...indicator, actual: marker({ inner: indicator.figure }) };
      const value = figureValue(lines, parsed.ref);
      // The printed figure, as the text prints it; a value without a figure stays empty.
      return {
        ...indicator,
        actual: figureDecimal(value) === null ? null : formatFigureValue(value, lang),
      };
    },
  };
}
