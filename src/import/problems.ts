/**
 * Problems found in input files: every code has an English expectation (for logs and JSON)
 * and a translated message in src/i18n/locales/<lang>/import.json (`problem.<code>` and
 * `expected.<code>`). Parsers collect all problems of a file; details are capped, the count not.
 */
import type { Translate } from '../i18n/index.js';
import { MAX_REPORTED_PROBLEMS, type ImportProblem } from './types.js';

/** What each problem expected, in English; `{{param}}` is filled from the problem's params. */
export const EXPECTED = {
  'file.unreadable': 'a readable file',
  'file.empty': 'a header row followed by data rows',
  'file.noRows': 'data rows below the header row',
  'file.binary': 'a CSV text file or an XLSX workbook',
  'file.encoding': 'text in UTF-8 or Windows-1252 (save as "CSV UTF-8")',
  'file.notXlsx': 'an XLSX workbook (a ZIP file); a text file should be named .csv',
  'file.damaged': 'a complete, undamaged XLSX workbook',
  'file.noSheet': 'a workbook with at least one worksheet',
  'file.delimiter': 'columns separated by a comma, a semicolon or a tab',
  'file.tooLarge':
    'a workbook within the import limits: at most {{rows}} rows and {{megabytes}} MB uncompressed',
  'csv.unclosedQuote': 'a closing quote (") for the quoted field',
  'row.cells':
    '{{width}} cells in every row, as in the header row (in a comma-separated file, an amount with a decimal comma is quoted: "736,50")',
  'header.duplicate': 'each column once (also given as "{{first}}")',
  'header.missing': 'a column {{names}}',
  'header.unmatched': 'a column of the header row for {{field}}',
  'header.layout': 'either a date column (ledger) or a period column (monthly balances), not both',
  'cell.empty': 'a value',
  'amount.invalid': 'an amount like -1 234,56',
  'amount.decimals': 'an amount with at most two decimals',
  'amount.range': 'an amount within ±10 000 000 000 000 euros',
  'amount.sum': 'sums per unit and line within ±10 000 000 000 000 euros',
  'date.invalid': 'a date like 2023-03-31 or 31.3.2023',
  'date.otherYear': 'a date in {{year}}',
  'period.invalid': 'a month like 2023-05 or 5/2023',
  'budgetPeriod.invalid':
    'a month of the budget year: {{year}}-05, 5/{{year}} or a month number 1–12',
  'budgetPeriod.otherYear': 'a month of the budget year {{year}}',
  'budgetPeriod.mixed':
    'a period on every row of a monthly budget, or on none (row {{first}} has one)',
  'forecastPeriod.other': "the import's period {{period}}, or an empty cell",
  'forecast.duplicate': 'one forecast per unit and line (the first on row {{first}})',
  'unit.unknown': 'a unit of the organisation of the year',
  'account.invalid': 'an account number (digits only)',
  'account.unmapped': 'an account that the account mapping assigns to a report line',
  'account.missing': 'an account or a report line',
  'line.unknown': 'a report line code or label',
  'line.notLeaf': 'a line fed by accounts, internal or imputed items (not a total)',
  'line.notAccountLine': 'a line fed by accounts (not a total, internal or imputed items)',
  'line.mismatch': 'the line of the account ({{line}})',
  'kind.invalid': 'external, internal or imputed',
  'kind.mismatch': 'the kind of the line ({{kind}})',
  'unitKind.invalid': 'city, central, area or costcenter',
  'code.invalid': 'a unit code of letters, digits, "-", "_", "." or "/"',
  'code.duplicate': 'each unit once (first on row {{first}})',
  'parent.unknown': 'a unit in the file or already in the organisation',
  'org.cycle': 'a tree: a unit cannot be above itself ({{path}})',
  'org.roots': 'one top unit (also {{first}} on row {{row}})',
  'name.missing': 'a name in at least one language',
  'range.reversed': 'from ≤ to',
  'range.digits': 'from and to with the same number of digits',
  'range.overlap': 'ranges that do not overlap (row {{other}}: {{range}})',
} as const;

