/**
 * `npm run bench`: CSV parsing is linear in the file size whatever the line ends. Writes a
 * ledger with LF, CRLF and CR-only line ends at N and 2N rows (a quoted text with the delimiter
 * every tenth row), reads each through `openTable` as the importers do, and prints the best of three times
 * and the ratio 2N / N: about 2 is linear, about 4 quadratic. Also prints the longest time the
 * event loop was held while parsing (a timer ticking every millisecond measures the gaps).
 * N is BENCH_PARSE_ROWS (default 200 000).
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openTable } from '../src/import/table.js';

const N = Number(process.env.BENCH_PARSE_ROWS ?? 200_000);
const root = resolve(import.meta.dirname, '..');
const work = join(root, 'bench', 'out');

const ENDINGS = { LF: '\n', CRLF: '\r\n', CR: '\r' } as const;

function ledger(rows: number, eol: string): string {
  const lines = ['Datum;Konto;Kostnadsställe;Belopp;Text;Verifikat'];
  for (let i = 0; i < rows; i++) {
    const text = i % 10 === 0 ? `"Faktura ${i}; moms"` : `Faktura ${i} Molnhamnen Ab`;
    lines.push(`${(i % 28) + 1}.${(i % 12) + 1}.2023;4320;110105;${i % 9000},50;${text};${i}`);
  }
  return lines.join(eol) + eol;
}

/** Reads every row of a file; returns the seconds it took, the rows and the longest loop stall. */
async function parse(file: string): Promise<{ seconds: number; rows: number; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  const table = await openTable(file);
  let rows = 0;
  for await (const batch of table.batches) rows += batch.length;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(ticker);
  if (table.problems.length > 0) throw new Error(`${file}: ${JSON.stringify(table.problems[0])}`);
  return { seconds, rows, stallMs };
}

mkdirSync(work, { recursive: true });
console.log(`CSV parsing by line ends: N = ${N} rows and 2N = ${2 * N} rows`);
console.log('ends   N rows (s)  2N rows (s)  2N/N  MB at 2N  longest stall (ms)');
try {
  for (const [name, eol] of Object.entries(ENDINGS)) {
    const times: number[] = [];
    let stall = 0;
    let megabytes = 0;
    for (const rows of [N, 2 * N]) {
      const file = join(work, `parse-${name}-${rows}.csv`);
      writeFileSync(file, ledger(rows, eol));
      megabytes = statSync(file).size / 1e6;
      await parse(file); // warm up
      // The best of three: the machine may be busy with other work.
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const run = await parse(file);
        if (run.rows !== rows) throw new Error(`${name}: ${run.rows} rows read, ${rows} written`);
        best = Math.min(best, run.seconds);
        stall = Math.max(stall, run.stallMs);
      }
      times.push(best);
      rmSync(file);
    }
    const [single, double] = times as [number, number];
    console.log(
      `${name.padEnd(5)}  ${single.toFixed(3).padStart(10)}  ${double.toFixed(3).padStart(11)}` +
        `  ${(double / single).toFixed(2).padStart(4)}  ${megabytes.toFixed(1).padStart(8)}` +
        `  ${stall.toFixed(0).padStart(18)}`,
    );
  }
} finally {
  for (const name of Object.keys(ENDINGS)) {
    for (const rows of [N, 2 * N]) rmSync(join(work, `parse-${name}-${rows}.csv`), { force: true });
  }
}
