/**
 * What the drill-down reads: a year's stored budget and actual entries of some units (an
 * account), summed per unit × account × leaf line month by month, as src/domain/drill.ts adds
 * them up. Lines are resolved as every figure resolves them (entryLine); entries that map
 * nowhere are left out, as the figures leave them out.
 */
import { sql } from 'kysely';
import { cents } from '../domain/money.js';
import { accountResolver, entryLine, type AccountMapping } from '../domain/mapping.js';
import type { DrillEntry } from '../domain/drill.js';
import type { LineCode } from '../domain/lines.js';
import type { Db } from './db.js';

interface Sum {
  entry: DrillEntry;
  budgetYear: number;
  budgetMonths: number[] | null;
  actualMonths: number[] | null;
  lineMonths: number[];
}

/** The entries of some units (all of the year when none are named), optionally of one account. */
export async function drillEntries(
  db: Db,
  municipalityId: string,
  year: number,
  options: {
    units?: readonly string[] | undefined;
    account?: string | undefined;
    mapping: AccountMapping;
  },
): Promise<DrillEntry[]> {
  const lineOf = accountResolver(options.mapping);
  const units = options.units ? [...options.units] : null;
  if (units !== null && units.length === 0) return [];
  const unitFilter = units === null ? sql`true` : sql`unit_code = any(${units}::text[])`;
  const accountFilter =
    options.account === undefined ? sql`true` : sql`account = ${options.account}`;
  // Each table as one row of JSON: returning thousands of rows with arrays, and parsing their
  // text, took most of a city's first level (230 ms of a 1M-line year on the embedded engine,
  // 77 ms this way). Amounts are within ±10¹⁵ cents, exact as JSON numbers.
  // One after the other: inside a transaction they share its connection.
  const budgetJson = await sql<{ rows: string | null }>`
      select json_agg(json_build_array(unit_code, account, line, kind, amount, months))::text as rows
      from budget_entry
      where municipality_id = ${municipalityId} and year = ${year} and ${unitFilter} and ${accountFilter}
    `.execute(db);
  const actualJson = await sql<{ rows: string | null }>`
      select json_agg(json_build_array(unit_code, account, kind, amounts, lines))::text as rows
      from actual
      where municipality_id = ${municipalityId} and year = ${year} and ${unitFilter} and ${accountFilter}
    `.execute(db);
  const budgetRows = JSON.parse(budgetJson.rows[0]?.rows ?? '[]') as [
    unitCode: string,
    account: string | null,
    line: string,
    kind: string,
    amount: number,
    months: number[],
  ][];
  const actualRows = JSON.parse(actualJson.rows[0]?.rows ?? '[]') as [
    unitCode: string,
    account: string,
    kind: string,
    amounts: number[],
    lines: number[],
  ][];

  const sums = new Map<string, Sum>();
  const sumFor = (unitCode: string, account: string | null, line: LineCode): Sum => {
    const key = `${unitCode}\u0000${account ?? ''}\u0000${line}`;
    let sum = sums.get(key);
    if (!sum) {
      sum = {
        entry: {
          unitCode,
          account,
          line,
          budgetYear: null,
          budgetMonths: null,
          actualMonths: null,
          lineMonths: [],
        },
        budgetYear: 0,
        budgetMonths: null,
        actualMonths: null,
        lineMonths: new Array<number>(12).fill(0),
      };
      sums.set(key, sum);
    }
    return sum;
  };
  for (const [unitCode, account, storedLine, kind, amount, months] of budgetRows) {
    const line = entryLine(lineOf, account, kind, storedLine);
    if (line === null) continue;
    const sum = sumFor(unitCode, account, line);
    sum.budgetYear += amount;
    const budget = (sum.budgetMonths ??= new Array<number>(12).fill(0));
    for (let i = 0; i < 12; i++) budget[i]! += months[i] ?? 0;
  }
  for (const [unitCode, account, kind, amounts, lines] of actualRows) {
    const line = entryLine(lineOf, account, kind, null);
    if (line === null) continue;
    const sum = sumFor(unitCode, account, line);
    const actual = (sum.actualMonths ??= new Array<number>(12).fill(0));
    for (let i = 0; i < 12; i++) {
      actual[i]! += amounts[i] ?? 0;
      sum.lineMonths[i]! += lines[i] ?? 0;
    }
  }
  // cents() guards each sum: an integer within range, as every amount read is.
  const all = (months: number[] | null) => (months === null ? null : months.map(cents));
  return [...sums.values()].map((sum) => ({
    ...sum.entry,
    budgetYear: sum.budgetMonths === null ? null : cents(sum.budgetYear),
    budgetMonths: all(sum.budgetMonths),
    actualMonths: all(sum.actualMonths),
    lineMonths: sum.lineMonths,
  }));
}
