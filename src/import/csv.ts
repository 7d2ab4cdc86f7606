/**
 * An incremental RFC 4180 record parser over decoded text chunks. Lines without quotes, the
 * bulk of any ledger, are split with indexOf; only records that contain a quote go through the
 * character-wise path. Records are numbered as a spreadsheet shows them: one row per record,
 * blank lines counted (and skipped), a quoted field with line breaks staying in its row.
 */

import { isSpace } from './values.js';

/** One data row of a table. */
export interface TableRow {
  /** Physical row, header = 1. */
  row: number;
  cells: string[];
}

/** The delimiters detected in CSV files. */
export type Delimiter = ',' | ';' | '\t';

/** An unclosed quote, reported by the reader at the row and field where the record began. */
export interface UnclosedQuote {
  row: number;
  field: number;
}

/** No legitimate record is this long: beyond it, an open quote is taken to be unclosed. */
const MAX_RECORD_CHARS = 8 * 1024 * 1024;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * The delimiter of a header line: the most frequent of `;`, tab and `,` outside quotes,
 * or undefined when the line has none of them.
 */
export function detectDelimiter(text: string): Delimiter | undefined {
  const counts = { ';': 0, '\t': 0, ',': 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '\n') {
      // The header is the first line that is not blank.
      if (counts[';'] + counts['\t'] + counts[','] > 0 || text.slice(0, i).trim() !== '') break;
    } else if (!quoted && (char === ';' || char === '\t' || char === ',')) counts[char]++;
  }
  let best: Delimiter | undefined;
  for (const candidate of [';', '\t', ','] as const) {
    if (counts[candidate] > 0 && (best === undefined || counts[candidate] > counts[best])) {
      best = candidate;
    }
  }
  return best;
}

/** True when every cell is empty or whitespace: such rows are skipped like blank lines. */
export function isBlankRow(cells: readonly string[]): boolean {
  for (const cell of cells) if (cell.length > 0 && cell.trim().length > 0) return false;
  return true;
}

/**
 * Receives parsed records. Unquoted lines come as offsets into the decoded text, so that a
 * consumer can scan amounts and dates in place and cut out only the cells it keeps; records
 * with quotes (and workbook rows) come as cells. Methods, not closures: one object per file.
 */
export interface RowVisitor {
  /** An unquoted line: cell i is text[starts[i], ends[i]) for i < count, untrimmed. */
  line(row: number, text: string, starts: Int32Array, ends: Int32Array, count: number): void;
  /** A record given as cells. */
  cells(row: number, cells: string[]): void;
}

/** Turns offsets into cells, for callers that want rows. */
class Collector implements RowVisitor {
  out: TableRow[] = [];

  line(row: number, text: string, starts: Int32Array, ends: Int32Array, count: number): void {
    const cells: string[] = [];
    for (let i = 0; i < count; i++) cells.push(text.slice(starts[i], ends[i]));
    this.out.push({ row, cells });
  }

  cells(row: number, cells: string[]): void {
    this.out.push({ row, cells });
  }
}

/** Parses decoded CSV text fed chunk by chunk; records go to a visitor or into rows. */
export class CsvParser {
  private text = '';
  private pos = 0;
  private nextQuote = -1;
  private final = false;
  private rowNumber = 0;
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private starts: Int32Array<ArrayBuffer> = new Int32Array(64);
  private ends: Int32Array<ArrayBuffer> = new Int32Array(64);
  private collector: Collector | undefined;
  /** The cells of the last quoted record read. */
  private record: string[] = [];
  /** Set when the input ended (or overflowed) inside a quoted field. */
  unclosed: UnclosedQuote | undefined;
  /** True when the last scan stopped at its limit with complete records left. */
  more = false;
  /**
   * Cells a caller needs, counted from the first: unquoted lines are not split further
   * (a ledger's texts and voucher numbers are never looked at when aggregating).
   */
  cellLimit = Infinity;

