/**
 * Actuals: a ledger (one line per posting, with a date) or monthly balances (with a period),
 * aggregated while streaming to unit × account × kind × month. No row is kept as an object: a
 * ledger's postings (for the drill-down, `keepPostings`) go into a byte arena, grouped per
 * unit × account at the end (src/import/postings.ts). This loop is the benchmarked path, so it works on batches,
 * caches per account, and scans amounts and dates without allocating.
 */
import { ENTRY_KINDS, type EntryKind } from '../domain/lines.js';
import { cents, MAX_CENTS, negate } from '../domain/money.js';
import { ACTUALS_HEADERS } from './headers.js';
import { allProblems, cellAt, drain, isAccount, openWithHeader } from './read.js';
import type { RowVisitor } from './csv.js';
import type { ProblemLog } from './problems.js';
import type { ActualBalance, ActualsResult, ImportContext, ReadOptions } from './types.js';
import {
  lastAmountFailure,
  scanAmountIn,
  scanDateIn,
  scanPeriodIn,
  trimEnd,
  trimStart,
} from './values.js';
import { entryKindOf } from './words.js';
import { PostingCollector } from './postings.js';

// In ENTRY_KINDS' order, which the posting blocks' kind byte is the index of.
const KINDS: readonly EntryKind[] = ENTRY_KINDS;
const SLOTS = KINDS.length * 12;

/** What is known of an account: mapped, not an account number, or unmapped. */
const MAPPED = 0;
const INVALID = 1;
const UNMAPPED = 2;

/** Buckets the sums start with room for; they grow by doubling. */
const INITIAL_BUCKETS = 1024;

/**
 * A copy of a string that does not share the memory of the chunk it was sliced from: keys and
 * problem values outlive their chunk, and a slice would keep the whole megabyte alive.
 */
