/**
 * Times rendering the whole city's report for a municipality of 300 units (8 centrals with 6
 * areas each and cost centres below), each with a budget and actuals on every line, as HTML and
 * as PDF, end to end through `utfall report`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const work = join(root, 'bench', 'out', 'city');
const cli = join(root, 'bin', 'utfall.js');
const ACCOUNTS = ['3000', '3200', '3300', '4000', '4300', '4500', '4700', '4800'];

function utfall(args: string[], env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(cli, args, { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`utfall ${args.join(' ')} failed:\n${result.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const org = [
  'code,parent,kind,name_sv,name_fi,name_en,binding',
  'CITY,,city,Staden,Kaupunki,City,',
];
const budget = ['unit,account,amount'];
const ledger = ['date;account;unit;amount'];
let units = 1;
for (let c = 1; c <= 8; c++) {
  org.push(`C${c},CITY,central,Central ${c},Keskus ${c},Central ${c},margin`);
  units++;
  for (let a = 1; a <= 6; a++) {
    org.push(`C${c}A${a},C${c},area,Område ${c}.${a},Alue ${c}.${a},Area ${c}.${a},`);
    units++;
    for (let k = 1; k <= 5 && units < 300; k++) {
      const code = `${c}${a}${k}00`;
      org.push(
        `${code},C${c}A${a},costcenter,Kostnadsställe ${code},Kustannuspaikka ${code},Cost centre ${code},`,
      );
      units++;
      for (const [i, account] of ACCOUNTS.entries()) {
        const sign = account < '4000' ? 1 : -1;
        budget.push(`${code},${account},${sign * (10000 + i * 1000 + k * 10)}.00`);
        for (let month = 1; month <= 12; month++)
          ledger.push(`15.${month}.2023;${account};${code};${sign * (800 + i * 90 + month)},50`);
      }
    }
  }
}
writeFileSync(join(work, 'org.csv'), org.join('\n') + '\n');
writeFileSync(join(work, 'budget.csv'), budget.join('\n') + '\n');
writeFileSync(join(work, 'ledger.csv'), ledger.join('\n') + '\n');
const env = { UTFALL_DATA: join(work, 'data'), DATABASE_URL: '' };
const m = ['-m', 'city'];
utfall(['import', 'org', join(work, 'org.csv'), '--year', '2023', ...m], env);
utfall(['import', 'budget', join(work, 'budget.csv'), '--year', '2023', ...m], env);
utfall(['import', 'actuals', join(work, 'ledger.csv'), '--year', '2023', ...m], env);
const html = utfall(['report', '--format', 'html', '-o', join(work, 'city.html'), ...m], env);
const pdf = utfall(['report', '--format', 'pdf', '-o', join(work, 'city.pdf'), ...m], env);
const central = utfall(
  ['report', '--unit', 'C1', '--format', 'pdf', '-o', join(work, 'c1.pdf'), ...m],
  env,
);
process.stdout.write(
  `\nCity report, ${units} units (8 centrals, 48 areas), end to end on PGlite:\n` +
    `  HTML ${html.toFixed(2)} s   PDF ${pdf.toFixed(2)} s   one central with its 6 areas as PDF ${central.toFixed(2)} s\n`,
);
