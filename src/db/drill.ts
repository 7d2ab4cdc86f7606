/**
 * What the drill-down reads: a year's stored budget and actual entries of some units (an
 * account), summed per unit × account × leaf line month by month, as src/domain/drill.ts adds
 * them up. Lines are resolved as every figure resolves them (entryLine); entries that map
 * nowhere are left out, as the figures leave them out.
 */
import { sql } from 'kysely';
import { centsFrom, type Cents } from '../domain/money.js';
import { accountResolver, type AccountMapping } from '../domain/mapping.js';
import type { DrillEntry } from '../domain/drill.js';
import type { LineCode } from '../domain/lines.js';
import type { Db } from './db.js';
import { entryLine } from './figures.js';

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
  const budgetRows = (
    await sql<{
      unit_code: string;
      account: string | null;
      line: string;
      kind: string;
      amount: string;
      months: string[];
    }>`
      select unit_code, account, line, kind, amount::text as amount, months::text[] as months
      from budget_entry
      where municipality_id = ${municipalityId} and year = ${year} and ${unitFilter} and ${accountFilter}
    `.execute(db)
  ).rows;
  const actualRows = (
    await sql<{
      unit_code: string;
      account: string;
      kind: string;
      amounts: string[];
      lines: number[];
    }>`
      select unit_code, account, kind, amounts::text[] as amounts, lines
      from actual
      where municipality_id = ${municipalityId} and year = ${year} and ${unitFilter} and ${accountFilter}
    `.execute(db)
  ).rows;

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
  for (const row of budgetRows) {
    const line = entryLine(lineOf, row.account, row.kind, row.line);
    if (line === null) continue;
    const sum = sumFor(row.unit_code, row.account, line);
    sum.budgetYear += centsFrom(row.amount);
    sum.budgetMonths ??= new Array<number>(12).fill(0);
    row.months.forEach((m, i) => (sum.budgetMonths![i]! += centsFrom(m)));
  }
  for (const row of actualRows) {
    const line = entryLine(lineOf, row.account, row.kind, null);
    if (line === null) continue;
    const sum = sumFor(row.unit_code, row.account, line);
    sum.actualMonths ??= new Array<number>(12).fill(0);
    row.amounts.forEach((m, i) => (sum.actualMonths![i]! += centsFrom(m)));
    row.lines.forEach((n, i) => (sum.lineMonths[i]! += Number(n)));
  }
  return [...sums.values()].map((sum) => ({
    ...sum.entry,
    budgetYear: sum.budgetMonths === null ? null : (sum.budgetYear as Cents),
    budgetMonths: sum.budgetMonths as Cents[] | null,
    actualMonths: sum.actualMonths as Cents[] | null,
    lineMonths: sum.lineMonths,
  }));
}
