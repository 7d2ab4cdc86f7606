/**
 * The figures: budget entries and council decisions, actuals, the leaf amounts every table is
 * rolled up from, and a fingerprint of a municipality's rows.
 */
import { sql } from 'kysely';
import { centsFrom, type Cents } from '../domain/money.js';
import { accountResolver, entryLine, type AccountMapping } from '../domain/mapping.js';
import type { EntryKind, LineCode } from '../domain/lines.js';
import type { LeafAmounts } from '../domain/model.js';
import { EVEN, firstMonthOfChange, spread } from '../domain/spread.js';
import type { Db } from './db.js';
import { accountMapping } from './units.js';

/** A budget row as it is written: at account level, or by line when `account` is null. */
export interface BudgetEntryInput {
  /** The row of the file it came from, when it did (not stored). */
  row?: number;
  unitCode: string;
  account: string | null;
  line: LineCode;
  kind: EntryKind;
  /** Report sign. */
  amount: Cents;
  /**
   * The amount month by month, January first, adding up to `amount` (a monthly budget file, or
   * spread by a profile). Without it, the documented default (domain/spread.ts): an original
   * evenly over the year, a change evenly from its decision's month.
   */
  months?: readonly Cents[];
}

/** Actuals aggregated to unit × account × kind × month, as they are written. */
export interface ActualBalanceInput {
  unitCode: string;
  account: string;
  kind: EntryKind;
  /** 1–12 */
  month: number;
  /** Report sign. */
  amount: Cents;
  /** Source lines behind this balance. */
  lines: number;
}

export interface BudgetWrite {
  municipalityId: string;
  year: number;
  importId: number;
  stage: 'original' | 'change';
  decision?: string;
  date?: string;
  /** change: the decision's text */
  text?: string;
}

