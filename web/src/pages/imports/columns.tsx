/**
 * The import wizard's column mapping: which column of the file holds which field, when the header
 * is not recognised (or a remembered mapping was applied, to change it). Each field is named in
 * the user's language with a short explanation, never by its code name. Once the user's mapping
 * reads the file, it may be remembered under a name for the next file with the same header row.
 */
import { useId, useState, type FormEvent } from 'react';
import type { ImportKind } from '../../../../src/domain/import-kinds.js';
import { columnMappingSchema } from '../../../../src/api/imports.js';
import { apiPath, request } from '../../api.js';
import { errorText, Message } from '../../components/status.js';
import { announce } from '../../hooks.js';
import en from '../../i18n/en.json';
import { useI18n, type Translate } from '../../i18n/index.js';

type Field = keyof typeof en.imports.field;
const FIELDS = new Set(Object.keys(en.imports.field));
const isField = (name: string): name is Field => FIELDS.has(name);

/** A field of a kind as the user reads it: its name in the language, and an explanation. */
export function fieldText(
  kind: ImportKind | 'forecast',
  field: string,
  t: Translate,
): { label: string; help: string } {
  // An organisation's `kind` is the unit's type; elsewhere the entry's (external, internal…).
  const name = kind === 'org' && field === 'kind' ? 'orgKind' : field;
  if (!isField(name)) return { label: field, help: '' };
  return { label: t(`imports.field.${name}`), help: t(`imports.fieldHelp.${name}`) };
}

export function ColumnMap({
  kind,
  fields,
  header,
  columns,
  recognised,
  applied,
  setColumns,
  busy,
  checkAgain,
}: {
  kind: ImportKind;
  fields: readonly string[];
  header: readonly string[];
  columns: Record<string, string>;
  recognised: Record<string, string | null> | null;
  /** The name of the remembered mapping the file was read by, if one was. */
  applied: string | null;
  setColumns: (update: (columns: Record<string, string>) => Record<string, string>) => void;
  busy: boolean;
  checkAgain: () => Promise<void>;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="column-map">
      <legend>{t('imports.mapColumns')}</legend>
      {applied !== null ? (
        <Message kind="info">{t('imports.mapping.applied', { name: applied })}</Message>
      ) : (
        <p className="help">{t('imports.mapHelp')}</p>
      )}
      <div className="row">
        {fields.map((column) => {
          const { label, help } = fieldText(kind, column, t);
          return (
            <div className="field" key={column}>
              <label htmlFor={`map-${column}`}>{label}</label>
              <select
                id={`map-${column}`}
                value={columns[column] ?? recognised?.[column] ?? ''}
                aria-describedby={help ? `map-${column}-help` : undefined}
                onChange={(e) => setColumns((c) => ({ ...c, [column]: e.target.value }))}
              >
                <option value="">{t('imports.notInFile')}</option>
                {header.map((cell, i) => (
                  <option key={i} value={cell}>
                    {cell}
                  </option>
                ))}
              </select>
              {help && (
                <span className="help" id={`map-${column}-help`}>
                  {help}
                </span>
              )}
            </div>
          );
        })}
      </div>
      <button type="button" disabled={busy} onClick={() => void checkAgain()}>
        {t('imports.checkAgain')}
      </button>
    </fieldset>
  );
}

/** The offer to remember the user's mapping, once it reads the file, for the next import. */
export function RememberMapping({
  m,
  kind,
  header,
  columns,
  onRemembered,
}: {
  m: string;
  kind: ImportKind;
  header: readonly string[];
  columns: Record<string, string>;
  onRemembered: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    setError(null);
    if (!name.trim()) return;
    setBusy(true);
    try {
      const answer = await request(
        'POST',
        apiPath('m', m, 'imports', 'mappings'),
        {
          kind,
          name: name.trim(),
          header,
          columns: Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== '')),
        },
        { schema: columnMappingSchema },
      );
      const text = t('imports.mapping.remembered', { name: answer.name });
      setSaved(text);
      announce(text);
      onRemembered();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  if (saved) return <Message kind="success">{saved}</Message>;
  const missing = tried && !name.trim();
  return (
    <section aria-labelledby={`${id}-title`} className="remember-mapping">
      <h3 id={`${id}-title`}>{t('imports.mapping.rememberTitle')}</h3>
      <p className="help">{t('imports.mapping.rememberHelp')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('imports.mapping.name')}</label>
          <input
            id={`${id}-name`}
            value={name}
            maxLength={100}
            placeholder={t('imports.mapping.nameExample')}
            aria-invalid={missing}
            aria-describedby={missing ? `${id}-missing` : undefined}
            onChange={(e) => setName(e.target.value)}
          />
          {missing && (
            <span className="field-error" id={`${id}-missing`}>
              {t('imports.mapping.nameMissing')}
            </span>
          )}
        </div>
        <button type="submit" className="secondary" disabled={busy}>
          {busy ? t('common.saving') : t('imports.mapping.remember')}
        </button>
        {error !== null && <Message kind="error">{errorText(error, t)}</Message>}
      </form>
    </section>
  );
}
