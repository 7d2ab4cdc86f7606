/**
 * The ledger store: the postings of ledger imports, one compressed block per import × unit ×
 * account (src/import/postings.ts), for the drill-down.
 *
 * Where the bytes live was chosen by measurement (issue 15; the commit that added this file has
 * the figures): PGlite writes 50 MB of bytea in about 7 s (and grows to almost 1 GB doing it),
 * PostgreSQL in about 1 s. So on PostgreSQL each block is a bytea in its row, and on the
 * embedded engine the blocks of an import are one segment file in the data folder's `ledger/`
 * (in memory for an in-memory database), the rows holding where each block is. The file is
 * written and synced before the import's transaction commits, and only committed rows name it:
 * a rollback, a refused import or a kill -9 leaves at most a file no row names, which the next
 * open of the folder removes (removeOrphanSegments, under the data-folder lock). Undoing an
 * import deletes its rows in the undo's transaction; its file goes at the next open.
 */
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { centsFrom, type Cents } from '../domain/money.js';
import { isEntryKind, type EntryKind } from '../domain/lines.js';
import { compressBlock, type BlockInfo, type PostingSet } from '../import/postings.js';
import type { Db } from './db.js';
import type { Database } from './schema.js';

/** The segment files of an embedded database: a folder, or memory for an in-memory one. */
interface SegmentStore {
  folder: string | null;
  memory: Map<string, Buffer>;
}

/**
 * The segment store of each embedded database, by the adapter its handle and every transaction
 * on it share (a transaction is a handle of its own). PostgreSQL handles have none.
 */
const segmentStores = new WeakMap<object, SegmentStore>();

const SEGMENT_SUFFIX = '.seg';
export const LEDGER_FOLDER = 'ledger';

function segmentStoreOf(db: Db): SegmentStore | undefined {
  return segmentStores.get(db.getExecutor().adapter);
}

/** Gives an embedded database its segment store: `folder`'s `ledger/`, or memory for 'memory'. */
export function attachSegmentStore(db: Kysely<Database>, folder: string): void {
  const store: SegmentStore = {
    folder: folder === 'memory' ? null : join(folder, LEDGER_FOLDER),
    memory: new Map(),
  };
  if (store.folder) mkdirSync(store.folder, { recursive: true });
  segmentStores.set(db.getExecutor().adapter, store);
}

/** Rows per statement, bytes of blocks per statement on PostgreSQL, blocks compressed at once. */
const ROWS_PER_STATEMENT = 2000;
const BYTES_PER_STATEMENT = 2 << 20;
const COMPRESSED_AT_ONCE = 64;
/** Bytes gathered before a write to a segment file. */
const WRITE_BYTES = 1 << 20;

/**
 * Where an import may spill the postings it collects while it reads its file, so that a large
 * ledger's postings are not all in memory at once: the ledger store's folder of an embedded
 * database, the system's temporary folder on PostgreSQL; none for an in-memory database.
 */
export function postingSpillFolder(db: Db): string | null {
  const store = segmentStoreOf(db);
  return store ? store.folder : tmpdir();
}

/**
 * Stores an import's posting blocks (in its transaction) and records how many postings it kept.
 * Returns the segment file it wrote (embedded engine), which the caller removes if the
 * transaction does not commit (removeSegment); null when there is none. Nothing to store:
 * nothing is written and the import keeps none.
 */
