/**
 * The drill-down half of `npm run bench` (called by bench/import-actuals.ts after each engine's
 * import): times src/service/drill.ts on the imported 1M-line year, in process, on the store the
 * CLI wrote (the PGlite data folder once the CLI has let it go, or the PostgreSQL schema). Each
 * answer is asked once to warm up, then RUNS times; the median and the slowest count. Target:
 * every answer under 200 ms on both engines. Also reports what the ledger store holds.
 * The CLI runs from dist/ and this from src/: `npm run bench` builds first, so both are the same.
 */
import { sql } from 'kysely';
import { openStore, type OpenOptions } from '../src/db/open.js';
import { accountMapping } from '../src/db/units.js';
import { accountResolver } from '../src/domain/mapping.js';
import { SYSTEM_ACTOR } from '../src/service/access.js';
import { drill, type DrillRequest } from '../src/service/drill.js';
import type { DrillView } from '../src/api/drill.js';

export const DRILL_TARGET_MS = 200;
const RUNS = Number(process.env.BENCH_DRILL_RUNS ?? 5);

export interface DrillTiming {
  what: string;
  medianMs: number;
  maxMs: number;
  /** What the answer held (rows, or postings matching of all), as a check that it did the work. */
  answer: string;
  /** Why the answer does not count, if it does not: its rows do not add up, or it is empty. */
  wrong: string | null;
  ok: boolean;
}

export interface LedgerStore {
  /** Postings the actuals import kept (import_log.postings). */
  postings: number;
  blocks: number;
  /** Bytes stored (bytea lengths on PostgreSQL, segment lengths on PGlite), and raw_length's. */
  storedBytes: number;
  rawBytes: number;
}

