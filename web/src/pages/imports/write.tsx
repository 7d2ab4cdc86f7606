/** The import wizard's last steps: what writing will do, the write button, what was written. */
import type { ImportKind } from '../../../../src/domain/import-kinds.js';
import type { ImportAnswer } from '../../../../src/api/imports.js';
import { Message } from '../../components/status.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import type { Stage } from './options.js';

export function WriteStep({
  kind,
  stage,
  append,
  busy,
  write,
}: {
  kind: ImportKind;
  stage: Stage;
  append: boolean;
  busy: boolean;
  write: () => Promise<void>;
}) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="step-write">
      <h2 id="step-write">{t('imports.stepWrite')}</h2>
      <p>{t(writeWarning(kind, stage, append))}</p>
      <button type="button" disabled={busy} onClick={() => void write()}>
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
        <> {t('imports.months', { months: written.months.join(', ') })}</>
      )}
    </Message>
  );
}

function writeWarning(kind: ImportKind, stage: string, append: boolean): MessageKey {
  if (kind === 'actuals') return append ? 'imports.effect.append' : 'imports.effect.actuals';
  if (kind === 'budget')
    return stage === 'change' ? 'imports.effect.change' : 'imports.effect.original';
  return kind === 'org' ? 'imports.effect.org' : 'imports.effect.mapping';
}
