/**
 * One unit of a year: its budget-vs-outcome table and charts, the monthly development, the
 * narratives, key goals, risks and comments, and the workflow, all in one API call; at an
 * interim period also the forecast for the year, from the forecast form's call
 * (components/forecasts.tsx). What the user may not change is shown read-only, and the page
 * says so. At an interim period the page is the interim report's: figures to date, and its own
 * texts, key goals' assessment and workflow (the answer's `period`, sent back as
 * `?period=YYYY-MM` with every change), which the page names so that an editor knows which
 * report they write. An editor of the unit edits a risk in a form under the risk register
 * (PATCH risks/:id, the year's register at any period). At phone width nothing widens the page:
 * long names wrap and wide tables scroll in focusable regions of their own (unit.css).
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import {
  riskSchema,
  type CommentView,
  type FigureLine,
  type GoalView,
  type RiskChangeInput,
  type RiskView,
  type UnitPage as UnitPageData,
  type WorkflowActionView,
} from '../../../src/api/pages.js';
import { RISK_CATEGORIES, RISK_SCALE, RISK_STATUSES } from '../../../src/domain/risks.js';
import { isBreach } from '../../../src/domain/checks.js';
import { apiPath, periodQuery, query, request } from '../api.js';
import { FiguresTable, LinesChart } from '../components/figures.js';
import { ForecastSection } from '../components/forecasts.js';
import { Goals } from '../components/goals.js';
import { ConfirmDialog } from '../components/confirm.js';
import { BreachMark, kindName, lineName, StateBadge } from '../components/marks.js';
import { MonthlyChart } from '../components/monthly.js';
import { Narratives, sectionKey } from '../components/narratives.js';
import { useLiveFigures, useOutcomeProposals } from '../components/figure-picker.js';
import { MonthSelect } from '../components/period.js';
import { errorText, Loading, Message, PageHeading, VisuallyHidden } from '../components/status.js';
import { formatDateTime, formatEuros, formatPercent, monthName } from '../format.js';
import { announce, useResource } from '../hooks.js';
import { LANGUAGES, pick, useI18n, type Translate } from '../i18n/index.js';
import { bindingColumns, HeaderRow } from '../components/table.js';
import { ScrollRegion } from '../components/scroll-region.js';
import { Link, navigate, useLocation } from '../router.js';
import { useSession } from '../session.js';
import { unitPageSchema } from '../schemas.js';
import './unit.css';

/** The API path of a unit's page (shared with the prefetch on first load). */
export function unitPath(m: string, year: number, code: string, period: string): string {
  return apiPath('m', m, year, 'units', code) + query({ period });
}

const NO_LINES: readonly FigureLine[] = [];

