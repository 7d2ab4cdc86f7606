import { describe, expect, it } from 'vitest';
import { CSV_HEADER, csvField, renderCsv } from '../../src/report/csv.js';
import type { FigureTableBlock } from '../../src/report/document.js';
import { sampleDocument } from './sample-document.js';

/** A small RFC 4180 parser for the test: quoted fields, doubled quotes, LF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) throw new Error('no final line end');
  return records;
}

describe('csvField', () => {
  it('quotes only when needed', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });
});

describe('renderCsv', () => {
  const doc = sampleDocument();
  const csv = renderCsv(doc);

  it('is UTF-8 text with LF line ends, no BOM and an English header', () => {
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    expect(csv).not.toContain('\r');
    expect(csv.endsWith('\n')).toBe(true);
    expect(csv.split('\n')[0]).toBe('year,unit,line,label,budget,changes,revised,actual,deviation');
  });

  it('parses back to the document cells exactly, one row per unit and line', () => {
    const [header, ...rows] = parseCsv(csv);
    expect(header).toEqual([...CSV_HEADER]);
    const expected = doc.sections.flatMap((s) =>
      s.blocks
        .filter((b): b is FigureTableBlock => b.kind === 'figureTable')
        .flatMap((b) => b.rows.map((r) => ({ unit: b.unitCode, row: r }))),
    );
    expect(rows).toHaveLength(expected.length);
    expected.forEach(({ unit, row }, i) => {
      const record = rows[i]!;
      expect(record).toHaveLength(9);
      expect(record.slice(0, 4)).toEqual(['2023', unit, row.line, row.label]);
      const amounts = record.slice(4).map((v) => (v === '' ? null : Number(v)));
      expect(amounts).toEqual([
        row.cells.budget,
        row.cells.changes,
        row.cells.revised,
        row.cells.actual,
        row.cells.deviation,
      ]);
      for (const v of record.slice(4)) expect(v).toMatch(/^(-?\d+)?$/);
    });
    expect(csv).toContain('2023,STK,sales,Försäljningsintäkter,2740000,,2740000,3029060,289060\n');
    expect(csv).toContain('2023,STK,materials,"Material, förnödenheter och varor",-8635000,');
  });

  it('quotes labels with commas and quotes', () => {
    const tricky = sampleDocument();
    const block = tricky.sections[1]!.blocks.find(
      (b): b is FigureTableBlock => b.kind === 'figureTable',
    )!;
    block.rows[0]!.label = 'Intäkter, "externa"\nrad två';
    const adm = parseCsv(renderCsv(tricky)).find((r) => r[1] === 'STK-ADM')!;
    expect(adm[3]).toBe('Intäkter, "externa"\nrad två');
  });
});
