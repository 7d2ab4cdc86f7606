/** The import history: every import of the municipality, newest first. */
import type { ImportHistoryView } from '../../../../src/api/imports.js';
import { isImportKind } from '../../../../src/domain/import-kinds.js';
import { formatDateTime, formatWhole } from '../../format.js';
import type { Resource } from '../../hooks.js';
import { Loading, Message } from '../../components/status.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';

export function ImportHistory({ history }: { history: Resource<ImportHistoryView> }) {
  const { t, lang } = useI18n();
  const historyEntries = history.data?.imports ?? [];
  return (
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
  );
}

function kindLabel(kind: string, t: (key: MessageKey) => string): string {
  return isImportKind(kind) ? t(`imports.kinds.${kind}`) : kind;
}
