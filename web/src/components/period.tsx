/** The choice of the last month of actuals: the latest booked, or the end of a given month. */
import { monthName } from '../format.js';
import { useI18n } from '../i18n/index.js';

export function MonthSelect({
  id,
  year,
  value,
  onChange,
  latestLabel,
}: {
  id: string;
  year: number;
  /** `YYYY-MM`, or '' for the latest booked month */
  value: string;
  onChange: (period: string) => void;
  latestLabel?: string;
}) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>{t('period.label')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{latestLabel ?? t('period.latest')}</option>
        {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => {
          const period = `${year}-${String(month).padStart(2, '0')}`;
          return (
            <option key={month} value={period}>
              {t('period.month', { month: monthName(month, t), year })}
            </option>
          );
        })}
      </select>
    </div>
  );
}
