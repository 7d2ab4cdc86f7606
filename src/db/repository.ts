/**
 * Queries and writes, each taking a Kysely handle so that services can run them inside one
 * transaction. Every query is filtered by municipality: no query crosses tenants.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { centsFrom, type Cents } from '../domain/money.js';
import {
  DEFAULT_MAPPING,
  accountResolver,
  type AccountMapping,
  type AccountRange,
} from '../domain/mapping.js';
import { isLineCode, lineDefinition, type EntryKind, type LineCode } from '../domain/lines.js';
import { isUnitKind, type Binding, type LeafAmounts, type Unit } from '../domain/model.js';
import type { ActualBalance, BudgetRecord, SourceInfo } from '../import/types.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database> | Transaction<Database>;

export async function municipalityIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('municipality').select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Creates the municipality and fiscal year when missing. */
export async function ensureYear(
  db: Db,
  municipalityId: string,
  year: number,
  name = municipalityId,
): Promise<void> {
  await db
    .insertInto('municipality')
    .values({ id: municipalityId, name })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await db
    .insertInto('fiscal_year')
    .values({ municipality_id: municipalityId, year })
    .onConflict((oc) => oc.columns(['municipality_id', 'year']).doNothing())
    .execute();
}

export async function fiscalYears(db: Db, municipalityId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('fiscal_year')
    .select('year')
    .where('municipality_id', '=', municipalityId)
    .orderBy('year')
    .execute();
  return rows.map((r) => r.year);
}

export async function listUnits(db: Db, municipalityId: string, year: number): Promise<Unit[]> {
  const rows = await db
    .selectFrom('unit')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .orderBy('position')
    .orderBy('code')
    .execute();
  return rows.map((r) => ({
    code: r.code,
    parentCode: r.parent_code,
    kind: isUnitKind(r.kind) ? r.kind : 'costcenter',
    names: { sv: r.name_sv, fi: r.name_fi, en: r.name_en },
    responsible: r.responsible,
    board: r.board,
  }));
}

/** Inserts or updates units; units not mentioned are kept (their entries must not be orphaned). */
export async function upsertUnits(
  db: Db,
  municipalityId: string,
  year: number,
  units: readonly Unit[],
): Promise<void> {
  const start = (await listUnits(db, municipalityId, year)).length;
  for (const [index, unit] of units.entries()) {
    const values = {
      parent_code: unit.parentCode,
      kind: unit.kind,
      name_sv: unit.names.sv,
      name_fi: unit.names.fi,
      name_en: unit.names.en,
      responsible: unit.responsible,
      board: unit.board,
    };
    await db
      .insertInto('unit')
      .values({
        municipality_id: municipalityId,
        year,
        code: unit.code,
        position: start + index,
        ...values,
      })
      .onConflict((oc) => oc.columns(['municipality_id', 'year', 'code']).doUpdateSet(values))
      .execute();
  }
}

export async function setBindings(
  db: Db,
  municipalityId: string,
  year: number,
  bindings: readonly Binding[],
): Promise<void> {
  for (const binding of bindings) {
    await db
      .deleteFrom('binding')
      .where('municipality_id', '=', municipalityId)
      .where('year', '=', year)
      .where('unit_code', '=', binding.unitCode)
      .execute();
    await db
      .insertInto('binding')
      .values({
        municipality_id: municipalityId,
        year,
        unit_code: binding.unitCode,
        line: binding.line,
      })
      .execute();
  }
}

export async function listBindings(
  db: Db,
  municipalityId: string,
  year: number,
): Promise<Binding[]> {
  const rows = await db
    .selectFrom('binding')
    .select(['unit_code', 'line'])
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .execute();
  return rows.flatMap((r) => (isLineCode(r.line) ? [{ unitCode: r.unit_code, line: r.line }] : []));
}

/** The year's mapping: the municipality's own ranges first, then the default chart. */
export async function accountMapping(
  db: Db,
  municipalityId: string,
  year: number,
): Promise<AccountMapping> {
  const rows = await db
    .selectFrom('account_range')
    .select(['from_account', 'to_account', 'line'])
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .orderBy('position')
    .execute();
  const own: AccountRange[] = rows.flatMap((r) =>
    isLineCode(r.line) ? [{ from: r.from_account, to: r.to_account, line: r.line }] : [],
  );
  return [...own, ...DEFAULT_MAPPING];
}

