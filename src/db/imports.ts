/** The import log: every import of a file or form, with what was read. */
import { sql, type Selectable } from 'kysely';
import type { Db } from './db.js';
import { deletePostings } from './postings.js';
import type { ColumnMappingTable, ImportLogTable } from './schema.js';

/** Facts about the file that was read, as the import log records them. */
export interface ImportSource {
  file: string;
  sha256: string;
  format: string;
  delimiter?: string | undefined;
  encoding?: string | undefined;
  /** Data rows read (header excluded). */
  rows: number;
}

/** Records an import and returns its id. */
export async function logImport(
  db: Db,
  municipalityId: string,
  kind: string,
  year: number | null,
  source: ImportSource,
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
  /** When the import was undone; null while it stands. */
  undoneAt: Date | null;
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
    undoneAt: r.undone_at === null ? null : new Date(r.undone_at),
  }));
}

/** Records an import that came from a form rather than a file and returns its id. */
export async function logFormImport(
  db: Db,
  municipalityId: string,
  entry: {
    kind: string;
    year: number | null;
    fileName: string;
    sha256: string;
    rows: number;
    options: Record<string, unknown>;
  },
): Promise<number> {
  const row = await db
    .insertInto('import_log')
    .values({
      municipality_id: municipalityId,
      kind: entry.kind,
      year: entry.year,
      file_name: entry.fileName,
      sha256: entry.sha256,
      format: 'form',
      rows: entry.rows,
      options: JSON.stringify(entry.options),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The import log's rows of a municipality, newest first. */
export async function importLogRows(
  db: Db,
  municipalityId: string,
): Promise<Selectable<ImportLogTable>[]> {
  return db
    .selectFrom('import_log')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .orderBy('id', 'desc')
    .execute();
}

/** The stored actuals of a year summed per unit and month (cells with an amount or a line). */
export async function storedActualCells(
  db: Db,
  municipalityId: string,
  year: number,
): Promise<{ unitCode: string; month: number; amount: string; lines: number }[]> {
  const rows = await sql<{ unit_code: string; month: number; amount: string; lines: string }>`
    select unit_code, g.m as month, sum(amounts[g.m])::text as amount, sum(lines[g.m])::text as lines
    from actual, generate_series(1, 12) as g(m)
    where municipality_id = ${municipalityId} and year = ${year}
    group by unit_code, g.m
    having sum(amounts[g.m]) <> 0 or sum(lines[g.m]) <> 0
    order by unit_code, g.m
  `.execute(db);
  return rows.rows.map((r) => ({
    unitCode: r.unit_code,
    month: Number(r.month),
    amount: r.amount,
    lines: Number(r.lines),
  }));
}

/** The stored budget of a year summed per unit, line and stage (original or change). */
export async function storedBudgetLines(
  db: Db,
  municipalityId: string,
  year: number,
): Promise<{ unitCode: string; line: string; stage: string; amount: string }[]> {
  const rows = await db
    .selectFrom('budget_entry')
    .select(['unit_code', 'line', 'stage', sql<string>`sum(amount)::text`.as('amount')])
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .groupBy(['unit_code', 'line', 'stage'])
    .orderBy('unit_code')
    .orderBy('line')
    .execute();
  return rows.map((r) => ({
    unitCode: r.unit_code,
    line: r.line,
    stage: r.stage,
    amount: r.amount,
  }));
}

/** The units of a year's tree and every unit with stored actuals: what a whole-ledger replace covers. */
export async function unitsOfLedger(
  db: Db,
  municipalityId: string,
  year: number,
): Promise<string[]> {
  const rows = await sql<{ code: string }>`
    select code from unit where municipality_id = ${municipalityId} and year = ${year}
    union
    select unit_code from actual where municipality_id = ${municipalityId} and year = ${year}
    order by 1
  `.execute(db);
  return rows.rows.map((r) => r.code);
}

/**
 * Replaces the months of some units before an actuals import writes its rows: records the
 * unit × month cells as the import's (import_replaced), keeps what the stored rows had in them
 * (superseded_actual, each with the import that wrote it), then zeroes them and removes rows
 * left empty. Every read sums the rows, so the import's own rows then go in beside the others.
 */
export async function replaceActualCells(
  db: Db,
  municipalityId: string,
  year: number,
  importId: number,
  units: readonly string[],
  months: readonly number[],
): Promise<void> {
  if (units.length === 0 || months.length === 0) return;
  const unitList = [...units];
  const monthList = [...months];
  await sql`
    insert into import_replaced (municipality_id, import_id, year, unit_code, month)
    select ${municipalityId}, ${importId}, ${year}, u, m
    from unnest(${unitList}::text[]) as u, unnest(${monthList}::int[]) as m
  `.execute(db);
  await sql`
    insert into superseded_actual
      (municipality_id, import_id, source_import_id, year, unit_code, account, kind, amounts, lines)
    select municipality_id, ${importId}, import_id, year, unit_code, account, kind,
      array(select case when m = any(${monthList}::int[]) then amounts[m] else 0 end from generate_series(1, 12) m),
      array(select case when m = any(${monthList}::int[]) then lines[m] else 0 end from generate_series(1, 12) m)
    from actual
    where municipality_id = ${municipalityId} and year = ${year}
      and unit_code = any(${unitList}::text[])
      and exists (select 1 from unnest(${monthList}::int[]) as r(m) where amounts[r.m] <> 0 or lines[r.m] <> 0)
  `.execute(db);
  await sql`
    update actual set
      amounts = array(select case when m = any(${monthList}::int[]) then 0 else amounts[m] end from generate_series(1, 12) m),
      lines = array(select case when m = any(${monthList}::int[]) then 0 else lines[m] end from generate_series(1, 12) m)
    where municipality_id = ${municipalityId} and year = ${year}
      and unit_code = any(${unitList}::text[])
  `.execute(db);
  await sql`
    delete from actual where municipality_id = ${municipalityId} and year = ${year}
      and unit_code = any(${unitList}::text[])
      and amounts = array_fill(0::bigint, array[12]) and lines = array_fill(0, array[12])
  `.execute(db);
}

/** Keeps the year's original budget before an original budget import replaces it. */
export async function keepSupersededBudget(
  db: Db,
  municipalityId: string,
  year: number,
  importId: number,
): Promise<void> {
  await sql`
    insert into superseded_budget
      (municipality_id, import_id, source_import_id, year, stage, change_id, unit_code, account, line, kind, amount, months)
    select municipality_id, ${importId}, import_id, year, stage, change_id, unit_code, account, line, kind, amount, months
    from budget_entry
    where municipality_id = ${municipalityId} and year = ${year} and stage = 'original'
  `.execute(db);
}

/** One import of the log, with whether (and by whom) it was undone. */
export async function importLogRow(
  db: Db,
  municipalityId: string,
  importId: number,
): Promise<Selectable<ImportLogTable> | undefined> {
  return db
    .selectFrom('import_log')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', importId)
    .executeTakeFirst();
}

/**
 * The later imports, still standing, that replaced cells of an actuals import again: a cell the
 * import replaced or wrote (or wrote and a later replace took away), newest first.
 */
export async function laterActualReplacers(
  db: Db,
  municipalityId: string,
  year: number,
  importId: number,
): Promise<number[]> {
  const rows = await sql<{ import_id: number }>`
    with cells as (
      select unit_code, month from import_replaced
      where municipality_id = ${municipalityId} and import_id = ${importId}
      union
      select a.unit_code, g.m from actual a, generate_series(1, 12) as g(m)
      where a.municipality_id = ${municipalityId} and a.year = ${year} and a.import_id = ${importId}
        and (a.amounts[g.m] <> 0 or a.lines[g.m] <> 0)
      union
      select s.unit_code, g.m from superseded_actual s, generate_series(1, 12) as g(m)
      where s.municipality_id = ${municipalityId} and s.year = ${year} and s.source_import_id = ${importId}
        and (s.amounts[g.m] <> 0 or s.lines[g.m] <> 0)
    )
    select distinct r.import_id from import_replaced r
    join cells c on c.unit_code = r.unit_code and c.month = r.month
    join import_log l on l.municipality_id = r.municipality_id and l.id = r.import_id
    where r.municipality_id = ${municipalityId} and r.year = ${year} and r.import_id > ${importId}
      and l.undone_at is null
    order by r.import_id desc
  `.execute(db);
  return rows.rows.map((r) => Number(r.import_id));
}

/** The later original budget imports of the year, still standing, newest first. */
export async function laterOriginalBudgets(
  db: Db,
  municipalityId: string,
  year: number,
  importId: number,
): Promise<number[]> {
  const rows = await sql<{ id: number }>`
    select id from import_log
    where municipality_id = ${municipalityId} and year = ${year} and kind = 'budget'
      and id > ${importId} and undone_at is null
      and coalesce(options::jsonb ->> 'stage', 'original') = 'original'
    order by id desc
  `.execute(db);
  return rows.rows.map((r) => Number(r.id));
}

/** The units whose figures an import wrote or took away (what its undo touches). */
export async function unitsOfImport(
  db: Db,
  municipalityId: string,
  importId: number,
): Promise<string[]> {
  const rows = await sql<{ unit_code: string }>`
    select unit_code from actual where municipality_id = ${municipalityId} and import_id = ${importId}
    union select unit_code from budget_entry where municipality_id = ${municipalityId} and import_id = ${importId}
    union select unit_code from superseded_actual where municipality_id = ${municipalityId} and import_id = ${importId}
    union select unit_code from superseded_budget where municipality_id = ${municipalityId} and import_id = ${importId}
    order by 1
  `.execute(db);
  return rows.rows.map((r) => r.unit_code);
}

/**
 * Takes out an import's contributions (its actual rows, budget entries and budget change) and
 * puts back what it superseded, under the imports that had written it; marks it undone. What it
 * superseded and replaced is kept, as the record of the import.
 */
export async function undoImportRows(
  db: Db,
  municipalityId: string,
  year: number,
  importId: number,
  undoneBy: string,
): Promise<void> {
  await deletePostings(db, municipalityId, importId);
  for (const table of ['actual', 'budget_entry', 'budget_change'] as const) {
    await db
      .deleteFrom(table)
      .where('municipality_id', '=', municipalityId)
      .where('year', '=', year)
      .where('import_id', '=', importId)
      .execute();
  }
  await sql`
    insert into actual (municipality_id, year, unit_code, account, kind, amounts, lines, import_id)
    select municipality_id, year, unit_code, account, kind, amounts, lines, source_import_id
    from superseded_actual where municipality_id = ${municipalityId} and import_id = ${importId}
  `.execute(db);
  await sql`
    insert into budget_entry (municipality_id, year, stage, change_id, unit_code, account, line, kind, amount, months, import_id)
    select municipality_id, year, stage, change_id, unit_code, account, line, kind, amount, months, source_import_id
    from superseded_budget where municipality_id = ${municipalityId} and import_id = ${importId}
  `.execute(db);
  await db
    .updateTable('import_log')
    .set({ undone_at: sql<Date>`now()`, undone_by: undoneBy })
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', importId)
    .execute();
}

/** An ERP's column mapping as stored: field → the header of its column, for one header row. */
export interface StoredColumnMapping {
  id: number;
  kind: string;
  name: string;
  header: string[];
  columns: Record<string, string>;
  createdAt: Date;
  createdBy: string;
}

function columnMappingOf(row: Selectable<ColumnMappingTable>): StoredColumnMapping {
  let columns: Record<string, string> = {};
  try {
    const parsed = JSON.parse(row.columns) as unknown;
    if (typeof parsed === 'object' && parsed !== null)
      columns = Object.fromEntries(
        Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
  } catch {
    columns = {};
  }
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    header: row.header,
    columns,
    createdAt: new Date(row.created_at),
    createdBy: row.created_by,
  };
}

/** The municipality's remembered column mappings, by kind and name. */
export async function columnMappings(
  db: Db,
  municipalityId: string,
): Promise<StoredColumnMapping[]> {
  const rows = await db
    .selectFrom('column_mapping')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .orderBy('kind')
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map(columnMappingOf);
}

/** The remembered mapping of a kind for a header row (by its key), or of an id. */
export async function columnMapping(
  db: Db,
  municipalityId: string,
  by: { kind: string; headerKey: string } | { id: number },
): Promise<StoredColumnMapping | undefined> {
  let query = db
    .selectFrom('column_mapping')
    .selectAll()
    .where('municipality_id', '=', municipalityId);
  query =
    'id' in by
      ? query.where('id', '=', by.id)
      : query.where('kind', '=', by.kind).where('header_key', '=', by.headerKey);
  const row = await query.executeTakeFirst();
  return row ? columnMappingOf(row) : undefined;
}

/**
 * Remembers a mapping for a kind and header row: a new one, or the one that header had replaced
 * (its name and columns). Returns its id.
 */
export async function saveColumnMapping(
  db: Db,
  municipalityId: string,
  mapping: {
    kind: string;
    name: string;
    headerKey: string;
    header: readonly string[];
    columns: Readonly<Record<string, string>>;
    createdBy: string;
  },
): Promise<number> {
  const values = {
    name: mapping.name,
    header: [...mapping.header],
    columns: JSON.stringify(mapping.columns),
    created_by: mapping.createdBy,
  };
  const row = await db
    .insertInto('column_mapping')
    .values({
      municipality_id: municipalityId,
      kind: mapping.kind,
      header_key: mapping.headerKey,
      ...values,
    })
    .onConflict((oc) =>
      oc
        .columns(['municipality_id', 'kind', 'header_key'])
        .doUpdateSet({ ...values, created_at: sql<Date>`now()` }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Forgets a remembered mapping. */
export async function deleteColumnMapping(
  db: Db,
  municipalityId: string,
  id: number,
): Promise<void> {
  await db
    .deleteFrom('column_mapping')
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .execute();
}
