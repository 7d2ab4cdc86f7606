/**
 * The December example through `utfall` on the embedded database: `--dry-run` prints the
 * preview per unit and month (and, with --replace-all, the absent units), `imports undo ID`
 * restores `utfall report --format json` byte for byte and a second undo is refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const FILE = 'fixtures/import/demo/actuals-december.csv';
let dataDir: string;
let env: Record<string, string>;
const utfall = (...args: string[]) => runCli(args, env);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'utfall-undo-cli-'));
  env = { UTFALL_DATA: dataDir, DATABASE_URL: '', UTFALL_LANG: 'en' };
  expect((await utfall('demo')).code).toBe(0);
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('utfall import --dry-run and utfall imports undo', () => {
  it('previews the units in the file by default, and the absent ones with --replace-all', async () => {
    const run = await utfall('import', 'actuals', FILE, '--year', '2023', '--dry-run');
    expect(run.code).toBe(0);
    const rows = run.out.split('\n').filter((l) => /^ {2}\d{6}\t12\t/.test(l));
    expect(rows.map((l) => l.trim().split('\t')[0])).toEqual([
      '110101',
      '110102',
      '120101',
      '120103',
    ]);
    expect(rows[2]!.replace(/[\u00a0\u202f]/g, ' ')).toMatch(
      /^ {2}120101\t12\t−5 398\.76 → −3 120\.00\t\(removes −5 398\.76, adds −3 120\.00\)$/,
    );
    expect(run.out).not.toContain('NOT IN THE FILE');

    const all = await utfall(
      'import',
      'actuals',
      FILE,
      '--year',
      '2023',
      '--dry-run',
      '--replace-all',
    );
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/ {2}130101\t12\t.* → 0\.00\t.*NOT IN THE FILE/);
    expect(all.out).toMatch(/Units without rows in the file whose figures are removed: .*130101/);

    const both = await utfall('import', 'actuals', FILE, '--append', '--replace-all');
    expect(both.code).not.toBe(0);
    expect(both.err).toContain('--append and --replace-all');
  });

  it('undoes an import: the report is as before, byte for byte; a second undo is refused', async () => {
    const report = () => utfall('report', '--year', '2023', '--unit', 'STK', '--format', 'json');
    const before = (await report()).out;
    const imported = await utfall('import', 'actuals', FILE, '--year', '2023', '--json');
    expect(imported.code).toBe(0);
    const id = (JSON.parse(imported.out) as { importId: number }[])[0]!.importId;
    expect((await report()).out).not.toBe(before);

    const undone = await utfall('imports', 'undo', String(id));
    expect(undone.code).toBe(0);
    expect(undone.out).toContain(`Import ${id} (`);
    expect(undone.out).toContain('120101');
    expect((await report()).out).toBe(before);

    const listed = await utfall('imports');
    expect(listed.out.split('\n').find((l) => l.startsWith(`${id}\t`))).toContain('undone');

    const again = await utfall('imports', 'undo', String(id));
    expect(again.code).not.toBe(0);
    expect(again.err).toContain(`Import ${id} has already been undone`);

    const org = await utfall('imports', 'undo', '1');
    expect(org.code).not.toBe(0);
    expect(org.err).toContain('cannot be undone');
  });
});
