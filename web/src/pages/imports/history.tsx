/**
 * The import history: every import of the municipality, newest first, with an undo button for a
 * budget or actuals import the user may run, which asks for confirmation saying what is taken
 * out; the server refuses (and says why) when a later import stands in the way.
 */
import { useState } from 'react';
import type { ImportHistoryView, ImportUndoView } from '../../../../src/api/imports.js';
import { isFileKind, isImportKind, type ImportKind } from '../../../../src/domain/import-kinds.js';
import { apiPath, request } from '../../api.js';
import { formatDateTime, formatWhole } from '../../format.js';
import { announce, type Resource } from '../../hooks.js';
import { Loading, Message } from '../../components/status.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { importUndoSchema } from '../../schemas.js';
import { ScrollRegion } from '../../components/scroll-region.js';

type Entry = ImportHistoryView['imports'][number];

export function ImportHistory({
  history,
  m,
  kinds,
}: {
  history: Resource<ImportHistoryView>;
  m: string;
  kinds: readonly ImportKind[];
}) {
  const { t, lang } = useI18n();
  const historyEntries = history.data?.imports ?? [];
  const [asking, setAsking] = useState<Entry | null>(null);
  const [busy, setBusy] = useState(false);
  const [undone, setUndone] = useState<ImportUndoView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const mayUndo = (entry: Entry) =>
    entry.undoable && isImportKind(entry.kind) && kinds.includes(entry.kind);
  const undo = async (entry: Entry) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await request(
        'POST',
        apiPath('m', m, 'imports', 'undo', entry.id),
        {},
        { schema: importUndoSchema },
      );
      setUndone(answer);
      setAsking(null);
      announce(t('imports.undo.done', { id: answer.importId, units: answer.units.join(', ') }));
      history.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('imports.history')}</h2>
      {history.error && <Message kind="error" error={history.error} />}
      {!history.data && history.loading && <Loading />}
      {undone && (
        <Message kind="success">
          {t('imports.undo.done', { id: undone.importId, units: undone.units.join(', ') })}
        </Message>
      )}
      {error !== null && <Message kind="error" error={error} />}
      {asking && (
        <div className="inline-confirm" role="group" aria-labelledby="undo-question">
          <p id="undo-question">
            {t('imports.undo.confirm', {
              id: asking.id,
              file: asking.fileName,
              kind: kindLabel(asking.kind, t),
              year: asking.year ?? '',
            })}
          </p>
          <button type="button" disabled={busy} onClick={() => void undo(asking)}>
            {t('imports.undo.yes')}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setAsking(null)}>
            {t('imports.undo.no')}
          </button>
        </div>
      )}
      {history.data && historyEntries.length === 0 && (
        <p className="muted">{t('imports.noHistory')}</p>
      )}
      {historyEntries.length > 0 && (
        <ScrollRegion label={t('imports.historyCaption')}>
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
                <th scope="col">{t('imports.undo.column')}</th>
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
                    <td>
                      {entry.undoneAt ? (
                        t('imports.undo.undone', {
                          when: formatDateTime(entry.undoneAt, lang),
                          by: entry.undoneBy ?? 'CLI',
                        })
                      ) : mayUndo(entry) ? (
                        <button
                          type="button"
                          className="secondary"
                          aria-label={`${t('imports.undo.button')} ${entry.id} ${entry.fileName}`}
                          onClick={() => {
                            setUndone(null);
                            setError(null);
                            setAsking(entry);
                          }}
                        >
                          {t('imports.undo.button')}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

function kindLabel(kind: string, t: (key: MessageKey) => string): string {
  return isFileKind(kind) ? t(`imports.kinds.${kind}`) : kind;
}
