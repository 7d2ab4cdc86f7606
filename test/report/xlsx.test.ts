import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderXlsx } from '../../src/report/xlsx.js';
import { sampleDocument, STK_ROWS } from './sample-document.js';

/** The formula and result of a formula cell, or null for other cells. */
function formulaOf(cell: ExcelJS.Cell): { formula: string; result: unknown } | null {
  const v = cell.value;
  if (v === null || typeof v !== 'object' || !('formula' in v)) return null;
  if (typeof v.formula !== 'string') return null;
  return { formula: v.formula, result: 'result' in v ? v.result : undefined };
}

/** Evaluates the formula forms the renderer writes: SUM(A1:A3), SUM(A1,A2), A1+B1+C1, A1-B1. */
function evaluate(formula: string, sheet: ExcelJS.Worksheet): number {
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
        expect(evaluate(v.formula, sheet)).toBe(v.result);
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
    // Results follow the formulas over the printed (independently rounded) parts: actual revenue
    // sums to 30 291 − 675 + 155 570 + 0 = 185 186 where the report prints 185 185, so the
    // margin deviation comes to 245 952; the exact cents stay in the cent columns.
    expect(deviation.result).toBe(245952);
    expect(seen.has('revenue:3')).toBe(true);
    expect(seen.has('sales:5')).toBe(true);
    expect(seen.has('sales:7')).toBe(true);
  });

  it('keeps formulas consistent on every sheet', () => {
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          const v = formulaOf(cell);
          if (v) expect(evaluate(v.formula, sheet)).toBe(v.result);
        }),
      );
    }
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
