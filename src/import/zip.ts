/**
 * A structural check of a ZIP container before ExcelJS streams it. The streaming unzipper
 * under ExcelJS reads local headers front to back and, on some damaged files, waits forever
 * instead of failing; checking the central directory, each local header and each entry's
 * CRC first turns truncated or corrupted workbooks into a clean "damaged" problem.
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import zlib from 'node:zlib';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const DESCRIPTOR_SIGNATURE = 0x08074b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/**
 * What a workbook may expand to before it is refused as too large: checked from the central
 * directory before anything is inflated, and again while inflating (sizes there may lie), so
 * that a small file cannot make the reader expand gigabytes of XML.
 */
export const XLSX_LIMITS = {
  /** Parts in the ZIP. */
  entries: 2_000,
  /** Uncompressed bytes of all parts together. */
  totalBytes: 256 * 1024 * 1024,
  /** Uncompressed bytes of the shared-string table (which the reader keeps in memory). */
  sharedStringBytes: 32 * 1024 * 1024,
  /** Strings in the shared-string table, as its `count`/`uniqueCount` says. */
  sharedStrings: 1_000_000,
  /** Rows of the worksheet. */
  rows: 1_000_000,
};

/** Why a workbook was refused: damaged, or larger than XLSX_LIMITS. */
export interface ZipProblem {
  tooLarge: boolean;
  reason: string;
}

const SHARED_STRINGS = /(^|\/)sharedStrings\.xml$/i;

interface Entry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** CRC-32 (zlib.crc32 since Node 20.15; a table for older releases). */
const crc32: (data: Buffer, value?: number) => number =
  typeof zlib.crc32 === 'function' ? zlib.crc32 : tableCrc32;

let crcTable: Int32Array | undefined;

function tableCrc32(data: Buffer, value = 0): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let crc = ~value;
  for (const byte of data) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/**
 * Checks a ZIP file; returns undefined when it is sound and within XLSX_LIMITS, else the
 * problem with a short English reason ("truncated", "entry xl/worksheets/sheet1.xml: CRC
 * mismatch", "xl/worksheets/sheet1.xml expands beyond 256 MB", …).
 */
export async function checkZip(path: string): Promise<ZipProblem | undefined> {
  const found = await checkArchive(path);
  if (found === undefined) return undefined;
  return typeof found === 'string' ? { tooLarge: false, reason: found } : found;
}

