/**
 * Live figures in the narrative editor: a picker (unit, line, column) that inserts the
 * placeholder the report renders from the data, and the figures the preview renders them with.
 * The syntax, its parsing and its rendering are the domain's (src/domain/figure-refs.ts), the
 * same code the report runs on the server.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { FigureLine, UnitRef } from '../../../src/api/pages.js';
import {
  FIGURE_REF_COLUMNS,
  figureRefText,
  figureValue,
  findFigureRefs,
  formatFigureValue,
  renderFigureRefs,
  type FigureRef,
  type FigureRefColumn,
} from '../../../src/domain/figure-refs.js';
import { completeLine } from '../../../src/domain/figures.js';
import { LINE_CODES, type LineCode } from '../../../src/domain/lines.js';
import type { Cents } from '../../../src/domain/money.js';
import type { LineFigures } from '../../../src/domain/model.js';
import {
  contributorsOfExplanation,
  DEFAULT_OUTCOME_SETTINGS,
  drivingLines,
  forecastLines,
  proposeOutcome,
  type OutcomeContributors,
} from '../../../src/domain/outcome.js';
import { explanationSchema } from '../../../src/api/drill.js';
import { apiPath, query, request } from '../api.js';
import { useI18n, pick, type Language } from '../i18n/index.js';
import { lineName } from './marks.js';
import { unitPageSchema } from '../schemas.js';
import './figure-picker.css';

/** The figures the editor knows: the page's unit, and its units once asked for. */
export interface LiveFigures {
  /** The units the picker offers: the page's unit first, then its units. */
  units: readonly UnitRef[];
  /** A unit's lines; null while unknown (not loaded yet, or no such unit). */
  readonly linesOf: (code: string) => readonly LineFigures[] | null;
  /** Loads the lines of the units a text names that are not known yet. */
  readonly want: (codes: readonly string[]) => void;
  /** Whether a unit's lines are being loaded. */
  readonly loading: (code: string) => boolean;
}

/**
 * The API's figure lines as the report's texts read them (the domain's fields: cents, report
 * sign): the year's comparison, deviation = actual − revised, also at an interim period, whose
 * lines carry the deviation to date instead (the report's placeholders print the year's).
 */
function asLineFigures(lines: readonly FigureLine[]): LineFigures[] {
  return lines.map((line) =>
    completeLine(line.code, {
      budget: line.budget as Cents | null,
      changes: line.changes as Cents | null,
      actual: line.actual as Cents | null,
    }),
  );
}

/**
 * The live figures of a unit page: its own lines at once, another unit's (one of its units)
 * read from that unit's page, for the same period, when a text or the picker names it.
 */
export function useLiveFigures({
  path,
  units,
  lines,
}: {
  /** The API path of a unit's page: (code) → path, for the page's period. */
  path: (code: string) => string;
  /** The page's unit first, then its units. */
  units: readonly UnitRef[];
  /** The page's unit's lines. */
  lines: readonly FigureLine[];
}): LiveFigures {
  const [loaded, setLoaded] = useState<ReadonlyMap<string, readonly LineFigures[] | null>>(
    () => new Map(),
  );
  const [pending, setPending] = useState<ReadonlySet<string>>(() => new Set());
  const own = useMemo(() => asLineFigures(lines), [lines]);
  const unit = { code: units[0]?.code ?? '' };
  const byUpper = useMemo(() => new Map(units.map((u) => [u.code.toUpperCase(), u.code])), [units]);

  const linesOf = useCallback(
    (written: string) => {
      const code = byUpper.get(written.toUpperCase());
      if (code === undefined) return null;
      if (code === unit.code) return own;
      return loaded.get(code) ?? null;
    },
    [byUpper, unit.code, own, loaded],
  );

  const want = useCallback(
    (codes: readonly string[]) => {
      for (const written of codes) {
        const code = byUpper.get(written.toUpperCase());
        if (code === undefined || code === unit.code || loaded.has(code) || pending.has(code))
          continue;
        setPending((p) => new Set(p).add(code));
        void request('GET', path(code), undefined, { schema: unitPageSchema })
          .then((page) => asLineFigures(page.lines))
          .catch(() => null)
          .then((result) => {
            setLoaded((m) => new Map(m).set(code, result));
            setPending((p) => {
              const next = new Set(p);
              next.delete(code);
              return next;
            });
          });
      }
    },
    [byUpper, unit.code, loaded, pending, path],
  );

  return {
    units,
    linesOf,
    want,
    loading: (code) => pending.has(code.toUpperCase()) || pending.has(code),
  };
}

