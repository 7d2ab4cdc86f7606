/**
 * The report of a unit (with its areas) or the whole city: chosen by unit, language, period and
 * rounding, previewed as the server renders it (HTML in a frame of the same origin) and downloaded
 * as PDF, DOCX, XLSX or CSV. The choices live in the address, so a report can be linked.
 */
import { useState } from 'react';
import { apiPath, query } from '../api.js';
import { MonthSelect } from '../components/period.js';
import { Message, PageHeading } from '../components/status.js';
import { useResource } from '../hooks.js';
import { LanguageField } from '../components/language.js';
import { isLanguage, pick, useI18n, type Language } from '../i18n/index.js';
import { navigate, useLocation } from '../router.js';
import { overviewSchema } from '../schemas.js';

const DOWNLOADS = ['pdf', 'docx', 'xlsx', 'csv'] as const;

export default function ReportPage({ m, year }: { m: string; year: number }) {
  const { t, lang } = useI18n();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const overview = useResource(apiPath('m', m, year, 'overview'), overviewSchema);
  const [frameKey, setFrameKey] = useState(0);

  const units = overview.data?.units ?? [];
  const defaultUnit = units.find((u) => u.kind === 'central')?.code ?? units[0]?.code ?? '';
  const unit = params.get('unit') ?? defaultUnit;
  const requestedLang = params.get('lang');
  const reportLang: Language = isLanguage(requestedLang) ? requestedLang : lang;
  const period = params.get('period') ?? '';
  const additive = params.get('additive') === '1';
  const thousands = params.get('thousands') === '1';

  const set = (change: Record<string, string | boolean>) => {
    const next = {
      unit: params.get('unit') ?? '',
      lang: params.get('lang') ?? '',
      period,
      additive: additive ? '1' : '',
      thousands: thousands ? '1' : '',
      ...change,
    };
    for (const key of ['additive', 'thousands'] as const) {
      if (typeof next[key] === 'boolean') next[key] = next[key] ? '1' : '';
    }
    navigate(location.pathname + query(next), { replace: true });
  };

  // Only the preview shows Utfall's proposed outcome sentences; downloads print what was written.
  const reportQuery = (format: string, preview = false) =>
    apiPath('m', m, year, 'report') +
    query({
      unit: unit === 'city' ? '' : unit,
      lang: reportLang,
      period,
      additive: additive ? 'true' : '',
      thousands: thousands ? 'true' : '',
      format,
      proposals: preview ? 'true' : '',
    });

  const title = t('report.title', { year });
  const ready = unit !== '';
  const unitName =
    unit === 'city'
      ? t('report.wholeCity')
      : (() => {
          const u = units.find((x) => x.code === unit);
          return u ? `${u.code} ${pick(u.names, lang)}` : unit;
        })();

  return (
    <div className="page wide">
      <PageHeading title={title}>{title}</PageHeading>
      <form className="filters report-options" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="report-unit">{t('report.unit')}</label>
          <select id="report-unit" value={unit} onChange={(e) => set({ unit: e.target.value })}>
            {units.length === 0 && <option value={unit}>{unit}</option>}
            {units.map((u) => (
              <option key={u.code} value={u.code}>
                {'\u2003'.repeat(u.depth)}
                {u.code} {pick(u.names, lang)}
              </option>
            ))}
            <option value="city">{t('report.wholeCity')}</option>
          </select>
        </div>
        <LanguageField
          id="report-lang"
          label={t('report.language')}
          value={reportLang}
          onChange={(lang) => set({ lang })}
        />
        <MonthSelect
          id="report-period"
          year={year}
          value={period}
          latestLabel={t('report.fullYear')}
          onChange={(p) => set({ period: p })}
        />
        <div className="field checkbox">
          <input
            id="report-additive"
            type="checkbox"
            checked={additive}
            onChange={(e) => set({ additive: e.target.checked })}
            aria-describedby="report-additive-help"
          />
          <label htmlFor="report-additive">{t('report.additive')}</label>
        </div>
        <div className="field checkbox">
          <input
            id="report-thousands"
            type="checkbox"
            checked={thousands}
            onChange={(e) => set({ thousands: e.target.checked })}
          />
          <label htmlFor="report-thousands">{t('report.thousands')}</label>
        </div>
      </form>
      <p id="report-additive-help" className="help">
        {t('report.additiveHelp')}
      </p>
      {overview.error && <Message kind="error" error={overview.error} />}

      {ready && (
        <>
          <section aria-labelledby="downloads-title" className="downloads">
            <h2 id="downloads-title">{t('report.downloads')}</h2>
            <ul>
              {DOWNLOADS.map((format) => (
                <li key={format}>
                  <a href={reportQuery(format)} download>
                    {t(`report.download.${format}`)}
                  </a>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="preview-title" className="report-preview">
            <div className="preview-heading">
              <h2 id="preview-title">{t('report.preview')}</h2>
              <button type="button" className="secondary" onClick={() => setFrameKey((k) => k + 1)}>
                {t('report.refresh')}
              </button>
            </div>
            <iframe
              key={frameKey}
              title={t('report.frameTitle', {
                unit: unitName,
                language: t(`language.${reportLang}`),
              })}
              src={reportQuery('html', true)}
            />
          </section>
        </>
      )}
    </div>
  );
}
