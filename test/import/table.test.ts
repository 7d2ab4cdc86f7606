import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RowVisitor, TableRow } from '../../src/import/csv.js';
import { openTable, type Table } from '../../src/import/table.js';

const GOOD = 'fixtures/import/good';
const BAD = 'fixtures/import/bad';
const work = mkdtempSync(join(tmpdir(), 'utfall-table-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function readAll(table: Table): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  for await (const row of table.rows) rows.push(row);
  return rows;
}

/** Rows through the visitor path, as cells. */
async function visitAll(table: Table): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  const visitor: RowVisitor = {
    line(row, text, starts, ends, count) {
      const cells: string[] = [];
      for (let i = 0; i < count; i++) cells.push(text.slice(starts[i], ends[i]));
      rows.push({ row, cells });
    },
    cells(row, cells) {
      rows.push({ row, cells });
    },
  };
  await table.visit(visitor);
  return rows;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

describe('openTable on CSV', () => {
  it('reads a UTF-8 file with BOM, semicolons and CRLF', async () => {
    const file = `${GOOD}/budget-sv-semicolon-bom.csv`;
    const table = await openTable(file);
    expect(table.problems).toEqual([]);
    expect(table.header).toEqual(['Enhet', 'Konto', 'Rad', 'Belopp', 'Typ']);
    const rows = await readAll(table);
    expect(rows).toHaveLength(6);
    expect(rows[2]).toEqual({
      row: 4,
      cells: ['120100', '', 'Köp av tjänster', '\u22121\u00A0234\u00A0567,89', ''],
    });
    expect(table.source).toEqual({
      file,
      sha256: sha256(file),
      format: 'csv',
      delimiter: ';',
      encoding: 'utf-8',
      rows: 6,
    });
  });

  it('reads Windows-1252 when the bytes are not UTF-8', async () => {
    const file = `${GOOD}/org-windows-1252.csv`;
    const table = await openTable(file);
    expect(table.header).toContain('vastuuhenkilö');
    const rows = await readAll(table);
    expect(rows[2]?.cells).toContain('Åsa Öberg');
    expect(table.source.encoding).toBe('windows-1252');
    expect(table.source.sha256).toBe(sha256(file));
  });

  it('detects tab and comma delimiters', async () => {
    const tab = await openTable(`${GOOD}/mapping-sv.tsv`);
    expect(tab.header).toEqual(['från', 'till', 'rad']);
    await readAll(tab);
    expect(tab.source.delimiter).toBe('\t');
    const comma = await openTable(`${GOOD}/ledger-accounting.csv`);
    const rows = await readAll(comma);
    expect(comma.source.delimiter).toBe(',');
    expect(rows[0]?.cells).toEqual([
      '2023-04-03',
      '4500',
      'STK-ADM',
      '1,234.56',
      'Paper, toner',
      '7001',
    ]);
  });

  it('numbers rows physically: blank rows count, a multi-line record is one row', async () => {
    const rows = await readAll(await openTable(`${GOOD}/ledger.csv`));
    expect(rows.map((r) => r.row)).toEqual([2, 3, 4, 6, 8, 9]);
    expect(rows[3]?.cells[4]).toBe('Licens "Office"\ntvå rader');
  });

  it('gives the same rows to a visitor as to an iterator', async () => {
    for (const name of ['ledger.csv', 'budget-sv-semicolon-bom.csv', 'org-windows-1252.csv']) {
      const viaRows = await readAll(await openTable(`${GOOD}/${name}`));
      const viaVisitor = await visitAll(await openTable(`${GOOD}/${name}`));
      expect(viaVisitor, name).toEqual(viaRows);
    }
  });

  it('reads a large file across chunk boundaries, quotes included', async () => {
    const file = join(work, 'large.csv');
    const lines = ['date;account;unit;amount;text'];
    for (let i = 0; i < 60_000; i++) {
      const text = i % 997 === 0 ? `"row ${i}; quoted\nacross lines"` : `row ${i}`;
      lines.push(`${(i % 28) + 1}.1.2023;4000;110100;-${i},50;${text}`);
    }
    writeFileSync(file, lines.join('\r\n') + '\r\n');
    const viaRows = await readAll(await openTable(file));
    expect(viaRows).toHaveLength(60_000);
    expect(viaRows.at(-1)).toEqual({
      row: 60_001,
      cells: ['24.1.2023', '4000', '110100', '-59999,50', 'row 59999'],
    });
    expect(viaRows[997]?.cells[4]).toBe('row 997; quoted\nacross lines');
    const table = await openTable(file);
    const viaVisitor = await visitAll(table);
    expect(viaVisitor).toEqual(viaRows);
    expect(table.source.rows).toBe(60_000);
    expect(table.source.sha256).toBe(sha256(file));
  });

  it('switches to Windows-1252 late in a file without handing on any row twice', async () => {
    const file = join(work, 'late-1252.csv');
    const head = ['unit;account;amount;text'];
    for (let i = 0; i < 60_000; i++) head.push(`110100;4000;-${i};plain ascii text ${i}`);
    const bytes = Buffer.concat([
      Buffer.from(head.join('\n') + '\n', 'latin1'),
      Buffer.from('120100;4300;-1;Tulostin ä ö å\n', 'latin1'),
    ]);
    expect(bytes.length).toBeGreaterThan(2 * 1024 * 1024);
    writeFileSync(file, bytes);
    for (const read of [readAll, visitAll]) {
      const table = await openTable(file);
      const rows = await read(table);
      expect(table.problems).toEqual([]);
      expect(rows).toHaveLength(60_001);
      expect(rows.map((r) => r.row)).toEqual(Array.from({ length: 60_001 }, (_, i) => i + 2));
      expect(rows.at(-1)).toEqual({
        row: 60_002,
        cells: ['120100', '4300', '-1', 'Tulostin ä ö å'],
      });
      expect(table.source.encoding).toBe('windows-1252');
      expect(table.source.rows).toBe(60_001);
      expect(table.source.sha256).toBe(sha256(file));
    }
  });

  it('refuses a file with UTF-8 first and Windows-1252 later', async () => {
    const file = join(work, 'late-mixed.csv');
    const head = ['unit;account;amount;text', '110100;4000;-1;Löner'];
    for (let i = 0; i < 50_000; i++) head.push(`110100;4000;-${i};plain ascii text ${i}`);
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(head.join('\n') + '\n', 'utf8'),
        Buffer.from('120100;4300;-1;ä\n', 'latin1'),
      ]),
    );
    const table = await openTable(file);
    await readAll(table);
    expect(table.problems.map((p) => [p.code, p.params])).toEqual([
      ['file.encoding', { encoding: 'mixed' }],
    ]);
  });

  it('skips leading blank lines before the header', async () => {
    const file = join(work, 'leading.csv');
    writeFileSync(file, '\n\nunit;amount\nSTK;1\n');
    const table = await openTable(file);
    expect(table.headerRow).toBe(3);
    expect(await readAll(table)).toEqual([{ row: 4, cells: ['STK', '1'] }]);
  });

  it('names a column by its letter when its header cell is empty', async () => {
    const file = join(work, 'letters.csv');
    writeFileSync(file, 'unit;;amount\nSTK;x;1\n');
    const table = await openTable(file);
    expect([0, 1, 2].map((i) => table.columnName(i))).toEqual(['unit', 'B', 'amount']);
  });
});

