/**
 * Budget changes: the council decisions of the year with their reference, date, text, profile and
 * amounts, and (when the session's `may` says the user may change them) a form to record one —
 * reference, date, text and amounts per unit and line, typed in euros and read into integer
 * cents digit by digit — and on each decision a correction in the same form and a deletion asked
 * in a confirmation dialog. Both name the version shown, so that the server refuses one based on
 * what someone else has changed meanwhile.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { LINES } from '../../../src/domain/lines.js';
import {
  budgetChangeDeletedSchema,
  budgetChangeSchema,
  type BudgetChangeView,
} from '../../../src/api/pages.js';
import { apiPath, request } from '../api.js';
import { ConfirmDialog } from '../components/confirm.js';
import { lineName } from '../components/marks.js';
import { errorText, Loading, Message, PageHeading } from '../components/status.js';
import { formatCents, formatDate, formatEuros, parseEurosToCents } from '../format.js';
import { announce, useResource } from '../hooks.js';
import { pick, useI18n, type Translate } from '../i18n/index.js';
import { HeaderRow } from '../components/table.js';
import { abilitiesIn, useSession } from '../session.js';
import { budgetChangesSchema, overviewSchema } from '../schemas.js';
import { ScrollRegion } from '../components/scroll-region.js';

/** Lines that take entries (not the totals). */
const ENTRY_LINES = LINES.filter((line) => !line.sumOf).map((line) => line.code);

interface Row {
  key: number;
  unit: string;
  line: string;
  euros: string;
}

/** How a decision's months were spread, in words. */
function profileText(profile: string | null, t: Translate): string {
  if (profile === null) return t('budgetChanges.profileDefault');
  if (profile === 'even') return t('budgetChanges.profileEven');
  if (profile === 'previous-year') return t('budgetChanges.profilePrevious');
  return profile;
}

