import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import { cents, roundToUnit } from '../../src/domain/money.js';
import { buildReport } from '../../src/report/build.js';
import { printedUnit, type ReportDocument } from '../../src/report/document.js';
import { renderXlsx } from '../../src/report/xlsx.js';
import { DEMO_CENTRAL, DEMO_MUNICIPALITY, DEMO_YEAR, loadDemo } from '../../src/service/demo.js';
import { ENGINES } from '../support/engines.js';
import { FIGURE_COLUMNS, sampleDocument, STK_ROWS } from './sample-document.js';

/** The formula and result of a formula cell, or null for other cells. */
function formulaOf(cell: ExcelJS.Cell): { formula: string; result: unknown } | null {
  const v = cell.value;
  if (v === null || typeof v !== 'object' || !('formula' in v)) return null;
  if (typeof v.formula !== 'string') return null;
  return { formula: v.formula, result: 'result' in v ? v.result : undefined };
}

/**
 * Evaluates the formula forms the renderer writes: SUM(A1:A3), SUM(A1,A2), A1+B1+C1, A1-B1, and
 * the percentages A1/B1 (use %) and (A1-B1)/B1 (change %).
 */
function evaluate(formula: string, sheet: ExcelJS.Worksheet): number {
  const ratio = /^(?:\((.+)\)|([A-Z]+\d+))\/([A-Z]+\d+)$/.exec(formula);
  if (ratio) return evaluate(ratio[1] ?? ratio[2]!, sheet) / evaluate(ratio[3]!, sheet);
  const valueOf = (ref: string): number => {
    const cell = sheet.getCell(ref);
    const v = cell.value;
    if (v === null || v === undefined) return 0;
    if (typeof v === 'number') return v;
    const f = formulaOf(cell);
    if (f) return evaluate(f.formula, sheet);
    throw new Error(`not a number in ${ref}: ${JSON.stringify(v)}`);
  };
  const sum = /^SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)$/.exec(formula);
  if (sum) {
    const [, c1, r1, c2, r2] = sum;
    expect(c1).toBe(c2);
    let total = 0;
    for (let r = Number(r1); r <= Number(r2); r += 1) total += valueOf(`${c1}${r}`);
    return total;
  }
  const terms = /^[A-Z]+\d+(?:[+-][A-Z]+\d+)*$/.test(formula);
  if (!terms) throw new Error(`unexpected formula ${formula}`);
  let total = 0;
  for (const m of formula.matchAll(/([+-]?)([A-Z]+\d+)/g)) {
    total += (m[1] === '-' ? -1 : 1) * valueOf(m[2] ?? '');
  }
  return total;
}

async function workbookOf(doc: ReportDocument): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await renderXlsx(doc)) as unknown as ArrayBuffer);
  return workbook;
}

/** What Excel shows for a number under NUMBER_FORMAT (or PERCENT_FORMAT): rounded half away from zero. */
function shown(value: number, doc: ReportDocument, column?: string): number {
  if (column === 'useRate' || column === 'change')
    return (Math.sign(value) * Math.round(Math.abs(value) * 1000 + 1e-9)) / 10;
  if (doc.additive) return value;
  // The cells hold exact amounts (cents / unit); back to cents, then rounded as the report does.
  const unit = printedUnit(doc);
  return roundToUnit(cents(Math.round(value * unit)), unit);
}

/** Total rows' cells with a figure that are not formulas, as `unit line column`. */
function totalsWithoutFormulas(workbook: ExcelJS.Workbook, doc: ReportDocument): string[] {
  const missing: string[] = [];
  for (const section of doc.sections) {
    const sheet = workbook.getWorksheet(section.unitCode)!;
    sheet.eachRow((r) => {
      const line = r.getCell(1).value;
      if (line !== 'revenue' && line !== 'costs' && line !== 'margin') return;
      FIGURE_COLUMNS.forEach((column, k) => {
        const cell = r.getCell(3 + k);
        if (cell.value !== null && !formulaOf(cell)) {
          missing.push(`${section.unitCode} ${line} ${column}`);
        }
      });
    });
  }
  return missing;
}

/**
 * Recomputes every formula of the workbook from the stored numbers, as Excel does on opening,
 * and checks that what it then shows is the printed figure of the document, in every table.
 * Returns the number of formulas checked.
 */
