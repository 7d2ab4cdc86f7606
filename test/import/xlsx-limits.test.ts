/**
 * Workbooks are bounded before they are expanded: a ZIP whose sheet inflates to far more than
 * the limit, a sheet that lies about its size and a shared-string table that claims millions of
 * strings are refused with their reason, quickly and without the memory they would take. The
 * bombs are made here at run time (deflating zeros chunk by chunk), never stored.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBudget } from '../../src/import/budget.js';
import { XLSX_LIMITS } from '../../src/import/zip.js';
import { context } from './context.js';

const work = mkdtempSync(join(tmpdir(), 'utfall-xlsx-limits-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Part {
  name: string;
  /** Deflated bytes, their CRC-32 and the size they inflate to. */
  data: Buffer;
  crc: number;
  size: number;
  /** The size the ZIP's headers claim (the real one unless a test lies). */
  declared?: number;
}

function deflated(name: string, text: string): Part {
  const bytes = Buffer.from(text, 'utf8');
  return { name, data: zlib.deflateRawSync(bytes), crc: zlib.crc32(bytes), size: bytes.length };
}

/** Deflates `prefix` + `megabytes` MB of spaces + `suffix` in pieces, never holding them whole. */
async function bomb(
  name: string,
  prefix: string,
  megabytes: number,
  suffix: string,
): Promise<Part> {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  let crc = 0;
  let size = 0;
  const write = async (bytes: Buffer) => {
    crc = zlib.crc32(bytes, crc);
    size += bytes.length;
    if (!deflate.write(bytes)) await new Promise((resolve) => deflate.once('drain', resolve));
  };
  await write(Buffer.from(prefix));
  const spaces = Buffer.alloc(1024 * 1024, 0x20);
  for (let i = 0; i < megabytes; i++) await write(spaces);
  await write(Buffer.from(suffix));
  deflate.end();
  await done;
  return { name, data: Buffer.concat(out), crc, size };
}

/** A ZIP of the parts, written by hand so that a test can make its headers lie. */
function zip(path: string, parts: Part[]): void {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const size = part.declared ?? part.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(part.crc >>> 0, 14);
    local.writeUInt32LE(part.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(part.crc >>> 0, 16);
    central.writeUInt32LE(part.data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, part.data);
    centrals.push(central, name);
    offset += 30 + name.length + part.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, directory, end]));
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** The parts every workbook has besides its sheet (and shared strings). */
function frame(): Part[] {
  return [
    deflated(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '</Types>',
    ),
    deflated(
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    deflated(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Budget" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    deflated(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
  ];
}

const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>`;
const SHEET_ROWS =
  '<row r="1"><c r="A1" t="inlineStr"><is><t>unit</t></is></c><c r="B1" t="inlineStr"><is><t>account</t></is></c><c r="C1" t="inlineStr"><is><t>amount</t></is></c></row>' +
  '<row r="2"><c r="A2"><v>110100</v></c><c r="B2"><v>3000</v></c><c r="C2"><v>12.5</v></c></row>';
const SHEET_TAIL = '</sheetData></worksheet>';

/** Refuses `path`; returns the problem, the seconds taken and the growth of the heap + buffers. */
async function refused(path: string) {
  globalThis.gc?.();
  const before = process.memoryUsage();
  const started = performance.now();
  let peak = 0;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peak = Math.max(peak, now.rss - before.rss);
  }, 5);
  const result = await parseBudget(path, context());
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss - before.rss);
  return { result, seconds: (performance.now() - started) / 1000, growthMb: peak / 2 ** 20 };
}

describe('workbook limits', () => {
  it('refuses a sheet whose declared size is over the limit from the directory, inflating nothing', async () => {
    const megabytes = XLSX_LIMITS.totalBytes / 2 ** 20 + 64;
    const path = join(work, 'bomb.xlsx');
    zip(path, [
      ...frame(),
      await bomb('xl/worksheets/sheet1.xml', SHEET_HEAD + SHEET_ROWS, megabytes, SHEET_TAIL),
    ]);
    const { result, seconds, growthMb } = await refused(path);
    expect(result.problems.map((p) => [p.code, p.params?.reason])).toEqual([
      ['file.tooLarge', 'xl/worksheets/sheet1.xml expands beyond 256 MB'],
    ]);
    expect(result.records).toEqual([]);
    expect(seconds).toBeLessThan(5);
    expect(growthMb).toBeLessThan(100);
  });

  it('stops inflating a sheet that claims a small size at that size', async () => {
    const path = join(work, 'lying.xlsx');
    const sheet = await bomb('xl/worksheets/sheet1.xml', SHEET_HEAD + SHEET_ROWS, 300, SHEET_TAIL);
    zip(path, [...frame(), { ...sheet, declared: 4096 }]);
    const { result, growthMb } = await refused(path);
    expect(result.problems.map((p) => p.code)).toEqual(['file.damaged']);
    expect(result.problems[0]?.params?.reason).toMatch(/size mismatch/);
    expect(growthMb).toBeLessThan(100);
  });

  it('refuses a shared-string table that claims more strings than the limit', async () => {
    const path = join(work, 'strings.xlsx');
    zip(path, [
      ...frame(),
      deflated('xl/worksheets/sheet1.xml', SHEET_HEAD + SHEET_ROWS + SHEET_TAIL),
      deflated(
        'xl/sharedStrings.xml',
        `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}" count="50000000" uniqueCount="50000000"><si><t>x</t></si></sst>`,
      ),
    ]);
    const { result } = await refused(path);
    expect(result.problems.map((p) => [p.code, p.params?.reason])).toEqual([
      ['file.tooLarge', `50000000 shared strings (at most ${XLSX_LIMITS.sharedStrings})`],
    ]);
  });

  it('refuses a shared-string table that inflates past its own limit', async () => {
    const path = join(work, 'strings-bomb.xlsx');
    const megabytes = XLSX_LIMITS.sharedStringBytes / 2 ** 20 + 8;
    zip(path, [
      ...frame(),
      deflated('xl/worksheets/sheet1.xml', SHEET_HEAD + SHEET_ROWS + SHEET_TAIL),
      await bomb(
        'xl/sharedStrings.xml',
        `<sst xmlns="${MAIN}"><si><t>`,
        megabytes,
        '</t></si></sst>',
      ),
    ]);
    const { result, growthMb } = await refused(path);
    expect(result.problems.map((p) => [p.code, p.params?.reason])).toEqual([
      ['file.tooLarge', 'xl/sharedStrings.xml expands beyond 32 MB'],
    ]);
    expect(growthMb).toBeLessThan(100);
  });
});
