/** The file readers: CSV and XLSX tables, value parsers, the four import kinds and forecasts. */
export { aggregateActuals } from './actuals.js';
export { KIND_LINE, parseBudget } from './budget.js';
export { CsvParser, detectDelimiter, type Delimiter } from './csv.js';
export { parseForecasts, type ForecastParseResult } from './forecasts.js';
export { GOAL_HEADERS, parseGoals, type GoalRecord } from './goals.js';
export {
  FILE_HEADERS,
  FORECAST_HEADERS,
  HEADERS,
  normaliseHeader,
  resolveHeader,
  requireColumns,
  type ColumnMap,
  type Columns,
  type HeaderSpec,
} from './headers.js';
export { parseMapping } from './mapping.js';
export { parseOrg } from './org.js';
export { peekTable, PEEK_ROWS, type TablePeek } from './peek.js';
export {
  columnLetter,
  EXPECTED,
  formatProblem,
  PROBLEM_CODES,
  problem,
  ProblemLog,
  type ProblemCode,
} from './problems.js';
export { openTable, type RowVisitor, type Table, type TableRow } from './table.js';
export * from './types.js';
export {
  isoDate,
  parseAmount,
  parseAmountResult,
  parseDate,
  parsePeriod,
  type AmountFailure,
  type AmountResult,
  type DateParts,
  type PeriodParts,
} from './values.js';
export { entryKindOf, unitKindOf } from './words.js';
export { cellText, numberText } from './xlsx.js';
