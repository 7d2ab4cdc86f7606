/**
 * The unit's key goals under the city strategy's themes, with their outcome, status and
 * indicators. Editable in place (PATCH goals/:id) while the unit may be edited. At an interim
 * period the outcome and status are the interim report's own (saved with `?period=YYYY-MM`);
 * the indicators' values are the year's and are changed on the year's page.
 */
import { useState, type FormEvent } from 'react';
import type { FindingView, GoalView, UnitPage } from '../../../src/api/pages.js';
import { indicatorStatus } from '../../../src/domain/goals.js';
import { FigurePicker, useRenderedFigures, type LiveFigures } from './figure-picker.js';
import { apiPath, periodQuery, request } from '../api.js';
import { announce } from '../hooks.js';
import { LANGUAGES, pick, useI18n } from '../i18n/index.js';
import { HeaderRow } from './table.js';
import { errorText } from './status.js';
import { goalSchema } from '../schemas.js';

type Status = GoalView['status'];
const STATUSES: Status[] = [
  'achieved',
  'partlyAchieved',
  'notAchieved',
  'postponed',
  'notAssessed',
];
const STATUS_ICON: Record<Status, string> = {
  achieved: '●',
  partlyAchieved: '◐',
  notAchieved: '○',
  postponed: '→',
  notAssessed: '–',
};

/** A decimal typed with a comma or a point, as the API keeps it: "64.4". Null if not a number. */
function normaliseDecimal(text: string): string | null {
  const value = text.trim().replace(',', '.').replace('\u2212', '-');
  return /^[+-]?\d+(\.\d+)?$/.test(value) ? value : null;
}

export function Goals({
  m,
  year,
  period,
  goals,
  themes,
  findings,
  editable,
  onSaved,
  figures,
}: {
  m: string;
  year: number;
  /** The reporting period of the outcome and status (its last month): 1–11 an interim report's. */
  period: number;
  goals: GoalView[];
  themes: UnitPage['themes'];
  findings: FindingView[];
  editable: boolean;
  onSaved: (goal: GoalView) => void;
  /** The live figures an indicator may be bound to (issue 11). */
  figures: LiveFigures;
}) {
  const { t, lang } = useI18n();
  if (goals.length === 0) return <p className="muted">{t('goals.none')}</p>;
  const themeNumbers = [...new Set(goals.map((g) => g.theme))].sort((a, b) => a - b);
  return (
    <>
      {themeNumbers.map((number) => {
        const theme = themes.find((th) => th.number === number);
        return (
          <section key={number} className="theme" aria-labelledby={`theme-${number}`}>
            <h3 id={`theme-${number}`}>
              {t('goals.theme', { number })}
              {theme ? `: ${pick(theme.names, lang)}` : ''}
            </h3>
            {goals
              .filter((g) => g.theme === number)
              .map((goal) => (
                <GoalCard
                  key={goal.id}
                  m={m}
                  year={year}
                  period={period}
                  goal={goal}
                  findings={findings.filter((f) => f.goalId === goal.id)}
                  editable={editable}
                  onSaved={onSaved}
                  figures={figures}
                />
              ))}
          </section>
        );
      })}
    </>
  );
}

