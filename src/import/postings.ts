/**
 * The postings of a ledger import, kept for the drill-down: each unit × account's postings as one
 * block, encoded while the file streams (no object per posting: a million-line ledger costs its
 * bytes, not a million objects) and compressed once it is read. A block is a run of records:
 *
 *   u32 row · u8 month · u8 day · u8 kind · f64 amount (cents, report sign) ·
 *   u32 voucher length · voucher (UTF-8) · u32 text length · text (UTF-8)
 *
 * little-endian, then deflated (raw, level 1: a ledger's texts and vouchers repeat, and the
 * block is written and read whole). src/db/postings.ts stores the blocks; decodeBlock reads one.
 */
import { promisify } from 'node:util';
import { deflateRaw, inflateRawSync } from 'node:zlib';
import { ENTRY_KINDS, type EntryKind } from '../domain/lines.js';
import type { Cents } from '../domain/money.js';

const deflate = promisify(deflateRaw);

/** Bytes of a record without its texts. */
const FIXED = 4 + 1 + 1 + 1 + 8 + 4 + 4;
const INITIAL_BYTES = 256;

/** One unit × account's postings, compressed. */
export interface PostingBlock {
  unitCode: string;
  account: string;
  /** Postings in the block. */
  count: number;
  /** Bytes before compression. */
  rawLength: number;
  data: Buffer;
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

/** Collects postings per bucket (a unit × account numbered by the reader) as the file streams. */
export class PostingCollector {
  private buffers: (Buffer | undefined)[] = [];
  private lengths = new Uint32Array(1024);
  private counts = new Uint32Array(1024);
  /** Postings collected in all. */
  total = 0;

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
    if (bucket >= this.lengths.length) {
      const size = Math.max(bucket + 1, this.lengths.length * 2);
      const lengths = new Uint32Array(size);
      lengths.set(this.lengths);
      this.lengths = lengths;
      const counts = new Uint32Array(size);
      counts.set(this.counts);
      this.counts = counts;
    }
    let buffer = this.buffers[bucket];
    let at = this.lengths[bucket]!;
    // UTF-8 takes at most three bytes per UTF-16 unit.
    const need = at + FIXED + (voucher.length + text.length) * 3;
    if (buffer === undefined || need > buffer.length) {
      const larger = Buffer.allocUnsafe(Math.max(INITIAL_BYTES, need, (buffer?.length ?? 0) * 2));
      buffer?.copy(larger, 0, 0, at);
      buffer = larger;
      this.buffers[bucket] = buffer;
    }
    buffer.writeUInt32LE(row, at);
    buffer[at + 4] = month;
    buffer[at + 5] = day;
    buffer[at + 6] = kind;
    buffer.writeDoubleLE(amount, at + 7);
    at += 15;
    const voucherBytes = voucher === '' ? 0 : buffer.write(voucher, at + 4, 'utf8');
    buffer.writeUInt32LE(voucherBytes, at);
    at += 4 + voucherBytes;
    const textBytes = text === '' ? 0 : buffer.write(text, at + 4, 'utf8');
    buffer.writeUInt32LE(textBytes, at);
    at += 4 + textBytes;
    this.lengths[bucket] = at;
    this.counts[bucket]!++;
    this.total++;
  }

  /**
   * The blocks, compressed (in the thread pool, a few at a time), in the order of `keys`
   * (bucket → unit and account); each bucket's bytes are let go as soon as it is compressed.
   */
  async finish(
    keys: readonly { bucket: number; unitCode: string; account: string }[],
  ): Promise<PostingBlock[]> {
    const blocks: PostingBlock[] = [];
    const parallel = 16;
    for (let i = 0; i < keys.length; i += parallel) {
      const part = keys.slice(i, i + parallel).filter((k) => this.buffers[k.bucket] !== undefined);
      const done = await Promise.all(
        part.map(async ({ bucket, unitCode, account }) => {
          const raw = this.buffers[bucket]!.subarray(0, this.lengths[bucket]);
          const data = await deflate(raw, { level: 1 });
          this.buffers[bucket] = undefined;
          return { unitCode, account, count: this.counts[bucket]!, rawLength: raw.length, data };
        }),
      );
      blocks.push(...done);
    }
    return blocks;
  }
}

/** The postings of a stored block, in the file's order. */
export function decodeBlock(data: Uint8Array): BlockPosting[] {
  const raw = inflateRawSync(data);
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
