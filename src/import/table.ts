/**
 * `openTable`: one reader for CSV and XLSX files. It yields the header and then the data rows
 * as text cells with their physical row numbers, records what the file was (format, delimiter,
 * encoding, SHA-256 of its bytes) and reports file-level problems instead of throwing.
 *
 * CSV is read in 1 MB chunks, decoded as UTF-8 and, if the bytes turn out not to be UTF-8,
 * read again as Windows-1252 (what Excel writes for "CSV" on Finnish and Swedish systems).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import {
  CsvParser,
  detectDelimiter,
  type Delimiter,
  type RaggedRow,
  type RowVisitor,
  type TableRow,
} from './csv.js';
import { columnLetter, problem, type ProblemCode } from './problems.js';
import { MAX_REPORTED_PROBLEMS, type ImportProblem, type SourceInfo } from './types.js';
import { isSpace } from './values.js';
import { xlsxRows } from './xlsx.js';
import { XLSX_LIMITS } from './zip.js';

export type { RowVisitor, TableRow } from './csv.js';

/** An opened CSV or XLSX file: its header, its rows (to read once) and what it was. */
export interface Table {
  file: string;
  /** Header cells as written in the file (empty when the file has no header). */
  header: string[];
  /** Physical row of the header: 1 unless the file starts with blank rows. */
  headerRow: number;
  /**
   * File-level problems: those found on opening, and those found while reading the rows
   * (complete once the rows have been read to their end).
   */
  problems: ImportProblem[];
  /** Facts about the file; `rows` and `sha256` are final once the rows have been read. */
  source: SourceInfo;
  /** The data rows, one by one. Read either `rows` or `batches`, once. */
  rows: AsyncIterable<TableRow>;
  /** The data rows in batches, for loops that should not await per row. */
  batches: AsyncIterable<TableRow[]>;
  /**
   * How many file-level problems there are in all: rows whose number of cells differs from
   * the header's are problems of the reader too, and only the first of them are kept.
   */
  readonly problemCount: number;
  /** The header text of a 0-based column, or its letter when the header cell is empty. */
  columnName(index: number): string;
  /**
   * Tells the reader that only the first `count` cells of each data row are needed; it may
   * leave out the others (to save work on wide ledgers). Call before reading the rows.
   */
  limitCells(count: number): void;
  /**
   * Reads all data rows into `visitor`, instead of `rows` or `batches`: the fast path for
   * large files, where unquoted CSV lines arrive as offsets and never become row objects.
   */
  visit(visitor: RowVisitor): Promise<void>;
}

const CHUNK_BYTES = 1 << 20;
const EMPTY = Buffer.alloc(0);
const ZIP_MAGIC = 0x04034b50;
const LF_BYTE = 0x0a;
const CR_BYTE = 0x0d;
/** Legacy .xls (OLE compound file). */
const OLE_MAGIC = 0xe011cfd0;
const XLSX_EXTENSIONS = new Set(['.xlsx', '.xlsm']);
/** Any character outside ASCII (U+0080 and up). */
const NON_ASCII = /[\u0080-\uffff]/;

/** SHA-256 of a whole file, for files that were not (or not completely) streamed. */
async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
      hash.update(chunk as Buffer);
    }
  } catch {
    return '';
  }
  return hash.digest('hex');
}

/** The shared state of one table being read. */
class Reading {
  readonly problems: ImportProblem[] = [];
  readonly source: SourceInfo;
  header: string[] = [];
  headerRow = 1;
  cellLimit = Infinity;
  /** Set by `visit`: unquoted CSV lines then go straight to it, without rows in between. */
  visitor: RowVisitor | undefined;
  /** Problems beyond those kept in `problems`. */
  omitted = 0;
  /** The last row reported as ragged: a second pass over the same rows reports none again. */
  raggedUpTo = 0;

  constructor(
    readonly file: string,
    format: 'csv' | 'xlsx',
  ) {
    this.source = { file, sha256: '', format, rows: 0 };
  }

  fail(
    code: ProblemCode,
    row: number | null = null,
    column: string | null = null,
    params?: Record<string, string | number>,
  ): void {
    this.problems.push(problem(this.file, row, column, null, code, params));
  }

  columnName(index: number): string {
    const text = this.header[index]?.trim();
    return text ? text : columnLetter(index);
  }

