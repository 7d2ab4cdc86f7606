/**
 * The import wizard: choose what to import, upload a CSV or XLSX file (with a real progress bar:
 * XMLHttpRequest reports the upload), see the detected format, the first rows and every problem
 * with its row and column before anything is written, map the columns when the header is not
 * recognised, then import. An import is all or nothing; the history lists every one.
 */
import { useRef, useState, type FormEvent } from 'react';
import {
  IMPORT_COLUMNS,
  IMPORT_KINDS,
  isImportKind,
  type ImportKind,
} from '../../../src/domain/import-kinds.js';
import type { ImportAnswer } from '../../../src/server/schemas/imports.js';
import { ApiError, apiPath, upload } from '../api.js';
import { errorText, Loading, Message, PageHeading } from '../components/status.js';
import { formatDateTime, formatWhole } from '../format.js';
import { announce, useResource } from '../hooks.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { HeaderRow } from '../components/table.js';
import { useSession } from '../session.js';
import { importAnswerSchema, importHistorySchema } from '../schemas.js';

/** The order the wizard offers the kinds in: the monthly work first. */
const ORDER: Record<ImportKind, number> = { actuals: 0, budget: 1, org: 2, mapping: 3 };
const KINDS = [...IMPORT_KINDS].sort((a, b) => ORDER[a] - ORDER[b]);
type Kind = ImportKind;

type SourceView = NonNullable<ImportAnswer['source']>;

/** The answer of a 422: the same shape, in the body's details (or the body itself). */
function answerOf(error: ApiError): ImportAnswer | null {
  for (const candidate of [error.details, error.body]) {
    const answer = importAnswerSchema.safeParse(candidate);
    if (answer.success) return answer.data;
  }
  return null;
}

