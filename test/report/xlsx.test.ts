import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import { cents, roundToUnit } from '../../src/domain/money.js';
import { buildReport } from '../../src/report/build.js';
import {
  printedUnit,
  type FigureColumn,
  type FigureRow,
  type FigureTableBlock,
  type ReportDocument,
  type ReportSection,
} from '../../src/report/document.js';
import { renderXlsx } from '../../src/report/xlsx.js';
import { DEMO_CENTRAL, DEMO_MUNICIPALITY, DEMO_YEAR, loadDemo } from '../../src/service/demo.js';
import { ENGINES } from '../support/engines.js';
import { sampleDocument } from './sample-document.js';

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

/** The first column holds the line's label; the amounts start in the second. */
const FIRST_AMOUNT = 2;

/** The sheet rows of a figure table, in the table's order: found under its header row. */
function tableRows(sheet: ExcelJS.Worksheet, block: FigureTableBlock): ExcelJS.Row[] {
  let header: number | undefined;
  sheet.eachRow((r) => {
    if (header === undefined && r.getCell(FIRST_AMOUNT).value === block.columns[0]?.label)
      header = r.number;
  });
  expect(header, `header of ${block.unitCode}`).toBeDefined();
  return block.rows.map((row, i) => {
    const r = sheet.getRow(header! + 1 + i);
    expect(r.getCell(1).value).toBe(row.binding ? `${row.label} ●` : row.label);
    return r;
  });
}

function figureTables(section: ReportSection): FigureTableBlock[] {
  return section.blocks.filter((b): b is FigureTableBlock => b.kind === 'figureTable');
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
    for (const block of figureTables(section)) {
      const rows = tableRows(sheet, block);
      block.rows.forEach((row, i) => {
        if (!row.total) return;
        block.columns.forEach((column, k) => {
          // A percentage is a formula only where the sheet holds exact amounts (not additive).
          if (column.key === 'useRate' || column.key === 'change') return;
          const cell = rows[i]!.getCell(FIRST_AMOUNT + k);
          if (cell.value !== null && !formulaOf(cell)) {
            missing.push(`${section.unitCode} ${row.line} ${column.key}`);
          }
        });
      });
    }
  }
  return missing;
}

/**
 * Recomputes every formula of the workbook from the stored numbers, as Excel does on opening,
 * and checks that what it then shows is the printed figure of the document, in every table, and
 * that the cached result a viewer shows without recalculating is the amount computed from the
 * integer cents (or printed units) divided once. Returns the number of formulas checked.
 */
function expectFormulasToGivePrintedFigures(
  workbook: ExcelJS.Workbook,
  doc: ReportDocument,
  cached: Map<string, Map<string, number | null>>,
): number {
  let formulas = 0;
  const stored = (row: FigureRow, column: FigureColumn): number | null =>
    doc.additive ? row.printed[column] : row.cells[column];
  const divisor = doc.additive ? 1 : printedUnit(doc);
  for (const section of doc.sections) {
    const sheet = workbook.getWorksheet(section.unitCode)!;
    for (const block of figureTables(section)) {
      const rows = tableRows(sheet, block);
      block.rows.forEach((row, i) => {
        block.columns.forEach((column, k) => {
          const cell = rows[i]!.getCell(FIRST_AMOUNT + k);
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
          const where = `${section.unitCode} ${row.line} ${column.key}`;
          const value = cached.get(sheet.name)?.get(cell.address);
          expect(typeof value, where).toBe('number');
          expect(value!, where).toBeCloseTo(recomputed, 6);
          if (column.key !== 'useRate' && column.key !== 'change') {
            const exact = stored(row, column.key);
            expect(exact, where).not.toBeNull();
            expect(value, where).toBe(exact! / divisor);
          }
        });
      });
    }
  }
  return formulas;
}

/**
 * The cached value of every formula cell as the file holds it (what a viewer that does not
 * recalculate shows), by sheet name and address; null where a formula has none.
 */
