/**
 * The postings of a ledger import, kept for the drill-down: each unit × account's postings as one
 * block. While the file streams, the records go in the file's order into a few partitions (no
 * buffer per unit × account to grow, no object per posting: a million-line ledger costs its
 * bytes, and with a spill folder not even those); once it is read, each partition is grouped by
 * unit × account in turn and handed to the store. A block is a run of records:
 *
 *   u32 row · u8 month · u8 day · u8 kind · f64 amount (cents, report sign) ·
 *   u32 voucher length · voucher (UTF-8) · u32 text length · text (UTF-8)
 *
 * little-endian; a store may keep it deflated (compressBlock). src/db/postings.ts stores the
 * blocks; decodeBlock reads one.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { ENTRY_KINDS, type EntryKind } from '../domain/lines.js';
import type { Cents } from '../domain/money.js';

/** Bytes of a record without its texts. */
const FIXED = 4 + 1 + 1 + 1 + 8 + 4 + 4;
/** The records are spread over partitions by bucket, each gathered in pieces of this size. */
const PARTITIONS = 16;
const PIECE_BYTES = 256 << 10;

/** One unit × account's postings: how many, and their bytes before any compression. */
export interface BlockInfo {
  unitCode: string;
  account: string;
  /** Postings in the block. */
  count: number;
  /** Bytes of the block's records. */
  rawLength: number;
}

/**
 * A ledger's postings, grouped per unit × account: `blocks` says what there is, `forEach` hands
 * each block's bytes (its records, in the file's order) to the store, a partition at a time, so
 * that they are never all in memory twice; `dispose` lets go of what is left (spilled files).
 */
export interface PostingSet {
  total: number;
  blocks: readonly BlockInfo[];
  forEach(visit: (block: BlockInfo, raw: Buffer) => Promise<void> | void): Promise<void>;
  dispose(): void;
}

/** One posting as a block holds it (the unit and account are the block's). */
export interface BlockPosting {
  row: number;
  month: number;
  day: number;
  kind: EntryKind;
  amount: Cents;
  voucher: string;
  text: string;
}

/** A partition: the records of its buckets in the file's order, each after its bucket (u32). */
interface Partition {
  current: Buffer;
  at: number;
  /** Pieces gathered in memory, or the file they are spilled to. */
  pieces: Buffer[];
  file: string | null;
  fd: number | null;
  bytes: number;
}

/**
 * Collects postings as the file streams, in the file's order, spread over a few partitions by
 * bucket (a unit × account numbered by the reader). A partition's full pieces stay in memory, or
 * with a `spill` folder go to a file of their own there (the embedded engine's, whose memory the
 * database shares): then the collector holds only the pieces being filled.
 */
export class PostingCollector {
  private readonly partitions: Partition[] = [];
  private counts = new Uint32Array(1024);
  private bytes = new Float64Array(1024);
  /** Postings collected in all. */
  total = 0;

  constructor(private readonly spill: string | null = null) {
    const name = spill === null ? null : randomUUID();
    for (let p = 0; p < PARTITIONS; p++) {
      this.partitions.push({
        current: Buffer.allocUnsafeSlow(PIECE_BYTES),
        at: 0,
        pieces: [],
        file: spill === null ? null : join(spill, `${name}.part${p}`),
        fd: null,
        bytes: 0,
      });
    }
  }

  add(
    bucket: number,
    row: number,
    month: number,
    day: number,
    kind: number,
    amount: number,
    voucher: string,
    text: string,
  ): void {
    if (bucket >= this.counts.length) this.grow(bucket);
    const partition = this.partitions[bucket % PARTITIONS]!;
    // UTF-8 takes at most three bytes per UTF-16 unit.
    const most = 4 + FIXED + (voucher.length + text.length) * 3;
    if (partition.at + most > partition.current.length) this.flush(partition, most);
    const buffer = partition.current;
    const start = partition.at;
    let at = start;
    buffer.writeUInt32LE(bucket, at);
    buffer.writeUInt32LE(row, at + 4);
    buffer[at + 8] = month;
    buffer[at + 9] = day;
    buffer[at + 10] = kind;
    buffer.writeDoubleLE(amount, at + 11);
    at += 19;
    const voucherBytes = voucher === '' ? 0 : buffer.write(voucher, at + 4, 'utf8');
    buffer.writeUInt32LE(voucherBytes, at);
    at += 4 + voucherBytes;
    const textBytes = text === '' ? 0 : buffer.write(text, at + 4, 'utf8');
    buffer.writeUInt32LE(textBytes, at);
    at += 4 + textBytes;
    partition.at = at;
    this.counts[bucket]!++;
    this.bytes[bucket]! += at - start - 4;
    this.total++;
  }

  private grow(bucket: number): void {
    const size = Math.max(bucket + 1, this.counts.length * 2);
    const counts = new Uint32Array(size);
    counts.set(this.counts);
    this.counts = counts;
    const bytes = new Float64Array(size);
    bytes.set(this.bytes);
    this.bytes = bytes;
  }

