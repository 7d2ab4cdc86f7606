/**
 * The column mappings remembered for ERP exports: each one's name, kind and columns (the field in
 * the user's language → the file's header), who saved it and when, and a delete button for
 * those the server says the user may delete, asked in a confirmation dialog.
 */
import { useState } from 'react';
import type { ColumnMappingView } from '../../../../src/api/imports.js';
import { columnMappingDeletedSchema } from '../../../../src/api/imports.js';
import { apiPath, request } from '../../api.js';
import { ConfirmDialog } from '../../components/confirm.js';
import { Loading, Message } from '../../components/status.js';
import { HeaderRow } from '../../components/table.js';
import { formatDateTime } from '../../format.js';
import { announce, type Resource } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { fieldText } from './columns.js';
import { ScrollRegion } from '../../components/scroll-region.js';

export function SavedMappings({
  m,
  mappings,
}: {
  m: string;
  mappings: Resource<{ mappings: ColumnMappingView[] }>;
}) {
  const { t, lang } = useI18n();
  const [deleting, setDeleting] = useState<ColumnMappingView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const list = mappings.data?.mappings ?? [];

  const remove = async (mapping: ColumnMappingView) => {
    setBusy(true);
    setError(null);
    try {
      await request('DELETE', apiPath('m', m, 'imports', 'mappings', mapping.id), undefined, {
        schema: columnMappingDeletedSchema,
      });
      const text = t('imports.mappings.deleted', { name: mapping.name });
      setDone(text);
      announce(text);
      mappings.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setDeleting(null);
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="mappings-title">
      <h2 id="mappings-title">{t('imports.mappings.title')}</h2>
      <p className="help">{t('imports.mappings.lead')}</p>
      {mappings.error && <Message kind="error" error={mappings.error} />}
      {!mappings.data && mappings.loading && <Loading />}
      {done && <Message kind="success">{done}</Message>}
      {error !== null && <Message kind="error" error={error} />}
      {mappings.data && list.length === 0 && <p className="muted">{t('imports.mappings.none')}</p>}
      {list.length > 0 && (
        <ScrollRegion label={t('imports.mappings.caption')}>
          <table className="figures">
            <caption>{t('imports.mappings.caption')}</caption>
            <thead>
              <HeaderRow
                columns={[
                  { label: t('imports.mappings.name') },
                  { label: t('imports.kind') },
                  { label: t('imports.mappings.columns') },
                  { label: t('imports.mappings.saved') },
                  { label: t('budgetChanges.actions') },
                ]}
              />
            </thead>
            <tbody>
              {list.map((mapping) => (
                <tr key={mapping.id}>
                  <th scope="row">{mapping.name}</th>
                  <td>{t(`imports.kinds.${mapping.kind}`)}</td>
                  <td>
                    <ul className="plain">
                      {Object.entries(mapping.columns).map(([field, header]) => (
                        <li key={field}>
                          {fieldText(mapping.kind, field, t).label}: {header}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {t('imports.mappings.savedBy', {
                      when: formatDateTime(mapping.createdAt, lang),
                      by: mapping.createdBy,
                    })}
                  </td>
                  <td>
                    {mapping.deletable && (
                      <button
                        type="button"
                        className="secondary small"
                        aria-label={t('imports.mappings.deleteOf', { name: mapping.name })}
                        onClick={() => {
                          setDone(null);
                          setDeleting(mapping);
                        }}
                      >
                        {t('imports.mappings.delete')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('imports.mappings.deleteTitle', { name: deleting.name })}
          confirmLabel={t('imports.mappings.deleteConfirm')}
          busy={busy}
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        >
          <p>{t('imports.mappings.deleteText')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
