/**
 * The standard report lines of a municipal income statement, in report order,
 * with their labels and the default account ranges of the Finnish municipal chart of accounts.
 */
export const LANGUAGES = ['sv', 'fi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export type Names = Record<Language, string>;

export const LINE_CODES = [
  'sales',
  'fees',
  'grants',
  'otherRevenue',
  'revenue',
  'stockChange',
  'ownUse',
  'personnel',
  'services',
  'materials',
  'subsidies',
  'otherCosts',
  'costs',
  'margin',
  'depreciation',
  'internal',
  'imputed',
] as const;
export type LineCode = (typeof LINE_CODES)[number];

/** Entry kinds: external entries map by account; internal and imputed go to their own lines. */
export const ENTRY_KINDS = ['external', 'internal', 'imputed'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** Which sign a line normally has in report sign: revenue positive, costs negative. */
export type Direction = 'revenue' | 'cost' | 'either';

export interface LineDefinition {
  code: LineCode;
  names: Names;
  /** Lines that add up to this one; absent for lines fed by accounts or entry kinds. */
  sumOf?: readonly LineCode[];
  /** Default account range, inclusive, for lines fed by external accounts. */
  accounts?: { from: number; to: number };
  /** Lines fed by entries of a kind instead of by account. */
  kind?: Exclude<EntryKind, 'external'>;
  direction: Direction;
}

export const LINES: readonly LineDefinition[] = [
  {
    code: 'sales',
    names: { sv: 'Försäljningsintäkter', fi: 'Myyntituotot', en: 'Sales revenue' },
    accounts: { from: 3000, to: 3199 },
    direction: 'revenue',
  },
  {
    code: 'fees',
    names: { sv: 'Avgiftsintäkter', fi: 'Maksutuotot', en: 'Fee revenue' },
    accounts: { from: 3200, to: 3299 },
    direction: 'revenue',
  },
  {
    code: 'grants',
    names: {
      sv: 'Understöd och bidrag',
      fi: 'Tuet ja avustukset',
      en: 'Grants and subsidies received',
    },
    accounts: { from: 3300, to: 3399 },
    direction: 'revenue',
  },
  {
    code: 'otherRevenue',
    names: {
      sv: 'Övriga verksamhetsintäkter',
      fi: 'Muut toimintatuotot',
      en: 'Other operating revenue',
    },
    accounts: { from: 3400, to: 3599 },
    direction: 'revenue',
  },
  {
    code: 'revenue',
    names: { sv: 'Verksamhetens intäkter', fi: 'Toimintatuotot', en: 'Operating revenue' },
    sumOf: ['sales', 'fees', 'grants', 'otherRevenue'],
    direction: 'revenue',
  },
  {
    code: 'stockChange',
    names: {
      sv: 'Förändring av produktlager',
      fi: 'Valmistevarastojen muutos',
      en: 'Change in inventories',
    },
    accounts: { from: 3600, to: 3699 },
    direction: 'either',
  },
  {
    code: 'ownUse',
    names: {
      sv: 'Tillverkning för eget bruk',
      fi: 'Valmistus omaan käyttöön',
      en: 'Production for own use',
    },
    accounts: { from: 3700, to: 3799 },
    direction: 'revenue',
  },
  {
    code: 'personnel',
    names: { sv: 'Personalkostnader', fi: 'Henkilöstökulut', en: 'Personnel expenses' },
    accounts: { from: 4000, to: 4299 },
    direction: 'cost',
  },
  {
    code: 'services',
    names: { sv: 'Köp av tjänster', fi: 'Palvelujen ostot', en: 'Purchases of services' },
    accounts: { from: 4300, to: 4499 },
    direction: 'cost',
  },
  {
    code: 'materials',
    names: {
      sv: 'Material, förnödenheter och varor',
      fi: 'Aineet, tarvikkeet ja tavarat',
      en: 'Materials, supplies and goods',
    },
    accounts: { from: 4500, to: 4699 },
    direction: 'cost',
  },
  {
    code: 'subsidies',
    names: { sv: 'Understöd', fi: 'Avustukset', en: 'Subsidies paid' },
    accounts: { from: 4700, to: 4799 },
    direction: 'cost',
  },
  {
    code: 'otherCosts',
    names: {
      sv: 'Övriga verksamhetskostnader',
      fi: 'Muut toimintakulut',
      en: 'Other operating expenses',
    },
    accounts: { from: 4800, to: 4999 },
    direction: 'cost',
  },
  {
    code: 'costs',
    names: { sv: 'Verksamhetens kostnader', fi: 'Toimintakulut', en: 'Operating expenses' },
    sumOf: ['personnel', 'services', 'materials', 'subsidies', 'otherCosts'],
    direction: 'cost',
  },
  {
    code: 'margin',
    names: {
      sv: 'Verksamhetsbidrag, externt',
      fi: 'Toimintakate, ulkoinen',
      en: 'Operating margin, external',
    },
    sumOf: ['revenue', 'stockChange', 'ownUse', 'costs'],
    direction: 'either',
  },
  {
    code: 'depreciation',
    names: {
      sv: 'Avskrivningar och nedskrivningar',
      fi: 'Poistot ja arvonalentumiset',
      en: 'Depreciation and impairment',
    },
    accounts: { from: 7000, to: 7299 },
    direction: 'cost',
  },
  {
    code: 'internal',
    names: { sv: 'Interna poster', fi: 'Sisäiset erät', en: 'Internal items' },
    kind: 'internal',
    direction: 'either',
  },
  {
    code: 'imputed',
    names: { sv: 'Kalkylmässiga kostnadsposter', fi: 'Laskennalliset erät', en: 'Imputed items' },
    kind: 'imputed',
    direction: 'either',
  },
];

const byCode = new Map(LINES.map((line) => [line.code, line]));

/** The definition of a standard line. */
export function lineDefinition(code: LineCode): LineDefinition {
  const line = byCode.get(code);
  if (!line) throw new Error(`unknown line ${code}`);
  return line;
}

export function isLineCode(value: string): value is LineCode {
  return byCode.has(value as LineCode);
}

export function isEntryKind(value: string): value is EntryKind {
  return (ENTRY_KINDS as readonly string[]).includes(value);
}

/** Lines fed directly by external accounts (the leaves of the income statement). */
export const ACCOUNT_LINES: readonly LineCode[] = LINES.filter((l) => l.accounts).map(
  (l) => l.code,
);

/** Finds a line by its code or by its label in any language, case-insensitively. */
export function findLine(label: string): LineCode | undefined {
  const wanted = normaliseLabel(label);
  for (const line of LINES) {
    if (normaliseLabel(line.code) === wanted) return line.code;
    for (const lang of LANGUAGES) if (normaliseLabel(line.names[lang]) === wanted) return line.code;
  }
  return undefined;
}

function normaliseLabel(label: string): string {
  return label.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}
