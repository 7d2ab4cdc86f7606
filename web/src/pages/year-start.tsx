/**
 * Starting a new fiscal year from an earlier one: the source year (the latest with units) and the
 * new year (the one after it) as the server proposes them, a confirmation of what is copied and
 * what is not, then the start, and the application switches to the new year. Offered only where
 * the years answer's `mayStart` says so; the server refuses a year started already.
 */
import { useState, type FormEvent } from 'react';
import { yearsSchema, yearStartedSchema } from '../../../src/api/years.js';
import { apiPath, request } from '../api.js';
import { ConfirmDialog } from '../components/confirm.js';
import { errorText, Loading, Message, PageHeading } from '../components/status.js';
import { announce, useResource } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { navigate } from '../router.js';

/** A year as typed: an integer in the years Utfall keeps, else null. */
export function typedYear(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{4}$/.test(trimmed)) return null;
  const year = Number(trimmed);
  return year >= 1990 && year <= 2100 ? year : null;
}

export default function YearStartPage({
  m,
  onStarted,
}: {
  m: string;
  /** Reads the municipalities and their years again, so that the new year can be chosen. */
  onStarted: () => Promise<void>;
}) {
  const { t } = useI18n();
  const years = useResource(apiPath('m', m, 'years'), yearsSchema);
  const title = t('yearStart.title');

  return (
    <div className="page narrow">
      <PageHeading title={title}>{title}</PageHeading>
      <p className="lead">{t('yearStart.lead')}</p>
      {years.error && <Message kind="error" error={years.error} />}
      {!years.data && years.loading && <Loading />}
      {years.data && !years.data.mayStart && (
        <Message kind="info">{t('yearStart.notAllowed')}</Message>
      )}
      {years.data?.mayStart && years.data.proposal === null && (
        <Message kind="info">{t('yearStart.noSource')}</Message>
      )}
      {years.data?.mayStart && years.data.proposal && (
        <StartForm
          m={m}
          sources={years.data.years
            .filter((y) => y.units > 0)
            .map((y) => y.year)
            .sort((a, b) => b - a)}
          proposal={years.data.proposal}
          onStarted={onStarted}
        />
      )}
    </div>
  );
}

function StartForm({
  m,
  sources,
  proposal,
  onStarted,
}: {
  m: string;
  /** The years that have units, latest first. */
  sources: number[];
  proposal: { year: number; from: number };
  onStarted: () => Promise<void>;
}) {
  const { t } = useI18n();
  const [from, setFrom] = useState(proposal.from);
  const [yearText, setYearText] = useState(String(proposal.year));
  const [tried, setTried] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const year = typedYear(yearText);
  const problem =
    year === null
      ? t('yearStart.problem.year')
      : year <= from
        ? t('yearStart.problem.notAfter', { year, from })
        : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    setError(null);
    if (problem) {
      announce(problem);
      return;
    }
    setConfirming(true);
  };

  const start = async () => {
    if (year === null) return;
    setBusy(true);
    try {
      const started = await request(
        'POST',
        apiPath('m', m, 'years'),
        { year, from },
        { schema: yearStartedSchema },
      );
      await onStarted();
      setConfirming(false);
      announce(
        t('yearStart.started', {
          year: started.year,
          from: started.from,
          units: started.copied.units,
          goals: started.copied.goals,
        }),
      );
      navigate(`/m/${encodeURIComponent(m)}/${started.year}`);
    } catch (caught) {
      setConfirming(false);
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <div className="row">
        <div className="field">
          <label htmlFor="year-start-from">{t('yearStart.from')}</label>
          <select
            id="year-start-from"
            value={from}
            onChange={(e) => setFrom(Number(e.target.value))}
          >
            {sources.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="year-start-year">{t('yearStart.year')}</label>
          <input
            id="year-start-year"
            inputMode="numeric"
            value={yearText}
            aria-invalid={tried && problem !== null}
            aria-describedby={tried && problem ? 'year-start-problem' : undefined}
            onChange={(e) => setYearText(e.target.value)}
          />
          {tried && problem && (
            <span id="year-start-problem" className="field-error">
              {problem}
            </span>
          )}
        </div>
      </div>
      <p className="help">{t('yearStart.copies')}</p>
      <p className="help">{t('yearStart.notCopied')}</p>
      <div className="buttons">
        <button type="submit" disabled={busy} aria-haspopup="dialog">
          {year !== null ? t('yearStart.submit', { year }) : t('yearStart.submitAny')}
        </button>
      </div>
      {error !== null && <Message kind="error">{errorText(error, t)}</Message>}
      {confirming && year !== null && (
        <ConfirmDialog
          title={t('yearStart.confirm.title', { year, from })}
          confirmLabel={busy ? t('common.saving') : t('yearStart.confirm.confirm', { year })}
          busy={busy}
          onConfirm={() => void start()}
          onCancel={() => setConfirming(false)}
        >
          <p>{t('yearStart.confirm.body', { year, from })}</p>
          <p>{t('yearStart.notCopied')}</p>
        </ConfirmDialog>
      )}
    </form>
  );
}
