// Tests may read files; the domain code itself stays pure.
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findLine, type LineCode } from './lines.js';
import { cents, THOUSAND_EUROS, type Cents } from './money.js';
import type { LineFigures } from './model.js';
import {
  TABLE_COLUMNS,
  verifyTables,
  type PublishedRow,
  type TableColumn,
  type TableFinding,
} from './verify-table.js';

// --- a small parser for the published fixtures (see fixtures/lovisa-2023/published/README.md)

const PUBLISHED = new URL('../../fixtures/lovisa-2023/published/', import.meta.url);
const SEED_FILES = ['stk.csv', 'stk-adm.csv', 'stk-ict.csv', 'stk-ekp.csv'];

function parseEuros(text: string): Cents | null {
  const compact = text.replace(/\s/g, '').replace(/\u2212/g, '-');
  if (compact === '') return null;
  if (!/^-?\d+$/.test(compact)) throw new Error(`not whole euros: ${text}`);
  return cents(Number(compact) * 100);
}

function parsePublished(file: string, text: string): PublishedRow[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(';').map((h) => h.trim());
  const at = (name: string): number => header.indexOf(name);
  for (const name of ['unit', 'line', ...TABLE_COLUMNS]) {
    if (at(name) < 0) throw new Error(`${file}: no column ${name}`);
  }
  const rows: PublishedRow[] = [];
  lines.forEach((text, index) => {
    if (index === 0 || text.trim() === '') return;
    const fields = text.split(';');
    const field = (name: string): string => (at(name) < 0 ? '' : (fields[at(name)] ?? '').trim());
    const label = field('line');
    const line = findLine(label);
    if (!line) throw new Error(`${file}:${index + 1}: unknown line ${label}`);
    const cells = Object.fromEntries(
      TABLE_COLUMNS.map((column) => [column, parseEuros(field(column))]),
    ) as Record<TableColumn, Cents | null>;
    rows.push({
      file,
      row: index + 1,
      unitCode: field('unit'),
      parentCode: field('parent') || null,
      line,
      cells,
    });
  });
  return rows;
}

function seedRows(): PublishedRow[] {
  return SEED_FILES.flatMap((file) =>
    parsePublished(file, readFileSync(new URL(file, PUBLISHED), 'utf8')),
  );
}

// --- helpers ------------------------------------------------------------------------------

const e = (euros: number): Cents => cents(euros * 100);

type Cells = [number | null, number | null, number | null, number | null, number | null];

let nextRow = 1;
/** A synthetic row: cells in euros in the order budget, changes, revised, actual, deviation. */
function row(
  unitCode: string,
  line: LineCode,
  values: Cells,
  parentCode: string | null = null,
  file = `${unitCode.toLowerCase()}.csv`,
): PublishedRow {
  const cells = Object.fromEntries(
    TABLE_COLUMNS.map((column, i) => {
      const value = values[i];
      return [column, value === null || value === undefined ? null : e(value)];
    }),
  ) as Record<TableColumn, Cents | null>;
  return { file, row: nextRow++, unitCode, parentCode, line, cells };
}

/** The essentials of a finding, amounts in euros, for readable expectations. */
function brief(f: TableFinding) {
  return {
    rule: f.rule,
    severity: f.severity,
    unit: f.unitCode,
    line: f.line,
    column: f.column,
    expected: f.expected / 100,
    found: f.found === null ? null : f.found / 100,
  };
}

const errors = (findings: TableFinding[]) => findings.filter((f) => f.severity === 'error');
const roundings = (findings: TableFinding[]) => findings.filter((f) => f.severity === 'rounding');

// --- the seed -----------------------------------------------------------------------------

