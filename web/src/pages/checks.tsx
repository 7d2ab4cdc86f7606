/**
 * Every finding of the checks on the year: stored data (unknown units, unmapped accounts, binding
 * breaches, goals that contradict their indicators; at an interim period binding lines forecast
 * to exceed their budget) and the reports as rendered (totals that do not add up, missing texts),
 * each linked to the unit page, line or goal it concerns. The period checked is in the address
 * (`?period=2023-08`), as the overview's.
 */
import { useMemo, useState } from 'react';
import { FINDING_RULES, type FindingRule, type FindingView } from '../../../src/api/pages.js';
import { apiPath, query } from '../api.js';
import { Icon } from '../components/icons.js';
import { FindingsMark, lineName } from '../components/marks.js';
import { Loading, Message, PageHeading } from '../components/status.js';
import { formatEuros } from '../format.js';
import { useResource } from '../hooks.js';
import { LanguageField } from '../components/language.js';
import { MonthSelect } from '../components/period.js';
import { useI18n, type Language, type Translate } from '../i18n/index.js';
import { HeaderRow } from '../components/table.js';
import { Link, navigate, useLocation } from '../router.js';
import { checksSchema } from '../schemas.js';
import { ScrollRegion } from '../components/scroll-region.js';

const isRule = (rule: string): rule is FindingRule =>
  (FINDING_RULES as readonly string[]).includes(rule);

/** A finding's rule by its name in the language; a rule the web does not know by its id. */
function ruleName(t: Translate, rule: string): string {
  return isRule(rule) ? t(`checks.rules.${rule}`) : rule;
}

function findingHref(base: string, finding: FindingView): string | null {
  if (!finding.link) return null;
  const unit = `${base}/units/${encodeURIComponent(finding.link.unit)}`;
  if (finding.link.goalId !== undefined) return `${unit}#goal-${finding.link.goalId}`;
  if (finding.link.line !== undefined) return `${unit}#line-${finding.link.line}`;
  return unit;
}

export default function ChecksPage({ m, year }: { m: string; year: number }) {
  const { t, lang } = useI18n();
  const [reportLang, setReportLang] = useState<Language>(lang);
  const [severity, setSeverity] = useState('');
  const [unit, setUnit] = useState('');
  const location = useLocation();
  const period = new URLSearchParams(location.search).get('period') ?? '';
  const { data, error, loading } = useResource(
    apiPath('m', m, year, 'checks') + query({ lang: reportLang, period }),
    checksSchema,
  );
  const base = `/m/${encodeURIComponent(m)}/${year}`;
  const title = t('checks.title', { year });

  const units = useMemo(
    () => [...new Set((data?.findings ?? []).map((f) => f.unitCode))].sort(),
    [data],
  );
  const shown = (data?.findings ?? []).filter(
    (f) => (!severity || f.severity === severity) && (!unit || f.unitCode === unit),
  );

  return (
    <div className="page wide">
      <PageHeading title={title}>{title}</PageHeading>
      <p className="lead">{t('checks.lead')}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <MonthSelect
          id="checks-period"
          year={year}
          value={period}
          onChange={(p) => navigate(location.pathname + query({ period: p }), { replace: true })}
        />
        <LanguageField
          id="checks-lang"
          label={t('checks.reportLanguage')}
          value={reportLang}
          onChange={setReportLang}
        />
        <div className="field">
          <label htmlFor="checks-severity">{t('checks.severityLabel')}</label>
          <select
            id="checks-severity"
            value={severity}
            onChange={(e) => setSeverity(e.target.value)}
          >
            <option value="">{t('checks.allSeverities')}</option>
            <option value="error">{t('checks.severity.error')}</option>
            <option value="warning">{t('checks.severity.warning')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="checks-unit">{t('checks.unit')}</label>
          <select id="checks-unit" value={unit} onChange={(e) => setUnit(e.target.value)}>
            <option value="">{t('checks.allUnits')}</option>
            {units.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </div>
      </form>
      <p className="help">{t('checks.periodHelp')}</p>
      {error && <Message kind="error" error={error} />}
      {loading && <Loading />}
      {data && (
        <>
          <p role="status">
            {data.summary.errors + data.summary.warnings === 0 ? (
              <>
                <Icon name="achieved" /> {t('checks.allPass')}
              </>
            ) : (
              <FindingsMark {...data.summary} />
            )}
          </p>
          {shown.length > 0 && (
            <ScrollRegion label={t('checks.caption', { count: shown.length })}>
              <table className="figures findings-table">
                <caption>{t('checks.caption', { count: shown.length })}</caption>
                <thead>
                  <HeaderRow
                    columns={[
                      { label: t('checks.severityLabel') },
                      { label: t('checks.unit') },
                      { label: t('checks.message') },
                      { label: t('checks.expected'), num: true },
                      { label: t('checks.found'), num: true },
                      { label: t('checks.rule') },
                    ]}
                  />
                </thead>
                <tbody>
                  {shown.map((finding, i) => {
                    const href = findingHref(base, finding);
                    const where = [
                      finding.line ? lineName(finding.line, lang) : null,
                      finding.account ? t('checks.account', { account: finding.account }) : null,
                      finding.goalId !== null ? t('checks.goal', { id: finding.goalId }) : null,
                    ]
                      .filter(Boolean)
                      .join(', ');
                    return (
                      <tr key={i}>
                        <td>
                          <span className={`badge finding-${finding.severity}`}>
                            <Icon name={finding.severity === 'error' ? 'error' : 'warning'} />{' '}
                            {t(`checks.severity.${finding.severity}`)}
                          </span>
                        </td>
                        <th scope="row">
                          {href ? (
                            <Link to={href}>
                              {finding.unitCode}
                              {where ? ` – ${where}` : ''}
                            </Link>
                          ) : (
                            <>
                              {finding.unitCode}
                              {where ? ` – ${where}` : ''}
                            </>
                          )}
                        </th>
                        <td>{finding.message}</td>
                        <td className="num">{formatEuros(finding.expected)}</td>
                        <td className="num">{formatEuros(finding.found)}</td>
                        <td>{ruleName(t, finding.rule)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </>
      )}
    </div>
  );
}
