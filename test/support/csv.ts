/**
 * Reading back the CSV downloads (Nordic Excel's flavour: `;`, CRLF, RFC 4180 quotes, BOM first,
 * euros with a decimal comma) in tests, without a CSV library that could agree with our writer.
 */
import { expect } from 'vitest';

/** Splits CSV text into rows of fields; the text must start with a BOM and end with CRLF. */
export function parseCsv(body: string): string[][] {
  expect(body.startsWith('\uFEFF'), 'the CSV starts with a BOM').toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 1; i < body.length; i += 1) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      row.push(field);
      field = '';
    } else if (c === '\r' && body[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += c;
  }
  expect(field, 'the last line ends with CRLF').toBe('');
  expect(row).toEqual([]);
  return rows;
}

/** `-1234,56` → −123456 cents, by the digits (no floating point). */
export function csvCents(text: string): number {
  const match = /^(-?)(\d+),(\d\d)$/.exec(text);
  if (!match) throw new Error(`not an amount: ${JSON.stringify(text)}`);
  const value = Number(match[2]) * 100 + Number(match[3]);
  return match[1] === '-' ? -value : value;
}
