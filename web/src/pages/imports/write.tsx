/** The import wizard's last steps: what writing will do, the write button, what was written. */
import type { ImportKind } from '../../../../src/domain/import-kinds.js';
import { useState } from 'react';
import type { ImportAnswer, ImportPreviewView } from '../../../../src/api/imports.js';
import { Message } from '../../components/status.js';
import { monthName } from '../../format.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import type { Stage } from './options.js';

export function WriteStep({
  kind,
  stage,
  append,
  replaceAll,
  preview,
  busy,
  write,
}: {
  kind: ImportKind;
  stage: Stage;
  append: boolean;
  replaceAll: boolean;
  preview: ImportPreviewView | null;
  busy: boolean;
  write: () => Promise<void>;
}) {
  const { t } = useI18n();
  // Figures of units the file has no row for are removed only when the user says so.
  const absent = preview?.absentUnits ?? [];
  const [confirmed, setConfirmed] = useState(false);
  const needsConfirmation = absent.length > 0 && !confirmed;
  // An import that changes an approved report's frozen figures would be refused: not offered.
  const frozen = (preview?.frozen.length ?? 0) > 0;
  if (frozen)
    return (
      <section aria-labelledby="step-write">
        <h2 id="step-write">{t('imports.stepWrite')}</h2>
        <p>{t('imports.preview.frozenStep')}</p>
      </section>
    );
  return (
    <section aria-labelledby="step-write">
      <h2 id="step-write">{t('imports.stepWrite')}</h2>
      <p>{t(writeWarning(kind, stage, append, replaceAll))}</p>
      {absent.length > 0 && (
        <div className="field checkbox">
          <input
            id="import-confirm-absent"
            type="checkbox"
            checked={confirmed}
            onChange={(e) => setConfirmed(e.target.checked)}
          />
          <label htmlFor="import-confirm-absent">
            {t('imports.preview.confirmAbsent')} ({absent.join(', ')})
          </label>
        </div>
      )}
      <button type="button" disabled={busy || needsConfirmation} onClick={() => void write()}>
        {t('imports.write')}
      </button>
    </section>
  );
}

/** What an import wrote: the records and, for actuals, the months. */
export function Written({ written }: { written: ImportAnswer }) {
  const { t } = useI18n();
  return (
    <Message kind="success">
      <span aria-hidden="true">✓ </span>
      {t('imports.done', { count: written.records })}
      {written.months && written.months.length > 0 && (
        <>
          {' '}
          {t('imports.months', { months: written.months.map((m) => monthName(m, t)).join(', ') })}
        </>
      )}
    </Message>
  );
}

function writeWarning(
  kind: ImportKind,
  stage: string,
  append: boolean,
  replaceAll: boolean,
): MessageKey {
  if (kind === 'actuals')
    return append
      ? 'imports.effect.append'
      : replaceAll
        ? 'imports.effect.replaceAll'
        : 'imports.effect.actuals';
  if (kind === 'budget')
    return stage === 'change' ? 'imports.effect.change' : 'imports.effect.original';
  return kind === 'org' ? 'imports.effect.org' : 'imports.effect.mapping';
}
