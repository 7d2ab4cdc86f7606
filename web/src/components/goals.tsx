/**
 * The unit's key goals under the city strategy's themes, with their outcome, status and
 * indicators: a summary of the unit's statuses first, then each theme collapsed to its name and
 * its goals' statuses (a native disclosure), opening to the goals. Editable in place (PATCH
 * goals/:id) while the unit may be edited, and a new goal may be added (POST units/:code/goals;
 * binding only where the page's `goalBinding` allows it). At an interim period the outcome and
 * status are the interim report's own (saved with `?period=YYYY-MM`); the indicators' values are
 * the year's and are changed on the year's page.
 */
import { useRef, useState, type FormEvent } from 'react';
import type { FindingView, GoalView, NewGoalInput, UnitPage } from '../../../src/api/pages.js';
import {
  formatIndicatorTarget,
  formatIndicatorValue,
  indicatorStatus,
  INDICATOR_OPERATORS,
  OPERATOR_SIGNS,
  type IndicatorOperator,
  statusCounts,
} from '../../../src/domain/goals.js';
import { FigurePicker, useRenderedFigures, type LiveFigures } from './figure-picker.js';
import { apiPath, periodQuery, request } from '../api.js';
import { announce } from '../hooks.js';
import { LANGUAGES, pick, useI18n } from '../i18n/index.js';
import { HeaderRow } from './table.js';
import { ScrollRegion } from './scroll-region.js';
import { Icon } from './icons.js';
import { errorText } from './status.js';
import { goalSchema } from '../schemas.js';
import './goals.css';

type Status = GoalView['status'];
const STATUSES: Status[] = [
  'achieved',
  'partlyAchieved',
  'notAchieved',
  'postponed',
  'notAssessed',
];

/** A decimal typed with a comma or a point, as the API keeps it: "64.4". Null if not a number. */
function normaliseDecimal(text: string): string | null {
  const value = text.trim().replace(',', '.').replace('\u2212', '-');
  return /^[+-]?\d+(\.\d+)?$/.test(value) ? value : null;
}

/** How many goals have each status, with the status's mark and words ("● Uppnått 5"). */
function StatusCounts({ goals }: { goals: readonly Pick<GoalView, 'status'>[] }) {
  const { t } = useI18n();
  return (
    <ul className="status-counts">
      {statusCounts(goals).map(({ status, count }) => (
        <li key={status} className={`badge goal-${status}`}>
          <Icon name={status} />{' '}
          {t('goals.statusCount', { status: t(`goalStatus.${status}`), count })}
        </li>
      ))}
    </ul>
  );
}