/** The codes of import problems. */
export type ProblemCode = keyof typeof EXPECTED;

/** Every problem code, for checking that each is translated. */
export const PROBLEM_CODES = Object.keys(EXPECTED) as ProblemCode[];

type Params = Record<string, string | number>;

function fill(template: string, params: Params | undefined): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) =>
    params && name in params ? String(params[name]) : whole,
  );
}

/**
 * Builds a problem from a table of English expectations (this file's, or another file kind's
 * such as the goal codes), filling `{{param}}` placeholders.
 */
export function problemOf<Code extends string>(
  expectations: Readonly<Record<Code, string>>,
  file: string,
  row: number | null,
  column: string | null,
  value: string | null,
  code: Code,
  params?: Params,
): ImportProblem {
  return {
    file,
    row,
    column,
    value,
    code,
    expected: fill(expectations[code], params),
    ...(params ? { params } : {}),
  };
}

/** Builds one problem with its English expectation. */
export function problem(
  file: string,
  row: number | null,
  column: string | null,
  value: string | null,
  code: ProblemCode,
  params?: Params,
): ImportProblem {
  return problemOf(EXPECTED, file, row, column, value, code, params);
}

/** Collects the problems of one file: all are counted, the first MAX_REPORTED_PROBLEMS kept. */
export class ProblemLog {
  readonly problems: ImportProblem[] = [];
  count = 0;

  constructor(readonly file: string) {}

  add(
    row: number | null,
    column: string | null,
    value: string | null,
    code: ProblemCode,
    params?: Params,
  ): void {
    this.count++;
    if (this.problems.length < MAX_REPORTED_PROBLEMS) {
      this.problems.push(problem(this.file, row, column, value, code, params));
    }
  }

  /** Adds problems found elsewhere (by the table reader). */
  addAll(problems: readonly ImportProblem[]): void {
    for (const found of problems) {
      this.count++;
      if (this.problems.length < MAX_REPORTED_PROBLEMS) this.problems.push(found);
    }
  }
}

/** The spreadsheet letter of a 0-based column: A … Z, AA … */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** Namespaces that hold problem messages: every import, then the goal and risk files. */
const PROBLEM_NAMESPACES = ['import', 'goals'] as const;

/** Translates when the key exists, else returns undefined (i18next echoes missing keys). */
function translated(t: Translate, key: string, params: Params): string | undefined {
  for (const namespace of PROBLEM_NAMESPACES) {
    const text = t(`${namespace}:${key}`, params);
    if (text !== key && text !== `${namespace}:${key}`) return text;
  }
  return undefined;
}

/**
 * One human line for a problem, e.g. `budget.csv, rad 14, kolumn "belopp": "12,3x" är inte
 * ett belopp (väntat: ett belopp som -1 234,56)`.
 */
export function formatProblem(found: ImportProblem, t: Translate): string {
  const params: Params = {
    ...found.params,
    file: found.file,
    value: found.value ?? '',
    ...(found.row !== null ? { row: found.row } : {}),
    ...(found.column !== null ? { column: found.column } : {}),
  };
  // A field is named in the reader's words (`belopp`), not by its code (`amount`).
  if (typeof params.field === 'string') {
    params.field = translated(t, `field.${params.field}`, {}) ?? params.field;
  }
  const where = [found.file];
  if (found.row !== null) where.push(t('import:format.row', { row: found.row }));
  if (found.column !== null) where.push(t('import:format.column', { column: found.column }));
  const message = translated(t, `problem.${found.code}`, params) ?? found.code;
  const expected = translated(t, `expected.${found.code}`, params) ?? found.expected;
  return `${where.join(', ')}: ${message} (${t('import:format.expected')}: ${expected})`;
}