  constructor(delimiter: Delimiter) {
    this.delimiter = delimiter;
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  /** The number of records seen so far, blank ones included. */
  get rows(): number {
    return this.rowNumber;
  }

  /** Adds decoded text after what is left unparsed; `final` marks the end of the input. */
  feed(chunk: string, final: boolean): void {
    this.text = this.pos < this.text.length ? this.text.slice(this.pos) + chunk : chunk;
    this.pos = 0;
    this.final = final;
    this.nextQuote = this.text.indexOf('"');
  }

  /**
   * Hands up to `limit` records of the text fed so far to `visitor`, skipping blank ones;
   * returns how many. Afterwards `more` tells whether it stopped at the limit (call again)
   * rather than for want of a complete record (feed more).
   */
  scan(visitor: RowVisitor, limit: number): number {
    this.more = false;
    if (this.unclosed) return 0;
    const text = this.text;
    const length = text.length;
    const final = this.final;
    const delimiter = this.delimiter;
    const delimiterCode = this.delimiterCode;
    const cellLimit = this.cellLimit;
    let starts = this.starts;
    let ends = this.ends;
    let pos = this.pos;
    let nextQuote = this.nextQuote;
    let count = 0;
    while (pos < length) {
      if (count >= limit) {
        this.more = true;
        break;
      }
      let newline = text.indexOf('\n', pos);
      if (newline < 0) {
        if (!final) break;
        newline = length;
      }
      if (nextQuote >= 0 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
      if (nextQuote >= 0 && nextQuote < newline) {
        const end = this.quotedRecord(text, pos, final);
        if (end < 0) break;
        if (!isBlankRow(this.record)) {
          visitor.cells(this.rowNumber, this.record);
          count++;
        }
        pos = end;
        continue;
      }
      // Fast path: an unquoted line, split with indexOf into offsets.
      let end = newline;
      if (end > pos && text.charCodeAt(end - 1) === CR) end--;
      this.rowNumber++;
      if (!blankLine(text, pos, end, delimiterCode)) {
        let cells = 0;
        let start = pos;
        for (;;) {
          if (cells === starts.length) {
            starts = this.starts = grown(starts);
            ends = this.ends = grown(ends);
          }
          const at = text.indexOf(delimiter, start);
          starts[cells] = start;
          if (at < 0 || at >= end) {
            ends[cells++] = end;
            break;
          }
          ends[cells++] = at;
          start = at + 1;
          if (cells >= cellLimit) break;
        }
        visitor.line(this.rowNumber, text, starts, ends, cells);
        count++;
      }
      pos = newline + 1;
    }
    this.pos = Math.min(pos, length);
    this.nextQuote = nextQuote;
    if (!this.more && !this.unclosed && length - this.pos > MAX_RECORD_CHARS) {
      this.unclosed = { row: this.rowNumber + 1, field: this.openField(text.slice(this.pos)) };
    }
    return count;
  }

  /**
   * Parses up to `limit` records into `out` as rows. Returns true when it stopped at the
   * limit (call again), false when no complete record is left (feed more).
   */
  read(out: TableRow[], limit: number): boolean {
    const collector = (this.collector ??= new Collector());
    collector.out = out;
    this.scan(collector, limit);
    collector.out = [];
    return this.more;
  }

  /** Feeds `chunk` and parses all its complete records; false once a quote never closes. */
  push(chunk: string, final: boolean, out: TableRow[]): boolean {
    this.feed(chunk, final);
    this.read(out, Infinity);
    return this.unclosed === undefined;
  }

  /**
   * Parses one record containing quotes from `pos`; returns the index after it, or -1 when
   * the record continues in the next chunk (or, at the end of input, never closes).
   */
  private quotedRecord(text: string, pos: number, final: boolean): number {
    const length = text.length;
    const delimiter = this.delimiter.charCodeAt(0);
    const cells: string[] = [];
    let i = pos;
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        // Quoted field: doubled quotes are one quote; delimiters and line breaks are data.
        value = '';
        let from = i + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote < 0) {
            if (final) this.unclosed = { row: this.rowNumber + 1, field: cells.length };
            return -1;
          }
          value += text.slice(from, quote);
          if (text.charCodeAt(quote + 1) === QUOTE) {
            value += '"';
            from = quote + 2;
          } else {
            i = quote + 1;
            break;
          }
        }
        if (i >= length && !final) return -1;
        // Text after the closing quote up to the delimiter is kept as written (lenient).
        const stop = this.fieldEnd(text, i);
        if (stop < 0 && !final) return -1;
        const end = stop < 0 ? length : stop;
        if (end > i) value += lineEndStripped(text, i, end);
        i = end;
      } else {
        const stop = this.fieldEnd(text, i);
        if (stop < 0 && !final) return -1;
        const end = stop < 0 ? length : stop;
        value = lineEndStripped(text, i, end);
        i = end;
      }
      cells.push(value);
      if (i < length && text.charCodeAt(i) === delimiter) {
        i++;
        continue;
      }
      // End of the record: a line feed or the end of the input.
      this.rowNumber++;
      this.record = cells;
      return i < length && text.charCodeAt(i) === LF ? i + 1 : length;
    }
  }

  /** The index of the delimiter or line feed ending an unquoted field at `from`, or -1. */
  private fieldEnd(text: string, from: number): number {
    const delimiterAt = text.indexOf(this.delimiter, from);
    const newline = text.indexOf('\n', from);
    if (delimiterAt < 0) return newline;
    if (newline < 0) return delimiterAt;
    return Math.min(delimiterAt, newline);
  }

  /** The field in which a record that never ends has its open quote. */
  private openField(record: string): number {
    let field = 0;
    let quoted = false;
    for (let i = 0; i < record.length; i++) {
      const char = record[i];
      if (char === '"') quoted = !quoted;
      else if (!quoted && char === this.delimiter) field++;
    }
    return field;
  }
}

/** True when text[from, end) holds nothing but white space and delimiters. */
function blankLine(text: string, from: number, end: number, delimiter: number): boolean {
  for (let i = from; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code !== delimiter && !isSpace(code)) return false;
  }
  return true;
}

function grown(array: Int32Array): Int32Array<ArrayBuffer> {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}

/** text[from, end), without the carriage return of a CRLF when the field ends its line. */
function lineEndStripped(text: string, from: number, end: number): string {
  const endsLine = end === text.length || text.charCodeAt(end) === LF;
  return endsLine && end > from && text.charCodeAt(end - 1) === CR
    ? text.slice(from, end - 1)
    : text.slice(from, end);
}
