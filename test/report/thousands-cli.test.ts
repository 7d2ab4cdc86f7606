/**
 * `utfall report --thousands` end to end on the embedded database: the terminal table and the
 * report document in thousands of euros, while the figures contract (--format json) stays in cents.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportDocument } from '../../src/report/document.js';
import { runCli } from '../support/cli.js';

let dataDir: string;
let env: Record<string, string>;
const utfall = (...args: string[]) => runCli(args, env);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'utfall-thousands-'));
  env = { UTFALL_DATA: dataDir, DATABASE_URL: '', UTFALL_LANG: 'en' };
  expect((await utfall('demo')).code).toBe(0);
}, 120_000);
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('utfall report --thousands', () => {
  it('prints the table in thousands of euros, with the unit in the title and the note', async () => {
    const run = await utfall('report', '--unit', 'STK', '--thousands');
    expect(run.code).toBe(0);
    const lines = run.out
      .replace(/\u00a0/g, ' ')
      .replace(/\u2212/g, '-')
      .split('\n');
    expect(lines[0]).toBe('Stadskanslicentralen — Utfallet för de ekonomiska målen 2023 (1 000 €)');
    const row = (label: string) => lines.find((l) => l.startsWith(label))!.split(/\s{2,}/);
    // 27 400 € and 30 290,60 €: 27 and 30 thousand; 2 890,60 € rounds to 3 thousand.
    expect(row('Försäljningsintäkter')).toEqual(['Försäljningsintäkter', '27', '27', '30', '3']);
    expect(row('Verksamhetsbidrag, externt')).toEqual([
      'Verksamhetsbidrag, externt',
      '-4 136',
      '-4 136',
      '-3 891',
      '246',
    ]);
    expect(run.out).toContain('Belopp i tusen euro, avrundade.');
  });

  it('keeps the figures contract in cents', async () => {
    const plain = await utfall('report', '--unit', 'STK', '--format', 'json');
    const thousands = await utfall('report', '--unit', 'STK', '--format', 'json', '--thousands');
    expect(thousands.code).toBe(0);
    expect(thousands.out).toBe(plain.out);
  });

  it('builds the report document in thousands, additive on request', async () => {
    const run = await utfall(
      'report',
      '--unit',
      'STK',
      '--format',
      'document',
      '--thousands',
      '--additive',
    );
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.out) as ReportDocument;
    expect(doc.thousands).toBe(true);
    expect(doc.additive).toBe(true);
    const table = doc.sections[0]!.blocks.find((b) => b.kind === 'figureTable');
    if (table?.kind !== 'figureTable') throw new Error('no figure table');
    expect(table.caption).toMatch(/\(1 000 €\)$/);
    const margin = table.rows.find((r) => r.line === 'margin')!;
    expect(margin.printed.actual).toBe(-3_891);
  });
});
