/**
 * Column names per import kind, in English, Swedish and Finnish. Headers are matched
 * case-insensitively after trimming, removing a byte order mark and treating runs of spaces,
 * `_` and `-` alike (`Name SV`, `name_sv` and `name-sv` are one name). Unknown columns are ignored.
 */
import type { ImportKind } from './types.js';
import type { ProblemLog } from './problems.js';

/** The names each field's column may have. */
export type HeaderSpec<F extends string> = Readonly<Record<F, readonly string[]>>;

const UNIT_WORDS = [
  'unit',
  'unit_code',
  'enhet',
  'yksikkö',
  'cost_center',
  'cost_centre',
  'costcenter',
  'costcentre',
  'kostnadsställe',
  'kustannuspaikka',
  'ansvarsområde',
  'vastuualue',
  'responsibility_area',
];
const ACCOUNT_WORDS = ['account', 'konto', 'tili', 'account_number', 'kontonummer', 'tilinumero'];
const AMOUNT_WORDS = ['amount', 'belopp', 'summa', 'määrä', 'euro', 'eur', 'euros', 'euroa'];
const LINE_WORDS = ['line', 'rad', 'rivi', 'report_line', 'resultaträkningsrad'];
const KIND_WORDS = ['kind', 'typ', 'laji', 'tyyppi', 'type'];

/** Organisation: code, parent and a name are required. */
export const ORG_HEADERS = {
  code: [
    'code',
    'kod',
    'koodi',
    'unit',
    'unit_code',
    'enhet',
    'enhetskod',
    'yksikkö',
    'yksikkökoodi',
  ],
  parent: ['parent', 'parent_code', 'förälder', 'överordnad', 'ylempi', 'ylempi_yksikkö'],
  name_sv: ['name_sv', 'namn_sv', 'nimi_sv', 'namn'],
  name_fi: ['name_fi', 'namn_fi', 'nimi_fi', 'nimi'],
  name_en: ['name_en', 'namn_en', 'nimi_en', 'name'],
  kind: ['kind', 'typ', 'tyyppi', 'laji', 'type'],
  responsible: ['responsible', 'ansvarsperson', 'ansvarig', 'vastuuhenkilö'],
  board: ['board', 'nämnd', 'lautakunta', 'toimielin'],
  binding: ['binding', 'binding_line', 'bindande', 'bindande_rad', 'sitova', 'sitova_rivi'],
} as const satisfies HeaderSpec<string>;

/** Account mapping: from and to (or a single account) and the line. */
export const MAPPING_HEADERS = {
  from: ['from', 'från', 'alkaen', 'account_from', 'from_account', 'konto_från', 'tili_alkaen'],
  to: ['to', 'till', 'asti', 'account_to', 'to_account', 'konto_till', 'tili_asti'],
  account: ACCOUNT_WORDS,
  line: LINE_WORDS,
} as const satisfies HeaderSpec<string>;

/** Budget: unit, account or line, amount; kind optional. */
export const BUDGET_HEADERS = {
  unit: UNIT_WORDS,
  account: ACCOUNT_WORDS,
  line: LINE_WORDS,
  amount: AMOUNT_WORDS,
  kind: KIND_WORDS,
} as const satisfies HeaderSpec<string>;

/** Actuals: date (ledger) or period (balances), account, unit, amount; the rest optional. */
export const ACTUALS_HEADERS = {
  date: [
    'date',
    'datum',
    'päivämäärä',
    'pvm',
    'päivä',
    'posting_date',
    'bokföringsdatum',
    'kirjauspäivä',
  ],
  period: ['period', 'kausi', 'månad', 'month', 'kuukausi', 'jakso'],
  account: ACCOUNT_WORDS,
  unit: UNIT_WORDS,
  amount: AMOUNT_WORDS,
  kind: KIND_WORDS,
  text: ['text', 'teksti', 'selite', 'beskrivning', 'description'],
  voucher: ['voucher', 'verifikat', 'verifikation', 'tosite', 'tositenumero'],
} as const satisfies HeaderSpec<string>;

/** The header names of each import kind. */
export const HEADERS = {
  org: ORG_HEADERS,
  mapping: MAPPING_HEADERS,
  budget: BUDGET_HEADERS,
  actuals: ACTUALS_HEADERS,
} as const satisfies Record<ImportKind, HeaderSpec<string>>;

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
