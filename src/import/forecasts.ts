/**
 * The forecast file: a unit's forecast for the year per leaf line, at one interim period — the
 * import's (`utfall import forecast FILE --period 2023-08`). Columns unit, line (a leaf line by
 * its code or its label in sv, fi or en; a total is computed, not forecast), amount (euros in
 * report sign, unless the import says accounting) and an optional period, which when given must
 * be the import's. Every bad cell is a problem naming its row, column and value, and so is a
 * second row of one unit and line.
 */
import type { LineCode } from '../domain/lines.js';
import { negate } from '../domain/money.js';
import { FORECAST_HEADERS } from './headers.js';
import { allProblems, amountCell, cellAt, drain, leafLineCell, openWithHeader } from './read.js';
import type { ForecastRecord, ImportContext, ParseResult, ReadOptions } from './types.js';
import { scanPeriodCell } from './values.js';

/** What a forecast file says beside its records. */
export interface ForecastParseResult extends ParseResult<ForecastRecord> {
  /**
   * Every known unit the file has rows of, with its first row — also rows with problems, so that
   * whether the importer may change each unit is judged on the whole file.
   */
  units: { code: string; row: number }[];
}

/**
 * Reads a forecast file into records in report sign for the period `month` of `ctx.year`
 * (1–11); every bad cell is a problem.
 */
export async function parseForecasts(
  path: string,
  ctx: ImportContext & { year: number },
  month: number,
  options: ReadOptions = {},
): Promise<ForecastParseResult> {
  const { table, log, columns, usable } = await openWithHeader(
    path,
    FORECAST_HEADERS,
    [['unit', 'line', 'amount']],
    options.columns,
  );
  const records: ForecastRecord[] = [];
  const units = new Map<string, number>();
  if (!usable) {
    await drain(table);
    return { source: table.source, records, units: [], ...allProblems(table, log) };
  }
  const name = (field: keyof typeof FORECAST_HEADERS) => table.columnName(columns[field]);
  const period = `${ctx.year}-${String(month).padStart(2, '0')}`;
  const wanted = ctx.year * 100 + month;
  /** The first row of each unit and line. */
  const first = new Map<string, number>();

  for await (const { row, cells } of table.rows) {
    let ok = true;
    const unit = cellAt(cells, columns.unit);
    if (unit === '') {
      log.add(row, name('unit'), '', 'cell.empty');
      ok = false;
    } else if (!ctx.units.has(unit)) {
      log.add(row, name('unit'), unit, 'unit.unknown');
      ok = false;
    } else if (!units.has(unit)) units.set(unit, row);

    const label = cellAt(cells, columns.line);
    let line: LineCode | undefined;
    if (label === '') {
      log.add(row, name('line'), '', 'cell.empty');
      ok = false;
    } else {
      line = leafLineCell(log, row, name('line'), label);
      if (line === undefined) ok = false;
    }

    const amount = amountCell(log, row, name('amount'), cellAt(cells, columns.amount));
    if (amount === undefined) ok = false;

    const periodText = cellAt(cells, columns.period);
    if (periodText !== '') {
      const packed = scanPeriodCell(periodText);
      if (packed < 0) {
        log.add(row, name('period'), periodText, 'period.invalid');
        ok = false;
      } else if (packed !== wanted) {
        log.add(row, name('period'), periodText, 'forecastPeriod.other', { period });
        ok = false;
      }
    }

    if (line !== undefined && unit !== '' && ctx.units.has(unit)) {
      const key = `${unit}\u0000${line}`;
      const earlier = first.get(key);
      if (earlier !== undefined) {
        log.add(row, name('line'), label, 'forecast.duplicate', { first: earlier, unit });
        ok = false;
      } else first.set(key, row);
    }

    if (!ok || line === undefined || amount === undefined) continue;
    records.push({
      row,
      unitCode: unit,
      line,
      amount: ctx.sign === 'accounting' ? negate(amount) : amount,
    });
  }
  return {
    source: table.source,
    records,
    units: [...units].map(([code, row]) => ({ code, row })),
    ...allProblems(table, log),
  };
}
