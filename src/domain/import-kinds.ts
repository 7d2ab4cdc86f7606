/**
 * The catalogue of imports: the kinds of file Utfall imports and, for each, its columns and the
 * names a column may have in English, Swedish and Finnish. The importers (src/import) read files
 * by it, the server lists it and the web's import wizard offers it; reading files is the
 * importers' business, not this module's.
 */

/** The kinds of import, in the order the API and the CLI name them. */
export const IMPORT_KINDS = ['org', 'mapping', 'budget', 'actuals'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Whether a text names an import kind. */
export function isImportKind(value: unknown): value is ImportKind {
  return typeof value === 'string' && (IMPORT_KINDS as readonly string[]).includes(value);
}

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

const PERIOD_WORDS = ['period', 'kausi', 'månad', 'month', 'kuukausi', 'jakso'];

/** Budget: unit, account or line, amount; kind and period (a monthly budget) optional. */
export const BUDGET_HEADERS = {
  unit: UNIT_WORDS,
  account: ACCOUNT_WORDS,
  line: LINE_WORDS,
  amount: AMOUNT_WORDS,
  kind: KIND_WORDS,
  period: PERIOD_WORDS,
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
  period: PERIOD_WORDS,
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

/**
 * Forecasts: unit, line (a leaf line by code or label) and amount; period optional (else the
 * import's). Not one of IMPORT_KINDS, which are finance's and the admin's by role (the import
 * wizard offers them): a unit's forecasts are its responsible people's, and an editor imports
 * the rows of their own units only. Read by `utfall import forecast` and the upload route's kind
 * `forecast`.
 */
export const FORECAST_HEADERS = {
  unit: UNIT_WORDS,
  line: LINE_WORDS,
  amount: AMOUNT_WORDS,
  period: PERIOD_WORDS,
} as const satisfies HeaderSpec<string>;

/** Every kind of file the import command and the upload route take: the catalogue's and forecasts. */
export const FILE_KINDS = [...IMPORT_KINDS, 'forecast'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** Whether a text names a kind of file the import command and the upload route take. */
export function isFileKind(value: unknown): value is FileKind {
  return typeof value === 'string' && (FILE_KINDS as readonly string[]).includes(value);
}

/** The header names of every kind of file. */
export const FILE_HEADERS = {
  ...HEADERS,
  forecast: FORECAST_HEADERS,
} as const satisfies Record<FileKind, HeaderSpec<string>>;

/** The columns of each import kind, in the order the server lists them: `IMPORT_COLUMNS.budget` → `unit`, `account`, … */
export const IMPORT_COLUMNS: Readonly<Record<ImportKind, readonly string[]>> = {
  org: Object.keys(ORG_HEADERS),
  mapping: Object.keys(MAPPING_HEADERS),
  budget: Object.keys(BUDGET_HEADERS),
  actuals: Object.keys(ACTUALS_HEADERS),
};
