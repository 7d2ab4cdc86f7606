import { describe, expect, it } from 'vitest';
import {
  CsvParser,
  detectDelimiter,
  type Delimiter,
  type RowVisitor,
  type TableRow,
} from '../../src/import/csv.js';

/** Parses `text` fed in pieces of `size` characters. */
function parse(text: string, delimiter: Delimiter = ';', size = text.length): TableRow[] {
  const parser = new CsvParser(delimiter);
  const out: TableRow[] = [];
  for (let at = 0; at < text.length; at += size) {
    parser.feed(text.slice(at, at + size), false);
    while (parser.read(out, 3));
  }
  parser.feed('', true);
  while (parser.read(out, 3));
  return out;
}

const SAMPLE = [
  'date;account;text',
  '1.1.2023;4000;plain',
  '',
  '2.1.2023;4000;"with ; delimiter"',
  '3.1.2023;4000;"with ""quotes"" and',
  'a line break"',
  ';;',
  '4.1.2023;4000;',
  '5.1.2023;"4300";last',
].join('\r\n');

const EXPECTED: TableRow[] = [
  { row: 1, cells: ['date', 'account', 'text'] },
  { row: 2, cells: ['1.1.2023', '4000', 'plain'] },
  { row: 4, cells: ['2.1.2023', '4000', 'with ; delimiter'] },
  { row: 5, cells: ['3.1.2023', '4000', 'with "quotes" and\r\na line break'] },
  { row: 7, cells: ['4.1.2023', '4000', ''] },
  { row: 8, cells: ['5.1.2023', '4300', 'last'] },
];

describe('CsvParser', () => {
  it('reads quotes, CRLF and blank rows, numbering rows as a spreadsheet does', () => {
    expect(parse(SAMPLE)).toEqual(EXPECTED);
  });

  it('gives the same records however the text is cut into chunks', () => {
    for (const size of [1, 2, 3, 5, 7, 13, 64]) expect(parse(SAMPLE, ';', size)).toEqual(EXPECTED);
  });

  it('reads CR-only line ends the same way, however the text is cut', () => {
    const cr = SAMPLE.replaceAll('\r\n', '\r');
    const expected = EXPECTED.map((r) => ({
      ...r,
      cells: r.cells.map((c) => c.replace('\r\n', '\r')),
    }));
    for (const size of [1, 2, 3, 7, 64, cr.length]) expect(parse(cr, ';', size)).toEqual(expected);
  });

  it('reads a mix of LF, CRLF and CR, a CR at a chunk end waiting for its LF', () => {
    expect(parse('a,b\r1,2\r\n3,4\n5,6\r', ',', 4).map((r) => r.row)).toEqual([1, 2, 3, 4]);
  });

  it('tells a record with more or fewer cells than the first one', () => {
    const parser = new CsvParser(',');
    const ragged: unknown[] = [];
    parser.onRagged = (r) => ragged.push(r);
    parser.cellLimit = 1;
    parser.push('a,b,c\r1,2,3\r1,2\r1,2,3,"4"\r"1",2,3,4\r', true, []);
    expect(ragged).toEqual([
      { row: 3, cells: 2, width: 3, extra: '' },
      { row: 4, cells: 4, width: 3, extra: '4' },
      { row: 5, cells: 4, width: 3, extra: '4' },
    ]);
  });

  it('reads LF line ends and a last line without one', () => {
    expect(parse('a,b\n1,2\n3,4', ',')).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['1', '2'] },
      { row: 3, cells: ['3', '4'] },
    ]);
  });

  it('reads tabs', () => {
    expect(parse('a\tb\n"x\ty"\t2\n', '\t')).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['x\ty', '2'] },
    ]);
  });

  it('keeps text after a closing quote rather than failing', () => {
    expect(parse('"ab"c;d\n')).toEqual([{ row: 1, cells: ['abc', 'd'] }]);
  });

  it('reports an unclosed quote at the row and field where it opens', () => {
    const parser = new CsvParser(';');
    const out: TableRow[] = [];
    expect(parser.push('a;b;c\n1;2;3\n4;5;"open\n6;7;8\n', false, out)).toBe(true);
    expect(parser.push('', true, out)).toBe(false);
    expect(out.map((r) => r.row)).toEqual([1, 2]);
    expect(parser.unclosed).toEqual({ row: 3, field: 2 });
  });

  it('splits no further than the cell limit, yet skips rows blank beyond it', () => {
    const parser = new CsvParser(';');
    parser.cellLimit = 2;
    const out: TableRow[] = [];
    parser.push('a;b;c;d\n;;;\n;;x;\n', true, out);
    expect(out).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 3, cells: ['', ''] },
    ]);
  });

  it('hands unquoted lines to a visitor as offsets and quoted records as cells', () => {
    const seen: string[] = [];
    const visitor: RowVisitor = {
      line(row, text, starts, ends, count) {
        const cells = Array.from({ length: count }, (_, i) => text.slice(starts[i], ends[i]));
        seen.push(`${row} line ${cells.join('|')}`);
      },
      cells(row, cells) {
        seen.push(`${row} cells ${cells.join('|')}`);
      },
    };
    const parser = new CsvParser(',');
    parser.feed('a,b\n1,"2,5"\n\n3,4\r\n', true);
    expect(parser.scan(visitor, Infinity)).toBe(3);
    expect(seen).toEqual(['1 line a|b', '2 cells 1|2,5', '4 line 3|4']);
  });

  it('grows its offset arrays for wide lines', () => {
    const wide = Array.from({ length: 200 }, (_, i) => String(i)).join(';');
    expect(parse(`${wide}\n`)[0]?.cells).toHaveLength(200);
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['a;b;c\n1,5;2,5;3', ';'],
    ['a,b,c\n1;2', ','],
    ['a\tb\tc', '\t'],
    ['"a;b",c,d\n', ','],
    ['\n\n a;b\n', ';'],
  ])('finds the delimiter of %j', (text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });

  it('finds none in a header separated by bars', () => {
    expect(detectDelimiter('unit|account|amount\n110100|4000|-100')).toBeUndefined();
  });
});
