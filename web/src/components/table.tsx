/** Pieces every table of the application shares. */
import type { ReactNode } from 'react';
import type { Translate } from '../i18n/index.js';

export interface Column {
  label: ReactNode;
  /** A column of amounts or counts, aligned as numbers. */
  num?: boolean;
}

/** A table's row of column headers. */
export function HeaderRow({ columns }: { columns: Column[] }) {
  return (
    <tr>
      {columns.map((column, i) => (
        <th key={i} scope="col" className={column.num ? 'num' : undefined}>
          {column.label}
        </th>
      ))}
    </tr>
  );
}

/**
 * A unit and its binding line's figures: the overview's columns and a unit's sub-units'. At an
 * interim period (`toMonth` 1–11) headed as the interim report heads them: the year's revised
 * budget, the budget to date ("Budget 1–8/2023"), the actual and deviation to date, the use %.
 */
export function bindingColumns(t: Translate, year: number, toMonth: number | null): Column[] {
  if (toMonth !== null && toMonth < 12) {
    return [
      { label: t('overview.column.unit') },
      { label: t('overview.column.line') },
      { label: t('overview.column.revisedYear', { year }), num: true },
      { label: t('overview.column.revisedToDate', { month: toMonth, year }), num: true },
      { label: t('overview.column.actualToDate', { month: toMonth, year }), num: true },
      { label: t('overview.column.deviationToDate', { month: toMonth }), num: true },
      { label: t('overview.column.use'), num: true },
    ];
  }
  return [
    { label: t('overview.column.unit') },
    { label: t('overview.column.line') },
    { label: t('overview.column.revised'), num: true },
    { label: t('overview.column.actual'), num: true },
    { label: t('overview.column.deviation'), num: true },
    { label: t('overview.column.use'), num: true },
  ];
}
