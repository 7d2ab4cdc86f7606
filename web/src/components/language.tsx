/** Choices among the three languages, each named in the interface language. */
import { LANGUAGES, useI18n, type Language } from '../i18n/index.js';

/** A labelled choice of sv, fi or en (a report's language, or the interface's). */
export function LanguageField({
  id,
  label,
  value,
  onChange,
  className = 'field',
}: {
  id: string;
  label: string;
  value: Language;
  onChange: (lang: Language) => void;
  className?: string;
}) {
  const { t } = useI18n();
  return (
    <div className={className}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`language.${l}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The choice of the interface language, in the header and on the login page. */
export function LanguageChoice({ id, className }: { id: string; className?: string }) {
  const { t, lang, setLang } = useI18n();
  return (
    <LanguageField
      id={id}
      label={t('shell.language')}
      value={lang}
      onChange={setLang}
      className={className ? `field inline ${className}` : 'field inline'}
    />
  );
}