function expectFormulasToGivePrintedFigures(
  workbook: ExcelJS.Workbook,
  doc: ReportDocument,
): number {
  let formulas = 0;
  for (const section of doc.sections) {
    const sheet = workbook.getWorksheet(section.unitCode)!;
    for (const block of section.blocks) {
      if (block.kind !== 'figureTable') continue;
      for (const row of block.rows) {
        let sheetRow: ExcelJS.Row | undefined;
        sheet.eachRow((r) => {
          if (r.getCell(1).value === row.line && sheetRow === undefined) sheetRow = r;
        });
        expect(sheetRow, `${section.unitCode} ${row.line}`).toBeDefined();
        block.columns.forEach((column, k) => {
          const cell = sheetRow!.getCell(3 + k);
          const printed = row.printed[column.key];
          const f = formulaOf(cell);
          if (!f) {
            if (printed === null) expect(cell.value ?? null).toBeNull();
            else expect(shown(cell.value as number, doc, column.key)).toBe(printed);
            return;
          }
          formulas += 1;
          const recomputed = evaluate(f.formula, sheet);
          expect([
            section.unitCode,
            row.line,
            column.key,
            shown(recomputed, doc, column.key),
          ]).toEqual([section.unitCode, row.line, column.key, printed]);
          // ExcelJS leaves out a result of 0 when it writes the file.
          expect((f.result as number | undefined) ?? 0).toBeCloseTo(recomputed, 6);
        });
      }
    }
  }
  return formulas;
}

describe('renderXlsx', () => {
  const doc = sampleDocument();
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    const buffer = await renderXlsx(doc);
    expect(Buffer.isBuffer(buffer)).toBe(true);
    workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  });

  it('has a sheet per section and a goals sheet where there are goals', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'STK',
      'STK goals',
      'STK-ADM',
      'STK-ICT',
    ]);
  });

  it('writes numbers as numbers, with exact cents to the right', () => {
    const sheet = workbook.getWorksheet('STK')!;
    const rows: ExcelJS.Row[] = [];
    sheet.eachRow((row) => rows.push(row));
    const byLine = (line: string): ExcelJS.Row => {
      const row = rows.find((r) => r.getCell(1).value === line);
      if (!row) throw new Error(`no row ${line}`);
      return row;
    };
    const sales = byLine('sales');
    expect(sales.getCell(2).value).toBe('Försäljningsintäkter');
    expect(typeof sales.getCell(3).value).toBe('number');
    expect(sales.getCell(3).value).toBe(27400);
    expect(sales.getCell(3).numFmt).toContain('#,##0');
    // The exact amount, shown without decimals: 30 290,60 € shows as the printed 30 291.
    expect(sales.getCell(6).value).toBe(30290.6);
    expect(sales.getCell(6).numFmt).toBe('#,##0;"\u2212"#,##0');
    // Header of the cent columns.
    const header = rows.find((r) => r.getCell(1).value === 'line')!;
    expect(header.getCell(8).value).toBe('Budget (cents)');
    // Cents: every row, every column, exactly.
    const columns = ['budget', 'changes', 'revised', 'actual', 'deviation'] as const;
    for (const fr of STK_ROWS) {
      const row = byLine(fr.line);
      columns.forEach((c, k) => {
        const v = row.getCell(8 + k).value;
        expect(v ?? null).toBe(fr.cells[c]);
      });
    }
    expect(byLine('sales').getCell(11).value).toBe(3029060);
    expect(byLine('margin').getCell(2).value).toBe('Verksamhetsbidrag, externt ●');
  });

  it('writes totals, revised and deviation as formulas with their results', () => {
    const sheet = workbook.getWorksheet('STK')!;
    let formulas = 0;
    const seen = new Set<string>();
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        const v = formulaOf(cell);
        if (!v) return;
        formulas += 1;
        seen.add(`${row.getCell(1).text}:${cell.col}`);
        expect(typeof v.result).toBe('number');
        expect(evaluate(v.formula, sheet)).toBeCloseTo(v.result as number, 6);
      });
    });
    expect(formulas).toBeGreaterThan(20);
    const margin = (() => {
      let found: ExcelJS.Row | undefined;
      sheet.eachRow((row) => {
        if (row.getCell(1).value === 'margin') found = row;
      });
      return found!;
    })();
    const budget = margin.getCell(3).value as ExcelJS.CellFormulaValue;
    expect(budget.formula).toMatch(/^C\d+\+C\d+$/);
    expect(budget.result).toBe(-4136458);
    const deviation = margin.getCell(7).value as ExcelJS.CellFormulaValue;
    expect(deviation.formula).toBe(`F${margin.number}-E${margin.number}`);
    // The exact deviation 245 951,20 €, shown as the printed 245 951 (the sum of the
    // independently printed parts would give 245 952).
    expect(deviation.result).toBeCloseTo(245951.2, 6);
    expect(seen.has('revenue:3')).toBe(true);
    expect(seen.has('sales:5')).toBe(true);
    expect(seen.has('sales:7')).toBe(true);
  });

  it('keeps formulas consistent on every sheet', () => {
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          const v = formulaOf(cell);
          if (v) expect(evaluate(v.formula, sheet)).toBeCloseTo(v.result as number, 6);
        }),
      );
    }
  });

  it('recomputes to the printed figures, where the printed parts do not add up', () => {
    expect(expectFormulasToGivePrintedFigures(workbook, doc)).toBeGreaterThan(40);
  });

  it('stores printed whole units where they add up (additive), and only exact formulas', async () => {
    const additive = sampleDocument();
    additive.additive = true;
    const revenue = additive.sections[0]!.blocks.find((b) => b.kind === 'figureTable');
    if (revenue?.kind !== 'figureTable') throw new Error('no table');
    // As additive rounding prints it: 30 290 + (−675) + 155 570 + 0 = 185 185.
    revenue.rows.find((r) => r.line === 'sales')!.printed.actual = 30290;
    revenue.rows.find((r) => r.line === 'sales')!.printed.deviation = 2890;
    const book = await workbookOf(additive);
    const stk = book.getWorksheet('STK')!;
    let sales: ExcelJS.Row | undefined;
    stk.eachRow((r) => {
      if (r.getCell(1).value === 'sales') sales = r;
    });
    expect(sales!.getCell(6).value).toBe(30290);
    expect(expectFormulasToGivePrintedFigures(book, additive)).toBeGreaterThan(30);
  });

  it('lists the goals', () => {
    const sheet = workbook.getWorksheet('STK goals')!;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(2).getCell(2).value).toBe('Ett livskraftigt Lovisa');
    expect(sheet.getRow(3).values).toContain('Delvis uppnått');
  });

  it('truncates and de-duplicates sheet names', async () => {
    const long = 'X'.repeat(40);
    const base = doc.sections[2]!;
    const buffer = await renderXlsx({
      ...doc,
      sections: [
        { ...base, unitCode: long },
        { ...base, unitCode: long },
      ],
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const names = wb.worksheets.map((s) => s.name);
    expect(names[0]).toBe('X'.repeat(31));
    expect(names[1]).toHaveLength(31);
    expect(names[1]).toMatch(/ \(2\)$/);
  });
});