export interface DrillBench {
  store: LedgerStore;
  timings: DrillTiming[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function describe(view: DrillView): string {
  if (view.postings) {
    const p = view.postings;
    return `${p.rows.length} of ${p.matching.toLocaleString('en')}/${p.count.toLocaleString('en')}`;
  }
  return `${view.rows.length} rows`;
}

/**
 * The drill-downs of a year as the unit page asks them: `costCentre` under `area` under
 * `central` under `root`; `account` (with its leaf line) the central's largest by postings.
 */
function cases(units: {
  root: string;
  central: string;
  area: string;
  costCentre: string;
  account: string;
  line: string;
  month: number;
}): { what: string; request: DrillRequest }[] {
  const { root, central, area, costCentre, account, line, month } = units;
  const postingScopes: { what: string; request: DrillRequest }[] = [
    {
      what: `postings ${costCentre} × ${account} × month ${month}`,
      request: { unit: costCentre, line, account, month, by: 'postings' },
    },
    {
      what: `postings ${costCentre} × ${account}`,
      request: { unit: costCentre, line, account, by: 'postings' },
    },
    {
      what: `postings ${area} × ${account}`,
      request: { unit: area, line, account, by: 'postings' },
    },
    {
      what: `postings ${central} × ${account}`,
      request: { unit: central, line, account, by: 'postings' },
    },
  ];
  return [
    { what: `${root} ${line}: units`, request: { unit: root, line } },
    { what: `${root} margin: units`, request: { unit: root, line: 'margin' } },
    { what: `${central} margin: units`, request: { unit: central, line: 'margin' } },
    { what: `${area} margin: units`, request: { unit: area, line: 'margin' } },
    { what: `${costCentre} margin: accounts`, request: { unit: costCentre, line: 'margin' } },
    { what: `${costCentre} × ${account}: months`, request: { unit: costCentre, line, account } },
    ...postingScopes.map((c) => ({ ...c, what: `${c.what}, by date` })),
    ...postingScopes.map((c) => ({
      what: `${c.what}, q "faktura 4"`,
      request: { ...c.request, q: 'faktura 4' },
    })),
    ...postingScopes.map((c) => ({
      what: `${c.what}, by amount desc`,
      request: { ...c.request, sort: 'amount' as const, order: 'desc' as const },
    })),
  ];
}

/** What the ledger store holds for the municipality's year. */
async function ledgerStore(
  db: Awaited<ReturnType<typeof openStore>>['db'],
  municipalityId: string,
  year: number,
): Promise<LedgerStore> {
  const kept = await db
    .selectFrom('import_log')
    .select((eb) => eb.fn.sum<string>('postings').as('postings'))
    .where('municipality_id', '=', municipalityId)
    .executeTakeFirst();
  const row = (
    await sql<{ blocks: string; stored: string; raw: string }>`
      select count(*)::text as blocks,
        coalesce(sum(coalesce(octet_length(data), segment_length)), 0)::text as stored,
        coalesce(sum(raw_length), 0)::text as raw
      from posting_block where municipality_id = ${municipalityId} and year = ${year}
    `.execute(db)
  ).rows[0]!;
  return {
    postings: Number(kept?.postings ?? 0),
    blocks: Number(row.blocks),
    storedBytes: Number(row.stored),
    rawBytes: Number(row.raw),
  };
}

/** Times the drill-downs on an imported year of `root` › `central` › areas › cost centres. */
export async function benchDrill(
  options: OpenOptions,
  municipalityId: string,
  year: number,
  units: { root: string; central: string; area: string; costCentre: string },
): Promise<DrillBench> {
  const store = await openStore(options);
  try {
    const { db } = store;
    const ledger = await ledgerStore(db, municipalityId, year);
    const largest = await db
      .selectFrom('posting_block')
      .select(['account', (eb) => eb.fn.sum<string>('postings').as('postings')])
      .where('municipality_id', '=', municipalityId)
      .where('year', '=', year)
      .groupBy('account')
      .orderBy('postings', 'desc')
      .orderBy('account')
      .executeTakeFirstOrThrow();
    const line = accountResolver(await accountMapping(db, municipalityId, year))(largest.account);
    if (line === undefined) throw new Error(`account ${largest.account} maps to no line`);
    // The cost centre × account's month with the most postings.
    const months = await drill(db, SYSTEM_ACTOR, municipalityId, year, {
      unit: units.costCentre,
      line,
      account: largest.account,
      by: 'months',
    });
    const month = [...months.rows].sort((a, b) => b.lines - a.lines)[0]?.month ?? 1;
    const timings: DrillTiming[] = [];
    for (const { what, request } of cases({ ...units, account: largest.account, line, month })) {
      const ask = () => drill(db, SYSTEM_ACTOR, municipalityId, year, request);
      const first = await ask();
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = process.hrtime.bigint();
        await ask();
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      const medianMs = median(times);
      const maxMs = Math.max(...times);
      // A fast answer that does not add up, or pages nothing, measured nothing.
      const empty = first.postings ? first.postings.rows.length === 0 : first.rows.length === 0;
      const wrong = !first.adds ? 'rows do not add up' : empty ? 'empty answer' : null;
      timings.push({
        what,
        medianMs,
        maxMs,
        answer: describe(first),
        wrong,
        ok: wrong === null && maxMs < DRILL_TARGET_MS,
      });
    }
    return { store: ledger, timings };
  } finally {
    await store.close();
  }
}

/** The table of one engine's drill-down timings. */
export function drillTable(engine: string, bench: DrillBench): string {
  const width = Math.max(...bench.timings.map((t) => t.what.length), 4);
  const answerWidth = Math.max(...bench.timings.map((t) => t.answer.length), 6);
  const lines = [
    `${'what'.padEnd(width)}  ${'answer'.padEnd(answerWidth)}  ${'median'.padStart(9)}  ${'max'.padStart(9)}  ${'target'.padStart(9)}`,
  ];
  for (const t of bench.timings) {
    const verdict = t.ok ? 'OK' : t.wrong ? `MISSED (${t.wrong})` : 'MISSED';
    lines.push(
      `${t.what.padEnd(width)}  ${t.answer.padEnd(answerWidth)}  ${`${t.medianMs.toFixed(1)} ms`.padStart(9)}  ${`${t.maxMs.toFixed(1)} ms`.padStart(9)}  ${`< ${DRILL_TARGET_MS} ms`.padStart(9)}  ${verdict}`,
    );
  }
  return `utfall drill on ${engine}, ${RUNS} runs after one warm-up:\n${lines.join('\n')}\n`;
}
