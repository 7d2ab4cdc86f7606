/** Pieces every table of the application shares. */
import type { ReactNode } from 'react';

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