describe('verifyTables on the Lovisa 2023 Stadskanslicentralen tables', () => {
  const rows = seedRows();
  const findings = verifyTables(rows);

  it('parses the four tables as printed', () => {
    expect(rows.filter((r) => r.unitCode === 'STK')).toHaveLength(15);
    for (const unit of ['STK-ADM', 'STK-ICT', 'STK-EKP']) {
      expect(rows.filter((r) => r.unitCode === unit && r.parentCode === 'STK')).toHaveLength(7);
    }
    const fees = rows.find((r) => r.unitCode === 'STK' && r.line === 'fees');
    expect(fees?.cells).toEqual({
      budget: null,
      changes: null,
      revised: null,
      actual: e(-675),
      deviation: e(-675),
    });
    const ictMargin = rows.find((r) => r.unitCode === 'STK-ICT' && r.line === 'margin');
    expect(ictMargin?.cells.actual).toBeNull();
    expect(ictMargin?.cells.deviation).toBe(e(254_459));
  });

  it('finds exactly the three printed errors', () => {
    expect(errors(findings).map(brief)).toEqual([
      // EKP margin actual −1 775 975, but revenue 157 294 + costs −1 930 559 = −1 773 265.
      // Its deviation −84 199 agrees with the expected actual, so no table.deviation on top.
      {
        rule: 'table.total',
        severity: 'error',
        unit: 'STK-EKP',
        line: 'margin',
        column: 'actual',
        expected: -1_773_265,
        found: -1_775_975,
      },
      // ICT margin actual not printed: revenue + costs = deviation + revised = −902 129.
      {
        rule: 'table.missing-cell',
        severity: 'error',
        unit: 'STK-ICT',
        line: 'margin',
        column: 'actual',
        expected: -902_129,
        found: null,
      },
      // Internal items: −117 078 − 106 288 − 96 155 = −319 521, the central prints −221 633.
      ...(['budget', 'revised'] as const).map((column) => ({
        rule: 'table.areas' as const,
        severity: 'error' as const,
        unit: 'STK',
        line: 'internal' as const,
        column,
        expected: -319_521,
        found: -221_633,
      })),
    ]);
  });

  it('explains the expectations with the cells they come from', () => {
    const ict = findings.find((f) => f.unitCode === 'STK-ICT' && f.rule === 'table.missing-cell');
    expect(ict?.detail).toBe('revenue 27495 + costs -929624; deviation 254459 + revised -1156588');
    expect(ict).toMatchObject({ file: 'stk-ict.csv', row: 5 });
    const internal = findings.find((f) => f.rule === 'table.areas' && f.line === 'internal');
    expect(internal?.detail).toBe('STK-ADM -117078 + STK-ICT -106288 + STK-EKP -96155');
    expect(internal).toMatchObject({ file: 'stk.csv', row: 15 });
  });

  it('reports the one-euro differences as rounding', () => {
    const area = (line: LineCode, column: TableColumn, expected: number, found: number) => ({
      rule: 'table.areas',
      severity: 'rounding',
      unit: 'STK',
      line,
      column,
      expected,
      found,
    });
    expect(roundings(findings).map(brief)).toEqual([
      // stk-adm.csv: costs deviation 78 895 vs −1 215 509 + 1 294 405 = 78 896; margin 75 691 vs 75 692
      {
        rule: 'table.deviation',
        severity: 'rounding',
        unit: 'STK-ADM',
        line: 'costs',
        column: 'deviation',
        expected: 78_896,
        found: 78_895,
      },
      {
        rule: 'table.deviation',
        severity: 'rounding',
        unit: 'STK-ADM',
        line: 'margin',
        column: 'deviation',
        expected: 75_692,
        found: 75_691,
      },
      // stk.csv: revenue actual 185 185 vs 30 291 − 675 + 155 570 + 0 = 185 186, deviation 17 585 vs 17 586
      {
        rule: 'table.total',
        severity: 'rounding',
        unit: 'STK',
        line: 'revenue',
        column: 'actual',
        expected: 185_186,
        found: 185_185,
      },
      {
        rule: 'table.total',
        severity: 'rounding',
        unit: 'STK',
        line: 'revenue',
        column: 'deviation',
        expected: 17_586,
        found: 17_585,
      },
      // the areas' costs, margin and imputed items differ from the central by one euro
      area('costs', 'budget', -4_304_059, -4_304_058),
      area('costs', 'revised', -4_304_059, -4_304_058),
      area('margin', 'budget', -4_136_459, -4_136_458),
      area('margin', 'revised', -4_136_459, -4_136_458),
      area('imputed', 'budget', 3_224_964, 3_224_963),
      area('imputed', 'revised', 3_224_964, 3_224_963),
    ]);
  });

  it('orders the findings by file, row and column', () => {
    const keys = findings.map((f) => [f.file, f.row, TABLE_COLUMNS.indexOf(f.column)] as const);
    const sorted = [...keys].sort(
      (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0) || a[1] - b[1] || a[2] - b[2],
    );
    expect(keys).toEqual(sorted);
    expect(findings).toHaveLength(14);
  });

  it('uses the unit tree when given instead of the parent column', () => {
    const noParents = rows.map((r) => ({ ...r, parentCode: null }));
    expect(verifyTables(noParents).filter((f) => f.rule === 'table.areas')).toEqual([]);
    const tree = (code: string) => (code === 'STK' ? null : 'STK');
    expect(verifyTables(noParents, { parentOf: tree })).toEqual(findings);
  });
});

