/**
 * A hand-built report document for the renderer tests: the Lovisa city office central (STK) with
 * two of its areas, figures in cents as in the 2023 seed (printed values match the published
 * tables), the binding margin line, a goal table with two themes, narratives and a chart.
 */
import type { LineCode } from '../../src/domain/lines.js';
import { cents, roundToEuros, type Cents } from '../../src/domain/money.js';
import type {
  ChartBlock,
  FigureColumn,
  FigureRow,
  FigureTableBlock,
  ReportDocument,
  ReportSection,
} from '../../src/report/document.js';

export const FIGURE_COLUMNS: readonly FigureColumn[] = [
  'budget',
  'changes',
  'revised',
  'actual',
  'deviation',
];

const TOTALS: readonly LineCode[] = ['revenue', 'costs', 'margin'];

/** A row from cents [budget, changes, revised, actual, deviation]; printed values are rounded. */
function row(
  line: LineCode,
  label: string,
  amounts: readonly (number | null)[],
  binding = false,
): FigureRow {
  const cells = {} as Record<FigureColumn, Cents | null>;
  const printed = {} as Record<FigureColumn, number | null>;
  FIGURE_COLUMNS.forEach((column, i) => {
    const amount = amounts[i] ?? null;
    cells[column] = amount === null ? null : cents(amount);
    printed[column] = amount === null ? null : roundToEuros(cents(amount));
  });
  return { line, label, total: TOTALS.includes(line), binding, cells, printed };
}

const COLUMNS: FigureTableBlock['columns'] = [
  { key: 'budget', label: 'Budget' },
  { key: 'changes', label: 'Budgetändringar' },
  { key: 'revised', label: 'Budget efter ändringar' },
  { key: 'actual', label: 'Utfall' },
  { key: 'deviation', label: 'Avvikelse' },
];

export const STK_ROWS: FigureRow[] = [
  row('sales', 'Försäljningsintäkter', [2740000, null, 2740000, 3029060, 289060]),
  row('fees', 'Avgiftsintäkter', [null, null, null, -67540, -67540]),
  row('grants', 'Understöd och bidrag', [14000000, null, 14000000, 15557000, 1557000]),
  row('otherRevenue', 'Övriga verksamhetsintäkter', [20000, null, 20000, 0, -20000]),
  row('revenue', 'Verksamhetens intäkter', [16760000, null, 16760000, 18518520, 1758520]),
  row('personnel', 'Personalkostnader', [-202799300, null, -202799300, -188788700, 14010600]),
  row('services', 'Köp av tjänster', [-203450500, null, -203450500, -193598400, 9852100]),
  row('materials', 'Material, förnödenheter och varor', [
    -8635000,
    null,
    -8635000,
    -11610700,
    -2975700,
  ]),
  row('subsidies', 'Understöd', [-3400000, null, -3400000, -3388600, 11400]),
  row('otherCosts', 'Övriga verksamhetskostnader', [
    -12121000,
    null,
    -12121000,
    -10182800,
    1938200,
  ]),
  row('costs', 'Verksamhetens kostnader', [-430405800, null, -430405800, -407569200, 22836600]),
  row(
    'margin',
    'Verksamhetsbidrag, externt',
    [-413645800, null, -413645800, -389050680, 24595120],
    true,
  ),
  row('depreciation', 'Avskrivningar och nedskrivningar', [-1284500, null, -1284500, null, null]),
  row('internal', 'Interna poster', [-22163300, null, -22163300, null, null]),
  row('imputed', 'Kalkylmässiga kostnadsposter', [322496300, null, 322496300, null, null]),
];

function areaRows(
  revenue: readonly number[],
  costs: readonly number[],
  margin: readonly number[],
): FigureRow[] {
  return [
    row('revenue', 'Verksamhetens intäkter', [
      revenue[0]!,
      null,
      revenue[0]!,
      revenue[1]!,
      revenue[2]!,
    ]),
    row('costs', 'Verksamhetens kostnader', [costs[0]!, null, costs[0]!, costs[1]!, costs[2]!]),
    row('margin', 'Verksamhetsbidrag, externt', [
      margin[0]!,
      null,
      margin[0]!,
      margin[1]!,
      margin[2]!,
    ]),
  ];
}

function chart(unitCode: string, rows: FigureRow[]): ChartBlock {
  return {
    kind: 'chart',
    unitCode,
    title: 'Budget och utfall per rad',
    bars: rows
      .filter((r) => r.cells.revised !== null || r.cells.actual !== null)
      .map((r) => ({
        label: r.label,
        revised: r.cells.revised,
        actual: r.cells.actual,
        deviation: r.cells.deviation,
      })),
  };
}