function detached(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** Streams a ledger or balance file and sums it per unit, account, kind and month. */
export async function aggregateActuals(
  path: string,
  ctx: ImportContext,
  options: ReadOptions = {},
): Promise<ActualsResult> {
  const { table, log, columns, usable } = await openWithHeader(
    path,
    ACTUALS_HEADERS,
    [
      ['date', 'account', 'unit', 'amount'],
      ['period', 'account', 'unit', 'amount'],
    ],
    options.columns,
  );
  const layout = columns.date >= 0 || columns.period < 0 ? 'ledger' : 'balances';
  const empty = (year: number | undefined): ActualsResult => ({
    source: table.source,
    year,
    layout,
    balances: [],
    postings: null,
    months: [],
    ...allProblems(table, log),
  });
  if (usable && columns.date >= 0 && columns.period >= 0) {
    log.add(table.headerRow, table.columnName(columns.period), null, 'header.layout');
  }
  if (!usable || log.count > 0) {
    await drain(table);
    return empty(ctx.year);
  }

  const keep = layout === 'ledger' && options.keepPostings === true;
  const aggregator = new Aggregator(ctx, log, layout, {
    unit: columns.unit,
    account: columns.account,
    amount: columns.amount,
    kind: columns.kind,
    time: layout === 'ledger' ? columns.date : columns.period,
    voucher: keep ? columns.voucher : -1,
    text: keep ? columns.text : -1,
    name: (index) => table.columnName(index),
  });
  if (keep) aggregator.postings = new PostingCollector(options.postingSpill ?? null);
  table.limitCells(
    1 +
      Math.max(
        columns.unit,
        columns.account,
        columns.amount,
        columns.kind,
        columns.date,
        columns.period,
        keep ? columns.voucher : -1,
        keep ? columns.text : -1,
      ),
  );
  try {
    await table.visit(aggregator);
  } catch (error) {
    aggregator.postings?.discard();
    throw error;
  }
  const year = aggregator.year;
  if (log.count > 0 || table.problems.length > 0) {
    aggregator.postings?.discard();
    return empty(year);
  }

  const balances: ActualBalance[] = [];
  const months = new Set<number>();
  const accounting = ctx.sign === 'accounting';
  const { buckets, sums, lines } = aggregator;
  const blockKeys: { bucket: number; unitCode: string; account: string }[] = [];
  for (const unitCode of [...buckets.keys()].sort()) {
    const byAccount = buckets.get(unitCode)!;
    for (const account of [...byAccount.keys()].sort()) {
      const bucket = byAccount.get(account)!;
      blockKeys.push({ bucket, unitCode, account });
      const base = bucket * SLOTS;
      for (let slot = 0; slot < SLOTS; slot++) {
        const count = lines[base + slot]!;
        if (count === 0) continue;
        const month = (slot % 12) + 1;
        // `|| 0`: a sum of zero may be -0.
        const amount = cents(sums[base + slot]! || 0);
        months.add(month);
        balances.push({
          unitCode,
          account,
          kind: KINDS[Math.floor(slot / 12)]!,
          month,
          amount: accounting ? negate(amount) : amount,
          lines: count,
        });
      }
    }
  }
  return {
    source: table.source,
    year,
    layout,
    balances,
    postings: aggregator.postings ? aggregator.postings.finish(blockKeys) : null,
    months: [...months].sort((a, b) => a - b),
    problems: [],
    problemCount: 0,
  };
}

interface ActualsColumns {
  unit: number;
  account: number;
  amount: number;
  kind: number;
  time: number;
  /** Columns kept with each posting; -1 when absent or not kept. */
  voucher: number;
  text: number;
  name: (index: number) => string;
}

/**
 * The running sums of one file, fed row by row as a RowVisitor: ledger lines arrive as offsets
 * into the decoded text, so amounts and dates are scanned in place and only the unit and the
 * account are cut out (they are map keys). Quoted lines and workbook rows arrive as cells.
 */
class Aggregator implements RowVisitor {
  year: number | undefined;
  /** Where each posting goes as well, when the import keeps them. */
  postings: PostingCollector | undefined;
  /**
   * unit → account → bucket number. A bucket holds the sums of one unit × account by kind and
   * month, at sums[bucket × 36 + kind × 12 + month − 1]: flat typed arrays, no object per bucket.
   */
  readonly buckets = new Map<string, Map<string, number>>();
  sums = new Float64Array(INITIAL_BUCKETS * SLOTS);
  lines = new Uint32Array(INITIAL_BUCKETS * SLOTS);
  /** MAPPED or UNMAPPED (then only internal and imputed entries) per bucket. */
  private states = new Uint8Array(INITIAL_BUCKETS);
  /**
   * The unit × line that each bucket's entries of each kind add up to, as the figures sum
   * them (at bucket × 3 + kind), and the running sum of every unit × line over the year: a
   * sum beyond the cent range is refused where it leaves it, not stored to fail every page.
   */
  private leafOf = new Int32Array(INITIAL_BUCKETS * KINDS.length);
  private leafSums = new Float64Array(INITIAL_BUCKETS);
  private readonly leaves = new Map<string, number>();
  private readonly leafNames: [unit: string, line: string][] = [];
  private readonly overflowing = new Set<number>();
  private bucketCount = 0;
  private readonly accounts = new Map<string, number>();
  private readonly units: ReadonlySet<string>;
  private readonly ledger: boolean;
  private readonly unitColumn: number;
  private readonly accountColumn: number;
  private readonly amountColumn: number;
  private readonly kindColumn: number;
  private readonly timeColumn: number;
  private readonly voucherColumn: number;
  private readonly textColumn: number;
  private readonly accounting: boolean;
  private readonly unitName: string;
  private readonly accountName: string;
  private readonly amountName: string;
  private readonly kindName: string;
  private readonly timeName: string;

  constructor(
    private readonly ctx: ImportContext,
    private readonly log: ProblemLog,
    layout: 'ledger' | 'balances',
    columns: ActualsColumns,
  ) {
    this.year = ctx.year;
    this.units = ctx.units;
    this.ledger = layout === 'ledger';
    this.unitColumn = columns.unit;
    this.accountColumn = columns.account;
    this.amountColumn = columns.amount;
    this.kindColumn = columns.kind;
    this.timeColumn = columns.time;
    this.voucherColumn = columns.voucher;
    this.textColumn = columns.text;
    this.accounting = ctx.sign === 'accounting';
    this.unitName = columns.name(columns.unit);
    this.accountName = columns.name(columns.account);
    this.amountName = columns.name(columns.amount);
    this.kindName = columns.name(columns.kind);
    this.timeName = columns.name(columns.time);
  }

  /** Numbers a new bucket, growing the arrays when they are full. */
  private newBucket(state: number, unit: string, account: string): number {
    const bucket = this.bucketCount++;
    if (bucket === this.states.length) {
      this.states = doubled(this.states, (n) => new Uint8Array(n));
      this.sums = doubled(this.sums, (n) => new Float64Array(n));
      this.lines = doubled(this.lines, (n) => new Uint32Array(n));
      this.leafOf = doubled(this.leafOf, (n) => new Int32Array(n));
    }
    this.states[bucket] = state;
    const base = bucket * KINDS.length;
    // Unmapped accounts take only internal and imputed entries: their external leaf is unused.
    this.leafOf[base] = this.leaf(unit, this.ctx.lineForAccount(account) ?? account);
    this.leafOf[base + 1] = this.leaf(unit, 'internal');
    this.leafOf[base + 2] = this.leaf(unit, 'imputed');
    return bucket;
  }

  /** The number of a unit × line, given on its first use. */
  private leaf(unit: string, line: string): number {
    const key = `${unit}\u0000${line}`;
    let leaf = this.leaves.get(key);
    if (leaf === undefined) {
      leaf = this.leafNames.length;
      this.leaves.set(key, leaf);
      this.leafNames.push([unit, line]);
      if (leaf === this.leafSums.length) {
        this.leafSums = doubled(this.leafSums, (n) => new Float64Array(n));
      }
    }
    return leaf;
  }

  /** An unquoted CSV line as offsets. */
  line(row: number, text: string, starts: Int32Array, ends: Int32Array, count: number): void {
    const unit =
      this.unitColumn < count ? cut(text, starts[this.unitColumn]!, ends[this.unitColumn]!) : '';
    const account =
      this.accountColumn < count
        ? cut(text, starts[this.accountColumn]!, ends[this.accountColumn]!)
        : '';
    const kind =
      this.kindColumn >= 0 && this.kindColumn < count
        ? cut(text, starts[this.kindColumn]!, ends[this.kindColumn]!)
        : '';
    const hasAmount = this.amountColumn < count;
    const hasTime = this.timeColumn < count;
    const kept = this.postings !== undefined;
    this.record(
      row,
      unit,
      account,
      kind,
      text,
      hasAmount ? starts[this.amountColumn]! : 0,
      hasAmount ? ends[this.amountColumn]! : 0,
      hasTime ? starts[this.timeColumn]! : 0,
      hasTime ? ends[this.timeColumn]! : 0,
      kept && this.voucherColumn >= 0 && this.voucherColumn < count
        ? cut(text, starts[this.voucherColumn]!, ends[this.voucherColumn]!)
        : '',
      kept && this.textColumn >= 0 && this.textColumn < count
        ? cut(text, starts[this.textColumn]!, ends[this.textColumn]!)
        : '',
    );
  }

  /** A row as cells (quoted CSV records, workbook rows). */
  cells(row: number, cells: string[]): void {
    const amount = cells[this.amountColumn] ?? '';
    const time = cells[this.timeColumn] ?? '';
    // One text for both ranges: the amount, a separator, the time.
    const text = `${amount}\n${time}`;
    this.record(
      row,
      cellAt(cells, this.unitColumn),
      cellAt(cells, this.accountColumn),
      cellAt(cells, this.kindColumn),
      text,
      0,
      amount.length,
      amount.length + 1,
      text.length,
      this.voucherColumn >= 0 ? cellAt(cells, this.voucherColumn) : '',
      this.textColumn >= 0 ? cellAt(cells, this.textColumn) : '',
    );
  }

  /** Checks one line and adds it to its sum; problems go to the log and leave the sums alone. */
  private record(
    row: number,
    unit: string,
    account: string,
    kindText: string,
    text: string,
    amountStart: number,
    amountEnd: number,
    timeStart: number,
    timeEnd: number,
    voucher: string,
    postingText: string,
  ): void {
    let ok = true;
    // One lookup for a known unit and its buckets; the unit set only on a unit's first line.
    let byAccount = this.buckets.get(unit);
    if (byAccount === undefined) {
      if (this.units.has(unit)) {
        byAccount = new Map();
        this.buckets.set(detached(unit), byAccount);
      } else {
        if (unit === '') this.log.add(row, this.unitName, '', 'cell.empty');
        else this.log.add(row, this.unitName, detached(unit), 'unit.unknown');
        ok = false;
      }
    }

    let kind = 0;
    if (kindText !== '') {
      const found = entryKindOf(kindText);
      if (found === undefined) {
        this.log.add(row, this.kindName, detached(kindText), 'kind.invalid');
        ok = false;
      } else kind = KINDS.indexOf(found);
    }

    let bucket = byAccount?.get(account);
    let state = bucket === undefined ? this.accounts.get(account) : this.states[bucket];
    if (state === undefined) {
      const key = detached(account);
      state = !isAccount(key) ? INVALID : this.ctx.lineForAccount(key) ? MAPPED : UNMAPPED;
      this.accounts.set(key, state);
    }
    if (state === INVALID) {
      const code = account === '' ? 'cell.empty' : 'account.invalid';
      this.log.add(row, this.accountName, detached(account), code);
      ok = false;
    } else if (state === UNMAPPED && kind === 0) {
      // Internal and imputed entries go to their own lines: only external ones must map.
      this.log.add(row, this.accountName, detached(account), 'account.unmapped');
      ok = false;
    }

    const amount = scanAmountIn(text, amountStart, amountEnd);
    if (Number.isNaN(amount)) {
      const value = cutDetached(text, amountStart, amountEnd);
      const code = value === '' ? 'cell.empty' : (`amount.${lastAmountFailure()}` as const);
      this.log.add(row, this.amountName, value, code);
      ok = false;
    }

    let month: number;
    let when: number;
    let day = 0;
    if (this.ledger) {
      const date = scanDateIn(text, timeStart, timeEnd);
      when = date < 0 ? -1 : Math.floor(date / 10000);
      month = Math.floor(date / 100) % 100;
      day = date % 100;
    } else {
      const period = scanPeriodIn(text, timeStart, timeEnd);
      if (period >= 0) {
        when = Math.floor(period / 100);
        month = period % 100;
      } else {
        // Excel turns "5/2023" into a date: any date names its month.
        const date = scanDateIn(text, timeStart, timeEnd);
        when = date < 0 ? -1 : Math.floor(date / 10000);
        month = Math.floor(date / 100) % 100;
      }
    }
    if (when < 0) {
      const value = cutDetached(text, timeStart, timeEnd);
      const code = value === '' ? 'cell.empty' : this.ledger ? 'date.invalid' : 'period.invalid';
      this.log.add(row, this.timeName, value, code);
      ok = false;
    } else if (this.year === undefined) {
      this.year = when;
    } else if (when !== this.year) {
      const value = cutDetached(text, timeStart, timeEnd);
      this.log.add(row, this.timeName, value, 'date.otherYear', { year: this.year });
      ok = false;
    }

    if (!ok || byAccount === undefined) return;
    if (bucket === undefined) {
      const key = detached(account);
      bucket = this.newBucket(state, detached(unit), key);
      byAccount.set(key, bucket);
    }
    const slot = bucket * SLOTS + kind * 12 + month - 1;
    if (this.postings !== undefined) {
      const signed = this.accounting ? (amount === 0 ? 0 : -amount) : amount;
      this.postings.add(bucket, row, month, day, kind, signed, voucher, postingText);
    }
    const sum = this.sums[slot]! + amount;
    this.sums[slot] = sum;
    this.lines[slot]!++;
    if (sum > MAX_CENTS || sum < -MAX_CENTS) {
      this.log.add(row, this.amountName, cutDetached(text, amountStart, amountEnd), 'amount.range');
    }
    const leaf = this.leafOf[bucket * KINDS.length + kind]!;
    const total = this.leafSums[leaf]! + amount;
    this.leafSums[leaf] = total;
    if ((total > MAX_CENTS || total < -MAX_CENTS) && !this.overflowing.has(leaf)) {
      this.overflowing.add(leaf);
      const [unitCode, line] = this.leafNames[leaf]!;
      const value = cutDetached(text, amountStart, amountEnd);
      this.log.add(row, this.amountName, value, 'amount.sum', { unit: unitCode, line });
    }
  }
}

/** Doubles a typed array, keeping its contents. */
function doubled<T extends Float64Array | Uint32Array | Uint8Array | Int32Array>(
  array: T,
  make: (length: number) => T,
): T {
  const larger = make(array.length * 2);
  larger.set(array);
  return larger;
}

/** text[start, end) trimmed. */
function cut(text: string, start: number, end: number): string {
  const from = trimStart(text, start, end);
  return text.slice(from, trimEnd(text, from, end));
}

/** cut, detached from the chunk: for problem values. */
function cutDetached(text: string, start: number, end: number): string {
  return detached(cut(text, start, end));
}