async function cachedValues(
  buffer: Buffer,
  workbook: ExcelJS.Workbook,
): Promise<Map<string, Map<string, number | null>>> {
  const zip = await JSZip.loadAsync(buffer);
  const out = new Map<string, Map<string, number | null>>();
  for (const [i, sheet] of workbook.worksheets.entries()) {
    const xml = (await zip.file(`xl/worksheets/sheet${i + 1}.xml`)?.async('string')) ?? '';
    const cells = new Map<string, number | null>();
    const open = xml.replace(/<c [^>]*\/>/g, '');
    for (const m of open.matchAll(/<c r="([A-Z]+\d+)"[^>]*>((?:(?!<\/c>).)*)<\/c>/g)) {
      if (!m[2]!.includes('<f>')) continue;
      const v = /<v>([^<]*)<\/v>/.exec(m[2]!);
      cells.set(m[1]!, v ? Number(v[1]) : null);
    }
    out.set(sheet.name, cells);
  }
  return out;
}

/** The words of a workbook a user reads: sheet names and every text cell. */
function textsOf(workbook: ExcelJS.Workbook): string[] {
  const texts = workbook.worksheets.map((s) => s.name);
  for (const sheet of workbook.worksheets) {
    sheet.eachRow((r) =>
      r.eachCell((cell) => {
        if (typeof cell.value === 'string') texts.push(cell.value);
      }),
    );
  }
  return texts;
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
      'STK mål',
      'STK-ADM',
      'STK-ICT',
    ]);
  });

  it('writes the amounts as numbers in euros, with the headers in the report’s language', () => {
    const sheet = workbook.getWorksheet('STK')!;
    const block = figureTables(doc.sections[0]!)[0]!;
    const rows = tableRows(sheet, block);
    const byLine = (line: string): ExcelJS.Row =>
      rows[block.rows.findIndex((r) => r.line === line)]!;
    const sales = byLine('sales');
    expect(sales.getCell(1).value).toBe('Försäljningsintäkter');
    expect(typeof sales.getCell(2).value).toBe('number');
    expect(sales.getCell(2).value).toBe(27400);
    // Grouped whole euros with a true minus sign; Excel groups by the reader's locale (`# ##0`).
    expect(sales.getCell(2).numFmt).toBe('#,##0;"\u2212"#,##0');
    // The exact amount, shown without decimals: 30 290,60 € shows as the printed 30 291.
    expect(sales.getCell(5).value).toBe(30290.6);
    const header = sheet.getRow(rows[0]!.number - 1);
    expect(header.values).toEqual([
      undefined,
      'Post',
      'Budget',
      'Budgetändringar',
      'Budget efter ändringar',
      'Utfall',
      'Avvikelse',
    ]);
    // No column of cents nor line codes beside the euros: the CSV carries them for machines.
    expect(sales.cellCount).toBe(1 + block.columns.length);
    expect(byLine('margin').getCell(1).value).toBe('Verksamhetsbidrag, externt ●');
    // What the mark and the figures mean, under the table.
    const texts = textsOf(workbook);
    expect(texts).toContain('● Bindande gentemot fullmäktige');
    expect(texts).toContain('Belopp i euro; avvikelse = utfall − budget efter ändringar.');
  });

  it('words every header and sheet name in the report’s language, none in code', async () => {
    const codes = /\b(?:line|cents|theme|themeName|cityGoal|goals|indicators)\b/i;
    for (const lang of ['sv', 'fi'] as const) {
      const localized = sampleDocument();
      localized.lang = lang;
      const book = await workbookOf(localized);
      const texts = textsOf(book).filter((text) => codes.test(text));
      expect(texts, lang).toEqual([]);
    }
    const fi = sampleDocument();
    fi.lang = 'fi';
    const book = await workbookOf(fi);
    expect(book.worksheets.map((s) => s.name)).toContain('STK tavoitteet');
    const goals = fi.sections[0]!.blocks.find((b) => b.kind === 'goalTable');
    if (goals?.kind !== 'goalTable') throw new Error('no goal table');
    expect(book.getWorksheet('STK tavoitteet')!.getRow(1).values).toEqual([
      undefined,
      'Nro',
      'Teema',
      'Kaupunkitason tavoite',
      ...goals.columns.map((c) => c.label),
      'Mittarit',
    ]);
    expect(textsOf(book)).toContain('Erä');
    const en = sampleDocument();
    en.lang = 'en';
    const english = await workbookOf(en);
    expect(english.worksheets.map((s) => s.name)).toContain('STK goals');
    expect(textsOf(english)).toContain('Item');
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
    const block = figureTables(doc.sections[0]!)[0]!;
    const margin = tableRows(sheet, block)[block.rows.findIndex((r) => r.line === 'margin')]!;
    const budget = margin.getCell(2).value as ExcelJS.CellFormulaValue;
    expect(budget.formula).toMatch(/^B\d+\+B\d+$/);
    expect(budget.result).toBe(-4136458);
    const deviation = margin.getCell(6).value as ExcelJS.CellFormulaValue;
    expect(deviation.formula).toBe(`E${margin.number}-D${margin.number}`);
    // The exact deviation 245 951,20 €, shown as the printed 245 951 (the sum of the
    // independently printed parts would give 245 952).
    expect(deviation.result).toBe(245951.2);
    expect(seen.has('Verksamhetens intäkter:2')).toBe(true);
    expect(seen.has('Försäljningsintäkter:4')).toBe(true);
    expect(seen.has('Försäljningsintäkter:6')).toBe(true);
  });

  it('gives every formula cell its cached value in the file, zeros included', async () => {
    const cached = await cachedValues(await renderXlsx(doc), workbook);
    const values = [...cached.values()].flatMap((cells) => [...cells.values()]);
    expect(values.length).toBeGreaterThan(40);
    expect(values.filter((v) => v === null)).toEqual([]);
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

  it('recomputes to the printed figures, where the printed parts do not add up', async () => {
    const cached = await cachedValues(await renderXlsx(doc), workbook);
    expect(expectFormulasToGivePrintedFigures(workbook, doc, cached)).toBeGreaterThan(40);
  });

  it('stores printed whole units where they add up (additive), and only exact formulas', async () => {
    const additive = sampleDocument();
    additive.additive = true;
    const revenue = additive.sections[0]!.blocks.find((b) => b.kind === 'figureTable');
    if (revenue?.kind !== 'figureTable') throw new Error('no table');
    // As additive rounding prints it: 30 290 + (−675) + 155 570 + 0 = 185 185.
    revenue.rows.find((r) => r.line === 'sales')!.printed.actual = 30290;
    revenue.rows.find((r) => r.line === 'sales')!.printed.deviation = 2890;
    const file = await renderXlsx(additive);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    const stk = book.getWorksheet('STK')!;
    const sales = tableRows(stk, revenue).find(
      (r) => r.getCell(1).value === 'Försäljningsintäkter',
    );
    expect(sales!.getCell(5).value).toBe(30290);
    expect(
      expectFormulasToGivePrintedFigures(book, additive, await cachedValues(file, book)),
    ).toBeGreaterThan(30);
  });

  it('lists the goals', () => {
    const sheet = workbook.getWorksheet('STK mål')!;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(1).getCell(1).value).toBe('Nr');
    expect(sheet.getRow(2).getCell(2).value).toBe('Ett livskraftigt Lovisa');
    expect(sheet.getRow(3).values).toContain('Delvis uppnått');
    // Indicators in the report's words, as the printed report gives them.
    const indicators = sheet.getRow(2).values as unknown[];
    expect(String(indicators.at(-1))).toContain(
      'utgångsläge 14,2\u00a0dagar; utfall 11,8\u00a0dagar',
    );
    // Rows as high as their wrapped text, for viewers that do not fit them.
    expect(sheet.getRow(2).height).toBeGreaterThan(15);
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
      const file = await renderXlsx(doc);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(file as unknown as ArrayBuffer);
      const cached = await cachedValues(file, workbook);
      expect(expectFormulasToGivePrintedFigures(workbook, doc, cached)).toBeGreaterThan(60);
      // Every printed total is a formula: the relation holds for the values stored.
      expect(totalsWithoutFormulas(workbook, doc)).toEqual([]);
      // Every formula cell of the file carries its value for viewers that do not recalculate.
      const values = [...cached.values()].flatMap((cells) => [...cells.values()]);
      expect(values.filter((v) => v === null)).toEqual([]);
    },
  );
});
