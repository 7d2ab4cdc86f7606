/** Step 2 of the import wizard: the file, the check button, the upload's progress and errors. */
import type { RefObject } from 'react';
import { ApiError } from '../../api.js';
import { errorText, Message } from '../../components/status.js';
import { formatWhole } from '../../format.js';
import { useI18n } from '../../i18n/index.js';

export type Phase = 'idle' | 'uploading' | 'checking' | 'writing';

export function ChooseFile({
  fileInput,
  file,
  setFile,
  setColumns,
  reset,
  busy,
  phase,
  progress,
  error,
}: {
  fileInput: RefObject<HTMLInputElement | null>;
  file: File | null;
  setFile: (file: File | null) => void;
  setColumns: (columns: Record<string, string>) => void;
  reset: () => void;
  busy: boolean;
  phase: Phase;
  progress: number | null;
  error: unknown;
}) {
  const { t } = useI18n();
  return (
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
  );
}
