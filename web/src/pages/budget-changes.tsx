/**
 * Budget changes: the council decisions of the year with their amounts, and (when the session's
 * `may` says the user may record them) a form to record one: reference, date and amounts per unit
 * and line, typed in euros and read into integer cents digit by digit.
 */
import { useState, type FormEvent } from 'react';
import { LINES } from '../../../src/domain/lines.js';
import { apiPath, request } from '../api.js';
import { lineName } from '../components/marks.js';
import { errorText, Loading, Message, PageHeading } from '../components/status.js';
import { formatCents, formatDate, formatEuros, parseEurosToCents } from '../format.js';
import { announce, useResource } from '../hooks.js';
import { pick, useI18n } from '../i18n/index.js';
import { HeaderRow } from '../components/table.js';
import { abilitiesIn, useSession } from '../session.js';
import { budgetChangesSchema, overviewSchema } from '../schemas.js';

/** Lines that take entries (not the totals). */
const ENTRY_LINES = LINES.filter((line) => !line.sumOf).map((line) => line.code);

interface Row {
  key: number;
  unit: string;
  line: string;
  euros: string;
}

export default function BudgetChangesPage({ m, year }: { m: string; year: number }) {
  const { t, lang } = useI18n();
  const { may } = useSession();
  const changes = useResource(apiPath('m', m, year, 'budget-changes'), budgetChangesSchema);
  const title = t('budgetChanges.title', { year });

  return (
    <div className="page wide">
      <PageHeading title={title}>{title}</PageHeading>
      <p className="lead">{t('budgetChanges.lead')}</p>
      {changes.error && <Message kind="error" error={changes.error} />}
      {!changes.data && changes.loading && <Loading />}
      {changes.data && (
        <section aria-labelledby="decisions-title">
          <h2 id="decisions-title">{t('budgetChanges.decisions')}</h2>
          {changes.data.changes.length === 0 ? (
            <p className="muted">{t('budgetChanges.none')}</p>
          ) : (
            <div className="table-scroll">
              <table className="figures">
                <caption>{t('budgetChanges.caption', { year })}</caption>
                <thead>
                  <HeaderRow
                    columns={[
                      { label: t('budgetChanges.decision') },
                      { label: t('budgetChanges.date') },
                      { label: t('budgetChanges.total'), num: true },
                      { label: t('budgetChanges.amounts') },
                    ]}
                  />
                </thead>
                <tbody>
                  {changes.data.changes.map((change) => (
                    <tr key={change.id}>
                      <th scope="row">{change.decision}</th>
                      <td>{formatDate(change.date)}</td>
                      <td className="num">{formatEuros(change.total)}</td>
                      <td>
                        <details>
                          <summary>
                            {t('budgetChanges.showAmounts', { count: change.amounts.length })}
                          </summary>
                          <table className="figures compact">
                            <caption className="visually-hidden">
                              {t('budgetChanges.amountsOf', { decision: change.decision })}
                            </caption>
                            <thead>
                              <HeaderRow
                                columns={[
                                  { label: t('budgetChanges.unit') },
                                  { label: t('budgetChanges.line') },
                                  { label: t('budgetChanges.amount'), num: true },
                                ]}
                              />
                            </thead>
                            <tbody>
                              {change.amounts.map((amount, i) => (
                                <tr key={i}>
                                  <th scope="row">{amount.unit}</th>
                                  <td>{lineName(amount.line, lang)}</td>
                                  <td className="num">{formatEuros(amount.amount)}</td>
                                </tr>
                              ))}
                            </tbody>
                          </table>
                        </details>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
      {abilitiesIn(may, m).budgetChanges && (
        <RecordDecision m={m} year={year} onRecorded={changes.reload} />
      )}
    </div>
  );
}

let nextKey = 1;
const emptyRow = (): Row => ({ key: nextKey++, unit: '', line: 'services', euros: '' });

function RecordDecision({
  m,
  year,
  onRecorded,
}: {
  m: string;
  year: number;
  onRecorded: () => void;
}) {
  const { t, lang } = useI18n();
  const overview = useResource(apiPath('m', m, year, 'overview'), overviewSchema);
  const [decision, setDecision] = useState('');
  const [date, setDate] = useState('');
  const [rows, setRows] = useState<Row[]>(() => [emptyRow()]);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const units = overview.data?.units ?? [];
  const parsed = rows.map((row) => parseEurosToCents(row.euros));
  const rowProblem = (row: Row, i: number): string | null => {
    if (!row.unit) return t('budgetChanges.problem.unit');
    if (parsed[i] === null || parsed[i] === undefined) return t('budgetChanges.problem.amount');
    return null;
  };
  const problems = rows.map(rowProblem);
  // Integer cents: the sum is exact.
  const total = parsed.reduce<number>((sum, cents) => sum + (cents ?? 0), 0);
  const formProblem = !decision.trim()
    ? t('budgetChanges.problem.decision')
    : !date
      ? t('budgetChanges.problem.date')
      : null;

  const update = (key: number, change: Partial<Row>) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...change } : r)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    setError(null);
    if (formProblem || problems.some((p) => p !== null)) {
      announce(t('budgetChanges.fixProblems'));
      return;
    }
    setBusy(true);
    try {
      await request('POST', apiPath('m', m, year, 'budget-changes'), {
        decision: decision.trim(),
        date,
        amounts: rows.map((row, i) => ({ unit: row.unit, line: row.line, amount: parsed[i] })),
      });
      announce(t('budgetChanges.recorded', { decision: decision.trim() }));
      setDecision('');
      setDate('');
      setRows([emptyRow()]);
      setTried(false);
      onRecorded();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="record-title" className="record-decision">
      <h2 id="record-title">{t('budgetChanges.record')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="row">
          <div className="field">
            <label htmlFor="decision-reference">{t('budgetChanges.reference')}</label>
            <input
              id="decision-reference"
              value={decision}
              placeholder={t('budgetChanges.referenceExample')}
              aria-invalid={tried && !decision.trim()}
              onChange={(e) => setDecision(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="decision-date">{t('budgetChanges.date')}</label>
            <input
              id="decision-date"
              type="date"
              value={date}
              min={`${year}-01-01`}
              max={`${year + 1}-12-31`}
              aria-invalid={tried && !date}
              onChange={(e) => setDate(e.target.value)}
            />
          </div>
        </div>
        <p className="help" id="amount-help">
          {t('budgetChanges.signHelp')}
        </p>
        <table className="figures amount-rows">
          <caption>{t('budgetChanges.amountsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('budgetChanges.unit')}</th>
              <th scope="col">{t('budgetChanges.line')}</th>
              <th scope="col" className="num">
                {t('budgetChanges.amountEuros')}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t('budgetChanges.rowActions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const n = i + 1;
              const problem = tried ? problems[i] : null;
              return (
                <tr key={row.key}>
                  <td>
                    <select
                      aria-label={t('budgetChanges.unitOfRow', { n })}
                      value={row.unit}
                      aria-invalid={tried && !row.unit}
                      onChange={(e) => update(row.key, { unit: e.target.value })}
                    >
                      <option value="">{t('budgetChanges.chooseUnit')}</option>
                      {units.map((u) => (
                        <option key={u.code} value={u.code}>
                          {'\u2003'.repeat(u.depth)}
                          {u.code} {pick(u.names, lang)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select
                      aria-label={t('budgetChanges.lineOfRow', { n })}
                      value={row.line}
                      onChange={(e) => update(row.key, { line: e.target.value })}
                    >
                      {ENTRY_LINES.map((code) => (
                        <option key={code} value={code}>
                          {lineName(code, lang)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="num">
                    <input
                      className="amount"
                      inputMode="decimal"
                      aria-label={t('budgetChanges.amountOfRow', { n })}
                      aria-invalid={problem !== null && problem !== undefined}
                      aria-describedby={problem ? `row-${row.key}-problem` : 'amount-help'}
                      value={row.euros}
                      onChange={(e) => update(row.key, { euros: e.target.value })}
                    />
                    {problem && (
                      <span id={`row-${row.key}-problem`} className="field-error">
                        {problem}
                      </span>
                    )}
                  </td>
                  <td>
                    {rows.length > 1 && (
                      <button
                        type="button"
                        className="secondary small"
                        onClick={() => setRows((rs) => rs.filter((r) => r.key !== row.key))}
                      >
                        {t('budgetChanges.removeRow', { n })}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                {t('budgetChanges.total')}
              </th>
              <td className="num">{formatCents(total, lang)}</td>
              <td />
            </tr>
          </tfoot>
        </table>
        <div className="buttons">
          <button
            type="button"
            className="secondary"
            onClick={() => setRows((rs) => [...rs, emptyRow()])}
          >
            {t('budgetChanges.addRow')}
          </button>
          <button type="submit" disabled={busy}>
            {busy ? t('common.saving') : t('budgetChanges.submit')}
          </button>
        </div>
        {tried && formProblem && <Message kind="error">{formProblem}</Message>}
        {error !== null && <Message kind="error">{errorText(error, t)}</Message>}
      </form>
    </section>
  );
}