export async function replaceMapping(
  db: Db,
  municipalityId: string,
  year: number,
  ranges: readonly AccountRange[],
): Promise<void> {
  await db
    .deleteFrom('account_range')
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .execute();
  for (const [position, range] of ranges.entries()) {
    await db
      .insertInto('account_range')
      .values({
        municipality_id: municipalityId,
        year,
        from_account: range.from,
        to_account: range.to,
        line: range.line,
        position,
      })
      .execute();
  }
}

/** Records an import and returns its id. */
export async function logImport(
  db: Db,
  municipalityId: string,
  kind: string,
  year: number | null,
  source: SourceInfo,
  options: Record<string, unknown>,
): Promise<number> {
  const row = await db
    .insertInto('import_log')
    .values({
      municipality_id: municipalityId,
      kind,
      year,
      file_name: source.file,
      sha256: source.sha256,
      format: source.format,
      rows: source.rows,
      options: JSON.stringify({
        ...options,
        delimiter: source.delimiter,
        encoding: source.encoding,
      }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface ImportLogEntry {
  id: number;
  kind: string;
  year: number | null;
  fileName: string;
  sha256: string;
  rows: number;
  importedAt: Date;
}

export async function importLog(db: Db, municipalityId: string): Promise<ImportLogEntry[]> {
  const rows = await db
    .selectFrom('import_log')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    year: r.year,
    fileName: r.file_name,
    sha256: r.sha256,
    rows: r.rows,
    importedAt: r.imported_at,
  }));
}

export interface BudgetWrite {
  municipalityId: string;
  year: number;
  importId: number;
  stage: 'original' | 'change';
  decision?: string;
  date?: string;
}

/** Writes budget rows: an original budget replaces the year's original; a change adds a decision. */
export async function writeBudget(
  db: Db,
  write: BudgetWrite,
  records: readonly BudgetRecord[],
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
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    changeId = change.id;
  }
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
          import_id: write.importId,
        })),
      )
      .execute();
  }
}

export interface BudgetChangeEntry {
  id: number;
  decision: string;
  date: string;
}

export async function budgetChanges(
  db: Db,
  municipalityId: string,
  year: number,
): Promise<BudgetChangeEntry[]> {
  const rows = await db
    .selectFrom('budget_change')
    .select(['id', 'decision', sql<string>`to_char(decision_date, 'YYYY-MM-DD')`.as('date')])
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .orderBy('id')
    .execute();
  return rows;
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
  balances: readonly ActualBalance[],
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
 * entries go to their own lines. Entries that map nowhere are returned in `unmapped`.
 */
export async function leafAmounts(
  db: Db,
  municipalityId: string,
  year: number,
  options: { toMonth?: number } = {},
): Promise<{ leaves: LeafAmounts[]; unmapped: StoredEntryKey[] }> {
  const lineOf = accountResolver(await accountMapping(db, municipalityId, year));
  const budgetRows = await db
    .selectFrom('budget_entry')
    .select([
      'unit_code',
      'account',
      'line',
      'kind',
      'stage',
      sql<string>`sum(amount)::text`.as('amount'),
    ])
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .groupBy(['unit_code', 'account', 'line', 'kind', 'stage'])
    .execute();
  const toMonth = options.toMonth ?? 12;
  const actualRows = (
    await sql<{ unit_code: string; account: string; kind: string; amount: string }>`
      select unit_code, account, kind, sum(a.amount)::text as amount
      from actual, unnest(amounts[1:${toMonth}]) as a(amount)
      where municipality_id = ${municipalityId} and year = ${year}
      group by unit_code, account, kind
    `.execute(db)
  ).rows;

  const byKey = new Map<string, LeafAmounts>();
  const unmapped: StoredEntryKey[] = [];
  const leafFor = (unitCode: string, line: LineCode): LeafAmounts => {
    const key = `${unitCode}\u0000${line}`;
    let leaf = byKey.get(key);
    if (!leaf) {
      leaf = { unitCode, line, budget: null, changes: null, actual: null };
      byKey.set(key, leaf);
    }
    return leaf;
  };
  const resolve = (
    account: string | null,
    kind: string,
    storedLine: string | null,
  ): LineCode | null => {
    if (kind === 'internal' || kind === 'imputed') return kind;
    if (account !== null) return lineOf(account) ?? null;
    return storedLine !== null && isLineCode(storedLine) && !lineDefinition(storedLine).sumOf
      ? storedLine
      : null;
  };
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
    leaf.actual = plus(leaf.actual, centsFrom(row.amount));
  }
  return { leaves: [...byKey.values()], unmapped };
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
    'budget_change',
    'budget_entry',
    'actual',
    'strategy_theme',
    'key_goal',
    'narrative',
    'risk',
    'report_state',
    'comment',
    'audit_log',
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