  /** Puts a partition's full piece away (in memory, or at the end of its file). */
  private flush(partition: Partition, room = 0): void {
    const piece = partition.current.subarray(0, partition.at);
    if (piece.length > 0) {
      if (partition.file === null) {
        partition.pieces.push(piece);
      } else {
        if (partition.fd === null) {
          // Unlinked as soon as it is open: the file lives as long as this process holds it,
          // so neither a kill nor a failure can leave it behind, on either engine.
          partition.fd = openSync(partition.file, 'wx+');
          unlinkSync(partition.file);
        }
        let written = 0;
        while (written < piece.length)
          written += writeSync(partition.fd, piece, written, piece.length - written);
      }
      partition.bytes += piece.length;
    }
    partition.current =
      partition.file === null || room > partition.current.length
        ? Buffer.allocUnsafeSlow(Math.max(PIECE_BYTES, room))
        : partition.current;
    partition.at = 0;
  }

  /** Lets go of everything collected (a file with problems keeps no postings). */
  discard(): void {
    for (const partition of this.partitions) {
      if (partition.fd !== null) closeSync(partition.fd);
      partition.fd = null;
      partition.pieces = [];
    }
  }

  /** The postings grouped per bucket (`keys`: bucket → unit and account). */
  finish(keys: readonly { bucket: number; unitCode: string; account: string }[]): PostingSet {
    const { counts, bytes, partitions } = this;
    try {
      for (const partition of partitions) this.flush(partition);
    } catch (error) {
      this.discard();
      throw error;
    }
    const infoOf = new Map<number, BlockInfo>();
    for (const k of keys) {
      if (counts[k.bucket]! === 0) continue;
      infoOf.set(k.bucket, {
        unitCode: k.unitCode,
        account: k.account,
        count: counts[k.bucket]!,
        rawLength: bytes[k.bucket]!,
      });
    }
    const dispose = () => this.discard();
    return {
      total: this.total,
      blocks: [...infoOf.values()],
      dispose,
      async forEach(visit) {
        try {
          for (const partition of partitions) {
            if (partition.bytes === 0) continue;
            const data =
              partition.fd === null
                ? Buffer.concat(partition.pieces, partition.bytes)
                : readBack(partition.fd, partition.bytes);
            partition.pieces = [];
            for (const [bucket, raw] of groupByBucket(data, bytes)) {
              const info = infoOf.get(bucket);
              if (info) await visit(info, raw);
            }
          }
        } finally {
          dispose();
        }
      },
    };
  }
}

/** A spilled partition's bytes, read back from its (unlinked) file. */
function readBack(fd: number, length: number): Buffer {
  const data = Buffer.allocUnsafeSlow(length);
  let read = 0;
  while (read < length) {
    const n = readSync(fd, data, read, length - read, read);
    if (n === 0) throw new Error('a spilled partition is shorter than what was written to it');
    read += n;
  }
  return data;
}

/** The records of a partition grouped by bucket, in the file's order within each, bucket prefix dropped. */
function groupByBucket(data: Buffer, bytes: Float64Array): [number, Buffer][] {
  const starts = new Map<number, number>();
  const order: number[] = [];
  let size = 0;
  for (let at = 0; at < data.length;) {
    const bucket = data.readUInt32LE(at);
    if (!starts.has(bucket)) {
      starts.set(bucket, 0);
      order.push(bucket);
    }
    at = recordEnd(data, at + 4);
  }
  order.sort((a, b) => a - b);
  for (const bucket of order) {
    starts.set(bucket, size);
    size += bytes[bucket]!;
  }
  const out = Buffer.allocUnsafeSlow(size);
  const next = new Map(starts);
  for (let at = 0; at < data.length;) {
    const bucket = data.readUInt32LE(at);
    const end = recordEnd(data, at + 4);
    const to = next.get(bucket)!;
    data.copy(out, to, at + 4, end);
    next.set(bucket, to + end - at - 4);
    at = end;
  }
  return order.map((bucket) => {
    const start = starts.get(bucket)!;
    return [bucket, out.subarray(start, start + bytes[bucket]!)];
  });
}

/** Where the record starting at `at` ends. */
function recordEnd(data: Buffer, at: number): number {
  const voucherAt = at + 15;
  const textAt = voucherAt + 4 + data.readUInt32LE(voucherAt);
  return textAt + 4 + data.readUInt32LE(textAt);
}

/**
 * Compresses a block for a store that keeps it compressed. Synchronously: thousands of small
 * blocks cost more as thread-pool jobs (8 400 blocks of 5 kB: 0.8 s against 0.3 s here).
 */
export function compressBlock(raw: Buffer): Buffer {
  return deflateRawSync(raw, { level: 1 });
}

/** The postings of a stored block, compressed or not, in the file's order. */
export function decodeBlock(data: Uint8Array, compressed: boolean): BlockPosting[] {
  const raw = compressed
    ? inflateRawSync(data)
    : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const postings: BlockPosting[] = [];
  let at = 0;
  while (at + FIXED <= raw.length) {
    const row = raw.readUInt32LE(at);
    const month = raw[at + 4]!;
    const day = raw[at + 5]!;
    const kind = ENTRY_KINDS[raw[at + 6]!] ?? 'external';
    const amount = raw.readDoubleLE(at + 7) as Cents;
    at += 15;
    const voucherBytes = raw.readUInt32LE(at);
    const voucher = raw.toString('utf8', at + 4, at + 4 + voucherBytes);
    at += 4 + voucherBytes;
    const textBytes = raw.readUInt32LE(at);
    const text = raw.toString('utf8', at + 4, at + 4 + textBytes);
    at += 4 + textBytes;
    postings.push({ row, month, day, kind, amount, voucher, text });
  }
  return postings;
}