export default function BudgetChangesPage({ m, year }: { m: string; year: number }) {
  const { t, lang } = useI18n();
  const { may } = useSession();
  const changes = useResource(apiPath('m', m, year, 'budget-changes'), budgetChangesSchema);
  const title = t('budgetChanges.title', { year });
  const mayChange = abilitiesIn(may, m).budgetChanges;
  const [editing, setEditing] = useState<BudgetChangeView | null>(null);
  const [deleting, setDeleting] = useState<BudgetChangeView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const remove = async (change: BudgetChangeView) => {
    setBusy(true);
    setError(null);
    try {
      await request(
        'DELETE',
        `${apiPath('m', m, year, 'budget-changes', change.id)}?version=${change.version}`,
        undefined,
        { schema: budgetChangeDeletedSchema },
      );
      const text = t('budgetChanges.deleted', { decision: change.decision });
      setDone(text);
      announce(text);
      setDeleting(null);
      if (editing?.id === change.id) setEditing(null);
      changes.reload();
    } catch (caught) {
      setError(caught);
      setDeleting(null);
    } finally {
      setBusy(false);
    }
  };

  const columns = [
    { label: t('budgetChanges.decision') },
    { label: t('budgetChanges.date') },
    { label: t('budgetChanges.text') },
    { label: t('budgetChanges.profile') },
    { label: t('budgetChanges.total'), num: true },
    { label: t('budgetChanges.amounts') },
    ...(mayChange ? [{ label: t('budgetChanges.actions') }] : []),
  ];

  return (
    <div className="page wide">
      <PageHeading title={title}>{title}</PageHeading>
      <p className="lead">{t('budgetChanges.lead')}</p>
      {changes.error && <Message kind="error" error={changes.error} />}
      {!changes.data && changes.loading && <Loading />}
      {done && <Message kind="success">{done}</Message>}
      {error !== null && <Message kind="error">{errorText(error, t)}</Message>}
      {changes.data && (
        <section aria-labelledby="decisions-title">
          <h2 id="decisions-title">{t('budgetChanges.decisions')}</h2>
          {changes.data.changes.length === 0 ? (
            <p className="muted">{t('budgetChanges.none')}</p>
          ) : (
            <ScrollRegion label={t('budgetChanges.caption', { year })}>
              <table className="figures">
                <caption>{t('budgetChanges.caption', { year })}</caption>
                <thead>
                  <HeaderRow columns={columns} />
                </thead>
                <tbody>
                  {changes.data.changes.map((change) => (
                    <tr key={change.id}>
                      <th scope="row">{change.decision}</th>
                      <td>{formatDate(change.date)}</td>
                      <td>{change.text || '–'}</td>
                      <td>{profileText(change.profile, t)}</td>
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
                      {mayChange && (
                        <td className="actions">
                          <button
                            type="button"
                            className="secondary small"
                            aria-label={t('budgetChanges.correctOf', { decision: change.decision })}
                            onClick={() => {
                              setDone(null);
                              setError(null);
                              setEditing(change);
                            }}
                          >
                            {t('budgetChanges.correct')}
                          </button>{' '}
                          <button
                            type="button"
                            className="secondary small"
                            aria-label={t('budgetChanges.deleteOf', { decision: change.decision })}
                            onClick={() => {
                              setDone(null);
                              setError(null);
                              setDeleting(change);
                            }}
                          >
                            {t('budgetChanges.delete')}
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </section>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('budgetChanges.deleteTitle', { decision: deleting.decision })}
          confirmLabel={t('budgetChanges.deleteConfirm')}
          busy={busy}
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        >
          <p>
            {t('budgetChanges.deleteText', {
              count: deleting.amounts.length,
              date: formatDate(deleting.date),
              total: formatEuros(deleting.total),
            })}
          </p>
        </ConfirmDialog>
      )}
      {mayChange && editing && (
        <DecisionForm
          key={`correct-${editing.id}-${editing.version}`}
          m={m}
          year={year}
          change={editing}
          onCancel={() => setEditing(null)}
          onDone={(decision) => {
            const text = t('budgetChanges.corrected', { decision });
            setDone(text);
            announce(text);
            setEditing(null);
            changes.reload();
          }}
        />
      )}
      {mayChange && !editing && (
        <DecisionForm
          key="record"
          m={m}
          year={year}
          change={null}
          onDone={(decision) => {
            announce(t('budgetChanges.recorded', { decision }));
            changes.reload();
          }}
        />
      )}
    </div>
  );
}

let nextKey = 1;
const emptyRow = (): Row => ({ key: nextKey++, unit: '', line: 'services', euros: '' });

/**
 * The form of a decision: a new one to record (`change` null), or a recorded one to correct,
 * filled in with what it is now and sent with the version shown.
 */
function DecisionForm({
  m,
  year,
  change,
  onDone,
  onCancel,
}: {
  m: string;
  year: number;
  change: BudgetChangeView | null;
  onDone: (decision: string) => void;
  onCancel?: () => void;
}) {
  const { t, lang } = useI18n();
  const overview = useResource(apiPath('m', m, year, 'overview'), overviewSchema);
  const [decision, setDecision] = useState(change?.decision ?? '');
  const [date, setDate] = useState(change?.date ?? '');
  const [text, setText] = useState(change?.text ?? '');
  const [rows, setRows] = useState<Row[]>(() =>
    change
      ? change.amounts.map((a) => ({
          key: nextKey++,
          unit: a.unit,
          line: a.line,
          euros: formatCents(a.amount, lang),
        }))
      : [emptyRow()],
  );
  const id = change ? `correct-${change.id}` : 'record';
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // A correction opened from the table: take the user to its form.
    if (change) heading.current?.focus();
  }, [change]);
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
      announce(t(change ? 'budgetChanges.notCorrected' : 'budgetChanges.fixProblems'));
      return;
    }
    setBusy(true);
    const body = {
      decision: decision.trim(),
      date,
      text: text.trim(),
      amounts: rows.map((row, i) => ({ unit: row.unit, line: row.line, amount: parsed[i] })),
    };
    try {
      if (change) {
        await request(
          'PATCH',
          apiPath('m', m, year, 'budget-changes', change.id),
          { ...body, version: change.version },
          { schema: budgetChangeSchema },
        );
      } else {
        await request('POST', apiPath('m', m, year, 'budget-changes'), body, {
          schema: budgetChangeSchema,
        });
        setDecision('');
        setDate('');
        setText('');
        setRows([emptyRow()]);
      }
      setTried(false);
      onDone(body.decision);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby={`${id}-title`} className="record-decision">
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {change
          ? t('budgetChanges.correctTitle', { decision: change.decision })
          : t('budgetChanges.record')}
      </h2>
      {change && <p className="help">{t('budgetChanges.correctLead')}</p>}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="row">
          <div className="field">
            <label htmlFor={`${id}-reference`}>{t('budgetChanges.reference')}</label>
            <input
              id={`${id}-reference`}
              value={decision}
              placeholder={t('budgetChanges.referenceExample')}
              aria-invalid={tried && !decision.trim()}
              onChange={(e) => setDecision(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-date`}>{t('budgetChanges.date')}</label>
            <input
              id={`${id}-date`}
              type="date"
              value={date}
              min={`${year}-01-01`}
              max={`${year + 1}-12-31`}
              aria-invalid={tried && !date}
              onChange={(e) => setDate(e.target.value)}
            />
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-text`}>{t('budgetChanges.text')}</label>
          <textarea
            id={`${id}-text`}
            rows={2}
            maxLength={2000}
            value={text}
            aria-describedby={`${id}-text-help`}
            onChange={(e) => setText(e.target.value)}
          />
          <span className="help" id={`${id}-text-help`}>
            {t('budgetChanges.textHelp')}
          </span>
        </div>
        <p className="help" id={`${id}-amount-help`}>
          {t('budgetChanges.signHelp')}
        </p>
        <ScrollRegion label={t('budgetChanges.amountsCaption')}>
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
                        aria-describedby={problem ? `row-${row.key}-problem` : `${id}-amount-help`}
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
        </ScrollRegion>
        <div className="buttons">
          <button
            type="button"
            className="secondary"
            onClick={() => setRows((rs) => [...rs, emptyRow()])}
          >
            {t('budgetChanges.addRow')}
          </button>
          <button type="submit" disabled={busy}>
            {busy
              ? t('common.saving')
              : t(change ? 'budgetChanges.saveCorrection' : 'budgetChanges.submit')}
          </button>
          {onCancel && (
            <button type="button" className="secondary" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          )}
        </div>
        {tried && formProblem && <Message kind="error">{formProblem}</Message>}
        {error !== null && <Message kind="error">{errorText(error, t)}</Message>}
      </form>
    </section>
  );
}
