/**
 * The year at a glance: the unit tree (city → centrals → areas → cost centres) with the figures
 * of each unit's binding line, breaches, failed checks and the workflow state — at an interim
 * period as the interim report has them (the budget to date, the actual and deviation to date,
 * the use % against the budget to date, the period's workflow), with the line's forecast for the
 * year and a warning where a binding line is forecast to exceed its budget; filters by kind,
 * state and breach, and a search by code or name. One API call.
 */
import { useMemo, useState } from 'react';
import type { OverviewUnit } from '../../../src/api/pages.js';
import { apiPath, query } from '../api.js';
import { ForecastMark } from '../components/forecasts.js';
import { Icon } from '../components/icons.js';
import {
  BreachMark,
  FindingsMark,
  kindName,
  lineName,
  OverrunMark,
  StateBadge,
} from '../components/marks.js';
import { Loading, Message, PageHeading, VisuallyHidden } from '../components/status.js';
import { formatEuros, formatPercent, monthName } from '../format.js';
import { announce, useResource } from '../hooks.js';
import { pick, useI18n } from '../i18n/index.js';
import { bindingColumns, HeaderRow } from '../components/table.js';
import { Link, navigate, useLocation } from '../router.js';
import { MonthSelect } from '../components/period.js';
import { overviewSchema } from '../schemas.js';
import { ScrollRegion } from '../components/scroll-region.js';

const KINDS = ['city', 'central', 'area', 'costcenter'] as const;
const STATES = ['draft', 'submitted', 'approved', 'locked'] as const;

interface Filters {
  q: string;
  kind: string;
  state: string;
  breach: boolean;
  findings: boolean;
  period: string;
}

function readFilters(search: string): Filters {
  const params = new URLSearchParams(search);
  return {
    q: params.get('q') ?? '',
    kind: params.get('kind') ?? '',
    state: params.get('state') ?? '',
    breach: params.get('breach') === '1',
    findings: params.get('findings') === '1',
    period: params.get('period') ?? '',
  };
}

function matches(unit: OverviewUnit, filters: Filters): boolean {
  if (filters.kind && unit.kind !== filters.kind) return false;
  if (filters.state && unit.state !== filters.state) return false;
  if (filters.breach && !unit.breach) return false;
  if (filters.findings && unit.findings.errors + unit.findings.warnings === 0) return false;
  const q = filters.q.trim().toLocaleLowerCase();
  if (q) {
    const haystack = [unit.code, unit.names.sv, unit.names.fi, unit.names.en]
      .join('\n')
      .toLocaleLowerCase();
    if (!haystack.includes(q)) return false;
  }
  return true;
}

/** The API path of the overview (shared with the prefetch on first load). */
export function overviewPath(m: string, year: number, period: string): string {
  return apiPath('m', m, year, 'overview') + query({ period });
}