const stk: ReportSection = {
  unitCode: 'STK',
  level: 1,
  heading: 'Stadskanslicentralen',
  responsible: 'Ansvarsperson: tf stadsdirektören',
  blocks: [
    {
      kind: 'markdown',
      section: 'operations',
      markdown:
        '## Verksamhet\n\nStadskansliet **bereder** ärenden. Se [stadens webb](https://www.loviisa.fi).\n\n- punkt ett\n- punkt två\n',
      fallbackLang: null,
    },
    {
      kind: 'figureTable',
      unitCode: 'STK',
      caption: 'Resultaträkning, euro',
      columns: COLUMNS,
      rows: STK_ROWS,
    },
    chart('STK', STK_ROWS),
    {
      kind: 'goalTable',
      unitCode: 'STK',
      columns: [
        { key: 'goal', label: 'Mål' },
        { key: 'boardGoal', label: 'Nämndens mål' },
        { key: 'actionPlan', label: 'Åtgärder' },
        { key: 'responsible', label: 'Ansvarig' },
        { key: 'outcome', label: 'Utfall' },
        { key: 'status', label: 'Status' },
      ],
      rows: [
        {
          theme: 1,
          themeName: 'Ett livskraftigt Lovisa',
          cityGoal: 'Staden är en attraktiv arbetsgivare',
          goal: 'Personalen trivs',
          boardGoal: 'Sjukfrånvaron minskar',
          actionPlan: 'Arbetshälsoprogram',
          responsible: 'Personalchefen',
          outcome: 'Sjukfrånvaron minskade.',
          status: 'achieved',
          statusLabel: 'Uppnått',
          indicators: [
            {
              name: { sv: 'Sjukfrånvarodagar per årsverke', fi: 'Sairauspoissaolopäivät' },
              measureUnit: 'dagar',
              target: '12',
              operator: '<=',
              baseline: '14.2',
              actual: '11.8',
            },
          ],
          fallback: [],
        },
        {
          theme: 2,
          themeName: 'Ett hållbart Lovisa',
          cityGoal: 'Digitala tjänster',
          goal: 'Fler e-tjänster',
          boardGoal: 'Nya e-tjänster tas i bruk',
          actionPlan: 'Digitaliseringsprogram',
          responsible: 'ICT-chefen',
          outcome: 'Två nya tjänster.',
          status: 'partlyAchieved',
          statusLabel: 'Delvis uppnått',
          indicators: [
            {
              name: { sv: 'Nya e-tjänster' },
              measureUnit: 'st',
              target: '3',
              operator: '>=',
              baseline: null,
              actual: '2',
            },
          ],
          fallback: ['fi'],
        },
      ],
    },
  ],
};

const admRows = areaRows(
  [360000, 39600, -320400],
  [-129440500, -121550900, 7889500],
  [-129080500, -121511300, 7569200],
);
const ictRows = areaRows(
  [2400000, 2749500, 349500],
  [-118058800, -92962400, 25096400],
  [-115658800, -90212900, 25445900],
);

const adm: ReportSection = {
  unitCode: 'STK-ADM',
  level: 2,
  heading: 'Stadskanslitjänster <b>',
  responsible: null,
  blocks: [
    { kind: 'paragraph', text: 'Förvaltning & service' },
    {
      kind: 'markdown',
      section: 'operations',
      markdown: 'Teksti on **vain** suomeksi.',
      fallbackLang: 'fi',
    },
    {
      kind: 'figureTable',
      unitCode: 'STK-ADM',
      caption: 'Resultaträkning, euro',
      columns: COLUMNS,
      rows: admRows,
    },
  ],
};

const ict: ReportSection = {
  unitCode: 'STK-ICT',
  level: 2,
  heading: 'Informations- och kommunikationsteknologitjänster',
  responsible: 'Ansvarsperson: ICT-chefen',
  blocks: [
    { kind: 'heading', level: 3, text: 'Ekonomi' },
    {
      kind: 'figureTable',
      unitCode: 'STK-ICT',
      caption: 'Resultaträkning, euro',
      columns: COLUMNS,
      rows: ictRows,
    },
    chart('STK-ICT', ictRows),
  ],
};

/** The sample document in Swedish; a fresh copy each call, so tests may change it. */
export function sampleDocument(): ReportDocument {
  return structuredClone({
    municipality: 'Lovisa',
    year: 2023,
    toMonth: 12,
    lang: 'sv',
    title: 'Stadskanslicentralen — Verksamhetsberättelse 2023',
    additive: false,
    thousands: false,
    sections: [stk, adm, ict],
    footnotes: ['Belopp i euro; avvikelse = utfall − budget efter ändringar.'],
    approvals: [],
  } satisfies ReportDocument);
}