export function Goals({
  m,
  year,
  period,
  unitCode,
  goals,
  themes,
  findings,
  editable,
  goalBinding,
  onSaved,
  onAdded,
  figures,
}: {
  m: string;
  year: number;
  /** The reporting period of the outcome and status (its last month): 1–11 an interim report's. */
  period: number;
  unitCode: string;
  goals: GoalView[];
  themes: UnitPage['themes'];
  findings: FindingView[];
  editable: boolean;
  /** Whether a goal added here may be marked binding (the page's `goalBinding`). */
  goalBinding: boolean;
  onSaved: (goal: GoalView) => void;
  onAdded: (goal: GoalView) => void;
  /** The live figures an indicator may be bound to (issue 11). */
  figures: LiveFigures;
}) {
  const { t, lang } = useI18n();
  const themeNumbers = [...new Set(goals.map((g) => g.theme))].sort((a, b) => a - b);
  return (
    <>
      {goals.length === 0 ? (
        <p className="muted">{t('goals.none')}</p>
      ) : (
        <div className="goal-summary">
          <p id="goal-summary-title">{t('goals.summary', { count: goals.length })}</p>
          <StatusCounts goals={goals} />
        </div>
      )}
      {themeNumbers.map((number) => {
        const theme = themes.find((th) => th.number === number);
        const inTheme = goals.filter((g) => g.theme === number);
        return (
          <details key={number} className="theme" id={`theme-${number}`}>
            <summary>
              <h3>
                {t('goals.theme', { number })}
                {theme ? `: ${pick(theme.names, lang)}` : ''}{' '}
                <span className="theme-count">{t('goals.count', { count: inTheme.length })}</span>
              </h3>
              <StatusCounts goals={inTheme} />
            </summary>
            {inTheme.map((goal) => (
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
          </details>
        );
      })}
      {editable && (
        <AddGoal
          m={m}
          year={year}
          unitCode={unitCode}
          themes={themes}
          goalBinding={goalBinding}
          onAdded={onAdded}
        />
      )}
    </>
  );
}

interface IndicatorDraft {
  key: number;
  name: Partial<Record<(typeof LANGUAGES)[number], string>>;
  measureUnit: string;
  operator: IndicatorOperator;
  target: string;
  baseline: string;
}

/**
 * A new key goal for the unit: the theme, the goal in each language, the responsible, whether
 * it binds (where allowed) and its indicators, each with a name and a target. Opened by a
 * button; the new goal lands under its theme, not yet assessed.
 */
function AddGoal({
  m,
  year,
  unitCode,
  themes,
  goalBinding,
  onAdded,
}: {
  m: string;
  year: number;
  unitCode: string;
  themes: UnitPage['themes'];
  goalBinding: boolean;
  onAdded: (goal: GoalView) => void;
}) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const [theme, setTheme] = useState(() => themes[0]?.number ?? 1);
  const [texts, setTexts] = useState<IndicatorDraft['name']>({});
  const [responsible, setResponsible] = useState('');
  const [binding, setBinding] = useState(false);
  const [indicators, setIndicators] = useState<IndicatorDraft[]>([]);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const nextKey = useRef(0);

  const reset = () => {
    setTexts({});
    setResponsible('');
    setBinding(false);
    setIndicators([]);
  };
  const close = () => {
    setOpen(false);
    setTimeout(() => opener.current?.focus(), 0);
  };
  const change = (key: number, patch: Partial<IndicatorDraft>) =>
    setIndicators((list) => list.map((i) => (i.key === key ? { ...i, ...patch } : i)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!LANGUAGES.some((l) => (texts[l] ?? '').trim() !== '')) {
      setMessage({ kind: 'error', text: t('goals.add.noText') });
      return;
    }
    const bad = indicators.find(
      (i) =>
        !LANGUAGES.some((l) => (i.name[l] ?? '').trim() !== '') ||
        normaliseDecimal(i.target) === null ||
        (i.baseline.trim() !== '' && normaliseDecimal(i.baseline) === null),
    );
    if (bad) {
      setMessage({ kind: 'error', text: t('goals.add.badIndicator') });
      return;
    }
    const body: NewGoalInput = {
      theme,
      goal: texts,
      responsible,
      ...(goalBinding ? { binding } : {}),
      indicators: indicators.map((i) => ({
        name: i.name,
        measureUnit: i.measureUnit,
        operator: i.operator,
        target: normaliseDecimal(i.target) ?? i.target,
        baseline: i.baseline.trim() === '' ? null : normaliseDecimal(i.baseline),
      })),
    };
    setSaving(true);
    setMessage(null);
    try {
      const added = await request('POST', apiPath('m', m, year, 'units', unitCode, 'goals'), body, {
        schema: goalSchema,
      });
      onAdded(added);
      reset();
      setMessage({ kind: 'ok', text: t('goals.add.added') });
      announce(t('goals.add.addedNamed', { goal: pick(added.goal, lang) }));
      close();
    } catch (caught) {
      setMessage({ kind: 'error', text: errorText(caught, t) });
    } finally {
      setSaving(false);
    }
  };

  if (!open) {
    return (
      <div className="add-goal">
        <button
          ref={opener}
          type="button"
          aria-expanded="false"
          onClick={() => {
            setOpen(true);
            setMessage(null);
            setTimeout(() => heading.current?.focus(), 0);
          }}
        >
          {t('goals.add.open')}
        </button>
        {message?.kind === 'ok' && (
          <span className="save-status" role="status">
            {message.text}
          </span>
        )}
      </div>
    );
  }

  return (
    <form
      className="add-goal goal"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="add-goal-title"
    >
      <h3 id="add-goal-title" ref={heading} tabIndex={-1}>
        {t('goals.add.title')}
      </h3>
      <div className="field">
        <label htmlFor="add-goal-theme">{t('goals.add.theme')}</label>
        <select
          id="add-goal-theme"
          value={theme}
          onChange={(e) => setTheme(Number(e.target.value))}
        >
          {themes.map((th) => (
            <option key={th.number} value={th.number}>
              {t('goals.theme', { number: th.number })}: {pick(th.names, lang)}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>{t('goals.add.goal')}</legend>
        {LANGUAGES.map((l) => (
          <div className="field" key={l}>
            <label htmlFor={`add-goal-text-${l}`}>
              {t('goals.add.goalIn', { language: t(`language.${l}`) })}
            </label>
            <textarea
              id={`add-goal-text-${l}`}
              lang={l}
              rows={2}
              value={texts[l] ?? ''}
              onChange={(e) => setTexts((x) => ({ ...x, [l]: e.target.value }))}
            />
          </div>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="add-goal-responsible">{t('goals.responsible')}</label>
        <input
          id="add-goal-responsible"
          value={responsible}
          onChange={(e) => setResponsible(e.target.value)}
        />
      </div>
      {goalBinding && (
        <div className="field checkbox">
          <input
            id="add-goal-binding"
            type="checkbox"
            checked={binding}
            onChange={(e) => setBinding(e.target.checked)}
          />
          <label htmlFor="add-goal-binding">{t('goals.bindingLabel')}</label>
        </div>
      )}
      {indicators.map((indicator, n) => (
        <fieldset key={indicator.key} className="new-indicator">
          <legend>{t('goals.add.indicator', { number: n + 1 })}</legend>
          {LANGUAGES.map((l) => (
            <div className="field" key={l}>
              <label htmlFor={`add-indicator-${indicator.key}-name-${l}`}>
                {t('goals.add.indicatorName', { language: t(`language.${l}`) })}
              </label>
              <input
                id={`add-indicator-${indicator.key}-name-${l}`}
                lang={l}
                value={indicator.name[l] ?? ''}
                onChange={(e) =>
                  change(indicator.key, { name: { ...indicator.name, [l]: e.target.value } })
                }
              />
            </div>
          ))}
          <div className="indicator-target">
            <div className="field">
              <label htmlFor={`add-indicator-${indicator.key}-operator`}>
                {t('goals.add.operator')}
              </label>
              <select
                id={`add-indicator-${indicator.key}-operator`}
                value={indicator.operator}
                onChange={(e) =>
                  change(indicator.key, { operator: e.target.value as IndicatorDraft['operator'] })
                }
              >
                {INDICATOR_OPERATORS.map((op) => (
                  <option key={op} value={op}>
                    {OPERATOR_SIGNS[op]} {t(`goals.add.operators.${OPERATOR_KEY[op]}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`add-indicator-${indicator.key}-target`}>{t('goals.target')}</label>
              <input
                id={`add-indicator-${indicator.key}-target`}
                className="short"
                inputMode="decimal"
                value={indicator.target}
                aria-invalid={
                  indicator.target.trim() !== '' && normaliseDecimal(indicator.target) === null
                }
                onChange={(e) => change(indicator.key, { target: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`add-indicator-${indicator.key}-unit`}>
                {t('goals.add.measureUnit')}
              </label>
              <input
                id={`add-indicator-${indicator.key}-unit`}
                className="short"
                value={indicator.measureUnit}
                onChange={(e) => change(indicator.key, { measureUnit: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`add-indicator-${indicator.key}-baseline`}>
                {t('goals.baseline')}
              </label>
              <input
                id={`add-indicator-${indicator.key}-baseline`}
                className="short"
                inputMode="decimal"
                value={indicator.baseline}
                onChange={(e) => change(indicator.key, { baseline: e.target.value })}
              />
            </div>
          </div>
          <button
            type="button"
            className="secondary"
            onClick={() => setIndicators((list) => list.filter((i) => i.key !== indicator.key))}
          >
            {t('goals.add.removeIndicator', { number: n + 1 })}
          </button>
        </fieldset>
      ))}
      <div className="buttons">
        <button
          type="button"
          className="secondary"
          onClick={() =>
            setIndicators((list) => [
              ...list,
              {
                key: nextKey.current++,
                name: {},
                measureUnit: '',
                operator: '>=',
                target: '',
                baseline: '',
              },
            ])
          }
        >
          {t('goals.add.addIndicator')}
        </button>
      </div>
      <div className="buttons">
        <button type="submit" disabled={saving}>
          {saving ? t('common.saving') : t('goals.add.save')}
        </button>
        <button type="button" className="secondary" onClick={close}>
          {t('common.cancel')}
        </button>
        <span className={`save-status${message?.kind === 'error' ? ' problem' : ''}`} role="status">
          {message?.text ?? ''}
        </span>
      </div>
    </form>
  );
}

const OPERATOR_KEY = { '>=': 'atLeast', '<=': 'atMost', '=': 'exactly' } as const;

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
                <Icon name={goal.status} /> {t(`goalStatus.${goal.status}`)}
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
          <ScrollRegion label={`${t('goals.indicators')}: ${title || t('goals.untitled')}`}>
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
                      <td>{formatIndicatorTarget(indicator, lang)}</td>
                      <td>
                        {indicator.baseline !== null
                          ? formatIndicatorValue(indicator.baseline, indicator.measureUnit, lang)
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
                          formatIndicatorValue(indicator.actual, indicator.measureUnit, lang)
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
          </ScrollRegion>
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