export function OverviewPage({ m, year }: { m: string; year: number }) {
  const { t, lang } = useI18n();
  const location = useLocation();
  const filters = useMemo(() => readFilters(location.search), [location.search]);
  const path = overviewPath(m, year, filters.period);
  const { data, error, loading } = useResource(path, overviewSchema);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());

  const setFilter = (change: Partial<Filters>) => {
    const next = { ...filters, ...change };
    navigate(
      location.pathname +
        query({
          q: next.q,
          kind: next.kind,
          state: next.state,
          breach: next.breach ? '1' : '',
          findings: next.findings ? '1' : '',
          period: next.period,
        }),
      { replace: true },
    );
  };

  const filtering =
    filters.q.trim() !== '' ||
    !!filters.kind ||
    !!filters.state ||
    filters.breach ||
    filters.findings;

  const rows = useMemo(() => {
    if (!data) return [];
    if (filtering) return data.units.filter((unit) => matches(unit, filters));
    // The tree: rows under a collapsed unit are hidden.
    const hidden = new Set<string>();
    return data.units.filter((unit) => {
      if (unit.parentCode && (hidden.has(unit.parentCode) || collapsed.has(unit.parentCode))) {
        hidden.add(unit.code);
        return false;
      }
      return true;
    });
  }, [data, filtering, filters, collapsed]);

  const hasChildren = useMemo(
    () => new Set((data?.units ?? []).map((u) => u.parentCode).filter((c) => c !== null)),
    [data],
  );

  // The city's own name in the language (the municipality's record may hold only its id).
  const city = data?.units.find((u) => u.kind === 'city');
  const municipalityName = city ? pick(city.names, lang) : (data?.municipality.name ?? m);
  const title = data
    ? t('overview.title', { municipality: municipalityName, year })
    : t('overview.titleShort', { year });

  const toggle = (code: string) => {
    setCollapsed((previous) => {
      const next = new Set(previous);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });
  };

  const breaches = data?.units.filter((u) => u.breach).length ?? 0;
  const forecastsExceeded = data?.units.filter((u) => u.forecastExceeded).length ?? 0;
  // At an interim period every unit has a forecast for the year; the year has its outcome.
  const interim = data?.toMonth !== null && data?.toMonth !== undefined && data.toMonth < 12;

  return (
    <div className="page wide">
      <PageHeading title={title}>{title}</PageHeading>
      {data && (
        <p className="lead">
          {data.toMonth
            ? t('overview.actualsTo', { month: monthName(data.toMonth, t), year })
            : t('overview.noActuals')}{' '}
          {t('overview.breachCount', { count: breaches })}{' '}
          {interim && <>{t('overview.forecastCount', { count: forecastsExceeded })} </>}
          <Link
            to={`/m/${encodeURIComponent(m)}/${year}/checks${query({ period: filters.period })}`}
          >
            {t('overview.findingsLink', {
              errors: t('checks.errorCount', { count: data.findings.errors }),
              warnings: t('checks.warningCount', { count: data.findings.warnings }),
            })}
          </Link>
        </p>
      )}

      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="overview-search">{t('overview.search')}</label>
          <input
            id="overview-search"
            type="search"
            value={filters.q}
            onChange={(e) => setFilter({ q: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="overview-kind">{t('overview.kind')}</label>
          <select
            id="overview-kind"
            value={filters.kind}
            onChange={(e) => setFilter({ kind: e.target.value })}
          >
            <option value="">{t('overview.allKinds')}</option>
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kindName(kind, t)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="overview-state">{t('overview.state')}</label>
          <select
            id="overview-state"
            value={filters.state}
            onChange={(e) => setFilter({ state: e.target.value })}
          >
            <option value="">{t('overview.allStates')}</option>
            {STATES.map((state) => (
              <option key={state} value={state}>
                {t(`state.${state}`)}
              </option>
            ))}
          </select>
        </div>
        <MonthSelect
          id="overview-period"
          year={year}
          value={filters.period}
          onChange={(period) => setFilter({ period })}
        />
        <div className="field checkbox">
          <input
            id="overview-breach"
            type="checkbox"
            checked={filters.breach}
            onChange={(e) => setFilter({ breach: e.target.checked })}
          />
          <label htmlFor="overview-breach">{t('overview.onlyBreaches')}</label>
        </div>
        <div className="field checkbox">
          <input
            id="overview-findings"
            type="checkbox"
            checked={filters.findings}
            onChange={(e) => setFilter({ findings: e.target.checked })}
          />
          <label htmlFor="overview-findings">{t('overview.onlyFindings')}</label>
        </div>
        {filtering && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setFilter({ q: '', kind: '', state: '', breach: false, findings: false });
              announce(t('overview.filtersCleared'));
            }}
          >
            {t('overview.clearFilters')}
          </button>
        )}
      </form>

      {error && <Message kind="error" error={error} />}
      {!data && loading && <Loading />}
      {data && (
        <>
          <p className="result-count" aria-live="polite">
            {t('overview.shown', { count: rows.length, total: data.units.length })}
          </p>
          <ScrollRegion label={t('overview.caption', { municipality: municipalityName, year })}>
            <table className={`figures overview-table${interim ? ' interim' : ''}`}>
              <caption>{t('overview.caption', { municipality: municipalityName, year })}</caption>
              <thead>
                <HeaderRow
                  columns={[
                    ...bindingColumns(t, year, data.toMonth),
                    ...(interim
                      ? [
                          { label: t('overview.column.forecast'), num: true },
                          { label: t('overview.column.forecastDeviation'), num: true },
                        ]
                      : []),
                    { label: t('overview.column.marks') },
                    { label: t('overview.column.state') },
                  ]}
                />
              </thead>
              <tbody>
                {rows.map((unit) => {
                  const name = pick(unit.names, lang);
                  const expandable = !filtering && hasChildren.has(unit.code);
                  const open = !collapsed.has(unit.code);
                  const binding = unit.binding;
                  return (
                    <tr key={unit.code} className={`kind-${unit.kind}`}>
                      <th scope="row" className="unit-cell">
                        <span
                          className="tree"
                          style={{
                            paddingInlineStart: `${(filtering ? 0 : unit.depth) * 1.25}rem`,
                          }}
                        >
                          {expandable ? (
                            <button
                              type="button"
                              className="tree-toggle"
                              aria-expanded={open}
                              aria-label={t(open ? 'overview.collapse' : 'overview.expand', {
                                unit: `${unit.code} ${name}`,
                              })}
                              onClick={() => toggle(unit.code)}
                            >
                              <Icon name={open ? 'open' : 'closed'} />
                            </button>
                          ) : (
                            <span className="tree-spacer" aria-hidden="true" />
                          )}
                          <span className="unit-name">
                            <Link
                              to={`/m/${encodeURIComponent(m)}/${year}/units/${encodeURIComponent(unit.code)}${query({ period: filters.period })}`}
                            >
                              <span className="code">{unit.code}</span> {name}
                            </Link>
                            <span className="kind">
                              {kindName(unit.kind, t)}
                              {unit.editable && (
                                <>
                                  {' '}
                                  <span className="badge editable">{t('overview.editable')}</span>
                                </>
                              )}
                            </span>
                          </span>
                        </span>
                      </th>
                      <td>
                        {binding ? (
                          <>
                            {lineName(binding.line, lang)}
                            {!binding.bound && (
                              <span className="muted"> {t('overview.notBinding')}</span>
                            )}
                          </>
                        ) : (
                          <VisuallyHidden>{t('common.none')}</VisuallyHidden>
                        )}
                      </td>
                      <td className="num">{formatEuros(binding?.revised)}</td>
                      {interim && <td className="num">{formatEuros(binding?.revisedToDate)}</td>}
                      <td className="num">{formatEuros(binding?.actual)}</td>
                      <td className="num">{formatEuros(binding?.deviation)}</td>
                      <td className="num">
                        {binding?.usePercent !== null && binding?.usePercent !== undefined && (
                          <UseMeter percent={binding.usePercent} over={unit.overrun} />
                        )}
                      </td>
                      {interim && (
                        <>
                          <td className="num">{formatEuros(binding?.forecast)}</td>
                          <td className="num">{formatEuros(binding?.forecastDeviation)}</td>
                        </>
                      )}
                      <td>
                        <span className="marks">
                          {unit.breach ? <BreachMark /> : unit.overrun && <OverrunMark />}
                          {unit.forecastExceeded && <ForecastMark />}
                          <FindingsMark {...unit.findings} />
                        </span>
                      </td>
                      <td>
                        <StateBadge state={unit.state} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollRegion>
          {rows.length === 0 && <p>{t('overview.noMatches')}</p>}
          <p className="footnote">
            {interim && data.toMonth !== null ? (
              <>
                {t('overview.footnoteInterim', { month: data.toMonth, year })}{' '}
                {t('overview.forecastFootnote')}
              </>
            ) : (
              t('overview.footnote')
            )}
          </p>
        </>
      )}
    </div>
  );
}

/** The use % as text and as a bar (the bar is decoration; the text carries the value). */
function UseMeter({ percent, over }: { percent: number; over: boolean }) {
  const { lang } = useI18n();
  const width = Math.max(0, Math.min(100, percent));
  return (
    <span className="use">
      <span className="use-text">{formatPercent(percent, lang)}</span>
      <span className={`use-bar${over ? ' over' : ''}`} aria-hidden="true">
        <span style={{ width: `${width}%` }} />
      </span>
    </span>
  );
}