/** A text with its placeholders rendered from the live figures, for the preview. */
export function useRenderedFigures(text: string, lang: Language, figures: LiveFigures): string {
  const { t } = useI18n();
  const named = useMemo(
    () => findFigureRefs(text).flatMap((token) => (token.ref ? [token.ref.unitCode] : [])),
    [text],
  );
  const { want } = figures;
  useEffect(() => want(named), [want, named]);
  return renderFigureRefs(text, lang, figures.linesOf, (failure) =>
    failure.problem === 'unknownUnit' && figures.loading(failure.inner.split(/\s+/)[0] ?? '')
      ? t('narrative.figure.loading')
      : t('narrative.figure.missing', { ref: failure.inner }),
  ).text;
}

/** The picker: unit, line and column, the figure's value now, and a button that inserts it. */
export function FigurePicker({
  id,
  figures,
  textLang,
  onInsert,
  title,
  action,
}: {
  id: string;
  figures: LiveFigures;
  textLang: Language;
  onInsert: (placeholder: string, ref: FigureRef) => void;
  /** The picker's summary and button (default: insert into a text). */
  title?: string;
  action?: string;
}) {
  const { t, lang } = useI18n();
  const first = figures.units[0]?.code ?? '';
  const [ref, setRef] = useState<FigureRef>({ unitCode: first, line: 'margin', column: 'actual' });
  const { want } = figures;
  useEffect(() => want([ref.unitCode]), [want, ref.unitCode]);
  const lines = figures.linesOf(ref.unitCode);
  const value = lines
    ? formatFigureValue(figureValue(lines, ref), textLang)
    : t('narrative.figure.loading');
  return (
    <details className="figure-picker">
      <summary>{title ?? t('narrative.figure.title')}</summary>
      <p className="help">{t('narrative.figure.help')}</p>
      <div className="figure-picker-fields">
        <div className="field">
          <label htmlFor={`${id}-unit`}>{t('narrative.figure.unit')}</label>
          <select
            id={`${id}-unit`}
            value={ref.unitCode}
            onChange={(e) => setRef({ ...ref, unitCode: e.target.value })}
          >
            {figures.units.map((u) => (
              <option key={u.code} value={u.code}>
                {u.code} {pick(u.names, lang)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-line`}>{t('narrative.figure.line')}</label>
          <select
            id={`${id}-line`}
            value={ref.line}
            onChange={(e) => setRef({ ...ref, line: e.target.value as LineCode })}
          >
            {LINE_CODES.map((code) => (
              <option key={code} value={code}>
                {lineName(code, lang)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-column`}>{t('narrative.figure.column')}</label>
          <select
            id={`${id}-column`}
            value={ref.column}
            onChange={(e) => setRef({ ...ref, column: e.target.value as FigureRefColumn })}
          >
            {FIGURE_REF_COLUMNS.map((column) => (
              <option key={column} value={column}>
                {t(`narrative.figure.columns.${column}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="figure-picker-value" aria-live="polite">
        <output htmlFor={`${id}-unit ${id}-line ${id}-column`}>
          {t('narrative.figure.value', { value })}
        </output>{' '}
        <button type="button" onClick={() => onInsert(figureRefText(ref), ref)}>
          {action ?? t('narrative.figure.insert')}
        </button>
      </p>
    </details>
  );
}

/** Whether a unit page's lines are an interim period's (they carry a forecast for the year). */
function isInterimPage(lines: readonly FigureLine[]): boolean {
  return lines.some((line) => line.forecast !== undefined);
}

/**
 * Utfall's proposed outcome sentences of the unit's figures, by section (revenue, costs,
 * margin), as the report proposes them: of the year's outcome, naming where a driving line's
 * deviation came from when `contributors` are given (the drill-down's largest contributors of
 * each, see useOutcomeProposals), or at an interim period (lines with a forecast) of the
 * forecast for the year, which names none.
 */
export function outcomeProposals(
  lines: readonly FigureLine[],
  contributors: OutcomeContributors = {},
): Partial<Record<string, Record<Language, string>>> {
  const proposals = isInterimPage(lines)
    ? proposeOutcome(
        forecastLines(
          lines.map((line) => ({
            code: line.code,
            revised: line.revised as Cents | null,
            forecast: (line.forecast ?? null) as Cents | null,
            forecastDeviation: (line.forecastDeviation ?? null) as Cents | null,
          })),
        ),
        DEFAULT_OUTCOME_SETTINGS,
        'forecast',
      )
    : proposeOutcome(asLineFigures(lines), DEFAULT_OUTCOME_SETTINGS, 'year', contributors);
  return Object.fromEntries(proposals.map((p) => [p.topic, p.text]));
}

/**
 * The lines whose contributors the year's proposals want: the driving lines of the proposals
 * without them; none at an interim period (a forecast names no contributors).
 */
export function wantedContributors(lines: readonly FigureLine[]): LineCode[] {
  if (isInterimPage(lines) || DEFAULT_OUTCOME_SETTINGS.maxContributors === 0) return [];
  return drivingLines(proposeOutcome(asLineFigures(lines)));
}

/** The API path of the drill-down's explanation of a unit's line for the proposals (the year's). */
export function explanationPath(m: string, year: number, unit: string, line: LineCode): string {
  return (
    apiPath('m', m, year, 'drill', 'explanation') +
    query({ unit, line, limit: DEFAULT_OUTCOME_SETTINGS.maxContributors })
  );
}

/**
 * The unit page's proposed outcome sentences, as `utfall outcome` and the report preview propose
 * them: at once without contributors, then, once the drill-down has explained each driving
 * line (GET …/drill/explanation, one call per line), naming where its deviation came from. A
 * line whose explanation fails is proposed without.
 */
export function useOutcomeProposals({
  m,
  year,
  unit,
  lines,
}: {
  m: string;
  year: number;
  /** The page's unit; null while the page is loading. */
  unit: string | null;
  lines: readonly FigureLine[];
}): Partial<Record<string, Record<Language, string>>> {
  const wanted = useMemo(() => wantedContributors(lines), [lines]);
  // The contributors read, and the lines they were read for (a new page's lines wait for theirs).
  const [read, setRead] = useState<{
    lines: readonly FigureLine[];
    contributors: OutcomeContributors;
  } | null>(null);
  useEffect(() => {
    if (unit === null || wanted.length === 0) return;
    const controller = new AbortController();
    void Promise.all(
      wanted.map((line) =>
        request('GET', explanationPath(m, year, unit, line), undefined, {
          schema: explanationSchema,
          signal: controller.signal,
        })
          .then(contributorsOfExplanation)
          .catch(() => undefined)
          .then((contributors) => [line, contributors] as const),
      ),
    ).then((pairs) => {
      if (!controller.signal.aborted) setRead({ lines, contributors: Object.fromEntries(pairs) });
    });
    return () => controller.abort();
  }, [m, year, unit, lines, wanted]);
  const contributors = read !== null && read.lines === lines ? read.contributors : undefined;
  return useMemo(() => outcomeProposals(lines, contributors), [lines, contributors]);
}