async function checkArchive(path: string): Promise<string | ZipProblem | undefined> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size < EOCD_SIZE) return 'truncated';
    const tailLength = Math.min(size, EOCD_SIZE + MAX_COMMENT);
    const tail = await readAt(handle, size - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return 'truncated (no end of central directory)';
    const count = tail.readUInt16LE(eocd + 10);
    const directorySize = tail.readUInt32LE(eocd + 12);
    const directoryOffset = tail.readUInt32LE(eocd + 16);
    if (count > XLSX_LIMITS.entries) {
      return { tooLarge: true, reason: `${count} parts (at most ${XLSX_LIMITS.entries})` };
    }
    // ZIP64 archives (over 4 GB or 65 535 entries): no workbook within the limits is one.
    if (directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
      return { tooLarge: true, reason: 'a ZIP64 archive (over 4 GB)' };
    }
    const eocdOffset = size - tailLength + eocd;
    if (directoryOffset + directorySize > eocdOffset) return 'truncated central directory';
    const directory = await readAt(handle, directoryOffset, directorySize);
    const entries: Entry[] = [];
    let at = 0;
    for (let i = 0; i < count; i++) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
        return 'damaged central directory';
      }
      const nameLength = directory.readUInt16LE(at + 28);
      entries.push({
        flags: directory.readUInt16LE(at + 8),
        method: directory.readUInt16LE(at + 10),
        crc: directory.readUInt32LE(at + 16),
        compressedSize: directory.readUInt32LE(at + 20),
        size: directory.readUInt32LE(at + 24),
        localOffset: directory.readUInt32LE(at + 42),
        name: directory.toString('utf8', at + 46, at + 46 + nameLength),
      });
      at += 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    }
    // The sizes the directory declares, before inflating anything.
    let total = 0;
    for (const entry of entries) {
      total += entry.size;
      const limit = limitOf(entry);
      if (entry.size > limit) return tooLarge(entry.name, limit);
      if (total > XLSX_LIMITS.totalBytes) return tooLarge('the workbook', XLSX_LIMITS.totalBytes);
    }
    for (const entry of entries) {
      const reason = await checkEntry(handle, path, entry, directoryOffset);
      if (typeof reason === 'object') return reason;
      if (reason) return `entry ${entry.name}: ${reason}`;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

/** The uncompressed bytes an entry may have. */
function limitOf(entry: Entry): number {
  return SHARED_STRINGS.test(entry.name) ? XLSX_LIMITS.sharedStringBytes : XLSX_LIMITS.totalBytes;
}

function tooLarge(what: string, bytes: number): ZipProblem {
  return { tooLarge: true, reason: `${what} expands beyond ${Math.round(bytes / 2 ** 20)} MB` };
}

/** The `count` or `uniqueCount` of a shared-string table's start tag, the larger; or 0. */
function sharedStringCount(head: string): number {
  const tag = /<(?:\w+:)?sst\b[^>]*>/.exec(head)?.[0] ?? '';
  let most = 0;
  for (const match of tag.matchAll(/\b(?:count|uniqueCount)\s*=\s*["'](\d+)["']/g)) {
    most = Math.max(most, Number(match[1]));
  }
  return most;
}

async function checkEntry(
  handle: FileHandle,
  path: string,
  entry: Entry,
  directoryOffset: number,
): Promise<string | ZipProblem | undefined> {
  const header = await readAt(handle, entry.localOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_SIGNATURE) return 'bad local header';
  const flags = header.readUInt16LE(6);
  if (header.readUInt16LE(8) !== entry.method || (flags & 8) !== (entry.flags & 8)) {
    return 'local header differs from the directory';
  }
  const nameLength = header.readUInt16LE(26);
  const name = (await readAt(handle, entry.localOffset + 30, nameLength)).toString('utf8');
  if (name !== entry.name) return 'local header differs from the directory';
  const start = entry.localOffset + 30 + nameLength + header.readUInt16LE(28);
  const end = start + entry.compressedSize;
  if (end > directoryOffset) return 'truncated';
  if (flags & 8) {
    // Sizes and CRC follow the data in a descriptor, with or without its signature.
    const descriptor = await readAt(handle, end, 16);
    const offset =
      descriptor.length >= 4 && descriptor.readUInt32LE(0) === DESCRIPTOR_SIGNATURE ? 4 : 0;
    if (descriptor.length < offset + 12) return 'truncated';
    if (
      descriptor.readUInt32LE(offset) !== entry.crc ||
      descriptor.readUInt32LE(offset + 4) !== entry.compressedSize ||
      descriptor.readUInt32LE(offset + 8) !== entry.size
    ) {
      return 'data descriptor differs from the directory';
    }
  } else if (
    header.readUInt32LE(14) !== entry.crc ||
    header.readUInt32LE(18) !== entry.compressedSize ||
    header.readUInt32LE(22) !== entry.size
  ) {
    return 'local header differs from the directory';
  }
  if (entry.method !== 0 && entry.method !== 8) return `unsupported compression ${entry.method}`;
  if (entry.method === 0 && entry.compressedSize !== entry.size) return 'size mismatch';
  let crc = 0;
  let size = 0;
  const sharedStrings = SHARED_STRINGS.test(entry.name);
  let head = '';
  if (entry.compressedSize > 0) {
    const raw = createReadStream(path, { start, end: end - 1 });
    const data = entry.method === 8 ? raw.pipe(zlib.createInflateRaw()) : raw;
    raw.on('error', (error) => data.destroy(error));
    try {
      for await (const chunk of data as AsyncIterable<Buffer>) {
        crc = crc32(chunk, crc);
        size += chunk.length;
        // Inflating stops at the declared size: more is a lie, and maybe a bomb.
        if (size > entry.size) {
          return size > limitOf(entry) ? tooLarge(entry.name, limitOf(entry)) : 'size mismatch';
        }
        if (sharedStrings && head.length < 4096) {
          head += chunk.toString('latin1', 0, Math.min(chunk.length, 4096));
          const count = sharedStringCount(head);
          if (count > XLSX_LIMITS.sharedStrings) {
            return {
              tooLarge: true,
              reason: `${count} shared strings (at most ${XLSX_LIMITS.sharedStrings})`,
            };
          }
        }
      }
    } catch (error) {
      return error instanceof Error ? error.message : 'unreadable data';
    } finally {
      raw.destroy();
      data.destroy();
    }
  }
  if (size !== entry.size) return 'size mismatch';
  if (crc >>> 0 !== entry.crc) return 'CRC mismatch';
  return undefined;
}

/** A part of a checked archive: where its data starts and how it is stored. */
export interface ZipPart {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/**
 * The parts of an archive that checkZip found sound, by name. Their sizes are then known to
 * be true and within XLSX_LIMITS, so inflating one expands at most its size.
 */
export async function zipParts(path: string): Promise<Map<string, ZipPart>> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, EOCD_SIZE + MAX_COMMENT);
    const tail = await readAt(handle, size - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    const parts = new Map<string, ZipPart>();
    if (eocd < 0) return parts;
    const count = tail.readUInt16LE(eocd + 10);
    const directory = await readAt(
      handle,
      tail.readUInt32LE(eocd + 16),
      tail.readUInt32LE(eocd + 12),
    );
    let at = 0;
    for (let i = 0; i < count && at + 46 <= directory.length; i++) {
      const nameLength = directory.readUInt16LE(at + 28);
      const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
      parts.set(name, {
        name,
        method: directory.readUInt16LE(at + 10),
        compressedSize: directory.readUInt32LE(at + 20),
        size: directory.readUInt32LE(at + 24),
        localOffset: directory.readUInt32LE(at + 42),
      });
      at += 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    }
    return parts;
  } finally {
    await handle.close();
  }
}

/** The inflated bytes of a part, chunk by chunk, stopping at its size. */
export async function* partBytes(path: string, part: ZipPart): AsyncGenerator<Buffer> {
  if (part.compressedSize === 0) return;
  const handle = await open(path, 'r');
  let start: number;
  try {
    const header = await readAt(handle, part.localOffset, 30);
    start = part.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  } finally {
    await handle.close();
  }
  const raw = createReadStream(path, { start, end: start + part.compressedSize - 1 });
  const data = part.method === 8 ? raw.pipe(zlib.createInflateRaw()) : raw;
  raw.on('error', (error) => data.destroy(error));
  let size = 0;
  try {
    for await (const chunk of data as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > part.size) throw new Error(`${part.name} expands beyond its size`);
      yield chunk;
    }
  } finally {
    raw.destroy();
    data.destroy();
  }
}