  /**
   * A record with more or fewer cells than the header: a decimal comma in a comma-separated
   * file (`736,50`) would otherwise cut the amount and shift the cells after it.
   */
  ragged({ row, cells, width, extra }: RaggedRow): void {
    if (row <= this.raggedUpTo) return;
    this.raggedUpTo = row;
    if (this.problems.length >= MAX_REPORTED_PROBLEMS) {
      this.omitted++;
      return;
    }
    const column = this.columnName(Math.min(cells, width));
    this.problems.push(
      problem(this.file, row, column, cells > width ? extra : null, 'row.cells', {
        cells,
        width,
      }),
    );
  }
}

/**
 * Opens a CSV (.csv, .txt, .tsv) or XLSX file and reads its header. Never throws for a bad
 * file: problems are in `problems`, and then there are no rows.
 */
export async function openTable(path: string): Promise<Table> {
  let magic = 0;
  let size: number;
  try {
    const handle = await open(path, 'r');
    try {
      size = (await handle.stat()).size;
      const head = Buffer.alloc(4);
      const { bytesRead } = await handle.read(head, 0, 4, 0);
      if (bytesRead === 4) magic = head.readUInt32LE(0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const reading = new Reading(path, 'csv');
    const reason = error instanceof Error ? error.message : String(error);
    reading.fail('file.unreadable', null, null, { reason });
    return finished(reading, emptyRows());
  }

  const isXlsx = magic === ZIP_MAGIC;
  const reading = new Reading(
    path,
    isXlsx || XLSX_EXTENSIONS.has(extname(path).toLowerCase()) ? 'xlsx' : 'csv',
  );
  if (size === 0) {
    reading.fail('file.empty');
    reading.source.sha256 = await hashFile(path);
    return finished(reading, emptyRows());
  }
  if (!isXlsx && (reading.source.format === 'xlsx' || magic === OLE_MAGIC)) {
    reading.fail('file.notXlsx');
    reading.source.sha256 = await hashFile(path);
    return finished(reading, emptyRows());
  }
  const records = isXlsx ? xlsxRecords(reading) : csvRecords(reading);
  return withHeader(reading, records);
}

async function* emptyRows(): AsyncGenerator<TableRow[]> {}

async function* xlsxRecords(reading: Reading): AsyncGenerator<TableRow[]> {
  const hashing = hashFile(reading.file);
  yield* xlsxRows(reading.file, (failure) => {
    if (failure.code === 'file.damaged')
      reading.fail('file.damaged', null, null, { reason: failure.reason });
    else if (failure.code === 'file.tooLarge')
      reading.fail('file.tooLarge', null, null, {
        reason: failure.reason,
        rows: XLSX_LIMITS.rows,
        megabytes: Math.round(XLSX_LIMITS.totalBytes / 2 ** 20),
      });
    else reading.fail(failure.code);
  });
  reading.source.sha256 = await hashing;
}

/** Takes the header from the first records; the rest of the first batch stays for the caller. */
async function withHeader(reading: Reading, records: AsyncGenerator<TableRow[]>): Promise<Table> {
  let pending: TableRow[] = [];
  for (;;) {
    const next = await records.next();
    if (next.done) break;
    if (next.value.length === 0) continue;
    const [header, ...rest] = next.value;
    if (header) {
      reading.header = header.cells;
      reading.headerRow = header.row;
    }
    pending = rest;
    break;
  }
  if (reading.header.length === 0 && reading.problems.length === 0) reading.fail('file.empty');
  async function* data(): AsyncGenerator<TableRow[]> {
    if (pending.length > 0) yield pending;
    pending = [];
    yield* records;
  }
  return finished(reading, data());
}

/** Wraps the data batches: counts rows, reports a header without rows. */
function finished(reading: Reading, batches: AsyncGenerator<TableRow[]>): Table {
  let used = false;
  async function* counted(): AsyncGenerator<TableRow[]> {
    if (used) throw new Error(`the rows of ${reading.file} were already read`);
    used = true;
    for await (const batch of batches) {
      reading.source.rows += batch.length;
      yield batch;
    }
    if (reading.source.rows === 0 && reading.header.length > 0 && reading.problems.length === 0) {
      reading.fail('file.noRows', reading.headerRow);
    }
  }
  async function* single(): AsyncGenerator<TableRow> {
    for await (const batch of counted()) yield* batch;
  }
  return {
    file: reading.file,
    get header() {
      return reading.header;
    },
    get headerRow() {
      return reading.headerRow;
    },
    problems: reading.problems,
    get problemCount() {
      return reading.problems.length + reading.omitted;
    },
    source: reading.source,
    rows: { [Symbol.asyncIterator]: single },
    batches: { [Symbol.asyncIterator]: counted },
    columnName: (index) => reading.columnName(index),
    limitCells: (count) => {
      reading.cellLimit = Math.max(1, count);
    },
    visit: async (visitor) => {
      reading.visitor = visitor;
      for await (const batch of counted()) {
        for (const { row, cells } of batch) visitor.cells(row, cells);
      }
    },
  };
}

/** Rows per batch: small enough that rows are garbage before the next batch is parsed. */
const BATCH_ROWS = 2048;
/** Lines handed to a visitor between two turns of the event loop. */
const VISIT_ROWS = 16_384;

/** Counts the records of one pass, so that a second pass hands on only those not yet seen. */
class PassCount {
  seen = 0;

  constructor(private readonly state: CsvState) {}

  /** True before the first record of the file (the header) has been handed on. */
  get headerPending(): boolean {
    return this.state.delivered === 0;
  }

  /** True once this pass has caught up with what earlier passes handed on. */
  get caughtUp(): boolean {
    return this.seen >= this.state.delivered;
  }

  /** The records of `out` not handed on before. */
  fresh(out: TableRow[]): TableRow[] {
    const skip = Math.max(0, this.state.delivered - this.seen);
    this.seen += out.length;
    const rows = skip > 0 ? out.slice(skip) : out;
    this.state.delivered += rows.length;
    return rows;
  }

  /** Records handed straight to a visitor. */
  visited(count: number): void {
    this.seen += count;
    this.state.delivered += count;
    this.state.reading.source.rows += count;
  }
}

/** The parsed records of the text fed to `parser`: in batches, or straight to a visitor. */
async function* batches(
  parser: CsvParser,
  reading: Reading,
  pass: PassCount,
): AsyncGenerator<TableRow[]> {
  for (;;) {
    parser.cellLimit = reading.cellLimit;
    if (reading.visitor && pass.caughtUp) {
      pass.visited(parser.scan(reading.visitor, VISIT_ROWS));
      if (!parser.more) return;
      await nextTurn();
      continue;
    }
    const out: TableRow[] = [];
    // The header alone first: the caller may want the rest through a visitor.
    const more = parser.read(out, pass.headerPending ? 1 : BATCH_ROWS);
    const rows = pass.fresh(out);
    if (rows.length > 0) yield rows;
    if (!more) return;
    await nextTurn();
  }
}

/** Why a CSV pass stopped. */
type PassEnd = 'done' | 'restart';

interface CsvState {
  reading: Reading;
  encoding: 'utf-8' | 'windows-1252';
  /** Records (header included) handed on by earlier passes: a new pass skips them. */
  delivered: number;
}

async function* csvRecords(reading: Reading): AsyncGenerator<TableRow[]> {
  const state: CsvState = { reading, encoding: 'utf-8', delivered: 0 };
  for (;;) {
    const end = yield* csvPass(state);
    if (end === 'done') return;
    state.encoding = 'windows-1252';
  }
}

/**
 * The length of the well-formed UTF-8 sequence of two to four bytes at `i`, or 0 (ASCII, a
 * stray byte, an overlong form, a surrogate or a sequence cut off by the end of `bytes`).
 */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const lead = bytes[i]!;
  const length =
    lead >= 0xc2 && lead <= 0xdf
      ? 2
      : lead >= 0xe0 && lead <= 0xef
        ? 3
        : lead >= 0xf0 && lead <= 0xf4
          ? 4
          : 0;
  if (length === 0 || i + length > bytes.length) return 0;
  const second = bytes[i + 1]!;
  const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
  const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
  if (second < low || second > high) return 0;
  for (let k = 2; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return 0;
  return length;
}

/**
 * The first byte of `bytes` that is not UTF-8, or -1. Continuation bytes at the very start
 * may finish a character of the previous chunk and are passed over.
 */
function firstNonUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < 3 && i < bytes.length && (bytes[i]! & 0xc0) === 0x80) i++;
  while (i < bytes.length) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceAt(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return -1;
}

/**
 * The first multi-byte UTF-8 sequence in `bytes`, or -1: read as Windows-1252 it would be
 * garbage (ö as Ã¶), and Windows-1252 text does not put such byte pairs in its words.
 */
function firstUtf8Sequence(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0xc2 && utf8SequenceAt(bytes, i) > 0) return i;
  }
  return -1;
}