// --- synthetic tables ---------------------------------------------------------------------

describe('verifyTables on synthetic tables', () => {
  /** A fully consistent central with two areas. */
  function consistent(): PublishedRow[] {
    return [
      row('C', 'sales', [100, null, 100, 120, 20]),
      row('C', 'grants', [50, 10, 60, 50, -10]),
      row('C', 'revenue', [150, 10, 160, 170, 10]),
      row('C', 'ownUse', [null, null, null, null, null]),
      row('C', 'personnel', [-300, null, -300, -280, 20]),
      row('C', 'services', [-200, -10, -210, -230, -20]),
      row('C', 'costs', [-500, -10, -510, -510, 0]),
      row('C', 'margin', [-350, 0, -350, -340, 10]),
      row('C', 'internal', [-40, null, -40, null, null]),
      row('A1', 'revenue', [100, 10, 110, 100, -10], 'C'),
      row('A1', 'costs', [-200, null, -200, -190, 10], 'C'),
      row('A1', 'margin', [-100, 10, -90, -90, 0], 'C'),
      row('A1', 'internal', [-40, null, -40, null, null], 'C'),
      row('A2', 'revenue', [50, null, 50, 70, 20], 'C'),
      row('A2', 'costs', [-300, -10, -310, -320, -10], 'C'),
      row('A2', 'margin', [-250, -10, -260, -250, 10], 'C'),
      row('A2', 'internal', [null, null, null, null, null], 'C'),
    ];
  }

  it('finds nothing in a fully consistent table', () => {
    expect(verifyTables(consistent())).toEqual([]);
  });

  it('finds nothing in an empty input', () => {
    expect(verifyTables([])).toEqual([]);
  });

  describe('table.total', () => {
    it('reports a wrong total as an error and one euro over many cells as rounding', () => {
      const rows = [
        row('C', 'personnel', [-300, null, -300, -280, 20]),
        row('C', 'services', [-200, null, -200, -230, -30]),
        row('C', 'materials', [-10, null, -10, -10, 0]),
        row('C', 'costs', [-511, null, -510, -525, -10]),
      ];
      expect(verifyTables(rows).map(brief)).toEqual([
        {
          rule: 'table.total',
          severity: 'rounding',
          unit: 'C',
          line: 'costs',
          column: 'budget',
          expected: -510,
          found: -511,
        },
        // budget −511 vs revised −510: one euro over two cells
        {
          rule: 'table.revised',
          severity: 'rounding',
          unit: 'C',
          line: 'costs',
          column: 'revised',
          expected: -511,
          found: -510,
        },
        // the deviation −10 agrees with the expected actual: not reported again
        {
          rule: 'table.total',
          severity: 'error',
          unit: 'C',
          line: 'costs',
          column: 'actual',
          expected: -520,
          found: -525,
        },
      ]);
    });

    it('treats a 3-euro difference over 2 cells as an error, 1 euro as rounding', () => {
      const three = verifyTables([
        row('C', 'sales', [100, null, 100, null, null]),
        row('C', 'revenue', [103, null, 103, null, null]),
      ]);
      expect(three.map((f) => [f.rule, f.column, f.severity, f.expected])).toEqual([
        ['table.total', 'budget', 'error', e(100)],
        ['table.total', 'revised', 'error', e(100)],
      ]);
      const one = verifyTables([
        row('C', 'sales', [100, null, 100, null, null]),
        row('C', 'revenue', [101, null, 101, null, null]),
      ]);
      expect(one.map((f) => [f.rule, f.column, f.severity])).toEqual([
        ['table.total', 'budget', 'rounding'],
        ['table.total', 'revised', 'rounding'],
      ]);
    });

    it('in thousands of euros, allows half a thousand per printed cell', () => {
      // Printed in thousands: sales 100, revenue 101 (1 000 € over two cells) and 102.
      const thousands = (revenue: number) => [
        row('C', 'sales', [100_000, null, 100_000, null, null]),
        row('C', 'revenue', [revenue, null, revenue, null, null]),
      ];
      expect(verifyTables(thousands(101_000))[0]?.severity).toBe('error');
      const options = { unit: THOUSAND_EUROS };
      expect(verifyTables(thousands(101_000), options).map((f) => f.severity)).toEqual([
        'rounding',
        'rounding',
      ]);
      expect(verifyTables(thousands(102_000), options).map((f) => f.severity)).toEqual([
        'error',
        'error',
      ]);
    });

    it('uses a printed component total, and sums the components of one not printed', () => {
      const withRevenue = verifyTables([
        row('C', 'sales', [100, null, 100, null, null]),
        row('C', 'revenue', [100, null, 100, null, null]),
        row('C', 'costs', [-400, null, -400, null, null]),
        row('C', 'margin', [-300, null, -300, null, null]),
      ]);
      expect(withRevenue).toEqual([]);
      const withoutRevenue = verifyTables([
        row('C', 'sales', [100, null, 100, null, null]),
        row('C', 'grants', [50, null, 50, null, null]),
        row('C', 'personnel', [-400, null, -400, null, null]),
        row('C', 'margin', [-240, null, -250, null, null]),
      ]);
      expect(withoutRevenue.map(brief)).toEqual([
        {
          rule: 'table.total',
          severity: 'error',
          unit: 'C',
          line: 'margin',
          column: 'budget',
          expected: -250,
          found: -240,
        },
        // revised −250 ≠ budget −240 too, but holds with the expected budget: not reported again
      ]);
      expect(withoutRevenue[0]?.detail).toBe('sales 100 + grants 50 + personnel -400');
    });

    it('treats a printed row with an empty cell as 0', () => {
      const rows = [
        row('C', 'sales', [100, null, 100, 90, -10]),
        row('C', 'fees', [null, null, null, 5, 5]),
        row('C', 'revenue', [100, null, 100, 95, -5]),
      ];
      expect(verifyTables(rows)).toEqual([]);
    });
  });

  describe('table.revised', () => {
    it('checks revised = budget + changes, empty changes counting as 0', () => {
      const findings = verifyTables([
        row('C', 'sales', [100, 20, 130, null, null]),
        row('C', 'fees', [100, null, 100, null, null]),
        row('C', 'grants', [null, 10, 10, null, null]),
      ]);
      expect(findings.map(brief)).toEqual([
        {
          rule: 'table.revised',
          severity: 'error',
          unit: 'C',
          line: 'sales',
          column: 'revised',
          expected: 120,
          found: 130,
        },
      ]);
      expect(findings[0]?.detail).toBe('budget 100 + changes 20');
    });

    it('tolerates one euro over three cells', () => {
      const findings = verifyTables([row('C', 'sales', [100, 20, 121, null, null])]);
      expect(findings.map((f) => [f.rule, f.severity])).toEqual([['table.revised', 'rounding']]);
    });
  });

  describe('table.deviation', () => {
    it('checks deviation = actual − revised', () => {
      const findings = verifyTables([
        row('C', 'sales', [100, null, 100, 150, 40]),
        row('C', 'personnel', [-100, null, -100, -90, 11]),
        row('C', 'fees', [null, null, null, 5, 5]),
      ]);
      expect(findings.map(brief)).toEqual([
        {
          rule: 'table.deviation',
          severity: 'error',
          unit: 'C',
          line: 'sales',
          column: 'deviation',
          expected: 50,
          found: 40,
        },
        {
          rule: 'table.deviation',
          severity: 'rounding',
          unit: 'C',
          line: 'personnel',
          column: 'deviation',
          expected: 10,
          found: 11,
        },
      ]);
    });

    it('does not blame the deviation when the actual is the wrong cell of a total', () => {
      const findings = verifyTables([
        row('C', 'revenue', [100, null, 100, 110, 10]),
        row('C', 'costs', [-300, null, -300, -280, 20]),
        row('C', 'margin', [-200, null, -200, -190, 30]),
      ]);
      expect(findings.map((f) => [f.rule, f.line, f.column, f.severity])).toEqual([
        ['table.total', 'margin', 'actual', 'error'],
      ]);
    });

    it('reports a wrong deviation of a total once, as the total it breaks', () => {
      const findings = verifyTables([
        row('C', 'revenue', [100, null, 100, 110, 10]),
        row('C', 'costs', [-300, null, -300, -280, 20]),
        row('C', 'margin', [-200, null, -200, -170, 90]),
      ]);
      expect(findings.map((f) => [f.rule, f.column, f.severity, f.expected])).toEqual([
        ['table.total', 'deviation', 'error', e(30)],
      ]);
    });

    it('leaves a total unchecked where a component cell is missing', () => {
      const findings = verifyTables([
        row('C', 'sales', [100, null, 100, null, 5]),
        row('C', 'revenue', [100, null, 100, 300, 200]),
      ]);
      expect(findings.map((f) => [f.rule, f.line, f.column, f.expected])).toEqual([
        ['table.missing-cell', 'sales', 'actual', e(105)],
        ['table.total', 'revenue', 'deviation', e(5)],
      ]);
    });
  });

  describe('table.missing-cell', () => {
    it('reports cells the table implies', () => {
      const findings = verifyTables([
        row('C', 'sales', [100, null, null, 90, null]),
        row('C', 'fees', [10, null, 10, null, 5]),
        row('C', 'revenue', [110, null, 110, null, null]),
      ]);
      expect(findings.map(brief)).toEqual([
        {
          rule: 'table.missing-cell',
          severity: 'error',
          unit: 'C',
          line: 'sales',
          column: 'revised',
          expected: 100,
          found: null,
        },
        {
          rule: 'table.missing-cell',
          severity: 'error',
          unit: 'C',
          line: 'sales',
          column: 'deviation',
          expected: -10,
          found: null,
        },
        {
          rule: 'table.missing-cell',
          severity: 'error',
          unit: 'C',
          line: 'fees',
          column: 'actual',
          expected: 15,
          found: null,
        },
        // revenue prints neither actual nor deviation: left out on purpose, not missing
      ]);
    });

    it('reports an empty total where its components are printed, once per cell', () => {
      const findings = verifyTables([
        row('C', 'revenue', [10, null, 10, 12, 2]),
        row('C', 'costs', [-30, null, -30, -25, 5]),
        row('C', 'margin', [-20, null, -20, null, 7]),
      ]);
      expect(findings.map(brief)).toEqual([
        {
          rule: 'table.missing-cell',
          severity: 'error',
          unit: 'C',
          line: 'margin',
          column: 'actual',
          expected: -13,
          found: null,
        },
      ]);
      expect(findings[0]?.detail).toBe('revenue 12 + costs -25; deviation 7 + revised -20');
    });

    it('does not report rows without figures, nor omitted actuals', () => {
      const findings = verifyTables([
        row('C', 'revenue', [10, null, 10, 12, 2]),
        row('C', 'ownUse', [null, null, null, null, null]),
        row('C', 'margin', [null, null, null, null, null]),
        row('C', 'depreciation', [-5, null, -5, null, null]),
        row('C', 'imputed', [7, null, 7, null, null]),
      ]);
      expect(findings).toEqual([]);
    });
  });

  describe('table.areas', () => {
    const withInternal = (budget: number, revised: number) =>
      consistent().map((r) =>
        r.unitCode === 'C' && r.line === 'internal'
          ? { ...r, cells: { ...r.cells, budget: e(budget), revised: e(revised) } }
          : r,
      );

    it('compares a parent with the sum of its children (a blank child row is 0)', () => {
      expect(verifyTables(withInternal(-45, -45)).map(brief)).toEqual([
        {
          rule: 'table.areas',
          severity: 'error',
          unit: 'C',
          line: 'internal',
          column: 'budget',
          expected: -40,
          found: -45,
        },
        {
          rule: 'table.areas',
          severity: 'error',
          unit: 'C',
          line: 'internal',
          column: 'revised',
          expected: -40,
          found: -45,
        },
      ]);
      expect(verifyTables(withInternal(-41, -41)).map((f) => [f.column, f.severity])).toEqual([
        ['budget', 'rounding'],
        ['revised', 'rounding'],
      ]);
    });

    it('skips a column where a child row with figures leaves the cell empty', () => {
      const rows = consistent().map((r) =>
        r.unitCode === 'A2' && r.line === 'margin'
          ? { ...r, cells: { ...r.cells, actual: null } }
          : r,
      );
      expect(verifyTables(rows).map((f) => [f.rule, f.unitCode, f.line, f.column])).toEqual([
        ['table.missing-cell', 'A2', 'margin', 'actual'],
      ]);
    });

    it('skips lines a child does not print, and units without children', () => {
      const rows = withInternal(-99, -99).filter(
        (r) => !(r.unitCode === 'A2' && r.line === 'internal'),
      );
      expect(verifyTables(rows)).toEqual([]);
      const orphans = consistent().map((r) => (r.parentCode ? { ...r, parentCode: 'X' } : r));
      expect(verifyTables(orphans)).toEqual([]);
    });

    it('takes the tree from parentOf when given', () => {
      const rows = consistent().map((r) => ({ ...r, parentCode: null }));
      const findings = verifyTables(rows, { parentOf: (code) => (code === 'A1' ? 'C' : null) });
      // only A1 is a child of C now: its revenue 100 ≠ C's 150, and so on
      expect(new Set(findings.map((f) => f.rule))).toEqual(new Set(['table.areas']));
      expect(findings.find((f) => f.line === 'revenue' && f.column === 'budget')).toMatchObject({
        expected: e(100),
        found: e(150),
        severity: 'error',
      });
    });
  });

  describe('table.data', () => {
    function figures(code: LineCode, values: Partial<LineFigures>): LineFigures {
      return {
        code,
        budget: null,
        changes: null,
        revised: null,
        actual: null,
        deviation: null,
        ...values,
      };
    }

    const rows = () => [
      row('C', 'sales', [1000, null, 1000, 1001, 1]),
      row('C', 'grants', [2000, null, 2000, 2000, 0]),
      row('C', 'revenue', [3000, null, 3000, 3001, 1]),
      row('C', 'internal', [7, null, 7, null, null]),
    ];

    it('compares printed cells with the computed figures rounded to euros', () => {
      const computed = new Map([
        [
          'C',
          [
            // 1000.40 € prints as 1000; an actual of 1000.50 € rounds to 1001 as printed
            figures('sales', {
              budget: cents(100_040),
              revised: cents(100_040),
              actual: cents(100_050),
              deviation: cents(10),
            }),
            figures('grants', {
              budget: cents(200_040),
              revised: cents(200_040),
              actual: cents(200_000),
              deviation: cents(-40),
            }),
            // 3000.80 € rounds to 3001, but the table prints the sum of its rounded parts
            figures('revenue', {
              budget: cents(300_080),
              revised: cents(300_580),
              actual: cents(300_050),
              deviation: cents(-30),
            }),
          ],
        ],
      ]);
      const findings = verifyTables(rows(), { computed });
      expect(findings.map(brief)).toEqual([
        // sales deviation: computed 0.10 € rounds to 0, printed 1 (1 − 0.10 > 0.50)
        {
          rule: 'table.data',
          severity: 'error',
          unit: 'C',
          line: 'sales',
          column: 'deviation',
          expected: 0,
          found: 1,
        },
        {
          rule: 'table.data',
          severity: 'rounding',
          unit: 'C',
          line: 'revenue',
          column: 'budget',
          expected: 3001,
          found: 3000,
        },
        // revised 3005.80 € is 5.80 € away: beyond 0.50 + 2 × 0.50 €
        {
          rule: 'table.data',
          severity: 'error',
          unit: 'C',
          line: 'revenue',
          column: 'revised',
          expected: 3006,
          found: 3000,
        },
        // deviation −0.30 € vs printed 1: 1.30 € is within 0.50 + 2 × 0.50 €
        {
          rule: 'table.data',
          severity: 'rounding',
          unit: 'C',
          line: 'revenue',
          column: 'deviation',
          expected: 0,
          found: 1,
        },
        // internal items: no computed figure counts as 0
        {
          rule: 'table.data',
          severity: 'error',
          unit: 'C',
          line: 'internal',
          column: 'budget',
          expected: 0,
          found: 7,
        },
        {
          rule: 'table.data',
          severity: 'error',
          unit: 'C',
          line: 'internal',
          column: 'revised',
          expected: 0,
          found: 7,
        },
      ]);
      expect(findings[2]?.detail).toBe('computed 3005.80');
    });

    it('treats a half-euro tie rounded the other way as rounding', () => {
      const tie = cents(100_050);
      const computed = new Map([['C', [figures('sales', { actual: tie, deviation: tie })]]]);
      const findings = verifyTables([row('C', 'sales', [null, null, null, 1000, 1000])], {
        computed,
      });
      expect(findings.map((f) => [f.rule, f.severity, f.expected])).toEqual([
        ['table.data', 'rounding', e(1001)],
        ['table.data', 'rounding', e(1001)],
      ]);
    });

    it('skips units the computed figures do not have', () => {
      const computed = new Map([['OTHER', [figures('sales', { budget: cents(1) })]]]);
      expect(verifyTables(rows(), { computed })).toEqual([]);
    });
  });
});
