/**
 * `npm run bench`: times `utfall import actuals` end to end on a generated 1M-line ledger, on
 * the embedded database and on PostgreSQL, against a baseline measured in the same run: the
 * same file loaded into the local PostgreSQL with COPY and rolled up to unit × line with one
 * GROUP BY. Target: faster than the baseline on both engines, peak memory under 300 MB.
 * Then, on each engine, the drill-down on the imported year (bench/drill.ts): every answer under
 * 200 ms. Exits with 1 when a target is missed, after printing everything.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { benchDrill, drillTable, type DrillBench } from './drill.js';
import { benchBudget, benchOrg, writeLedger } from './ledger.js';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const COST_CENTRES = 300;
const PG_URL = process.env.DATABASE_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const root = resolve(import.meta.dirname, '..');
const work = join(root, 'bench', 'out');
const cli = join(root, 'bin', 'utfall.js');

interface Run {
  seconds: number;
  maxRssMb: number;
}

function utfall(args: string[], env: NodeJS.ProcessEnv): Run {
  const started = process.hrtime.bigint();
  // Run the command as a user does, through its shebang; the preload only reports memory.
  const result = spawnSync(cli, args, {
    env: { ...process.env, ...env, NODE_OPTIONS: `--import=${join(root, 'bench', 'rss.mjs')}` },
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(
      `utfall ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  const rss = /BENCH_MAX_RSS_KB=(\d+)/.exec(result.stderr);
  return { seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN };
}

function psql(sqlText: string): void {
  execFileSync('psql', [PG_URL, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sqlText], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
  });
}

/** COPY the file and GROUP BY unit × line, the way a DBA would do it with the server alone. */
function baseline(file: string): number {
  const started = process.hrtime.bigint();
  const script = `
    create temp table ledger (datum text, konto text, unit text, belopp text, text text, verifikat text);
    \\copy ledger from '${file}' with (format csv, delimiter ';', header true, encoding 'UTF8')
    select unit, case
        when konto between '3000' and '3199' then 'sales' when konto between '3200' and '3299' then 'fees'
        when konto between '3300' and '3399' then 'grants' when konto between '3400' and '3599' then 'otherRevenue'
        when konto between '4000' and '4299' then 'personnel' when konto between '4300' and '4499' then 'services'
        when konto between '4500' and '4699' then 'materials' when konto between '4700' and '4799' then 'subsidies'
        else 'otherCosts' end as line,
      -sum(replace(replace(belopp, ' ', ''), ',', '.')::numeric) as amount
    from ledger group by 1, 2;
  `;
  execFileSync('psql', [PG_URL, '-v', 'ON_ERROR_STOP=1', '-q', '-o', '/dev/null'], {
    input: script,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function benchmark(): Promise<void> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const ledger = join(work, 'ledger-1m.csv');
  const org = join(work, 'org.csv');
  writeFileSync(org, benchOrg(COST_CENTRES));
  const budget = join(work, 'budget.csv');
  writeFileSync(budget, benchBudget(COST_CENTRES, LINES));
  process.stdout.write(`Generating ${LINES.toLocaleString('en')} ledger lines …\n`);
  await writeLedger(ledger, LINES, COST_CENTRES);
  process.stdout.write(`  ${ledger}: ${(statSync(ledger).size / 2 ** 20).toFixed(1)} MB\n`);

  const schema = `utfall_bench_${process.pid}`;
  const dataDir = join(work, 'data');
  const engines = [
    {
      name: 'PGlite (embedded)',
      env: { UTFALL_DATA: dataDir, DATABASE_URL: '' },
      store: { dataDir },
    },
    {
      name: 'PostgreSQL',
      env: { DATABASE_URL: `${PG_URL}?options=-c%20search_path%3D${schema}`, UTFALL_DATA: '' },
      store: { url: PG_URL, schema },
    },
  ];
  psql(`drop schema if exists ${schema} cascade; create schema ${schema}`);

  const base = baseline(ledger);
  process.stdout.write(
    `\nBaseline: PostgreSQL COPY + GROUP BY unit × line: ${base.toFixed(2)} s\n\n`,
  );
  const results: string[] = [];
  const drills: { name: string; run: Run; bench: DrillBench }[] = [];
  let failed = false;
  try {
    for (const engine of engines) {
      utfall(['import', 'org', org, '--year', '2023', '-m', 'bench'], engine.env);
      const run = utfall(
        ['import', 'actuals', ledger, '--year', '2023', '--sign', 'accounting', '-m', 'bench'],
        engine.env,
      );
      const ratio = run.seconds / base;
      const ok = ratio < 1 && run.maxRssMb < 300;
      failed ||= !ok;
      results.push(
        `${engine.name.padEnd(18)} wall ${run.seconds.toFixed(2)} s   peak memory ${run.maxRssMb.toFixed(0)} MB   ratio to baseline ${ratio.toFixed(2)}   ${ok ? 'OK' : 'MISSED (target: ratio < 1, memory < 300 MB)'}`,
      );
      // A budget, so that the drill-down has deviations to show (after the timed import).
      utfall(['import', 'budget', budget, '--year', '2023', '-m', 'bench'], engine.env);
      // In process, on what the CLI wrote: the data folder is free again once the CLI has exited.
      const bench = await benchDrill(engine.store, 'bench', 2023, {
        root: 'CITY',
        central: 'C1',
        area: 'A0',
        costCentre: '100000',
      });
      failed ||= bench.timings.some((t) => !t.ok);
      drills.push({ name: engine.name, run, bench });
    }
  } finally {
    psql(`drop schema if exists ${schema} cascade`);
  }
  process.stdout.write(
    `utfall import actuals, ${LINES.toLocaleString('en')} lines, end to end:\n${results.join('\n')}\n`,
  );
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  for (const { name, run, bench } of drills) {
    const { store } = bench;
    process.stdout.write(
      `\n${name}: import ${run.seconds.toFixed(2)} s, peak memory ${run.maxRssMb.toFixed(0)} MB; ` +
        `${store.postings.toLocaleString('en')} postings kept in ${store.blocks.toLocaleString('en')} blocks, ` +
        `${mb(store.storedBytes)} stored (raw ${mb(store.rawBytes)}, ` +
        `${(store.storedBytes / Math.max(1, store.postings)).toFixed(1)} bytes a posting)\n` +
        drillTable(name, bench),
    );
  }
  if (failed) process.exitCode = 1;
}

await benchmark();