/**
 * True when `bytes` hold a well-formed multi-byte UTF-8 sequence before their first byte that
 * is not UTF-8: then the file mixes encodings, and reading it all as Windows-1252 would turn
 * its UTF-8 letters into garbage (ä into Ã¤).
 */
function utf8BeforeInvalid(bytes: Uint8Array): boolean {
  const invalid = firstNonUtf8(bytes);
  const sequence = firstUtf8Sequence(bytes);
  return invalid >= 0 && sequence >= 0 && sequence < invalid;
}

/** The line (1-based) of a file's byte at `offset`: line ends are LF, CRLF or CR alone. */
async function lineOfByte(path: string, offset: number): Promise<number> {
  let line = 1;
  let lastCr = false;
  for await (const chunk of createReadStream(path, {
    highWaterMark: CHUNK_BYTES,
    end: Math.max(0, offset - 1),
  }) as AsyncIterable<Buffer>) {
    if (offset === 0) break;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === LF_BYTE) {
        if (!lastCr) line++;
      } else if (byte === CR_BYTE) line++;
      lastCr = byte === CR_BYTE;
    }
  }
  return line;
}

/**
 * The index after the last line break of `chunk` (LF, or CR not at its very end: a line feed
 * may follow in the next read), or 0 when it has none.
 */
