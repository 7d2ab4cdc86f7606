/**
 * The import wizard's column mapping: which column of the file is which field, when the header is
 * not recognised.
 */
import { useI18n } from '../../i18n/index.js';

export function ColumnMap({
  fields,
  header,
  columns,
  recognised,
  setColumns,
  busy,
  checkAgain,
}: {
  fields: readonly string[];
  header: readonly string[];
  columns: Record<string, string>;
  recognised: Record<string, string | null> | null;
  setColumns: (update: (columns: Record<string, string>) => Record<string, string>) => void;
  busy: boolean;
  checkAgain: () => Promise<void>;
}) {
  const { t } = useI18n();
  return (
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
      <button type="button" disabled={busy} onClick={() => void checkAgain()}>
        {t('imports.checkAgain')}
      </button>
    </fieldset>
  );
}
