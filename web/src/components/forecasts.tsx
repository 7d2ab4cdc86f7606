/**
 * The forecast for the year on a unit's page at an interim period (months 1–11): per line the
 * revised budget, the actual to date, the forecast and its deviation from the budget, who made
 * it; where the user may change the unit (the answer's `editable`), a field in euros per leaf
 * line, saved line by line, with Utfall's proposals beside it and a button that takes one. The
 * totals are computed (src/domain/interim.ts), never typed. Amounts typed are read into integer
 * cents by the importers' rule (src/domain/amount.ts); a save over a forecast someone else
 * changed meanwhile is refused by the server (409), and the page then shows the stored one.
 */
import { useId, useState, type FormEvent } from 'react';
import type { ForecastFormView, ForecastLineView } from '../../../src/api/pages.js';
import { forecastExceeds } from '../../../src/domain/interim.js';
import { LINES, type LineCode } from '../../../src/domain/lines.js';
import { cents } from '../../../src/domain/money.js';
import { ApiError, apiPath, get, query, request } from '../api.js';
import { formatCents, formatDateTime, formatEuros, parseEurosToCents } from '../format.js';
import { announce, useResource } from '../hooks.js';
import { useI18n, type Language, type Translate } from '../i18n/index.js';
import { forecastFormSchema, forecastSavedSchema } from '../schemas.js';
import { lineName } from './marks.js';
import { errorText, Loading, Message } from './status.js';
import { HeaderRow } from './table.js';
import { ScrollRegion } from './scroll-region.js';
import './forecasts.css';

const TOTALS = new Set(LINES.filter((line) => line.sumOf).map((line) => line.code));

/** The domain's early-warning rule on a line as the API gives it. */
function exceeds(line: ForecastLineView): boolean {
  const deviation = line.forecastDeviation;
  return forecastExceeds({ forecastDeviation: deviation === null ? null : cents(deviation) });
}

/** A binding line forecast to end worse than its revised budget: a warning sign and the words. */
export function ForecastMark() {
  const { t } = useI18n();
  return (
    <span className="badge finding-warning forecast-mark">
      <span aria-hidden="true">⚠ </span>
      {t('forecast.exceeded')}
    </span>
  );
}

/** The API path of a unit's forecast form at a period (`YYYY-MM`). */
export function forecastPath(m: string, year: number, code: string, period: string): string {
  return apiPath('m', m, year, 'units', code, 'forecasts') + query({ period });
}

