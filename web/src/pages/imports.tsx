/**
 * The import wizard: choose what to import, upload a CSV or XLSX file (with a real progress bar:
 * XMLHttpRequest reports the upload), see the detected format, the first rows and every problem
 * with its row and column before anything is written, map the columns when the header is not
 * recognised, then import. An import is all or nothing; the history lists every one.
 *
 * A column mapping the user made may be remembered for the next file with the same header row
 * (an ERP's monthly export), which the server then reads by it; the saved ones are listed.
 * Whoever may import nothing here (the session's `may`, from the domain's rule) is told so
 * instead of shown the form, and still sees the history.
 *
 * This module holds the wizard's state and its requests; each step is a component of its own in
 * ./imports/ (options, file, check with columns, write, history, mappings).
 */
import { useRef, useState, type FormEvent } from 'react';
import { IMPORT_KINDS, type ImportKind } from '../../../src/domain/import-kinds.js';
import { columnMappingsSchema, type ImportAnswer } from '../../../src/api/imports.js';
import { ApiError, apiPath, upload } from '../api.js';
import { Message, PageHeading } from '../components/status.js';
import { announce, useResource } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { importAnswerSchema, importHistorySchema } from '../schemas.js';
import { abilitiesIn, useSession } from '../session.js';
import { CheckResult } from './imports/check.js';
import { ChooseFile, type Phase } from './imports/file.js';
import { ImportHistory } from './imports/history.js';
import { SavedMappings } from './imports/mappings.js';
import { ImportOptions, type Sign, type Stage } from './imports/options.js';
import { Written } from './imports/write.js';

/** The order the wizard offers the kinds in: the monthly work first. */
const ORDER: Record<ImportKind, number> = { actuals: 0, budget: 1, org: 2, mapping: 3 };
const KINDS = [...IMPORT_KINDS].sort((a, b) => ORDER[a] - ORDER[b]);
type Kind = ImportKind;

/** The answer of a 422: the same shape, in the body's details (or the body itself). */
function answerOf(error: ApiError): ImportAnswer | null {
  for (const candidate of [error.details, error.body]) {
    const answer = importAnswerSchema.safeParse(candidate);
    if (answer.success) return answer.data;
  }
  return null;
}

export default function ImportsPage({ m, year }: { m: string; year: number }) {
  const { t } = useI18n();
  const { may } = useSession();
  const mayImport = abilitiesIn(may, m).imports.length > 0;
  const history = useResource(apiPath('m', m, 'imports'), importHistorySchema);
  const mappings = useResource(
    mayImport ? apiPath('m', m, 'imports', 'mappings') : null,
    columnMappingsSchema,
  );
  // Exactly the kinds the server says the user may run here, in the wizard's order.
  const allowed = history.data?.kinds;
  const kinds = allowed ? KINDS.filter((k) => allowed.includes(k)) : [];

  const [chosen, setKind] = useState<Kind>('actuals');
  // The kind chosen, else the first one offered (the monthly work, for those who may do it).
  const kind = kinds.includes(chosen) ? chosen : (kinds[0] ?? chosen);
  const [fileYear, setFileYear] = useState(String(year));
  const [sign, setSign] = useState<Sign>('report');
  const [stage, setStage] = useState<Stage>('original');
  const [decision, setDecision] = useState('');
  const [date, setDate] = useState('');
  const [append, setAppend] = useState(false);
  const [replaceAll, setReplaceAll] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [columns, setColumns] = useState<Record<string, string>>({});
  const [progress, setProgress] = useState<number | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
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
    else if (kind === 'actuals' && replaceAll) data.set('replaceAll', 'true');
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

  const busy = phase !== 'idle';
  const title = t('imports.title');

  if (!mayImport) {
    const refused = t('imports.refused.title');
    return (
      <div className="page wide">
        <PageHeading title={refused}>{refused}</PageHeading>
        <Message kind="info">{t('imports.refused.text')}</Message>
        <ImportHistory history={history} m={m} kinds={[]} />
      </div>
    );
  }

  return (
    <div className="page wide">
      <PageHeading title={title}>{title}</PageHeading>
      <p className="lead">{t('imports.lead')}</p>

      {history.data && kinds.length === 0 && (
        <Message kind="info">{t('imports.notAllowed')}</Message>
      )}
      {kinds.length > 0 && (
        <form onSubmit={submit} className="import-form">
          <ImportOptions
            kinds={kinds}
            kind={kind}
            setKind={setKind}
            setColumns={setColumns}
            reset={reset}
            fileYear={fileYear}
            setFileYear={setFileYear}
            sign={sign}
            setSign={setSign}
            stage={stage}
            setStage={setStage}
            decision={decision}
            setDecision={setDecision}
            date={date}
            setDate={setDate}
            append={append}
            setAppend={setAppend}
            replaceAll={replaceAll}
            setReplaceAll={setReplaceAll}
          />

          <ChooseFile
            fileInput={fileInput}
            file={file}
            setFile={setFile}
            setColumns={setColumns}
            reset={reset}
            busy={busy}
            phase={phase}
            progress={progress}
            error={error}
          />
        </form>
      )}

      {checked && (
        <CheckResult
          m={m}
          checked={checked}
          kind={kind}
          stage={stage}
          append={append}
          replaceAll={replaceAll}
          columns={columns}
          setColumns={setColumns}
          busy={busy}
          send={send}
          onRemembered={mappings.reload}
        />
      )}

      {written && <Written written={written} />}

      <ImportHistory history={history} m={m} kinds={kinds} />

      <SavedMappings m={m} mappings={mappings} />
    </div>
  );
}
