/**
 * The check step's preview: what the import changes per unit and month (actuals) or per unit
 * and line (budget), before → after with what it removes and adds; units the file has no row
 * for are marked, and the write step asks for confirmation before their figures are removed.
 */
import type { ImportPreviewView } from '../../../../src/api/imports.js';
import { Message } from '../../components/status.js';
import { formatCents, monthName } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { ScrollRegion } from '../../components/scroll-region.js';

export function ImportPreviewTable({ preview }: { preview: ImportPreviewView }) {
  const { t, lang } = useI18n();
  const money = (amount: number) => formatCents(amount, lang);
  const absent = (inFile: boolean) =>
    inFile ? null : <span className="badge finding-warning">{t('imports.preview.notInFile')}</span>;
  const empty = preview.cells.length === 0 && preview.lines.length === 0;
  return (
    <section aria-labelledby="import-preview">
      <h3 id="import-preview">{t('imports.preview.title')}</h3>
      {empty && <p className="muted">{t('imports.preview.none')}</p>}
      {preview.cells.length > 0 && (
        <ScrollRegion label={t('imports.preview.captionActuals')}>
          <table className="figures compact">
            <caption>{t('imports.preview.captionActuals')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('imports.preview.unit')}</th>
                <th scope="col">{t('imports.preview.month')}</th>
                <th scope="col" className="num">
                  {t('imports.preview.before')}
                </th>
                <th scope="col" className="num">
                  {t('imports.preview.removed')}
                </th>
                <th scope="col" className="num">
                  {t('imports.preview.added')}
                </th>
                <th scope="col" className="num">
                  {t('imports.preview.after')}
                </th>
              </tr>
            </thead>
            <tbody>
              {preview.cells.map((cell) => (
                <tr key={`${cell.unit}/${cell.month}`} className={cell.inFile ? '' : 'absent'}>
                  <th scope="row">
                    {cell.unit}
                    {absent(cell.inFile)}
                  </th>
                  <td>{monthName(cell.month, t)}</td>
                  <td className="num">{money(cell.before)}</td>
                  <td className="num">{money(cell.removed)}</td>
                  <td className="num">{money(cell.added)}</td>
                  <td className="num">{money(cell.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {preview.lines.length > 0 && (
        <ScrollRegion label={t('imports.preview.captionBudget')}>
          <table className="figures compact">
            <caption>{t('imports.preview.captionBudget')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('imports.preview.unit')}</th>
                <th scope="col">{t('imports.preview.line')}</th>
                <th scope="col" className="num">
                  {t('imports.preview.before')}
                </th>
                <th scope="col" className="num">
                  {t('imports.preview.after')}
                </th>
              </tr>
            </thead>
            <tbody>
              {preview.lines.map((line) => (
                <tr key={`${line.unit}/${line.line}`} className={line.inFile ? '' : 'absent'}>
                  <th scope="row">
                    {line.unit}
                    {absent(line.inFile)}
                  </th>
                  <td>{line.line}</td>
                  <td className="num">{money(line.before)}</td>
                  <td className="num">{money(line.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {preview.frozen.map((f) => (
        <Message kind="error" key={f.unit}>
          {t('imports.preview.frozen', {
            unit: f.unit,
            period: `1–${f.period}`,
            units: f.units.join(', '),
          })}
        </Message>
      ))}
      {preview.absentUnits.length > 0 && (
        <Message kind="warning">
          {t('imports.preview.absent', {
            count: preview.absentUnits.length,
            units: preview.absentUnits.join(', '),
          })}
        </Message>
      )}
    </section>
  );
}