/** Writes budget rows: an original budget replaces the year's original; a change adds a decision. */
export async function writeBudget(
  db: Db,
  write: BudgetWrite,
  records: readonly BudgetEntryInput[],
): Promise<void> {
  let changeId: number | null = null;
  if (write.stage === 'original') {
    await db
      .deleteFrom('budget_entry')
      .where('municipality_id', '=', write.municipalityId)
      .where('year', '=', write.year)
      .where('stage', '=', 'original')
      .execute();
  } else {
    const change = await db
      .insertInto('budget_change')
      .values({
        municipality_id: write.municipalityId,
        year: write.year,
        decision: write.decision ?? '',
        decision_date: write.date ?? '',
        import_id: write.importId,
        ...(write.text ? { text: write.text } : {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    changeId = change.id;
  }
  await insertBudgetEntries(db, write, changeId, records);
}

async function insertBudgetEntries(
  db: Db,
  write: BudgetWrite,
  changeId: number | null,
  records: readonly BudgetEntryInput[],
): Promise<void> {
  const batch = 1000;
  for (let i = 0; i < records.length; i += batch) {
    await db
      .insertInto('budget_entry')
      .values(
        records.slice(i, i + batch).map((r) => ({
          municipality_id: write.municipalityId,
          year: write.year,
          stage: write.stage,
          change_id: changeId,
          unit_code: r.unitCode,
          account: r.account,
          line: r.line,
          kind: r.kind,
          amount: r.amount,
          months: monthsOf(r, write).map(String),
          import_id: write.importId,
        })),
      )
      .execute();
  }
}

/** A row's months as stored: its own, else spread by the documented default. */
function monthsOf(record: BudgetEntryInput, write: BudgetWrite): readonly Cents[] {
  const months =
    record.months ??
    spread(
      record.amount,
      EVEN,
      write.stage === 'change' ? firstMonthOfChange(write.date, write.year) : 1,
    );
  if (months.length !== 12 || months.reduce((a, b) => a + b, 0) !== record.amount)
    throw new RangeError(
      `the months of ${record.unitCode} ${record.line} do not add up to its amount`,
    );
  return months;
}

export interface BudgetChangeEntry {
  id: number;
  decision: string;
  date: string;
  text: string;
  version: number;
  importId: number;
  /** The profile the import that wrote it named; null: each line's own, else even. */
  profile: string | null;
}

/** The year's budget changes (one of them with `id`), in the order they were recorded. */
export async function budgetChanges(
  db: Db,
  municipalityId: string,
  year: number,
  id?: number,
): Promise<BudgetChangeEntry[]> {
  let query = db
    .selectFrom('budget_change as c')
    .leftJoin('import_log as l', (join) =>
      join.onRef('l.municipality_id', '=', 'c.municipality_id').onRef('l.id', '=', 'c.import_id'),
    )
    .select([
      'c.id',
      'c.decision',
      sql<string>`to_char(c.decision_date, 'YYYY-MM-DD')`.as('date'),
      'c.text',
      'c.version',
      'c.import_id as importId',
      sql<string | null>`l.options::jsonb ->> 'profile'`.as('profile'),
    ])
    .where('c.municipality_id', '=', municipalityId)
    .where('c.year', '=', year);
  if (id !== undefined) query = query.where('c.id', '=', id);
  return query.orderBy('c.id').execute();
}

/** A budget change's stored entries (for a correction that keeps them and moves the date). */
export async function budgetChangeEntries(
  db: Db,
  municipalityId: string,
  changeId: number,
): Promise<BudgetEntryInput[]> {
  const rows = await db
    .selectFrom('budget_entry')
    .select(['unit_code', 'account', 'line', 'kind', 'amount'])
    .where('municipality_id', '=', municipalityId)
    .where('change_id', '=', changeId)
    .where('stage', '=', 'change')
    .execute();
  return rows.map((r) => ({
    unitCode: r.unit_code,
    account: r.account,
    line: r.line as LineCode,
    kind: r.kind as EntryKind,
    amount: centsFrom(r.amount),
  }));
}

/**
 * Corrects a budget change: its reference, date and text, and (when given) its entries, which
 * replace the stored ones under the import that wrote the change; raises its version.
 */
export async function correctBudgetChange(
  db: Db,
  change: {
    municipalityId: string;
    year: number;
    id: number;
    importId: number;
    decision: string;
    date: string;
    text: string;
  },
  entries: readonly BudgetEntryInput[] | null,
): Promise<void> {
  await db
    .updateTable('budget_change')
    .set((eb) => ({
      decision: change.decision,
      decision_date: change.date,
      text: change.text,
      version: eb('version', '+', 1),
    }))
    .where('municipality_id', '=', change.municipalityId)
    .where('id', '=', change.id)
    .execute();
  if (entries === null) return;
  await db
    .deleteFrom('budget_entry')
    .where('municipality_id', '=', change.municipalityId)
    .where('change_id', '=', change.id)
    .where('stage', '=', 'change')
    .execute();
  await insertBudgetEntries(
    db,
    {
      municipalityId: change.municipalityId,
      year: change.year,
      importId: change.importId,
      stage: 'change',
      date: change.date,
    },
    change.id,
    entries,
  );
}

/** Deletes a budget change and its entries. */
export async function deleteBudgetChange(
  db: Db,
  municipalityId: string,
  changeId: number,
): Promise<void> {
  await db
    .deleteFrom('budget_entry')
    .where('municipality_id', '=', municipalityId)
    .where('change_id', '=', changeId)
    .where('stage', '=', 'change')
    .execute();
  await db
    .deleteFrom('budget_change')
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', changeId)
    .execute();
}

/**
 * Writes aggregated actuals. The months in `replaceMonths` are zeroed in the stored rows first;
 * then the balances go in as one row per unit, account and kind with twelve monthly amounts,
 * beside any stored rows (every read sums them, which is also what --append needs). Rows go in
 * as arrays through unnest: one statement per batch is what keeps the embedded engine fast.
 */
export async function writeActuals(
  db: Db,
  municipalityId: string,
  year: number,
  importId: number,
  balances: readonly ActualBalanceInput[],
  replaceMonths: readonly number[],
): Promise<void> {
  if (replaceMonths.length > 0) {
    const months = [...replaceMonths];
    await sql`
      update actual set
        amounts = array(select case when m = any(${months}::int[]) then 0 else amounts[m] end from generate_series(1, 12) m),
        lines = array(select case when m = any(${months}::int[]) then 0 else lines[m] end from generate_series(1, 12) m)
      where municipality_id = ${municipalityId} and year = ${year}
    `.execute(db);
    await sql`
      delete from actual where municipality_id = ${municipalityId} and year = ${year}
        and amounts = array_fill(0::bigint, array[12]) and lines = array_fill(0, array[12])
    `.execute(db);
  }
  const rows = new Map<
    string,
    { unitCode: string; account: string; kind: string; amounts: number[]; lines: number[] }
  >();
  for (const balance of balances) {
    const key = `${balance.unitCode}\u0000${balance.account}\u0000${balance.kind}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        unitCode: balance.unitCode,
        account: balance.account,
        kind: balance.kind,
        amounts: new Array<number>(12).fill(0),
        lines: new Array<number>(12).fill(0),
      };
      rows.set(key, row);
    }
    row.amounts[balance.month - 1]! += balance.amount;
    row.lines[balance.month - 1]! += balance.lines;
  }
  const all = [...rows.values()];
  const batch = 10_000;
  for (let i = 0; i < all.length; i += batch) {
    const part = all.slice(i, i + batch);
    // Each month travels as an array of its own; unnest zips them back into rows.
    const monthColumns = Array.from({ length: 12 }, (_, m) => `a${m + 1}`);
    const lineColumns = Array.from({ length: 12 }, (_, m) => `l${m + 1}`);
    const amountArrays = monthColumns.map(
      (_, m) => sql`${part.map((r) => String(r.amounts[m]))}::bigint[]`,
    );
    const lineArrays = lineColumns.map((_, m) => sql`${part.map((r) => r.lines[m]!)}::integer[]`);
    await sql`
      insert into actual (municipality_id, year, unit_code, account, kind, amounts, lines, import_id)
      select ${municipalityId}, ${year}, t.unit_code, t.account, t.kind,
        array[${sql.join(monthColumns.map((c) => sql.ref(`t.${c}`)))}],
        array[${sql.join(lineColumns.map((c) => sql.ref(`t.${c}`)))}],
        ${importId}
      from unnest(
        ${part.map((r) => r.unitCode)}::text[],
        ${part.map((r) => r.account)}::text[],
        ${part.map((r) => r.kind)}::text[],
        ${sql.join([...amountArrays, ...lineArrays])}
      ) as t(unit_code, account, kind, ${sql.raw([...monthColumns, ...lineColumns].join(', '))})
    `.execute(db);
  }
}

/** An account or unit found in stored entries that the current mapping or tree does not know. */
export interface StoredEntryKey {
  source: 'budget' | 'actual';
  unitCode: string;
  account: string | null;
  kind: EntryKind;
  line: LineCode | null;
}

/**
 * Own amounts of every unit on every leaf line, up to a month (inclusive) for actuals.
 * External entries with an account are mapped by the current mapping; internal and imputed
 * entries go to their own lines. Entries that map nowhere are returned in `unmapped`. A caller
 * that has read the year's mapping already passes it in.
 */
export async function leafAmounts(
  db: Db,
  municipalityId: string,
  year: number,
  options: { toMonth?: number; mapping?: AccountMapping } = {},
): Promise<{ leaves: LeafAmounts[]; unmapped: StoredEntryKey[] }> {
  const { leaves, unmapped } = await leafMonths(db, municipalityId, year, {
    ...options,
    byMonth: false,
  });
  return {
    leaves: leaves.map(({ unitCode, line, budget, changes, revisedToDate, actual }) => ({
      unitCode,
      line,
      budget,
      changes,
      revisedToDate,
      actual,
    })),
    unmapped,
  };
}

/** A leaf with its actual month by month, January first, up to the month asked. */
export interface LeafMonths extends LeafAmounts {
  months: Cents[];
}

/**
 * leafAmounts with the actuals also month by month (`byMonth`, default true): what an approval
 * freezes, since a change to one frozen month must show even when another month makes up for it.
 */
export async function leafMonths(
  db: Db,
  municipalityId: string,
  year: number,
  options: { toMonth?: number; mapping?: AccountMapping; byMonth?: boolean } = {},
): Promise<{ leaves: LeafMonths[]; unmapped: StoredEntryKey[] }> {
  const lineOf = accountResolver(
    options.mapping ?? (await accountMapping(db, municipalityId, year)),
  );
  const toMonth = options.toMonth ?? 12;
  const budgetRows = await db
    .selectFrom('budget_entry')
    .select([
      'unit_code',
      'account',
      'line',
      'kind',
      'stage',
      sql<string>`sum(amount)::text`.as('amount'),
      // The budget to date: the months up to the period's end.
      sql<string>`sum((select coalesce(sum(m), 0) from unnest(months[1:${toMonth}]) m))::text`.as(
        'to_date',
      ),
    ])
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .groupBy(['unit_code', 'account', 'line', 'kind', 'stage'])
    .execute();
  const byMonth = options.byMonth ?? true;
  const actualRows = (
    byMonth
      ? await sql<{
          unit_code: string;
          account: string;
          kind: string;
          month: number;
          amount: string;
        }>`
          select unit_code, account, kind, a.month, sum(a.amount)::text as amount
          from actual, unnest(amounts[1:${toMonth}]) with ordinality as a(amount, month)
          where municipality_id = ${municipalityId} and year = ${year}
          group by unit_code, account, kind, a.month
        `.execute(db)
      : await sql<{
          unit_code: string;
          account: string;
          kind: string;
          month: null;
          amount: string;
        }>`
          select unit_code, account, kind, null as month, sum(a.amount)::text as amount
          from actual, unnest(amounts[1:${toMonth}]) as a(amount)
          where municipality_id = ${municipalityId} and year = ${year}
          group by unit_code, account, kind
        `.execute(db)
  ).rows;

  const byKey = new Map<string, LeafMonths>();
  const unmapped: StoredEntryKey[] = [];
  const leafFor = (unitCode: string, line: LineCode): LeafMonths => {
    const key = `${unitCode}\u0000${line}`;
    let leaf = byKey.get(key);
    if (!leaf) {
      const months = byMonth ? new Array<Cents>(toMonth).fill(0 as Cents) : [];
      leaf = {
        unitCode,
        line,
        budget: null,
        changes: null,
        revisedToDate: null,
        actual: null,
        months,
      };
      byKey.set(key, leaf);
    }
    return leaf;
  };
  const resolve = (account: string | null, kind: string, storedLine: string | null) =>
    entryLine(lineOf, account, kind, storedLine);
  const plus = (a: Cents | null, b: Cents): Cents => ((a ?? 0) + b) as Cents;

  for (const row of budgetRows) {
    const line = resolve(row.account, row.kind, row.line);
    if (line === null) {
      unmapped.push({
        source: 'budget',
        unitCode: row.unit_code,
        account: row.account,
        kind: row.kind as EntryKind,
        line: null,
      });
      continue;
    }
    const leaf = leafFor(row.unit_code, line);
    if (row.stage === 'original') leaf.budget = plus(leaf.budget, centsFrom(row.amount));
    else leaf.changes = plus(leaf.changes, centsFrom(row.amount));
    leaf.revisedToDate = plus(leaf.revisedToDate ?? null, centsFrom(row.to_date));
  }
  for (const row of actualRows) {
    const line = resolve(row.account, row.kind, null);
    if (line === null) {
      unmapped.push({
        source: 'actual',
        unitCode: row.unit_code,
        account: row.account,
        kind: row.kind as EntryKind,
        line: null,
      });
      continue;
    }
    const leaf = leafFor(row.unit_code, line);
    const amount = centsFrom(row.amount);
    leaf.actual = plus(leaf.actual, amount);
    if (row.month !== null) {
      const month = Number(row.month) - 1;
      leaf.months[month] = plus(leaf.months[month]!, amount);
    }
  }
  return { leaves: [...byKey.values()], unmapped };
}

/** A unit's revised budget of a leaf line month by month, January first (twelve, in cents). */
export interface BudgetMonths {
  unitCode: string;
  line: LineCode;
  months: Cents[];
}

/**
 * The revised budget (the original and every change) of some units month by month, from the
 * stored months of their budget entries (`budget_entry.months`, which add up to each entry's
 * amount: December's cumulative sum is the revised budget), per unit and leaf line as leafMonths
 * resolves them; entries that map nowhere are left out, as every figure leaves them out. No
 * units asked for: none.
 */
export async function budgetMonths(
  db: Db,
  municipalityId: string,
  year: number,
  unitCodes: readonly string[],
  options: { mapping?: AccountMapping } = {},
): Promise<BudgetMonths[]> {
  if (unitCodes.length === 0) return [];
  const lineOf = accountResolver(
    options.mapping ?? (await accountMapping(db, municipalityId, year)),
  );
  const members = [...unitCodes];
  const rows = (
    await sql<{
      unit_code: string;
      account: string | null;
      line: string | null;
      kind: string;
      month: number;
      amount: string;
    }>`
      select unit_code, account, line, kind, m.month, sum(m.amount)::text as amount
      from budget_entry, unnest(months) with ordinality as m(amount, month)
      where municipality_id = ${municipalityId} and year = ${year}
        and unit_code = any(${members}::text[])
      group by unit_code, account, line, kind, m.month
    `.execute(db)
  ).rows;
  const byKey = new Map<string, BudgetMonths>();
  for (const row of rows) {
    const line = entryLine(lineOf, row.account, row.kind, row.line);
    const month = Number(row.month);
    if (line === null || month < 1 || month > 12) continue;
    const key = `${row.unit_code}\u0000${line}`;
    let entry = byKey.get(key);
    if (!entry) {
      entry = { unitCode: row.unit_code, line, months: new Array<Cents>(12).fill(0 as Cents) };
      byKey.set(key, entry);
    }
    entry.months[month - 1] = (entry.months[month - 1]! + centsFrom(row.amount)) as Cents;
  }
  return [...byKey.values()];
}

/** Unit codes that have stored entries, for the check of unknown units. */
export async function unitCodesWithEntries(
  db: Db,
  municipalityId: string,
  year: number,
): Promise<string[]> {
  const rows = await sql<{ unit_code: string }>`
    select unit_code from budget_entry where municipality_id = ${municipalityId} and year = ${year}
    union
    select unit_code from actual where municipality_id = ${municipalityId} and year = ${year}
    order by unit_code
  `.execute(db);
  return rows.rows.map((r) => r.unit_code);
}

/** A fingerprint of every table's rows for a municipality: tests prove failed imports change nothing. */
export async function snapshot(db: Db, municipalityId: string): Promise<string> {
  const parts: string[] = [];
  for (const table of [
    'municipality',
    'fiscal_year',
    'unit',
    'binding',
    'account_range',
    'import_log',
    'import_replaced',
    'posting_block',
    'superseded_actual',
    'superseded_budget',
    'budget_change',
    'column_mapping',
    'budget_entry',
    'budget_profile',
    'forecast',
    'actual',
    'strategy_theme',
    'key_goal',
    'key_goal_period',
    'narrative',
    'risk',
    'report_state',
    'report_snapshot',
    'comment',
    'audit_log',
    'membership',
  ] as const) {
    const column = table === 'municipality' ? 'id' : 'municipality_id';
    const result = await sql<{ rows: string | null }>`
      select string_agg(t::text, '|' order by t::text) as rows from ${sql.table(table)} t
      where ${sql.ref(column)} = ${municipalityId}
    `.execute(db);
    parts.push(`${table}:${result.rows[0]?.rows ?? ''}`);
  }
  return parts.join('\n');
}

/** The import that wrote each budget change of the year: change id → import id. */
export async function budgetChangeImports(
  db: Db,
  municipalityId: string,
  year: number,
): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('budget_change')
    .select(['id', 'import_id'])
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .execute();
  return new Map(rows.map((r) => [r.id, r.import_id]));
}

/** The id of the budget change an import wrote. */
export async function budgetChangeOfImport(
  db: Db,
  municipalityId: string,
  importId: number,
): Promise<number> {
  const change = await db
    .selectFrom('budget_change')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('import_id', '=', importId)
    .executeTakeFirstOrThrow();
  return change.id;
}

/** The year's budget-change entries summed per change, unit, account, line and kind. */
export async function budgetChangeSums(db: Db, municipalityId: string, year: number) {
  return db
    .selectFrom('budget_entry')
    .select(['change_id', 'unit_code', 'account', 'line', 'kind'])
    .select((eb) => eb.fn.sum<string>('amount').as('amount'))
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .where('stage', '=', 'change')
    .groupBy(['change_id', 'unit_code', 'account', 'line', 'kind'])
    .execute();
}

/** The last month with any booked actual, 1–12; null when nothing is booked. */
export async function lastBookedMonth(
  db: Db,
  municipalityId: string,
  year: number,
): Promise<number | null> {
  const result = await sql<{ month: number | null }>`
    select max(g.month) as month
    from actual, generate_subscripts(amounts, 1) as g(month)
    where municipality_id = ${municipalityId} and year = ${year}
      and (amounts[g.month] <> 0 or lines[g.month] <> 0)
  `.execute(db);
  const month = result.rows[0]?.month;
  return month === null || month === undefined ? null : Number(month);
}

/** The stored actual rows of some units: account, kind and the twelve monthly amounts. */
export async function monthlyActuals(
  db: Db,
  municipalityId: string,
  year: number,
  unitCodes: readonly string[],
): Promise<{ account: string; kind: string; amounts: string[] }[]> {
  const members = [...unitCodes];
  return (
    await sql<{ account: string; kind: string; amounts: string[] }>`
      select account, kind, amounts::text[] as amounts
      from actual
      where municipality_id = ${municipalityId} and year = ${year}
        and unit_code = any(${members}::text[])
    `.execute(db)
  ).rows;
}

/** The column whose stored amounts would add up beyond the cent range, and its largest part. */
export interface AmountOverflow {
  column: 'budget' | 'changes' | 'actual' | 'forecast';
  unitCode: string;
  /** The account, or the line of a budget row entered by line. */
  account: string;
}

/**
 * Whether every sum a report makes of the year's stored amounts stays within ±`limit` cents:
 * the absolute amounts of the original budget and the changes (month by month: a monthly entry
 * of +x and −x adds up to nothing but its months do not), the actuals and the forecasts of the
 * period that has the most are added up in SQL (numeric, no overflow) — together, since a
 * revised budget adds budget and changes, a deviation subtracts it from the actual and a
 * forecast stands beside both — so that no table, total, roll-up, deviation or forecast can
 * leave the range. Null when they stay within; else the column that weighs most and, in it, the
 * unit and account that weigh most.
 */
export async function amountOverflow(
  db: Db,
  municipalityId: string,
  year: number,
  limit: number,
): Promise<AmountOverflow | null> {
  const totals = (
    await sql<{ column: AmountOverflow['column']; total: string }>`
      select 'budget' as column, coalesce(sum(abs(m::numeric)), 0)::text as total
        from budget_entry, unnest(months) as m where municipality_id = ${municipalityId} and year = ${year} and stage = 'original'
      union all
      select 'changes', coalesce(sum(abs(m::numeric)), 0)::text
        from budget_entry, unnest(months) as m where municipality_id = ${municipalityId} and year = ${year} and stage = 'change'
      union all
      select 'actual', coalesce(sum(abs(a::numeric)), 0)::text
        from actual, unnest(amounts) as a where municipality_id = ${municipalityId} and year = ${year}
      union all
      select 'forecast', coalesce(max(total), 0)::text from (
        select sum(abs(amount::numeric)) as total from forecast
        where municipality_id = ${municipalityId} and year = ${year} group by period) f
    `.execute(db)
  ).rows.map((t) => ({ column: t.column, total: BigInt(t.total) }));
  const sum = totals.reduce((a, t) => a + t.total, 0n);
  if (sum <= BigInt(limit)) return null;
  const over = totals.reduce((a, t) => (t.total > a.total ? t : a));
  const largest =
    over.column === 'forecast'
      ? await sql<{ unit_code: string; account: string }>`
          select unit_code, line as account from forecast
          where municipality_id = ${municipalityId} and year = ${year}
          order by abs(amount::numeric) desc limit 1
        `.execute(db)
      : over.column === 'actual'
        ? await sql<{ unit_code: string; account: string }>`
          select unit_code, account from actual, unnest(amounts) as a
          where municipality_id = ${municipalityId} and year = ${year}
          group by unit_code, account order by sum(abs(a::numeric)) desc limit 1
        `.execute(db)
        : await sql<{ unit_code: string; account: string }>`
          select unit_code, coalesce(account, line) as account from budget_entry
          where municipality_id = ${municipalityId} and year = ${year}
            and stage = ${over.column === 'budget' ? 'original' : 'change'}
          group by unit_code, coalesce(account, line) order by sum(abs(amount::numeric)) desc limit 1
        `.execute(db);
  const row = largest.rows[0];
  return { column: over.column, unitCode: row?.unit_code ?? '', account: row?.account ?? '' };
}
