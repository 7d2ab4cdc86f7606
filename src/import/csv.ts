/**
 * An incremental RFC 4180 record parser over decoded text chunks. Lines without quotes, the
 * bulk of any ledger, are split with indexOf; only records that contain a quote go through the
 * field-wise path. Lines end in LF, CRLF or CR alone. Records are numbered as a spreadsheet shows them: one row per record,
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
    else if (!quoted && (char === '\n' || char === '\r')) {
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

/** A record whose number of cells differs from the header's, reported by the parser. */
export interface RaggedRow {
  row: number;
  /** Cells in the record. */
  cells: number;
  /** Cells in the header (the first record). */
  width: number;
  /** The first cell beyond the header's, trimmed; empty when the record has too few. */
  extra: string;
}

/**
 * Parses decoded CSV text fed chunk by chunk; records go to a visitor or into rows. A record
 * ends at a line feed, a carriage return and line feed, or a carriage return alone (old Mac
 * and some ERP exports). The next line feed, carriage return, delimiter and quote are looked
 * up once each and remembered, so that every character is searched a bounded number of times:
 * parsing is linear in the text whatever the line ends.
 */
export class CsvParser {
  private text = '';
  private pos = 0;
  private final = false;
  private rowNumber = 0;
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private starts: Int32Array<ArrayBuffer> = new Int32Array(64);
  private ends: Int32Array<ArrayBuffer> = new Int32Array(64);
  private collector: Collector | undefined;
  /** The cells of the last quoted record read. */
  private record: string[] = [];
  // The next occurrence at or after the last position asked for; text.length when none.
  private nextLf = -1;
  private nextCr = -1;
  private nextQuote = -1;
  private nextDelimiter = -1;
  /** Cells of the first record (the header); -1 until it is read. */
  private width = -1;
  /** Set when the input ended (or overflowed) inside a quoted field. */
  unclosed: UnclosedQuote | undefined;
  /** True when the last scan stopped at its limit with complete records left. */
  more = false;
  /**
   * Cells a caller needs, counted from the first: unquoted lines are not split further
   * (a ledger's texts and voucher numbers are never looked at when aggregating); the cells
   * beyond are still counted.
   */
  cellLimit = Infinity;
  /** Called for each record after the first whose number of cells is not the header's. */
  onRagged: ((ragged: RaggedRow) => void) | undefined;

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
    this.nextLf = this.nextCr = this.nextQuote = this.nextDelimiter = -1;
  }

  private lfFrom(from: number): number {
    if (this.nextLf < from) this.nextLf = found(this.text.indexOf('\n', from), this.text);
    return this.nextLf;
  }

  private crFrom(from: number): number {
    if (this.nextCr < from) this.nextCr = found(this.text.indexOf('\r', from), this.text);
    return this.nextCr;
  }

  private quoteFrom(from: number): number {
    if (this.nextQuote < from) this.nextQuote = found(this.text.indexOf('"', from), this.text);
    return this.nextQuote;
  }

  private delimiterFrom(from: number): number {
    if (this.nextDelimiter < from) {
      this.nextDelimiter = found(this.text.indexOf(this.delimiter, from), this.text);
    }
    return this.nextDelimiter;
  }

  /** The next line break at or after `from` (a CR or an LF), or text.length. */
  private breakFrom(from: number): number {
    return Math.min(this.lfFrom(from), this.crFrom(from));
  }

  /**
   * The index after the line break at `at`; -1 when it is a carriage return at the end of
   * text that is not final (a line feed may follow in the next chunk).
   */
  private afterBreak(at: number): number {
    const text = this.text;
    if (at >= text.length) return text.length;
    if (text.charCodeAt(at) === LF) return at + 1;
    if (at + 1 < text.length) return text.charCodeAt(at + 1) === LF ? at + 2 : at + 1;
    return this.final ? at + 1 : -1;
  }

  /** Checks a record's number of cells against the header's (the first record's). */
  private measure(row: number, cells: number, extra: () => string): void {
    if (this.width < 0) this.width = cells;
    else if (cells !== this.width && this.onRagged) {
      this.onRagged({ row, cells, width: this.width, extra: cells > this.width ? extra() : '' });
    }
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
    const delimiterCode = this.delimiterCode;
    const cellLimit = this.cellLimit;
    let starts = this.starts;
    let ends = this.ends;
    let pos = this.pos;
    let count = 0;
    while (pos < length) {
      if (count >= limit) {
        this.more = true;
        break;
      }
      const lineEnd = this.breakFrom(pos);
      if (lineEnd >= length && !final) break;
      if (this.quoteFrom(pos) < lineEnd) {
        const end = this.quotedRecord(pos);
        if (end < 0) break;
        if (!isBlankRow(this.record)) {
          const record = this.record;
          this.measure(this.rowNumber, record.length, () => record[this.width]!.trim());
          visitor.cells(this.rowNumber, record);
          count++;
        }
        pos = end;
        continue;
      }
      // Fast path: an unquoted line, split into offsets.
      const next = this.afterBreak(lineEnd);
      if (next < 0) break;
      const end = lineEnd;
      this.rowNumber++;
      if (!blankLine(text, pos, end, delimiterCode)) {
        let cells = 0;
        let start = pos;
        for (;;) {
          if (cells === starts.length) {
            starts = this.starts = grown(starts);
            ends = this.ends = grown(ends);
          }
          const at = this.delimiterFrom(start);
          starts[cells] = start;
          if (at >= end) {
            ends[cells++] = end;
            break;
          }
          ends[cells++] = at;
          start = at + 1;
          if (cells >= cellLimit) break;
        }
        // Cells beyond the limit are counted, not split.
        let total = cells;
        let extraFrom = -1;
        let extraEnd = -1;
        if (ends[cells - 1] !== end) {
          for (let at = start - 1; at < end;) {
            const next = this.delimiterFrom(at + 1);
            if (total === this.width) {
              extraFrom = at + 1;
              extraEnd = Math.min(next, end);
            }
            total++;
            at = next;
          }
        }
        this.measure(this.rowNumber, total, () =>
          extraFrom < 0
            ? cut(text, starts[this.width]!, ends[this.width]!)
            : cut(text, extraFrom, extraEnd),
        );
        visitor.line(this.rowNumber, text, starts, ends, cells);
        count++;
      }
      pos = next;
    }
    this.pos = Math.min(pos, length);
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
  private quotedRecord(pos: number): number {
    const text = this.text;
    const final = this.final;
    const length = text.length;
    const delimiter = this.delimiterCode;
    const cells: string[] = [];
    let i = pos;
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        // Quoted field: doubled quotes are one quote; delimiters and line breaks are data.
        value = '';
        let from = i + 1;
        for (;;) {
          const quote = this.quoteFrom(from);
          if (quote >= length) {
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
        const end = this.fieldEnd(i);
        if (end >= length && !final) return -1;
        if (end > i) value += text.slice(i, end);
        i = end;
      } else {
        const end = this.fieldEnd(i);
        if (end >= length && !final) return -1;
        value = text.slice(i, end);
        i = end;
      }
      cells.push(value);
      if (i < length && text.charCodeAt(i) === delimiter) {
        i++;
        continue;
      }
      // End of the record: a line break or the end of the input.
      const next = this.afterBreak(i);
      if (next < 0) return -1;
      this.rowNumber++;
      this.record = cells;
      return next;
    }
  }

  /** The index of the delimiter or line break ending an unquoted field at `from`, or length. */
  private fieldEnd(from: number): number {
    return Math.min(this.delimiterFrom(from), this.breakFrom(from));
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

/** An indexOf result, with "not found" as the text's length. */
function found(index: number, text: string): number {
  return index < 0 ? text.length : index;
}

/** text[start, end) trimmed. */
function cut(text: string, start: number, end: number): string {
  return text.slice(start, end).trim();
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
