/**
 * A small streaming reader of the first worksheet of an XLSX workbook, for archives that
 * checkZip has found sound and within its limits. It reads what the standard makes optional
 * as small ERP exporters write it: inline strings (`t="inlineStr"`), no styles part, no
 * shared strings, rows and cells without `r` attributes. Cells become text as a person would
 * type them (xlsx.ts: numbers rounded to cents, dates as yyyy-mm-dd).
 */
import { partBytes, XLSX_LIMITS, zipParts, type ZipPart } from './zip.js';

/** One row of the sheet: its number and its cells' values before they become text. */
export interface SheetRow {
  row: number;
  cells: SheetCell[];
}

/** A cell: a number with its number format, a text, or nothing. */
export type SheetCell =
  | { kind: 'number'; value: number; format: string | undefined }
  | { kind: 'text'; text: string }
  | undefined;

/** Number formats that Excel builds in (ids below 164 without a formatCode). */
const BUILT_IN_FORMATS: Record<number, string> = {
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy h:mm',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
};
// The East Asian date formats.
for (const id of [27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]) {
  BUILT_IN_FORMATS[id] = 'yyyy-mm-dd';
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Text with XML's entities and character references resolved. */
function unescape(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name] ?? whole;
  });
}

/** The attributes of a tag's text (after its name). */
function attributes(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of text.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const name = match[1]!;
    found.set(name.slice(name.indexOf(':') + 1), unescape(match[2] ?? match[3] ?? ''));
  }
  return found;
}

/** Receives the tags and texts of an XML document; names without their namespace prefix. */
interface XmlHandler {
  open(name: string, attrs: string, empty: boolean): void;
  close(name: string): void;
  text(text: string): void;
}

/** Splits XML fed in pieces into tags and texts; comments, declarations and CDATA handled. */
class XmlScanner {
  private rest = '';

  constructor(private readonly handler: XmlHandler) {}

  feed(chunk: string): void {
    const text = this.rest + chunk;
    let at = 0;
    for (;;) {
      const lt = text.indexOf('<', at);
      if (lt < 0) {
        // Text up to the end may continue in the next piece: keep it.
        this.rest = text.slice(at);
        return;
      }
      if (lt > at) this.handler.text(unescape(text.slice(at, lt)));
      at = lt;
      if (text.startsWith('<!--', at)) {
        const end = text.indexOf('-->', at + 4);
        if (end < 0) break;
        at = end + 3;
      } else if (text.startsWith('<![CDATA[', at)) {
        const end = text.indexOf(']]>', at + 9);
        if (end < 0) break;
        this.handler.text(text.slice(at + 9, end));
        at = end + 3;
      } else {
        const end = text.indexOf('>', at);
        if (end < 0) break;
        const tag = text.slice(at + 1, end);
        at = end + 1;
        if (tag[0] === '?' || tag[0] === '!') continue;
        if (tag[0] === '/') {
          this.handler.close(localName(tag.slice(1).trim()));
          continue;
        }
        const empty = tag.endsWith('/');
        const body = empty ? tag.slice(0, -1) : tag;
        const space = body.search(/\s/);
        const name = localName(space < 0 ? body : body.slice(0, space));
        this.handler.open(name, space < 0 ? '' : body.slice(space), empty);
        if (empty) this.handler.close(name);
      }
    }
    this.rest = text.slice(at);
  }
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Decoded text of a part, piece by piece. */
async function* partText(path: string, part: ZipPart): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of partBytes(path, part)) yield decoder.decode(chunk, { stream: true });
  yield decoder.decode();
}

/** Reads a whole (small) part through a handler. */
async function scanPart(
  path: string,
  part: ZipPart | undefined,
  handler: XmlHandler,
): Promise<void> {
  if (!part) return;
  const scanner = new XmlScanner(handler);
  for await (const text of partText(path, part)) scanner.feed(text);
}

/** The path of a relationship's target, relative to the part that names it. */
function resolvePath(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const piece of target.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.' && piece !== '') parts.push(piece);
  }
  return parts.join('/');
}

