/**
 * Reading a file's header against the column names of its import kind (src/domain/import-kinds.ts).
 * Headers are matched case-insensitively after trimming, removing a byte order mark and treating runs of spaces,
 * `_` and `-` alike (`Name SV`, `name_sv` and `name-sv` are one name). Unknown columns are ignored.
 */
import type { HeaderSpec } from '../domain/import-kinds.js';
import type { ProblemLog } from './problems.js';

// The catalogue of kinds and their columns is the domain's, shared with the web.
export {
  ACTUALS_HEADERS,
  BUDGET_HEADERS,
  FILE_HEADERS,
  FORECAST_HEADERS,
  HEADERS,
  MAPPING_HEADERS,
  ORG_HEADERS,
  type HeaderSpec,
} from '../domain/import-kinds.js';

/** A header cell as compared: no BOM, NFC, trimmed, lower case, separators unified. */
export function normaliseHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '_');
}

/** The 0-based column of each field, -1 when absent. */
export type Columns<F extends string> = Record<F, number>;

/**
 * Columns the user has named for a file whose header is not recognised (the import wizard):
 * field → the header text of its column in the file, compared as headers are (any case, spaces,
 * `_` and `-` alike). Entries for fields the kind does not have are ignored.
 */
export type ColumnMap = Readonly<Record<string, string>>;

/**
 * Finds the columns of a header. A field named twice (`amount` and `belopp`) is a problem
 * `header.duplicate` at the second column; the first one is used. Columns in `named` come
 * first: their field is taken from no other column, and their column feeds no other field;
 * a named header that the file does not have is a problem `header.unmatched`.
 */
export function resolveHeader<F extends string>(
  header: readonly string[],
  spec: HeaderSpec<F>,
  log: ProblemLog,
  headerRow = 1,
  named: ColumnMap = {},
): Columns<F> {
  const fields = Object.keys(spec) as F[];
  const byName = new Map<string, F>();
  for (const field of fields)
    for (const name of spec[field]) byName.set(normaliseHeader(name), field);
  const columns = Object.fromEntries(fields.map((field) => [field, -1])) as Columns<F>;
  const claimed = new Set<number>();
  const namedFields = new Set<F>();
  for (const field of fields) {
    const wanted = Object.hasOwn(named, field) ? named[field]?.trim() : undefined;
    if (!wanted) continue;
    namedFields.add(field);
    const index = header.findIndex((text) => normaliseHeader(text) === normaliseHeader(wanted));
    if (index < 0) {
      log.add(headerRow, null, wanted, 'header.unmatched', { field });
      continue;
    }
    columns[field] = index;
    claimed.add(index);
  }
  header.forEach((text, index) => {
    if (claimed.has(index)) return;
    const field = byName.get(normaliseHeader(text));
    if (field === undefined || namedFields.has(field)) return;
    if (columns[field] >= 0) {
      log.add(headerRow, text.trim(), text.trim(), 'header.duplicate', {
        first: (header[columns[field]] ?? '').trim(),
      });
    } else columns[field] = index;
  });
  return columns;
}

/** `"amount" / "belopp" / …`: the names a missing column may have. */
export function columnNames(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(' / ');
}

/**
 * Reports `header.missing` unless one of the groups of fields is present in full. Fields that
 * every closest group lacks are reported one by one; where the groups differ (`account` or
 * `line`), one problem names all the alternatives. Returns whether the header is complete.
 */
export function requireColumns<F extends string>(
  columns: Columns<F>,
  spec: HeaderSpec<F>,
  log: ProblemLog,
  groups: readonly (readonly F[])[],
  headerRow = 1,
): boolean {
  if (groups.some((group) => group.every((field) => columns[field] >= 0))) return true;
  const missing = groups.map((group) => group.filter((field) => columns[field] < 0));
  const fewest = Math.min(...missing.map((group) => group.length));
  const closest = missing.filter((group) => group.length === fewest);
  const common = closest[0]?.filter((field) => closest.every((group) => group.includes(field)));
  for (const field of common ?? []) {
    log.add(headerRow, null, null, 'header.missing', { names: columnNames(spec[field]) });
  }
  const alternatives = [...new Set(closest.flat())].filter((field) => !common?.includes(field));
  if (alternatives.length > 0) {
    log.add(headerRow, null, null, 'header.missing', {
      names: alternatives.map((field) => columnNames(spec[field])).join(' / '),
    });
  }
  return false;
}