describe.each(ENGINES)('the demo report as XLSX on $name', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await engine.open();
    await loadDemo(store.db);
  });
  afterAll(async () => {
    await store.close();
  });

  const modes = [
    { additive: false, thousands: false },
    { additive: true, thousands: false },
    { additive: false, thousands: true },
    { additive: true, thousands: true },
  ];

  it.each(modes)(
    'recomputes every formula to the printed figure (additive $additive, thousands $thousands)',
    async (mode) => {
      const doc = await buildReport(store.db, {
        municipalityId: DEMO_MUNICIPALITY,
        year: DEMO_YEAR,
        unitCode: DEMO_CENTRAL,
        lang: 'sv',
        ...mode,
      });
      expect(doc.sections).toHaveLength(4);
      const workbook = await workbookOf(doc);
      expect(expectFormulasToGivePrintedFigures(workbook, doc)).toBeGreaterThan(60);
      // Every printed total is a formula: the relation holds for the values stored.
      expect(totalsWithoutFormulas(workbook, doc)).toEqual([]);
      // The cent columns keep the exact figures whatever is printed.
      const table = doc.sections[0]!.blocks.find((b) => b.kind === 'figureTable');
      if (table?.kind !== 'figureTable') throw new Error('no figure table');
      const exact = table.rows.find((r) => r.line === 'margin')!.cells.actual;
      const stk = workbook.getWorksheet(DEMO_CENTRAL)!;
      let margin: ExcelJS.Row | undefined;
      stk.eachRow((r) => {
        if (r.getCell(1).value === 'margin') margin = r;
      });
      const actualColumn = table.columns.findIndex((c) => c.key === 'actual');
      expect(margin!.getCell(3 + table.columns.length + actualColumn).value).toBe(exact);
    },
  );
});