function GoalCard({
  m,
  year,
  period,
  goal,
  findings,
  editable,
  onSaved,
  figures,
}: {
  m: string;
  year: number;
  period: number;
  goal: GoalView;
  findings: FindingView[];
  editable: boolean;
  onSaved: (goal: GoalView) => void;
  figures: LiveFigures;
}) {
  const { t, lang } = useI18n();
  // An interim report assesses the goal (outcome, status); the indicators' values are the year's.
  const interim = period < 12;
  const indicatorsEditable = editable && !interim;
  const [status, setStatus] = useState<Status>(goal.status);
  const [outcome, setOutcome] = useState(() => ({ ...goal.outcome }));
  const [actuals, setActuals] = useState(() => goal.indicators.map((i) => i.actual ?? ''));
  // The figure each indicator is bound to (the words of a placeholder), or '' for a typed value.
  const [bound, setBound] = useState(() => goal.indicators.map((i) => i.figure ?? ''));
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const title = pick(goal.goal, lang);
  const headingId = `goal-${goal.id}-title`;

  const invalid = actuals.some((a) => a.trim() !== '' && normaliseDecimal(a) === null);
  const changed =
    status !== goal.status ||
    LANGUAGES.some((l) => (outcome[l] ?? '') !== (goal.outcome[l] ?? '')) ||
    actuals.some((a, i) => (normaliseDecimal(a) ?? '') !== (goal.indicators[i]?.actual ?? '')) ||
    bound.some((b, i) => b !== (goal.indicators[i]?.figure ?? ''));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (invalid) {
      setMessage({ kind: 'error', text: t('goals.badNumber') });
      return;
    }
    if (!changed) {
      setMessage({ kind: 'ok', text: t('goals.noChanges') });
      return;
    }
    setSaving(true);
    setMessage(null);
    try {
      const saved = await request(
        'PATCH',
        apiPath('m', m, year, 'goals', goal.id) + periodQuery(year, period),
        {
          status,
          outcome,
          ...(interim
            ? {}
            : {
                indicators: actuals.map((a, index) => ({
                  index,
                  actual: a.trim() === '' ? null : normaliseDecimal(a),
                  figure: bound[index] ? bound[index] : null,
                })),
              }),
        },
        { schema: goalSchema },
      );
      onSaved(saved);
      setMessage({ kind: 'ok', text: t('goals.saved') });
      announce(t('goals.savedNamed', { goal: title }));
    } catch (caught) {
      setMessage({ kind: 'error', text: errorText(caught, t) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <article className="goal" id={`goal-${goal.id}`} tabIndex={-1} aria-labelledby={headingId}>
      <h4 id={headingId}>{title || t('goals.untitled')}</h4>
      <dl className="goal-facts">
        {pick(goal.cityGoal, lang) && (
          <>
            <dt>{t('goals.cityGoal')}</dt>
            <dd>{pick(goal.cityGoal, lang)}</dd>
          </>
        )}
        {pick(goal.boardGoal, lang) && (
          <>
            <dt>{t('goals.boardGoal')}</dt>
            <dd>{pick(goal.boardGoal, lang)}</dd>
          </>
        )}
        {pick(goal.actionPlan, lang) && (
          <>
            <dt>{t('goals.actionPlan')}</dt>
            <dd>{pick(goal.actionPlan, lang)}</dd>
          </>
        )}
        <dt>{t('goals.responsible')}</dt>
        <dd>{goal.responsible || '–'}</dd>
        <dt>{t('goals.bindingLabel')}</dt>
        <dd>{goal.binding ? t('goals.binding') : t('goals.notBinding')}</dd>
        {!editable && (
          <>
            <dt>{t('goals.status')}</dt>
            <dd>
              <span className={`badge goal-${goal.status}`}>
                <span aria-hidden="true">{STATUS_ICON[goal.status]} </span>
                {t(`goalStatus.${goal.status}`)}
              </span>
            </dd>
            <dt>{t('goals.outcome')}</dt>
            <dd>{pick(goal.outcome, lang) || '–'}</dd>
          </>
        )}
      </dl>

      {findings.map((finding, i) => (
        <p key={i} className={`finding ${finding.severity}`}>
          <span aria-hidden="true">{finding.severity === 'error' ? '✖ ' : '△ '}</span>
          <strong>{t(`checks.severity.${finding.severity}`)}:</strong> {finding.message}
        </p>
      ))}

      <form onSubmit={(e) => void submit(e)}>
        {editable && (
          <>
            <div className="field">
              <label htmlFor={`goal-${goal.id}-status`}>{t('goals.status')}</label>
              <select
                id={`goal-${goal.id}-status`}
                value={status}
                onChange={(e) => setStatus(e.target.value as Status)}
              >
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`goalStatus.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            <fieldset className="outcome">
              <legend>{t('goals.outcome')}</legend>
              {LANGUAGES.map((l) => (
                <div className="field" key={l}>
                  <label htmlFor={`goal-${goal.id}-outcome-${l}`}>
                    {t('goals.outcomeIn', { language: t(`language.${l}`) })}
                  </label>
                  <textarea
                    id={`goal-${goal.id}-outcome-${l}`}
                    lang={l}
                    rows={3}
                    value={outcome[l] ?? ''}
                    onChange={(e) => setOutcome((o) => ({ ...o, [l]: e.target.value }))}
                  />
                </div>
              ))}
            </fieldset>
          </>
        )}
        {goal.indicators.length > 0 && (
          <table className="figures indicators">
            <caption>{t('goals.indicators')}</caption>
            <thead>
              <HeaderRow
                columns={[
                  { label: t('goals.indicator') },
                  { label: t('goals.target') },
                  { label: t('goals.baseline') },
                  { label: t('goals.actual') },
                  { label: t('goals.met') },
                ]}
              />
            </thead>
            <tbody>
              {goal.indicators.map((indicator, i) => {
                const name = pick(indicator.name, lang);
                const met = indicatorStatus(indicator);
                return (
                  <tr key={i}>
                    <th scope="row">{name}</th>
                    <td>
                      {indicator.operator === '>=' ? '≥' : indicator.operator === '<=' ? '≤' : '='}{' '}
                      {decimal(indicator.target, lang)} {indicator.measureUnit}
                    </td>
                    <td>
                      {indicator.baseline !== null
                        ? `${decimal(indicator.baseline, lang)} ${indicator.measureUnit}`
                        : ''}
                    </td>
                    <td>
                      {bound[i] ? (
                        <BoundFigure
                          words={bound[i] ?? ''}
                          unit={indicator.measureUnit}
                          figures={figures}
                          editable={indicatorsEditable}
                          onUnbind={() => setBound((b) => b.map((v, j) => (j === i ? '' : v)))}
                        />
                      ) : indicatorsEditable ? (
                        <>
                          <input
                            className="short"
                            inputMode="decimal"
                            aria-label={t('goals.actualOf', { indicator: name })}
                            aria-invalid={
                              (actuals[i] ?? '').trim() !== '' &&
                              normaliseDecimal(actuals[i] ?? '') === null
                            }
                            value={actuals[i] ?? ''}
                            onChange={(e) =>
                              setActuals((a) => a.map((v, j) => (j === i ? e.target.value : v)))
                            }
                          />
                          <FigurePicker
                            id={`goal-${goal.id}-indicator-${i}-figure`}
                            figures={figures}
                            textLang={lang}
                            title={t('goals.bindTitle')}
                            action={t('goals.bind')}
                            onInsert={(_placeholder, ref) =>
                              setBound((b) =>
                                b.map((v, j) =>
                                  j === i ? `${ref.unitCode} ${ref.line} ${ref.column}` : v,
                                ),
                              )
                            }
                          />
                        </>
                      ) : indicator.actual !== null ? (
                        `${decimal(indicator.actual, lang)} ${indicator.measureUnit}`
                      ) : (
                        ''
                      )}
                    </td>
                    <td>
                      <span aria-hidden="true">
                        {met === 'met' ? '✓ ' : met === 'notMet' ? '✗ ' : ''}
                      </span>
                      {t(`goals.indicatorStatus.${met}`)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {editable && (
          <div className="buttons">
            <button type="submit" disabled={saving}>
              {saving ? t('common.saving') : t('goals.save')}
            </button>
            <span
              className={`save-status${message?.kind === 'error' ? ' problem' : ''}`}
              role="status"
            >
              {message?.text ?? (changed ? t('goals.unsaved') : '')}
            </span>
          </div>
        )}
      </form>
    </article>
  );
}

/** A decimal kept as "64.4", shown with the language's decimal sign. */
function decimal(value: string, lang: string): string {
  const text = value.replace('-', '\u2212');
  return lang === 'en' ? text : text.replace('.', ',');
}

/** An indicator's value bound to a figure: the figure as it is now, and what it is bound to. */
function BoundFigure({
  words,
  unit,
  figures,
  editable,
  onUnbind,
}: {
  words: string;
  unit: string;
  figures: LiveFigures;
  editable: boolean;
  onUnbind: () => void;
}) {
  const { t, lang } = useI18n();
  const value = useRenderedFigures(`{{figure ${words}}}`, lang, figures);
  return (
    <>
      {value} {unit} <span className="muted">({t('goals.boundTo', { figure: words })})</span>
      {editable && (
        <>
          {' '}
          <button type="button" className="secondary" onClick={onUnbind}>
            {t('goals.unbind')}
          </button>
        </>
      )}
    </>
  );
}