/** The 0-based column of a cell reference like `C12`, or -1. */
function columnOf(reference: string | undefined): number {
  if (!reference) return -1;
  let column = 0;
  let i = 0;
  for (; i < reference.length; i++) {
    const code = reference.charCodeAt(i) | 0x20;
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + (code - 0x60);
  }
  return i === 0 ? -1 : column - 1;
}

/** Thrown when the workbook is larger than XLSX_LIMITS allow. */
export class WorkbookTooLarge extends Error {}

/**
 * The rows of the first worksheet (in the workbook's order), in batches of `batchRows`.
 * Throws when the workbook has no worksheet (`noSheet` is then true on the error) or when
 * a part cannot be read.
 */
export async function* workbookRows(path: string, batchRows: number): AsyncGenerator<SheetRow[]> {
  const parts = await zipParts(path);
  const find = (name: string) =>
    parts.get(name) ?? [...parts.values()].find((p) => p.name.toLowerCase() === name.toLowerCase());

  // The workbook: its first sheet's relationship, and the 1904 date system.
  let sheetRel: string | undefined;
  let date1904 = false;
  await scanPart(path, find('xl/workbook.xml'), {
    open(name, attrs) {
      if (name === 'sheet' && sheetRel === undefined) sheetRel = attributes(attrs).get('id');
      else if (name === 'workbookPr') {
        const value = attributes(attrs).get('date1904');
        date1904 = value === '1' || value === 'true';
      }
    },
    close() {},
    text() {},
  });
  const targets = new Map<string, string>();
  await scanPart(path, find('xl/_rels/workbook.xml.rels'), {
    open(name, attrs) {
      if (name !== 'Relationship') return;
      const found = attributes(attrs);
      const id = found.get('Id');
      const target = found.get('Target');
      if (id && target) targets.set(id, resolvePath('xl/workbook.xml', target));
    },
    close() {},
    text() {},
  });
  const sheetPath = sheetRel === undefined ? undefined : targets.get(sheetRel);
  const sheet =
    (sheetPath === undefined ? undefined : find(sheetPath)) ??
    [...parts.values()]
      .filter((p) => /^xl\/worksheets\/[^/]+\.xml$/i.test(p.name))
      .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))[0];
  if (!sheet) throw Object.assign(new Error('no worksheet'), { noSheet: true });

  // Styles: the number format of each cell style, when there is a styles part.
  const customFormats = new Map<number, string>();
  const styleFormats: number[] = [];
  let inCellXfs = false;
  await scanPart(
    path,
    find(resolvePath('xl/workbook.xml', stylesTarget(targets) ?? 'styles.xml')),
    {
      open(name, attrs, empty) {
        if (name === 'numFmt') {
          const found = attributes(attrs);
          customFormats.set(Number(found.get('numFmtId')), found.get('formatCode') ?? '');
        } else if (name === 'cellXfs') inCellXfs = !empty;
        else if (name === 'xf' && inCellXfs) {
          styleFormats.push(Number(attributes(attrs).get('numFmtId') ?? 0));
        }
      },
      close(name) {
        if (name === 'cellXfs') inCellXfs = false;
      },
      text() {},
    },
  );
  const formatOf = (style: number): string | undefined => {
    const id = styleFormats[style];
    if (id === undefined) return undefined;
    return customFormats.get(id) ?? BUILT_IN_FORMATS[id];
  };

  // Shared strings: the text of each <si>, phonetic runs left out.
  const strings: string[] = [];
  {
    let inString = false;
    let inText = false;
    let phonetic = 0;
    let current = '';
    await scanPart(
      path,
      find(resolvePath('xl/workbook.xml', sharedTarget(targets) ?? 'sharedStrings.xml')),
      {
        open(name, _attrs, empty) {
          if (name === 'si') {
            inString = true;
            current = '';
          } else if (name === 'rPh') phonetic++;
          else if (name === 't' && inString && !empty) inText = true;
        },
        close(name) {
          if (name === 'si') {
            inString = false;
            if (strings.length >= XLSX_LIMITS.sharedStrings) {
              throw new WorkbookTooLarge(`over ${XLSX_LIMITS.sharedStrings} shared strings`);
            }
            strings.push(current);
          } else if (name === 'rPh') phonetic--;
          else if (name === 't') inText = false;
        },
        text(text) {
          if (inText && phonetic === 0) current += text;
        },
      },
    );
  }

  // The sheet, streamed: rows are handed on in batches as they are complete.
  let batch: SheetRow[] = [];
  let ready: SheetRow[][] = [];
  let rowNumber = 0;
  let cells: SheetCell[] = [];
  let column = -1;
  let type = 'n';
  let style = 0;
  let value: string | undefined;
  let inline = '';
  let collecting: 'v' | 't' | undefined;
  let inInline = false;
  let phonetic = 0;
  let inRow = false;
  const finishCell = () => {
    let cell: SheetCell;
    if (type === 'inlineStr') cell = { kind: 'text', text: inline };
    else if (value === undefined) cell = undefined;
    else if (type === 's') cell = { kind: 'text', text: strings[Number(value)] ?? '' };
    else if (type === 'b')
      cell = {
        kind: 'text',
        text: value.trim() === '1' || value.trim() === 'true' ? 'TRUE' : 'FALSE',
      };
    else if (type === 'd')
      cell = { kind: 'text', text: /^\d{4}-\d\d-\d\d/.test(value) ? value.slice(0, 10) : value };
    else if (type === 'str' || type === 'e') cell = { kind: 'text', text: value };
    else {
      const number = Number(value);
      cell =
        value.trim() === '' || !Number.isFinite(number)
          ? { kind: 'text', text: value }
          : { kind: 'number', value: number, format: formatOf(style) };
      // Serial days of the 1904 date system, as days of the 1900 system.
      if (date1904 && cell.kind === 'number' && isDate(cell.format)) cell.value += 1462;
    }
    cells[column] = cell;
  };
  const scanner = new XmlScanner({
    open(name, attrs, empty) {
      if (name === 'row') {
        const r = Number(attributes(attrs).get('r'));
        rowNumber = Number.isInteger(r) && r > rowNumber ? r : rowNumber + 1;
        if (rowNumber > XLSX_LIMITS.rows) {
          throw new WorkbookTooLarge(`over ${XLSX_LIMITS.rows} rows`);
        }
        cells = [];
        column = -1;
        inRow = true;
        if (empty) return;
      } else if (name === 'c' && inRow) {
        const found = attributes(attrs);
        const at = columnOf(found.get('r'));
        column = at >= 0 ? at : column + 1;
        type = found.get('t') ?? 'n';
        style = Number(found.get('s') ?? 0);
        value = undefined;
        inline = '';
        inInline = false;
        phonetic = 0;
        if (empty) finishCell();
      } else if (name === 'v' && !empty) {
        collecting = 'v';
        value = '';
      } else if (name === 'is') inInline = true;
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && inInline && !empty) collecting = 't';
    },
    close(name) {
      if (name === 'v' || name === 't') collecting = undefined;
      else if (name === 'rPh') phonetic--;
      else if (name === 'is') inInline = false;
      else if (name === 'c' && inRow) finishCell();
      else if (name === 'row' && inRow) {
        inRow = false;
        batch.push({ row: rowNumber, cells });
        if (batch.length >= batchRows) {
          ready.push(batch);
          batch = [];
        }
      }
    },
    text(text) {
      if (collecting === 'v') value += text;
      else if (collecting === 't' && phonetic === 0) inline += text;
    },
  });
  for await (const text of partText(path, sheet)) {
    scanner.feed(text);
    if (ready.length > 0) {
      const complete = ready;
      ready = [];
      for (const rows of complete) yield rows;
    }
  }
  for (const rows of ready) yield rows;
  if (batch.length > 0) yield batch;
}

/** The target of the workbook's relationship of a type ending in `suffix`. */
function relTarget(targets: Map<string, string>, pattern: RegExp): string | undefined {
  for (const target of targets.values())
    if (pattern.test(target)) return target.replace(/^xl\//, '');
  return undefined;
}

function stylesTarget(targets: Map<string, string>): string | undefined {
  return relTarget(targets, /styles\.xml$/i);
}

function sharedTarget(targets: Map<string, string>): string | undefined {
  return relTarget(targets, /sharedStrings\.xml$/i);
}

/** A number format that shows a date (the same rule as xlsx.ts). */
export function isDate(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[dy]/i.test(bare) || /m/i.test(bare.replace(/[hs]:?m+|m+:?s/gi, ''));
}