describe('openTable on bad files', () => {
  it.each([
    ['empty.csv', 'file.empty'],
    ['wrong-delimiter.csv', 'file.delimiter'],
    ['wrong-encoding.csv', 'file.encoding'],
    ['utf16-no-bom.csv', 'file.encoding'],
    ['binary.csv', 'file.binary'],
    // Mixed encodings are refused at the line where the encoding changes.
    ['mixed-encoding.csv', 'file.encoding', 3],
    ['not-really.xlsx', 'file.notXlsx'],
    ['truncated.xlsx', 'file.damaged'],
    ['damaged.xlsx', 'file.damaged'],
  ] as [string, string, number?][])(
    '%s gives %s, no rows and the file hash',
    async (name, code, row) => {
      const file = `${BAD}/${name}`;
      const table = await openTable(file);
      const rows = await readAll(table);
      expect(rows).toEqual([]);
      expect(table.problems.map((p) => p.code)).toEqual([code]);
      expect(table.problems[0]).toMatchObject({ file, row: row ?? null, column: null });
      expect(table.source.sha256).toBe(sha256(file));
    },
  );

  it('a file with only blank lines is empty', async () => {
    const file = join(work, 'blank.csv');
    writeFileSync(file, '\n \r\n\n');
    const table = await openTable(file);
    await readAll(table);
    expect(table.problems.map((p) => p.code)).toEqual(['file.empty']);
  });

  it('a header without rows gives file.noRows once the rows are read', async () => {
    const table = await openTable(`${BAD}/header-only.csv`);
    expect(table.problems).toEqual([]);
    expect(await readAll(table)).toEqual([]);
    expect(table.problems.map((p) => [p.code, p.row])).toEqual([['file.noRows', 1]]);
  });

  it('a missing file is a problem, not an exception', async () => {
    const table = await openTable(join(work, 'nowhere.csv'));
    expect(table.problems.map((p) => p.code)).toEqual(['file.unreadable']);
  });

  it('an unclosed quote ends the rows with a problem at its row and column', async () => {
    const table = await openTable(`${BAD}/unclosed-quote.csv`);
    const rows = await readAll(table);
    expect(rows.map((r) => r.row)).toEqual([2]);
    expect(table.problems.map((p) => [p.code, p.row, p.column])).toEqual([
      ['csv.unclosedQuote', 3, 'text'],
    ]);
  });

  it('a damaged workbook fails fast instead of waiting for bytes that never come', async () => {
    const started = Date.now();
    const table = await openTable(`${BAD}/damaged.xlsx`);
    await readAll(table);
    expect(table.problems[0]?.code).toBe('file.damaged');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a ZIP named .csv is read as a workbook', async () => {
    const file = join(work, 'workbook.csv');
    writeFileSync(file, readFileSync(`${GOOD}/budget.xlsx`));
    const table = await openTable(file);
    expect(table.source.format).toBe('xlsx');
    expect(table.header).toEqual(['Enhet', 'Konto', 'Belopp']);
  });
});

describe('openTable on XLSX', () => {
  it('reads the first worksheet as text cells with physical row numbers', async () => {
    const file = `${GOOD}/budget.xlsx`;
    const table = await openTable(file);
    expect(table.header).toEqual(['Enhet', 'Konto', 'Belopp']);
    const rows = await readAll(table);
    expect(rows).toEqual([
      { row: 2, cells: ['110100', '3000', '15000'] },
      { row: 3, cells: ['110100', '4000', '-250000.5'] },
      { row: 4, cells: ['120100', '4300', '-1234567.89'] },
      { row: 5, cells: ['130100', '4010', '0.3'] },
      { row: 7, cells: ['STK-ADM', '4500', '-99.99'] },
    ]);
    expect(table.source).toEqual({ file, sha256: sha256(file), format: 'xlsx', rows: 5 });
  });

  it('turns date cells into ISO dates', async () => {
    const rows = await readAll(await openTable(`${GOOD}/ledger.xlsx`));
    expect(rows.map((r) => r.cells[0])).toEqual([
      '2023-01-15',
      '2023-01-31',
      '2023-02-28',
      '31.3.2023',
    ]);
  });
});