function afterLastBreak(chunk: Buffer): number {
  const lf = chunk.lastIndexOf(LF_BYTE);
  let cr = chunk.length > 1 ? chunk.lastIndexOf(CR_BYTE, chunk.length - 2) : -1;
  if (cr < lf) cr = -1;
  return Math.max(lf, cr) + 1;
}

/** True when `text` has a line break after something that is not white space. */
function headerLineIn(text: string, seenContent: boolean): { content: boolean; line: boolean } {
  let content = seenContent;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === LF_BYTE || code === CR_BYTE) {
      if (content) return { content, line: true };
    } else if (!content && !isSpace(code)) content = true;
  }
  return { content, line: false };
}

/** Lets timers and other requests run between chunks: a large file never holds the loop. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Share of NUL characters above which text is taken for UTF-16 without a byte order mark
 * rather than binary data.
 */
const UTF16_NUL_SHARE = 0.25;

/** Control characters that do not occur in text files (tab, CR and LF excepted). */
function controlCount(text: string, limit: number): number {
  let count = 0;
  const end = Math.min(text.length, limit);
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) count++;
  }
  return count;
}

/**
 * One pass over a CSV file. Returns 'restart' when UTF-8 decoding fails and everything decoded
 * before was ASCII, which reads identically as Windows-1252: the next pass skips the records
 * already handed on, so callers never see a row twice. A file that mixes the two is refused
 * at the line where the encoding changes, whichever comes first.
 */
