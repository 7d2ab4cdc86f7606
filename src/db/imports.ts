/** The import log: every import of a file or form, with what was read. */
import type { Selectable } from 'kysely';
import type { Db } from './db.js';
import type { ImportLogTable } from './schema.js';

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