export function UnitPage({ m, year, code }: { m: string; year: number; code: string }) {
  const { t, lang } = useI18n();
  const location = useLocation();
  const period = new URLSearchParams(location.search).get('period') ?? '';
  const path = unitPath(m, year, code, period);
  const { data, error, loading, reload, setData } = useResource(path, unitPageSchema);
  const base = `/m/${encodeURIComponent(m)}/${year}`;
  // The live figures of the narrative editor: this unit's, and its units' when a text names them.
  const figurePath = useCallback(
    (unitCode: string) => unitPath(m, year, unitCode, period),
    [m, year, period],
  );
  const pickerUnits = useMemo(
    () =>
      data
        ? [
            { code: data.unit.code, kind: data.unit.kind, names: data.unit.names },
            ...data.children.map(({ code: c, kind, names }) => ({ code: c, kind, names })),
          ]
        : [],
    [data],
  );
  const figures = useLiveFigures({
    path: figurePath,
    units: pickerUnits,
    lines: data?.lines ?? NO_LINES,
  });
  const proposals = useOutcomeProposals({
    m,
    year,
    unit: data?.unit.code ?? null,
    lines: data?.lines ?? NO_LINES,
  });

  // A link to a line or goal (#line-margin, #goal-12) lands on it once the page is there.
  const loaded = data !== undefined;
  useEffect(() => {
    if (!loaded || !location.hash) return;
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) {
      // A goal in a collapsed theme: the theme opens first.
      for (let d = target.closest('details'); d; d = d.parentElement?.closest('details') ?? null)
        d.open = true;
      target.scrollIntoView({ block: 'center' });
      target.focus({ preventScroll: true });
    }
  }, [loaded, location.hash]);

  if (!data) {
    return (
      <div className="page">
        <PageHeading title={code}>{code}</PageHeading>
        {error ? <Message kind="error" error={error} /> : loading && <Loading />}
      </div>
    );
  }

  const name = pick(data.unit.names, lang);
  const title = `${data.unit.code} ${name}`;
  const binding = data.binding;
  const bindingLabel = lineName(binding.line, lang);
  const interim = data.toMonth !== null && data.toMonth < 12;
  // The report whose texts, goals' assessment and workflow the page carries.
  const reportName =
    data.period < 12
      ? t('unit.report.interim', { month: data.period, year })
      : t('unit.report.annual', { year });

  return (
    <div className="page wide unit-page">
      <nav aria-label={t('unit.breadcrumb')} className="breadcrumb">
        <ol>
          <li>
            <Link to={base}>{t('nav.overview')}</Link>
          </li>
          {data.ancestors.map((ancestor) => (
            <li key={ancestor.code}>
              <Link to={`${base}/units/${encodeURIComponent(ancestor.code)}`}>
                {ancestor.code} {pick(ancestor.names, lang)}
              </Link>
            </li>
          ))}
          <li aria-current="page">{data.unit.code}</li>
        </ol>
      </nav>
      <PageHeading title={title}>
        <span className="code">{data.unit.code}</span> {name}
      </PageHeading>
      <p className="lead">
        {kindName(data.unit.kind, t)}
        {data.unit.responsible && <> · {t('unit.responsible', { name: data.unit.responsible })}</>}
        {data.unit.board && <> · {t('unit.board', { name: data.unit.board })}</>}
      </p>

      {!data.editable && (
        <div className="message readonly" role="note" aria-label={t('unit.readOnlyTitle')}>
          <strong>
            <span aria-hidden="true">🛈 </span>
            {t('unit.readOnlyTitle')}
          </strong>{' '}
          {data.frozenBy && data.frozenBy.code !== data.unit.code
            ? t('unit.readOnlyAbove', {
                unit: pick(
                  data.ancestors.find((a) => a.code === data.frozenBy?.code)?.names ?? {},
                  lang,
                ),
                state: t(`state.${data.frozenBy.state}`).toLocaleLowerCase(lang),
              })
            : data.frozenBy
              ? t('unit.readOnlyState', {
                  state: t(`state.${data.frozenBy.state}`).toLocaleLowerCase(lang),
                })
              : t('unit.readOnlyRole')}
        </div>
      )}

      {data.period < 12 && (
        <div className="message info report-scope" role="note" aria-label={reportName}>
          <strong>{reportName}.</strong> {t('unit.scope.interim', { month: data.period, year })}{' '}
          <Link to={location.pathname + query({ period: `${year}-12` })}>
            {t('unit.scope.toAnnual', { year })}
          </Link>
        </div>
      )}

      <nav aria-label={t('unit.onThisPage')} className="toc">
        <ul>
          <li>
            <a href="#workflow">{t('unit.workflow')}</a>
          </li>
          <li>
            <a href="#figures">{t('unit.figures')}</a>
          </li>
          {interim && (
            <li>
              <a href="#forecast">{t('unit.forecast')}</a>
            </li>
          )}
          <li>
            <a href="#monthly">{t('unit.monthly')}</a>
          </li>
          <li>
            <a href="#narratives">{t('unit.narratives')}</a>
          </li>
          <li>
            <a href="#goals">{t('unit.goals')}</a>
          </li>
          <li>
            <a href="#risks">{t('unit.risks')}</a>
          </li>
          <li>
            <a href="#comments">{t('unit.comments')}</a>
          </li>
          {data.children.length > 0 && (
            <li>
              <a href="#subunits">{t('unit.subunits')}</a>
            </li>
          )}
          {data.findings.length > 0 && (
            <li>
              <a href="#findings">{t('unit.findings')}</a>
            </li>
          )}
        </ul>
      </nav>

      <section id="workflow" aria-labelledby="workflow-title">
        <h2 id="workflow-title">{t('unit.workflow')}</h2>
        <p className="report-scope-note">{t('unit.scope.workflow', { report: reportName })}</p>
        <Workflow
          key={data.period}
          m={m}
          year={year}
          period={data.period}
          code={code}
          unitName={title}
          hasUnits={data.children.length > 0}
          state={data.state}
          approval={data.approval}
          actions={data.actions}
          onChanged={reload}
        />
      </section>

      <section id="figures" aria-labelledby="figures-title">
        <h2 id="figures-title">{t('unit.figures')}</h2>
        <div className="toolbar">
          <MonthSelect
            id="unit-period"
            year={year}
            value={period}
            onChange={(p) => navigate(location.pathname + query({ period: p }), { replace: true })}
          />
        </div>
        <p className="binding-summary">
          {binding.bound
            ? t('unit.bindingLine', { line: bindingLabel })
            : t('unit.marginLine', { line: bindingLabel })}{' '}
          {binding.usePercent !== null &&
            (interim && data.toMonth !== null
              ? t('unit.useInterim', {
                  percent: formatPercent(binding.usePercent, lang),
                  month: data.toMonth,
                  year,
                })
              : t('unit.use', { percent: formatPercent(binding.usePercent, lang) }))}{' '}
          {binding.deviation !== null &&
            (interim && data.toMonth !== null
              ? t('unit.deviationInterim', {
                  amount: formatEuros(binding.deviation),
                  month: data.toMonth,
                })
              : t('unit.deviation', { amount: formatEuros(binding.deviation) }))}{' '}
          {isBreach(binding) && <BreachMark />}
        </p>
        <FiguresTable
          lines={data.lines}
          year={year}
          toMonth={data.toMonth}
          drill={(line) =>
            `${base}/drill` +
            query({
              unit: data.unit.code,
              line,
              // The figures of the page: at an interim period, to its month.
              period:
                interim && data.toMonth !== null
                  ? `${year}-${String(data.toMonth).padStart(2, '0')}`
                  : undefined,
            })
          }
          caption={
            interim && data.toMonth
              ? t('figures.captionInterim', { unit: title, month: data.toMonth, year })
              : t('figures.caption', { unit: title, year })
          }
        />
        <p className="footnote">
          {interim && data.toMonth !== null
            ? t('figures.footnoteInterim', { month: data.toMonth, year })
            : t('figures.footnote')}
        </p>
        {interim && data.toMonth !== null ? (
          <>
            <h3>{t('chart.linesTitleInterim', { month: data.toMonth, year })}</h3>
            <LinesChart
              lines={data.lines}
              title={t('chart.linesTitleForInterim', { unit: title, month: data.toMonth, year })}
              toDate={{ month: data.toMonth, year }}
            />
          </>
        ) : (
          <>
            <h3>{t('chart.linesTitle')}</h3>
            <LinesChart lines={data.lines} title={t('chart.linesTitleFor', { unit: title })} />
          </>
        )}
      </section>

      {interim && data.toMonth !== null && (
        <section id="forecast" aria-labelledby="forecast-title">
          <h2 id="forecast-title">{t('forecast.title', { year })}</h2>
          <ForecastSection
            key={data.toMonth}
            m={m}
            year={year}
            code={data.unit.code}
            unit={title}
            toMonth={data.toMonth}
            binding={binding.bound ? binding.line : null}
          />
        </section>
      )}

      <section id="monthly" aria-labelledby="monthly-title">
        <h2 id="monthly-title">{t('unit.monthly')}</h2>
        {data.monthly.some((p) => p.actual !== null) ? (
          <MonthlyChart points={data.monthly} lineLabel={bindingLabel} year={year} />
        ) : (
          <p className="muted">{t('monthly.none')}</p>
        )}
      </section>

      <section id="narratives" aria-labelledby="narratives-title">
        <h2 id="narratives-title">{t('unit.narratives')}</h2>
        <p className="report-scope-note">{t('unit.scope.narratives', { report: reportName })}</p>
        <Narratives
          key={data.period}
          m={m}
          year={year}
          period={data.period}
          code={code}
          sections={data.sections}
          narratives={data.narratives}
          editable={data.editable}
          figures={figures}
          proposals={proposals}
        />
      </section>

      <section id="goals" aria-labelledby="goals-title">
        <h2 id="goals-title">{t('unit.goals')}</h2>
        {data.goals.length > 0 && (
          <p className="report-scope-note">{t('unit.scope.goals', { report: reportName })}</p>
        )}
        <Goals
          key={data.period}
          m={m}
          year={year}
          period={data.period}
          unitCode={data.unit.code}
          goals={data.goals}
          themes={data.themes}
          findings={data.findings}
          editable={data.editable}
          goalBinding={data.goalBinding}
          figures={figures}
          onSaved={(saved: GoalView) =>
            setData(
              (d) => d && { ...d, goals: d.goals.map((g) => (g.id === saved.id ? saved : g)) },
            )
          }
          onAdded={(added: GoalView) => setData((d) => d && { ...d, goals: [...d.goals, added] })}
        />
      </section>

      <section id="risks" aria-labelledby="risks-title">
        <h2 id="risks-title">{t('unit.risks')}</h2>
        <Risks
          m={m}
          year={year}
          risks={data.risks}
          editable={data.editable}
          onSaved={(saved) =>
            setData(
              (d) => d && { ...d, risks: d.risks.map((r) => (r.id === saved.id ? saved : r)) },
            )
          }
        />
      </section>

      <section id="comments" aria-labelledby="comments-title">
        <h2 id="comments-title">{t('unit.comments')}</h2>
        <Comments
          m={m}
          year={year}
          code={code}
          data={data}
          canComment={data.commentable}
          onAdded={(comment) => setData((d) => d && { ...d, comments: [...d.comments, comment] })}
        />
      </section>

      {data.children.length > 0 && (
        <section id="subunits" aria-labelledby="subunits-title">
          <h2 id="subunits-title">{t('unit.subunits')}</h2>
          <ScrollRegion label={t('unit.subunitsCaption', { unit: title })}>
            <table className="figures">
              <caption>{t('unit.subunitsCaption', { unit: title })}</caption>
              <thead>
                <HeaderRow columns={bindingColumns(t, year, data.toMonth)} />
              </thead>
              <tbody>
                {data.children.map((child) => (
                  <tr key={child.code}>
                    <th scope="row">
                      <Link to={`${base}/units/${encodeURIComponent(child.code)}`}>
                        <span className="code">{child.code}</span> {pick(child.names, lang)}
                      </Link>
                    </th>
                    <td>{child.binding ? lineName(child.binding.line, lang) : ''}</td>
                    <td className="num">{formatEuros(child.binding?.revised)}</td>
                    {interim && (
                      <td className="num">{formatEuros(child.binding?.revisedToDate)}</td>
                    )}
                    <td className="num">{formatEuros(child.binding?.actual)}</td>
                    <td className="num">{formatEuros(child.binding?.deviation)}</td>
                    <td className="num">{formatPercent(child.binding?.usePercent, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </section>
      )}

      {data.findings.length > 0 && (
        <section id="findings" aria-labelledby="findings-title">
          <h2 id="findings-title">{t('unit.findings')}</h2>
          <ul className="finding-list">
            {data.findings.map((finding, i) => (
              <li key={i} className={`finding ${finding.severity}`}>
                <span aria-hidden="true">{finding.severity === 'error' ? '✖ ' : '△ '}</span>
                <strong>{t(`checks.severity.${finding.severity}`)}:</strong> {finding.message}{' '}
                {finding.line && (
                  <a href={`#line-${finding.line}`}>
                    {t('checks.toLine', { line: lineName(finding.line, lang) })}
                  </a>
                )}
                {finding.goalId !== null && (
                  <a href={`#goal-${finding.goalId}`}>{t('checks.toGoal')}</a>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {data.toMonth !== null && (
        <p className="footnote">
          {t('overview.actualsTo', { month: monthName(data.toMonth, t), year })}
        </p>
      )}
    </div>
  );
}

const ACTION_KEYS = {
  submit: 'workflow.submit',
  approve: 'workflow.approve',
  lock: 'workflow.lock',
  reopen: 'workflow.reopen',
} as const;

/** The actions that freeze or close a report: asked for confirmation first, saying what they do. */
const CONFIRMED = ['approve', 'lock'] as const;
type ConfirmedAction = (typeof CONFIRMED)[number];
const isConfirmed = (action: WorkflowActionView): action is ConfirmedAction =>
  (CONFIRMED as readonly string[]).includes(action);

/**
 * The workflow buttons: exactly the actions the server offers (`actions`, from the domain's
 * access rules: no lock on a draft or a submitted report, a locked one reopened only by an admin).
 */
function Workflow({
  m,
  year,
  period,
  code,
  unitName,
  hasUnits,
  state,
  approval,
  actions,
  onChanged,
}: {
  m: string;
  year: number;
  /** The report's period (its last month): an interim report's 1–11, the year's 12. */
  period: number;
  code: string;
  unitName: string;
  hasUnits: boolean;
  state: UnitPageData['state'];
  approval: UnitPageData['approval'];
  actions: WorkflowActionView[];
  onChanged: () => void;
}) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<ConfirmedAction | null>(null);
  const [reopening, setReopening] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);

  const act = async (action: WorkflowActionView, body: object = {}) => {
    setBusy(true);
    setError(null);
    try {
      await request(
        'POST',
        apiPath('m', m, year, 'units', code, 'workflow', action) + periodQuery(year, period),
        body,
      );
      announce(t('workflow.done', { action: t(ACTION_KEYS[action]) }));
      setConfirming(null);
      setReopening(false);
      setReason('');
      onChanged();
    } catch (caught) {
      setConfirming(null);
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const submitReopen = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError(new Error(t('workflow.reasonMissing')));
      return;
    }
    void act('reopen', { reason: reason.trim() });
  };

  return (
    <>
      <p>
        {t('workflow.state')} <StateBadge state={state.state} />
        {state.reason && <> — {t('workflow.reason', { reason: state.reason })}</>}
      </p>
      <p className="help">{t(`workflow.explain.${state.state}`)}</p>
      {approval && (
        <p className="approval-note">
          {t('workflow.approval', {
            date: formatDateTime(approval.approvedAt, lang),
            by: approval.approvedBy,
          })}{' '}
          <span className="hash">SHA-256 {approval.sha256}</span>
        </p>
      )}
      {actions.length > 0 && (
        <div className="buttons">
          {actions
            .filter((a) => a !== 'reopen')
            .map((action) => (
              <button
                key={action}
                type="button"
                disabled={busy}
                aria-haspopup={isConfirmed(action) ? 'dialog' : undefined}
                onClick={() => (isConfirmed(action) ? setConfirming(action) : void act(action))}
              >
                {t(ACTION_KEYS[action])}
              </button>
            ))}
          {actions.includes('reopen') && !reopening && (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => setReopening(true)}
            >
              {t('workflow.reopen')}
            </button>
          )}
        </div>
      )}
      {confirming === 'approve' && (
        <ConfirmDialog
          title={t('workflow.confirmApprove.title', { unit: unitName })}
          confirmLabel={t('workflow.confirmApprove.confirm')}
          busy={busy}
          onConfirm={() => void act('approve')}
          onCancel={() => setConfirming(null)}
        >
          <p>
            {t(
              hasUnits ? 'workflow.confirmApprove.bodyWithUnits' : 'workflow.confirmApprove.body',
              {
                unit: unitName,
                month: period,
                year,
              },
            )}
          </p>
        </ConfirmDialog>
      )}
      {confirming === 'lock' && (
        <ConfirmDialog
          title={t('workflow.confirmLock.title', { unit: unitName })}
          confirmLabel={t('workflow.confirmLock.confirm')}
          busy={busy}
          onConfirm={() => void act('lock')}
          onCancel={() => setConfirming(null)}
        >
          <p>
            {period < 12
              ? t('workflow.confirmLock.bodyInterim', { unit: unitName, month: period, year })
              : t('workflow.confirmLock.body', { unit: unitName, year })}
          </p>
        </ConfirmDialog>
      )}
      {reopening && (
        <form className="reopen" onSubmit={submitReopen}>
          <div className="field">
            <label htmlFor="reopen-reason">{t('workflow.reasonLabel')}</label>
            <textarea
              id="reopen-reason"
              rows={3}
              required
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          <div className="buttons">
            <button type="submit" disabled={busy}>
              {t('workflow.confirmReopen')}
            </button>
            <button type="button" className="secondary" onClick={() => setReopening(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      {error !== null && (
        <Message kind="error">
          {error instanceof Error && !('status' in error) ? error.message : errorText(error, t)}
        </Message>
      )}
    </>
  );
}

/**
 * The unit's risk register: a table in a region of its own that scrolls sideways on a narrow
 * screen (and takes focus, to scroll it with the keyboard); for who may change the unit each
 * risk has an edit button, which opens its form under the table.
 */
function Risks({
  m,
  year,
  risks,
  editable,
  onSaved,
}: {
  m: string;
  year: number;
  risks: RiskView[];
  editable: boolean;
  onSaved: (risk: RiskView) => void;
}) {
  const { t, lang } = useI18n();
  const [editing, setEditing] = useState<number | null>(null);
  const buttons = useRef(new Map<number, HTMLButtonElement>());
  if (risks.length === 0) return <p className="muted">{t('risks.none')}</p>;
  const current = risks.find((r) => r.id === editing);
  const close = (id: number) => {
    setEditing(null);
    setTimeout(() => buttons.current.get(id)?.focus(), 0);
  };
  return (
    <>
      <ScrollRegion label={t('risks.caption')}>
        <table className="figures risks">
          <caption>{t('risks.caption')}</caption>
          <thead>
            <HeaderRow
              columns={[
                { label: t('risks.risk') },
                { label: t('risks.category') },
                { label: t('risks.likelihood'), num: true },
                { label: t('risks.impact'), num: true },
                { label: t('risks.score'), num: true },
                { label: t('risks.measures') },
                { label: t('risks.owner') },
                { label: t('risks.status') },
                ...(editable
                  ? [{ label: <VisuallyHidden>{t('risks.edit.column')}</VisuallyHidden> }]
                  : []),
              ]}
            />
          </thead>
          <tbody>
            {risks.map((risk) => (
              <tr key={risk.id} id={`risk-${risk.id}`}>
                <th scope="row">{pick(risk.risk, lang)}</th>
                <td>{riskWord(t, 'category', risk.category)}</td>
                <td className="num">{risk.likelihood}</td>
                <td className="num">{risk.impact}</td>
                <td className="num">{risk.likelihood * risk.impact}</td>
                <td>{pick(risk.measures, lang)}</td>
                <td>{risk.owner}</td>
                <td>{riskWord(t, 'status', risk.status)}</td>
                {editable && (
                  <td>
                    <button
                      type="button"
                      className="secondary"
                      ref={(el) => {
                        if (el) buttons.current.set(risk.id, el);
                        else buttons.current.delete(risk.id);
                      }}
                      aria-expanded={editing === risk.id}
                      aria-controls={editing === risk.id ? 'risk-form' : undefined}
                      onClick={() => setEditing(editing === risk.id ? null : risk.id)}
                    >
                      {t('risks.edit.open')}
                      <VisuallyHidden>: {pick(risk.risk, lang)}</VisuallyHidden>
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <p className="footnote">{t('risks.scale')}</p>
      {editable && current && (
        <RiskForm
          key={`${current.id}-${current.version}`}
          m={m}
          year={year}
          risk={current}
          onSaved={(saved) => {
            onSaved(saved);
            announce(t('risks.edit.saved'));
            close(saved.id);
          }}
          onCancel={() => close(current.id)}
        />
      )}
    </>
  );
}

/** One risk's form: its description and measures in each language, its scale, owner and status. */
function RiskForm({
  m,
  year,
  risk,
  onSaved,
  onCancel,
}: {
  m: string;
  year: number;
  risk: RiskView;
  onSaved: (risk: RiskView) => void;
  onCancel: () => void;
}) {
  const { t, lang } = useI18n();
  const [texts, setTexts] = useState(() => ({ ...risk.risk }));
  const [measures, setMeasures] = useState(() => ({ ...risk.measures }));
  const [category, setCategory] = useState(risk.category);
  const [likelihood, setLikelihood] = useState(risk.likelihood);
  const [impact, setImpact] = useState(risk.impact);
  const [owner, setOwner] = useState(risk.owner);
  const [status, setStatus] = useState(risk.status);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!LANGUAGES.some((l) => (texts[l] ?? '').trim() !== '')) {
      setError(new Error(t('risks.edit.noText')));
      return;
    }
    setBusy(true);
    setError(null);
    // Every language is sent: an emptied one is removed.
    const all = (x: RiskView['risk']) => Object.fromEntries(LANGUAGES.map((l) => [l, x[l] ?? '']));
    const body: RiskChangeInput = {
      risk: all(texts),
      measures: all(measures),
      likelihood,
      impact,
      owner,
      version: risk.version,
      ...(isOneOf(RISK_CATEGORIES, category) ? { category } : {}),
      ...(isOneOf(RISK_STATUSES, status) ? { status } : {}),
    };
    try {
      onSaved(
        await request('PATCH', apiPath('m', m, year, 'risks', risk.id), body, {
          schema: riskSchema,
        }),
      );
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      id="risk-form"
      className="risk-form"
      aria-labelledby="risk-form-title"
      onSubmit={(e) => void submit(e)}
    >
      <h3 id="risk-form-title" ref={heading} tabIndex={-1}>
        {t('risks.edit.title', { risk: pick(risk.risk, lang) })}
      </h3>
      <fieldset>
        <legend>{t('risks.risk')}</legend>
        {LANGUAGES.map((l) => (
          <div className="field" key={l}>
            <label htmlFor={`risk-text-${l}`}>
              {t('risks.edit.textIn', { language: t(`language.${l}`) })}
            </label>
            <textarea
              id={`risk-text-${l}`}
              lang={l}
              rows={3}
              value={texts[l] ?? ''}
              onChange={(e) => setTexts((x) => ({ ...x, [l]: e.target.value }))}
            />
          </div>
        ))}
      </fieldset>
      <div className="risk-scale">
        <div className="field">
          <label htmlFor="risk-category">{t('risks.category')}</label>
          <select id="risk-category" value={category} onChange={(e) => setCategory(e.target.value)}>
            {RISK_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`risks.categories.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <ScaleField name="likelihood" value={likelihood} onChange={setLikelihood} />
        <ScaleField name="impact" value={impact} onChange={setImpact} />
        <div className="field">
          <label htmlFor="risk-status">{t('risks.status')}</label>
          <select id="risk-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            {RISK_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`risks.statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="help">
        {t('risks.edit.score', { score: likelihood * impact })} {t('risks.scale')}
      </p>
      <fieldset>
        <legend>{t('risks.measures')}</legend>
        {LANGUAGES.map((l) => (
          <div className="field" key={l}>
            <label htmlFor={`risk-measures-${l}`}>
              {t('risks.edit.measuresIn', { language: t(`language.${l}`) })}
            </label>
            <textarea
              id={`risk-measures-${l}`}
              lang={l}
              rows={3}
              value={measures[l] ?? ''}
              onChange={(e) => setMeasures((x) => ({ ...x, [l]: e.target.value }))}
            />
          </div>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="risk-owner">{t('risks.owner')}</label>
        <input id="risk-owner" value={owner} onChange={(e) => setOwner(e.target.value)} />
      </div>
      <div className="buttons">
        <button type="submit" disabled={busy}>
          {busy ? t('common.saving') : t('risks.edit.save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      {error !== null && (
        <Message kind="error">
          {error instanceof Error && !('status' in error) ? error.message : errorText(error, t)}
        </Message>
      )}
    </form>
  );
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

function riskWord(t: Translate, kind: 'category' | 'status', value: string): string {
  switch (value) {
    case 'financial':
    case 'personnel':
    case 'ictSecurity':
    case 'continuity':
    case 'other':
      return kind === 'category' ? t(`risks.categories.${value}`) : value;
    case 'open':
    case 'mitigated':
    case 'closed':
      return kind === 'status' ? t(`risks.statuses.${value}`) : value;
    default:
      return value;
  }
}

function commentTarget(target: string, data: UnitPageData, t: Translate, lang: string): string {
  if (target === 'unit') return t('comments.wholeUnit');
  const [kind, rest = ''] = target.split(':');
  if (kind === 'narrative') return t(sectionKey(rest));
  if (kind === 'goal') {
    const goal = data.goals.find((g) => String(g.id) === rest);
    return goal
      ? t('comments.goal', { goal: pick(goal.goal, lang as 'sv') })
      : t('comments.goal', { goal: rest });
  }
  return target;
}

function Comments({
  m,
  year,
  code,
  data,
  canComment,
  onAdded,
}: {
  m: string;
  year: number;
  code: string;
  data: UnitPageData;
  canComment: boolean;
  onAdded: (comment: CommentView) => void;
}) {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const [target, setTarget] = useState('unit');
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await request<Partial<CommentView> | null>(
        'POST',
        apiPath('m', m, year, 'units', code, 'comments'),
        { target, body: body.trim() },
      );
      onAdded({
        id: typeof answer?.id === 'number' ? answer.id : Date.now(),
        target: answer?.target ?? target,
        author: answer?.author ?? user.username,
        authorName: answer?.authorName ?? user.displayName,
        body: answer?.body ?? body.trim(),
        createdAt: answer?.createdAt ?? new Date().toISOString(),
      });
      setBody('');
      announce(t('comments.added'));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {data.comments.length === 0 ? (
        <p className="muted">{t('comments.none')}</p>
      ) : (
        <ol className="comments">
          {data.comments.map((comment) => (
            <li key={comment.id}>
              <p className="comment-meta">
                <strong>{comment.authorName}</strong> · {formatDateTime(comment.createdAt, lang)} ·{' '}
                {commentTarget(comment.target, data, t, lang)}
              </p>
              <p className="comment-body">{comment.body}</p>
            </li>
          ))}
        </ol>
      )}
      {canComment && (
        <form className="comment-form" onSubmit={(e) => void submit(e)}>
          <div className="field">
            <label htmlFor="comment-target">{t('comments.target')}</label>
            <select id="comment-target" value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="unit">{t('comments.wholeUnit')}</option>
              {data.sections.map((section) => (
                <option key={section} value={`narrative:${section}`}>
                  {t(sectionKey(section))}
                </option>
              ))}
              {data.goals.map((goal) => (
                <option key={goal.id} value={`goal:${goal.id}`}>
                  {t('comments.goal', { goal: pick(goal.goal, lang) })}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="comment-body">{t('comments.body')}</label>
            <textarea
              id="comment-body"
              rows={3}
              value={body}
              onChange={(e) => setBody(e.target.value)}
            />
          </div>
          <button type="submit" disabled={busy}>
            {t('comments.add')}
          </button>
          {error !== null && <Message kind="error" error={error} />}
        </form>
      )}
    </>
  );
}

/** The risk scale's values, from the domain's bounds (1–5). */
const SCALE = Array.from(
  { length: RISK_SCALE.max - RISK_SCALE.min + 1 },
  (_, i) => RISK_SCALE.min + i,
);

/** A risk's likelihood or impact, chosen on the scale. */
function ScaleField({
  name,
  value,
  onChange,
}: {
  name: 'likelihood' | 'impact';
  value: number;
  onChange: (value: number) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={`risk-${name}`}>{t(`risks.${name}`)}</label>
      <select id={`risk-${name}`} value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {SCALE.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </div>
  );
}