export async function writePostings(
  db: Db,
  municipalityId: string,
  year: number,
  importId: number,
  postings: PostingSet | null,
): Promise<string | null> {
  if (postings === null || postings.blocks.length === 0) return null;
  const segments = segmentStoreOf(db);
  let name: string | null = null;
  if (segments) {
    name = `${randomUUID()}${SEGMENT_SUFFIX}`;
    try {
      const placed = await writeSegment(segments, name, postings);
      for (let i = 0; i < placed.length; i += ROWS_PER_STATEMENT) {
        const part = placed.slice(i, i + ROWS_PER_STATEMENT);
        await sql`
          insert into posting_block (municipality_id, import_id, year, unit_code, account, postings,
            raw_length, compressed, segment, segment_offset, segment_length)
          select ${municipalityId}, ${importId}, ${year}, t.unit_code, t.account, t.postings,
            t.raw_length, false, ${name}, t.segment_offset, t.raw_length
          from unnest(${part.map((b) => b.info.unitCode)}::text[],
            ${part.map((b) => b.info.account)}::text[], ${part.map((b) => b.info.count)}::int[],
            ${part.map((b) => b.info.rawLength)}::int[], ${part.map((b) => String(b.offset))}::bigint[])
            as t(unit_code, account, postings, raw_length, segment_offset)
        `.execute(db);
      }
    } catch (error) {
      // Its rows will not commit: neither must the file stay (whole or half written).
      removeSegment(db, name);
      throw error;
    }
  } else {
    // Deflated a few at a time and sent some megabytes at a time, as base64
    // (a third larger; hex, as a bytea parameter goes, is twice): each statement is on its way
    // while the next blocks are deflated.
    let raw: { info: BlockInfo; raw: Buffer }[] = [];
    let pending: { info: BlockInfo; data: Buffer }[] = [];
    let bytes = 0;
    let sending: Promise<unknown> = Promise.resolve();
    const insert = async (part: { info: BlockInfo; data: Buffer }[]) => {
      await sql`
        insert into posting_block (municipality_id, import_id, year, unit_code, account, postings,
          raw_length, compressed, data)
        select ${municipalityId}, ${importId}, ${year}, t.unit_code, t.account, t.postings,
          t.raw_length, true, decode(t.data, 'base64')
        from unnest(${part.map((b) => b.info.unitCode)}::text[],
          ${part.map((b) => b.info.account)}::text[], ${part.map((b) => b.info.count)}::int[],
          ${part.map((b) => b.info.rawLength)}::int[],
          ${part.map((b) => b.data.toString('base64'))}::text[])
          as t(unit_code, account, postings, raw_length, data)
      `.execute(db);
    };
    const compress = () => {
      for (const b of raw) {
        const data = compressBlock(b.raw);
        pending.push({ info: b.info, data });
        bytes += data.length;
      }
      raw = [];
    };
    const send = () => {
      if (pending.length === 0) return;
      const part = pending;
      pending = [];
      bytes = 0;
      // One statement after the other on the transaction's connection; the first failure is
      // the import's (awaited below), the statements after it are not sent.
      sending = sending.then(() => insert(part));
      sending.catch(() => {});
    };
    await postings.forEach(async (info, block) => {
      raw.push({ info, raw: block });
      if (raw.length < COMPRESSED_AT_ONCE) return;
      compress();
      if (bytes >= BYTES_PER_STATEMENT || pending.length >= ROWS_PER_STATEMENT) {
        send();
        // Let the statement go out before the next blocks are deflated.
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    compress();
    send();
    await sending;
  }
  try {
    await db
      .updateTable('import_log')
      .set({ postings: postings.total })
      .where('municipality_id', '=', municipalityId)
      .where('id', '=', importId)
      .execute();
  } catch (error) {
    if (name !== null) removeSegment(db, name);
    throw error;
  }
  return name;
}

/**
 * Removes a segment file that no committed row names: one written by an import whose
 * transaction then failed. (What a kill leaves goes at the next open.)
 */
export function removeSegment(db: Db, name: string): void {
  const store = segmentStoreOf(db);
  if (!store) return;
  if (store.folder === null) store.memory.delete(name);
  else rmSync(join(store.folder, name), { force: true });
}

/** Writes the blocks one after the other into a new segment, synced; returns where each went. */
async function writeSegment(
  store: SegmentStore,
  name: string,
  postings: PostingSet,
): Promise<{ info: BlockInfo; offset: number }[]> {
  const placed: { info: BlockInfo; offset: number }[] = [];
  const pieces: Buffer[] = [];
  let gathered = 0;
  let offset = 0;
  const fd = store.folder === null ? null : openSync(join(store.folder, name), 'wx');
  const write = () => {
    if (fd === null || pieces.length === 0) return;
    const data = Buffer.concat(pieces, gathered);
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written);
    pieces.length = 0;
    gathered = 0;
  };
  try {
    await postings.forEach((info, raw) => {
      placed.push({ info, offset });
      offset += raw.length;
      pieces.push(raw);
      gathered += raw.length;
      if (fd !== null && gathered >= WRITE_BYTES) write();
    });
    if (fd === null) {
      store.memory.set(name, Buffer.concat(pieces, gathered));
      return placed;
    }
    write();
    fsyncSync(fd);
  } finally {
    if (fd !== null) closeSync(fd);
  }
  // The file's name in its folder must survive a crash as well as its bytes.
  const dir = openSync(store.folder!, 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
  return placed;
}

/** The segment files that hold an import's postings (embedded engine; none on PostgreSQL). */
export async function segmentsOfImport(
  db: Db,
  municipalityId: string,
  importId: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('posting_block')
    .select('segment')
    .distinct()
    .where('municipality_id', '=', municipalityId)
    .where('import_id', '=', importId)
    .where('segment', 'is not', null)
    .execute();
  return rows.flatMap((r) => (r.segment === null ? [] : [r.segment]));
}

/** Takes out an import's postings (its undo). */
export async function deletePostings(
  db: Db,
  municipalityId: string,
  importId: number,
): Promise<void> {
  await db
    .deleteFrom('posting_block')
    .where('municipality_id', '=', municipalityId)
    .where('import_id', '=', importId)
    .execute();
  await db
    .updateTable('import_log')
    .set({ postings: null })
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', importId)
    .execute();
}

/**
 * Removes the segment files no row names: what a rolled-back or killed import left. Run when an
 * embedded database is opened, before anything imports (the data folder is locked to this
 * process then). Returns the names removed.
 */
export async function removeOrphanSegments(db: Kysely<Database>): Promise<string[]> {
  const store = segmentStoreOf(db);
  if (!store?.folder) return [];
  const all = readdirSync(store.folder);
  const removed: string[] = [];
  // Postings an import was collecting when it stopped: no import is running now.
  for (const file of all.filter((f) => /\.part\d+$/.test(f))) {
    unlinkSync(join(store.folder, file));
    removed.push(file);
  }
  const files = all.filter((f) => f.endsWith(SEGMENT_SUFFIX));
  if (files.length === 0) return removed;
  const named = new Set(
    (
      await db
        .selectFrom('posting_block')
        .select('segment')
        .distinct()
        .where('segment', 'is not', null)
        .execute()
    ).map((r) => r.segment),
  );
  for (const file of files) {
    if (named.has(file)) continue;
    unlinkSync(join(store.folder, file));
    removed.push(file);
  }
  return removed;
}

/**
 * One month of a unit × account × kind's stored actual, by the import whose rows hold it: the
 * cells whose postings make up the drill-down's postings level. A month replaced by a later
 * import is that import's (src/db/imports.ts replaceActualCells zeroes it in the earlier rows).
 */
export interface ActualCell {
  importId: number;
  unitCode: string;
  account: string;
  kind: EntryKind;
  month: number;
  amount: Cents;
  lines: number;
}

/** The stored actual cells of some units (an account, some months), by import. */
export async function actualCells(
  db: Db,
  municipalityId: string,
  year: number,
  filter: { units: readonly string[]; account: string; months: readonly number[] },
): Promise<ActualCell[]> {
  if (filter.units.length === 0 || filter.months.length === 0) return [];
  const rows = await sql<{
    import_id: number;
    unit_code: string;
    account: string;
    kind: string;
    month: number;
    amount: string;
    lines: string;
  }>`
    select import_id, unit_code, account, kind, g.m as month,
      sum(amounts[g.m])::text as amount, sum(lines[g.m])::text as lines
    from actual, unnest(${[...filter.months]}::int[]) as g(m)
    where municipality_id = ${municipalityId} and year = ${year}
      and unit_code = any(${[...filter.units]}::text[]) and account = ${filter.account}
    group by import_id, unit_code, account, kind, g.m
    having sum(amounts[g.m]) <> 0 or sum(lines[g.m]) <> 0
  `.execute(db);
  return rows.rows.map((r) => ({
    importId: Number(r.import_id),
    unitCode: r.unit_code,
    account: r.account,
    kind: isEntryKind(r.kind) ? r.kind : 'external',
    month: Number(r.month),
    amount: centsFrom(r.amount),
    lines: Number(r.lines),
  }));
}

/** A stored block, compressed, with the import, unit and account it holds the postings of. */
export interface StoredBlock {
  importId: number;
  unitCode: string;
  account: string;
  compressed: boolean;
  data: Uint8Array;
}

/** The blocks of some imports × units × accounts (those stored: balances imports have none). */
export async function postingBlocks(
  db: Db,
  municipalityId: string,
  keys: readonly { importId: number; unitCode: string; account: string }[],
): Promise<StoredBlock[]> {
  if (keys.length === 0) return [];
  const rows = await sql<{
    import_id: number;
    unit_code: string;
    account: string;
    compressed: boolean;
    data: Uint8Array | null;
    segment: string | null;
    segment_offset: string | null;
    segment_length: number | null;
  }>`
    select b.import_id, b.unit_code, b.account, b.compressed, b.data, b.segment,
      b.segment_offset::text as segment_offset, b.segment_length
    from posting_block b
    join unnest(${keys.map((k) => k.importId)}::int[], ${keys.map((k) => k.unitCode)}::text[],
      ${keys.map((k) => k.account)}::text[]) as k(import_id, unit_code, account)
      on b.import_id = k.import_id and b.unit_code = k.unit_code and b.account = k.account
    where b.municipality_id = ${municipalityId}
  `.execute(db);
  const store = segmentStoreOf(db);
  return rows.rows.map((r) => ({
    importId: Number(r.import_id),
    unitCode: r.unit_code,
    account: r.account,
    compressed: r.compressed,
    data:
      r.data ??
      readSegment(store, r.segment!, Number(r.segment_offset ?? 0), Number(r.segment_length ?? 0)),
  }));
}

function readSegment(
  store: SegmentStore | undefined,
  name: string,
  offset: number,
  length: number,
): Buffer {
  if (!store) throw new Error(`posting segment ${name} without a ledger store`);
  if (store.folder === null) {
    const segment = store.memory.get(name);
    if (!segment) throw new Error(`posting segment ${name} is missing`);
    return segment.subarray(offset, offset + length);
  }
  const buffer = Buffer.allocUnsafe(length);
  const fd = openSync(join(store.folder, name), 'r');
  try {
    let read = 0;
    while (read < length) {
      const n = readSync(fd, buffer, read, length - read, offset + read);
      if (n === 0) throw new Error(`posting segment ${name} is shorter than its rows say`);
      read += n;
    }
  } finally {
    closeSync(fd);
  }
  return buffer;
}