/** `2023-08` for month 8 of 2023. */
export function periodOf(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** What a typed forecast means: an amount in cents, removal (empty), or not an amount. */
export function readForecastInput(text: string): { amount: number | null } | null {
  if (text.trim() === '') return { amount: null };
  const amount = parseEurosToCents(text);
  return amount === null ? null : { amount };
}

function sourceText(line: ForecastLineView, t: Translate, lang: Language): string {
  if (TOTALS.has(line.code)) return t('forecast.computed');
  if (line.own)
    return t('forecast.own', {
      by: line.own.updatedBy,
      at: formatDateTime(line.own.updatedAt, lang),
    });
  if (line.entered) return t('forecast.subunits');
  return line.forecast === null ? '' : t('forecast.followsBudget');
}

export function ForecastSection({
  m,
  year,
  code,
  unit,
  toMonth,
  binding,
}: {
  m: string;
  year: number;
  code: string;
  /** The unit's code and name, for the caption. */
  unit: string;
  /** The interim period's last month, 1–11. */
  toMonth: number;
  /** The unit's binding line, when one is stated for it. */
  binding: LineCode | null;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const period = periodOf(year, toMonth);
  const path = forecastPath(m, year, code, period);
  const { data, error, loading, setData } = useResource(path, forecastFormSchema);
  const [drafts, setDrafts] = useState<Partial<Record<LineCode, string>>>({});
  const [problems, setProblems] = useState<Partial<Record<LineCode, string>>>({});
  const [busy, setBusy] = useState<LineCode | null>(null);

  const setDraft = (line: LineCode, text: string | undefined) =>
    setDrafts(({ [line]: _old, ...rest }) =>
      text === undefined ? rest : { ...rest, [line]: text },
    );
  const setProblem = (line: LineCode, text: string | undefined) =>
    setProblems(({ [line]: _old, ...rest }) =>
      text === undefined ? rest : { ...rest, [line]: text },
    );

  /** Loads the form again and shows it (after a save, or to show what someone else saved). */
  const refresh = async (): Promise<ForecastFormView | undefined> => {
    const fresh = await get(path, undefined, forecastFormSchema);
    setData(() => fresh);
    return fresh;
  };

  const save = async (line: ForecastLineView, amount: number | null) => {
    const name = lineName(line.code, lang);
    setBusy(line.code);
    setProblem(line.code, undefined);
    try {
      await request(
        'PUT',
        apiPath('m', m, year, 'units', code, 'forecasts', line.code),
        { period, amount, version: line.own?.version ?? null },
        { schema: forecastSavedSchema },
      );
      setDraft(line.code, undefined);
      await refresh();
      announce(t(amount === null ? 'forecast.removed' : 'forecast.saved', { line: name }));
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'forecast.conflict') {
        // Someone saved the line meanwhile: show theirs (the typed amount stays in the field).
        const fresh = await refresh().catch(() => undefined);
        const by = fresh?.lines.find((l) => l.code === line.code)?.own?.updatedBy;
        const text = by
          ? t('forecast.conflictBy', { by, line: name })
          : t('forecast.conflict', { line: name });
        setProblem(line.code, text);
        announce(text);
      } else {
        const text = errorText(caught, t);
        setProblem(line.code, text);
        announce(text);
      }
    } finally {
      setBusy(null);
    }
  };

  const submit = (event: FormEvent, line: ForecastLineView, text: string) => {
    event.preventDefault();
    const input = readForecastInput(text);
    if (input === null) {
      setProblem(line.code, t('forecast.invalid'));
      announce(t('forecast.invalid'));
      return;
    }
    if (input.amount === null && !line.own) {
      setDraft(line.code, undefined);
      return;
    }
    if (input.amount !== null && input.amount === line.own?.amount) {
      setDraft(line.code, undefined);
      setProblem(line.code, undefined);
      return;
    }
    void save(line, input.amount);
  };

  if (!data) return error ? <Message kind="error" error={error} /> : loading ? <Loading /> : null;

  const editable = data.editable;
  const bindingLine = binding ? data.lines.find((l) => l.code === binding) : undefined;
  const exceeded = bindingLine !== undefined && exceeds(bindingLine);
  const helpId = `${id}-help`;
  const columns = [
    { label: t('figures.line') },
    { label: <span className="wrap">{t('figures.revised')}</span>, num: true },
    { label: t('figures.actualInterim', { month: toMonth, year }), num: true },
    { label: t('forecast.column.forecast', { year }), num: true },
    { label: t('forecast.column.deviation'), num: true },
    { label: t('forecast.column.source') },
    ...(editable ? [{ label: t('forecast.column.entry') }] : []),
  ];

  return (
    <>
      <p className="help">{t('forecast.lead', { month: toMonth, year })}</p>
      {exceeded && bindingLine && (
        <p className="forecast-warning">
          <ForecastMark />{' '}
          {t('forecast.exceededNote', {
            line: lineName(bindingLine.code, lang),
            amount: formatEuros(-(bindingLine.forecastDeviation ?? 0)),
          })}
        </p>
      )}
      {editable ? (
        <p className="help" id={helpId}>
          {t('forecast.signHelp')}
        </p>
      ) : (
        <p className="muted">{t('forecast.readOnly')}</p>
      )}
      <ScrollRegion label={t('forecast.caption', { unit, month: toMonth, year })}>
        <table className="figures report-table forecast-table">
          <caption>{t('forecast.caption', { unit, month: toMonth, year })}</caption>
          <thead>
            <HeaderRow columns={columns} />
          </thead>
          {/* A body per line: its figures, and under them (for who may enter) Utfall's proposals. */}
          {data.lines.map((line) => {
            const total = TOTALS.has(line.code);
            const name = lineName(line.code, lang);
            const isBinding = line.code === binding;
            const inputId = `${id}-${line.code}`;
            const problemId = `${inputId}-problem`;
            const text = drafts[line.code] ?? (line.own ? formatCents(line.own.amount, lang) : '');
            const problem = problems[line.code];
            const proposals = editable && !total ? line.proposals : [];
            return (
              <tbody
                key={line.code}
                data-line={line.code}
                className={[total ? 'total' : '', isBinding ? 'binding' : ''].join(' ').trim()}
              >
                <tr className={proposals.length > 0 ? 'with-proposals' : undefined}>
                  <th scope="row">
                    {name}
                    {isBinding && (
                      <span className="badge binding-mark">
                        <span aria-hidden="true">◆ </span>
                        {t('figures.binding')}
                      </span>
                    )}
                    {isBinding && exceeds(line) && (
                      <>
                        {' '}
                        <ForecastMark />
                      </>
                    )}
                  </th>
                  <td className="num">{formatEuros(line.revised)}</td>
                  <td className="num">{formatEuros(line.actual)}</td>
                  <td className="num forecast">{formatEuros(line.forecast)}</td>
                  <td className="num">{formatEuros(line.forecastDeviation)}</td>
                  <td className="source">{sourceText(line, t, lang)}</td>
                  {editable && (
                    <td className="entry">
                      {!total && (
                        <form
                          className="forecast-entry"
                          onSubmit={(e) => submit(e, line, text)}
                          noValidate
                        >
                          <label htmlFor={inputId} className="visually-hidden">
                            {t('forecast.inputLabel', { line: name })}
                          </label>
                          <input
                            id={inputId}
                            className="amount"
                            inputMode="decimal"
                            autoComplete="off"
                            value={text}
                            aria-invalid={problem !== undefined}
                            aria-describedby={problem ? `${problemId} ${helpId}` : helpId}
                            onChange={(e) => setDraft(line.code, e.target.value)}
                          />
                          <button
                            type="submit"
                            className="small"
                            disabled={busy !== null}
                            aria-label={t('forecast.saveLabel', { line: name })}
                          >
                            {t('forecast.save')}
                          </button>
                          {line.own && (
                            <button
                              type="button"
                              className="secondary small"
                              disabled={busy !== null}
                              aria-label={t('forecast.removeLabel', { line: name })}
                              onClick={() => void save(line, null)}
                            >
                              {t('forecast.remove')}
                            </button>
                          )}
                          {problem && (
                            <span id={problemId} className="field-error" role="alert">
                              {problem}
                            </span>
                          )}
                        </form>
                      )}
                    </td>
                  )}
                </tr>
                {proposals.length > 0 && (
                  <tr className="proposals">
                    <td colSpan={columns.length}>
                      <ul aria-label={t('forecast.proposalsFor', { line: name })}>
                        {proposals.map((proposal) => {
                          const amount = formatEuros(proposal.amount);
                          const method = t(`forecast.method.${proposal.method}`);
                          return (
                            <li key={proposal.method}>
                              <span>{t('forecast.proposal', { amount, method })}</span>{' '}
                              <button
                                type="button"
                                className="secondary small"
                                disabled={busy !== null}
                                aria-label={t('forecast.useLabel', { amount, line: name, method })}
                                onClick={() => {
                                  setDraft(line.code, formatCents(proposal.amount, lang));
                                  void save(line, proposal.amount);
                                }}
                              >
                                {t('forecast.use')}
                              </button>
                            </li>
                          );
                        })}
                      </ul>
                    </td>
                  </tr>
                )}
              </tbody>
            );
          })}
        </table>
      </ScrollRegion>
      <p className="footnote">{t('forecast.footnote')}</p>
    </>
  );
}