async function* csvPass(state: CsvState): AsyncGenerator<TableRow[], PassEnd> {
  const { reading } = state;
  // One buffer read into again and again (the line carried over moved to its start), not a
  // buffer per chunk: a large file's chunks would otherwise wait as garbage for the collector.
  const handle = await open(reading.file, 'r');
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  const hash = createHash('sha256');
  const decoder = new TextDecoder(state.encoding, { fatal: true });
  let parser: CsvParser | undefined;
  let delimiter: Delimiter | undefined;
  let start = '';
  let headerContent = false;
  let first = true;
  let bom = false;
  let nonAscii = false;
  /** The file offset of the first byte of the bytes being decoded. */
  let offset = 0;

  const stop = async (
    code: ProblemCode,
    params?: Record<string, string | number>,
    row: number | null = null,
  ): Promise<PassEnd> => {
    reading.fail(code, row, null, params);
    await close();
    reading.source.sha256 = await hashFile(reading.file);
    return 'done';
  };
  /** Refuses a file whose encoding changes at the byte `at` of the bytes being decoded. */
  const mixed = async (at: number): Promise<PassEnd> =>
    stop('file.encoding', { encoding: 'mixed' }, await lineOfByte(reading.file, offset + at));
  const startParser = (found: Delimiter): CsvParser => {
    const created = new CsvParser(found);
    created.onRagged = (ragged) => reading.ragged(ragged);
    return created;
  };
  const pass = new PassCount(state);
  let carry: Buffer = EMPTY;
  let buffer = Buffer.allocUnsafeSlow(2 * CHUNK_BYTES);
  let position = 0;

  try {
    for (;;) {
      // The carried line first, then the next chunk after it.
      if (carry.length + CHUNK_BYTES > buffer.length) {
        const larger = Buffer.allocUnsafeSlow(carry.length + 2 * CHUNK_BYTES);
        carry.copy(larger, 0);
        buffer = larger;
      } else if (carry.length > 0 && carry.byteOffset !== buffer.byteOffset) {
        carry.copy(buffer, 0);
      }
      const carried = carry.length;
      const { bytesRead } = await handle.read(buffer, carried, CHUNK_BYTES, position);
      if (bytesRead === 0) {
        carry = Buffer.from(buffer.subarray(0, carried));
        break;
      }
      position += bytesRead;
      hash.update(buffer.subarray(carried, carried + bytesRead));
      // Decode up to the last line break and carry the rest over: the parser then gets text
      // that ends with whole lines and need not join strings across chunks.
      const chunk = buffer.subarray(0, carried + bytesRead);
      const lastLine = afterLastBreak(chunk);
      const whole = lastLine === 0 ? chunk : chunk.subarray(0, lastLine);
      carry = lastLine === 0 ? EMPTY : chunk.subarray(lastLine);
      if (first && chunk.length >= 2) {
        const b0 = chunk[0];
        const b1 = chunk[1];
        if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
          return await stop('file.encoding', { encoding: 'UTF-16' });
        }
        bom = b0 === 0xef && b1 === 0xbb && chunk[2] === 0xbf;
      }
      let text: string;
      try {
        text = decoder.decode(whole, { stream: true });
      } catch {
        if (nonAscii || bom || utf8BeforeInvalid(whole)) return await mixed(firstNonUtf8(whole));
        await close();
        return 'restart';
      }
      if (text.includes('\0')) {
        let nuls = 0;
        for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0) nuls++;
        return nuls > text.length * UTF16_NUL_SHARE
          ? await stop('file.encoding', { encoding: 'UTF-16' })
          : await stop('file.binary');
      }
      if (first) {
        const checked = Math.min(text.length, 65536);
        if (controlCount(text, checked) > checked / 100 + 1) return await stop('file.binary');
        first = false;
      }
      if (state.encoding === 'windows-1252') {
        const utf8 = firstUtf8Sequence(whole);
        if (utf8 >= 0) return await mixed(utf8);
      }
      offset += whole.length;
      if (!nonAscii && state.encoding === 'utf-8' && NON_ASCII.test(text)) nonAscii = true;
      if (!parser) {
        // The delimiter comes from the header line: wait for its line break.
        start += text;
        const seen = headerLineIn(text, headerContent);
        headerContent = seen.content;
        if (!seen.line) continue;
        delimiter = detectDelimiter(start);
        if (!delimiter) return await stop('file.delimiter');
        parser = startParser(delimiter);
        text = start;
        start = '';
      }
      parser.feed(text, false);
      yield* batches(parser, reading, pass);
      if (parser.unclosed) break;
    }
    if (!parser?.unclosed) {
      let tail: string;
      try {
        tail = decoder.decode(carry);
      } catch {
        if (nonAscii || bom || utf8BeforeInvalid(carry)) return await mixed(firstNonUtf8(carry));
        return 'restart';
      }
      if (state.encoding === 'windows-1252') {
        const utf8 = firstUtf8Sequence(carry);
        if (utf8 >= 0) return await mixed(utf8);
      }
      if (!parser) {
        start += tail;
        if (start.trim() === '') return await stop('file.empty');
        delimiter = detectDelimiter(start);
        if (!delimiter) return await stop('file.delimiter');
        parser = startParser(delimiter);
        tail = start;
      }
      parser.feed(tail, true);
      yield* batches(parser, reading, pass);
    }
    if (parser?.unclosed) {
      const { row, field } = parser.unclosed;
      reading.fail('csv.unclosedQuote', row, reading.columnName(field));
      await close();
      reading.source.sha256 = await hashFile(reading.file);
    } else {
      reading.source.sha256 = hash.digest('hex');
    }
    reading.source.encoding = state.encoding;
    if (delimiter) reading.source.delimiter = delimiter;
    return 'done';
  } finally {
    await close();
  }
}