export default function ImportsPage({ m, year }: { m: string; year: number }) {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const history = useResource(apiPath('m', m, 'imports'), importHistorySchema);
  const kinds = KINDS.filter((k) => user.role === 'admin' || k === 'actuals' || k === 'budget');

  const [kind, setKind] = useState<Kind>('actuals');
  const [fileYear, setFileYear] = useState(String(year));
  const [sign, setSign] = useState<'report' | 'accounting'>('report');
  const [stage, setStage] = useState<'original' | 'change'>('original');
  const [decision, setDecision] = useState('');
  const [date, setDate] = useState('');
  const [append, setAppend] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [columns, setColumns] = useState<Record<string, string>>({});
  const [progress, setProgress] = useState<number | null>(null);
  const [phase, setPhase] = useState<'idle' | 'uploading' | 'checking' | 'writing'>('idle');
  const [checked, setChecked] = useState<ImportAnswer | null>(null);
  const [written, setWritten] = useState<ImportAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const reset = () => {
    setChecked(null);
    setWritten(null);
    setError(null);
  };

  const form = (): FormData => {
    const data = new FormData();
    // Fields before the file: the server reads them first while the file streams.
    if (fileYear) data.set('year', fileYear);
    data.set('sign', sign);
    if (kind === 'budget') {
      data.set('stage', stage);
      if (stage === 'change') {
        data.set('decision', decision);
        data.set('date', date);
      }
    }
    if (kind === 'actuals' && append) data.set('append', 'true');
    const mapped = Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== ''));
    if (Object.keys(mapped).length > 0) data.set('columns', JSON.stringify(mapped));
    if (file) data.set('file', file, file.name);
    return data;
  };

  const send = async (commit: boolean) => {
    if (!file) {
      setError(new Error(t('imports.chooseFile')));
      return;
    }
    setError(null);
    setWritten(null);
    setProgress(0);
    setPhase('uploading');
    const path = commit
      ? apiPath('m', m, 'imports', kind)
      : apiPath('m', m, 'imports', kind, 'preview');
    try {
      const answer = await upload(
        path,
        form(),
        (fraction) => {
          setProgress(fraction);
          if (fraction !== null && fraction >= 1) setPhase(commit ? 'writing' : 'checking');
        },
        importAnswerSchema,
      );
      if (commit) {
        setWritten(answer);
        setChecked(null);
        announce(t('imports.done', { count: answer.records }));
        history.reload();
      } else {
        setChecked(answer);
        const count = answer.problemCount ?? answer.problems?.length ?? 0;
        announce(count === 0 ? t('imports.checkedOk') : t('imports.checkedProblems', { count }));
      }
    } catch (caught) {
      const answer = caught instanceof ApiError && caught.status === 422 ? answerOf(caught) : null;
      if (answer) {
        setChecked(answer);
        announce(t('imports.checkedProblems', { count: answer.problemCount }));
      } else {
        setError(caught);
      }
    } finally {
      setPhase('idle');
      setProgress(null);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send(false);
  };

  const problems = checked?.problems ?? [];
  const problemCount = checked?.problemCount ?? 0;
  const header = checked?.header ?? [];
  const firstRows = checked?.rows ?? [];
  const rowNumbers = checked?.rowNumbers ?? [];
  // The fields the server says the kind reads, else the domain's catalogue.
  const recognised = checked?.columns ?? null;
  const fields = recognised ? Object.keys(recognised) : IMPORT_COLUMNS[kind];
  const headerProblem = problems.some((p) => p.code.startsWith('header.'));
  const busy = phase !== 'idle';
  const historyEntries = history.data?.imports ?? [];
  const title = t('imports.title');

  return (
    <div className="page wide">
      <PageHeading title={title}>{title}</PageHeading>
      <p className="lead">{t('imports.lead')}</p>

      <form onSubmit={submit} className="import-form">
        <section aria-labelledby="step-what">
          <h2 id="step-what">{t('imports.stepWhat')}</h2>
          <fieldset>
            <legend>{t('imports.kind')}</legend>
            {kinds.map((k) => (
              <label key={k} className="radio">
                <input
                  type="radio"
                  name="import-kind"
                  value={k}
                  checked={kind === k}
                  onChange={() => {
                    setKind(k);
                    setColumns({});
                    reset();
                  }}
                />{' '}
                {t(`imports.kinds.${k}`)}
              </label>
            ))}
          </fieldset>
          <div className="row">
            <div className="field">
              <label htmlFor="import-year">{t('imports.year')}</label>
              <input
                id="import-year"
                className="short"
                inputMode="numeric"
                value={fileYear}
                onChange={(e) => {
                  setFileYear(e.target.value);
                  reset();
                }}
              />
            </div>
            {kind !== 'org' && kind !== 'mapping' && (
              <fieldset>
                <legend>{t('imports.sign')}</legend>
                <label className="radio">
                  <input
                    type="radio"
                    name="import-sign"
                    checked={sign === 'report'}
                    onChange={() => {
                      setSign('report');
                      reset();
                    }}
                  />{' '}
                  {t('imports.signReport')}
                </label>
                <label className="radio">
                  <input
                    type="radio"
                    name="import-sign"
                    checked={sign === 'accounting'}
                    onChange={() => {
                      setSign('accounting');
                      reset();
                    }}
                  />{' '}
                  {t('imports.signAccounting')}
                </label>
              </fieldset>
            )}
          </div>
          {kind === 'budget' && (
            <div className="row">
              <fieldset>
                <legend>{t('imports.stage')}</legend>
                <label className="radio">
                  <input
                    type="radio"
                    name="import-stage"
                    checked={stage === 'original'}
                    onChange={() => {
                      setStage('original');
                      reset();
                    }}
                  />{' '}
                  {t('imports.stageOriginal')}
                </label>
                <label className="radio">
                  <input
                    type="radio"
                    name="import-stage"
                    checked={stage === 'change'}
                    onChange={() => {
                      setStage('change');
                      reset();
                    }}
                  />{' '}
                  {t('imports.stageChange')}
                </label>
              </fieldset>
              {stage === 'change' && (
                <>
                  <div className="field">
                    <label htmlFor="import-decision">{t('budgetChanges.reference')}</label>
                    <input
                      id="import-decision"
                      value={decision}
                      placeholder={t('budgetChanges.referenceExample')}
                      onChange={(e) => setDecision(e.target.value)}
                    />
                  </div>
                  <div className="field">
                    <label htmlFor="import-date">{t('budgetChanges.date')}</label>
                    <input
                      id="import-date"
                      type="date"
                      value={date}
                      onChange={(e) => setDate(e.target.value)}
                    />
                  </div>
                </>
              )}
            </div>
          )}
          {kind === 'actuals' && (
            <div className="field checkbox">
              <input
                id="import-append"
                type="checkbox"
                checked={append}
                onChange={(e) => {
                  setAppend(e.target.checked);
                  reset();
                }}
              />
              <label htmlFor="import-append">{t('imports.append')}</label>
            </div>
          )}
          <p className="help">{t(`imports.columnsHelp.${kind}`)}</p>
        </section>

        <section aria-labelledby="step-file">
          <h2 id="step-file">{t('imports.stepFile')}</h2>
          <div className="field">
            <label htmlFor="import-file">{t('imports.file')}</label>
            <input
              id="import-file"
              ref={fileInput}
              type="file"
              accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setColumns({});
                reset();
              }}
            />
            {file && (
              <span className="help">
                {t('imports.fileSize', {
                  name: file.name,
                  size: formatWhole(Math.ceil(file.size / 1024)),
                })}
              </span>
            )}
          </div>
          <div className="buttons">
            <button type="submit" disabled={busy}>
              {t('imports.check')}
            </button>
          </div>
          {busy && (
            <div className="progress" role="status">
              <label htmlFor="import-progress">
                {phase === 'uploading'
                  ? t('imports.uploading')
                  : phase === 'checking'
                    ? t('imports.checking')
                    : t('imports.writing')}
              </label>
              <progress
                id="import-progress"
                max={1}
                {...(progress !== null && phase === 'uploading' ? { value: progress } : {})}
              />
              {progress !== null && phase === 'uploading' && (
                <span> {Math.floor(progress * 100)} %</span>
              )}
            </div>
          )}
          {error !== null && (
            <Message kind="error">
              {error instanceof ApiError ? errorText(error, t) : (error as Error).message}
            </Message>
          )}
        </section>
      </form>

      {checked && (
        <section aria-labelledby="step-check">
          <h2 id="step-check">{t('imports.stepCheck')}</h2>
          {checked.source && <SourceFacts source={checked.source} />}
          {header.length > 0 && (
            <div className="table-scroll">
              <table className="figures compact">
                <caption>{t('imports.firstRows')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('imports.row')}</th>
                    {header.map((cell, i) => (
                      <th key={i} scope="col">
                        {cell}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {firstRows.map((cells, r) => (
                    <tr key={r}>
                      <th scope="row">{rowNumbers[r] ?? r + 2}</th>
                      {header.map((_, c) => (
                        <td key={c}>{cells[c] ?? ''}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          {problemCount === 0 ? (
            <Message kind="success">
              <span aria-hidden="true">✓ </span>
              {t('imports.noProblems', {
                count: checked.source?.rows ?? checked.records,
                rows: formatWhole(checked.source?.rows ?? checked.records),
              })}
            </Message>
          ) : (
            <>
              <Message kind="error">
                {t('imports.problemsFound', { count: problemCount })} {t('imports.nothingWritten')}
              </Message>
              <div className="table-scroll">
                <table className="figures problems">
                  <caption>
                    {problems.length < problemCount
                      ? t('imports.problemsShown', { shown: problems.length, count: problemCount })
                      : t('imports.problems')}
                  </caption>
                  <thead>
                    <HeaderRow
                      columns={[
                        { label: t('imports.row') },
                        { label: t('imports.column') },
                        { label: t('imports.value') },
                        { label: t('imports.problem') },
                      ]}
                    />
                  </thead>
                  <tbody>
                    {problems.map((problem, i) => (
                      <tr key={i}>
                        <th scope="row">{problem.row ?? '–'}</th>
                        <td>{problem.column ?? '–'}</td>
                        <td>
                          <code>{problem.value ?? ''}</code>
                        </td>
                        <td>{problem.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}

          {headerProblem && header.length > 0 && (
            <fieldset className="column-map">
              <legend>{t('imports.mapColumns')}</legend>
              <p className="help">{t('imports.mapHelp')}</p>
              <div className="row">
                {fields.map((column) => (
                  <div className="field" key={column}>
                    <label htmlFor={`map-${column}`}>{column}</label>
                    <select
                      id={`map-${column}`}
                      value={columns[column] ?? recognised?.[column] ?? ''}
                      onChange={(e) => setColumns((c) => ({ ...c, [column]: e.target.value }))}
                    >
                      <option value="">{t('imports.notInFile')}</option>
                      {header.map((cell, i) => (
                        <option key={i} value={cell}>
                          {cell}
                        </option>
                      ))}
                    </select>
                  </div>
                ))}
              </div>
              <button type="button" disabled={busy} onClick={() => void send(false)}>
                {t('imports.checkAgain')}
              </button>
            </fieldset>
          )}

          {problemCount === 0 && (
            <section aria-labelledby="step-write">
              <h2 id="step-write">{t('imports.stepWrite')}</h2>
              <p>{t(writeWarning(kind, stage, append))}</p>
              <button type="button" disabled={busy} onClick={() => void send(true)}>
                {t('imports.write')}
              </button>
            </section>
          )}
        </section>
      )}

      {written && (
        <Message kind="success">
          <span aria-hidden="true">✓ </span>
          {t('imports.done', { count: written.records })}
          {written.months && written.months.length > 0 && (
            <> {t('imports.months', { months: written.months.join(', ') })}</>
          )}
        </Message>
      )}

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('imports.history')}</h2>
        {history.error && <Message kind="error" error={history.error} />}
        {!history.data && history.loading && <Loading />}
        {history.data && historyEntries.length === 0 && (
          <p className="muted">{t('imports.noHistory')}</p>
        )}
        {historyEntries.length > 0 && (
          <div className="table-scroll">
            <table className="figures">
              <caption>{t('imports.historyCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('imports.when')}</th>
                  <th scope="col">{t('imports.kind')}</th>
                  <th scope="col">{t('imports.year')}</th>
                  <th scope="col">{t('imports.fileName')}</th>
                  <th scope="col" className="num">
                    {t('imports.rows')}
                  </th>
                  <th scope="col">{t('imports.by')}</th>
                  <th scope="col">SHA-256</th>
                </tr>
              </thead>
              <tbody>
                {[...historyEntries]
                  .sort((a, b) => b.id - a.id)
                  .map((entry) => (
                    <tr key={entry.id}>
                      <th scope="row">{formatDateTime(entry.importedAt, lang)}</th>
                      <td>{kindLabel(entry.kind, t)}</td>
                      <td>{entry.year ?? ''}</td>
                      <td>
                        {entry.fileName}
                        {entry.format === 'form' ? '' : ` (${entry.format.toUpperCase()})`}
                      </td>
                      <td className="num">{formatWhole(entry.rows)}</td>
                      <td>{entry.importedBy ?? 'CLI'}</td>
                      <td>
                        <code title={entry.sha256}>{entry.sha256.slice(0, 12)}…</code>
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function kindLabel(kind: string, t: (key: MessageKey) => string): string {
  return isImportKind(kind) ? t(`imports.kinds.${kind}`) : kind;
}

function writeWarning(kind: Kind, stage: string, append: boolean): MessageKey {
  if (kind === 'actuals') return append ? 'imports.effect.append' : 'imports.effect.actuals';
  if (kind === 'budget')
    return stage === 'change' ? 'imports.effect.change' : 'imports.effect.original';
  return kind === 'org' ? 'imports.effect.org' : 'imports.effect.mapping';
}

function SourceFacts({ source }: { source: SourceView }) {
  const { t } = useI18n();
  const delimiter =
    source.delimiter === '\t'
      ? t('imports.tab')
      : source.delimiter === ';'
        ? t('imports.semicolon')
        : source.delimiter === ','
          ? t('imports.comma')
          : source.delimiter;
  return (
    <dl className="facts">
      {source.file && (
        <>
          <dt>{t('imports.fileName')}</dt>
          <dd>{source.file}</dd>
        </>
      )}
      {source.format && (
        <>
          <dt>{t('imports.format')}</dt>
          <dd>{source.format.toUpperCase()}</dd>
        </>
      )}
      {delimiter && (
        <>
          <dt>{t('imports.delimiter')}</dt>
          <dd>{delimiter}</dd>
        </>
      )}
      {source.encoding && (
        <>
          <dt>{t('imports.encoding')}</dt>
          <dd>{source.encoding.toUpperCase()}</dd>
        </>
      )}
      {source.rows !== undefined && (
        <>
          <dt>{t('imports.rows')}</dt>
          <dd>{formatWhole(source.rows)}</dd>
        </>
      )}
    </dl>
  );
}
