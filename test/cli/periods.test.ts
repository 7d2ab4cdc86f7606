/**
 * `utfall narrative … --period` and `utfall workflow … --period` (issue 13) on the embedded
 * database in a fresh data folder: an interim text beside the year's, the interim report's own
 * workflow, and periods that are not a month of the year refused with the message.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

let dataDir: string;
let env: Record<string, string>;
const utfall = (...args: string[]) => runCli(args, env);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'utfall-periods-'));
  env = { UTFALL_DATA: dataDir, DATABASE_URL: '', UTFALL_LANG: 'en' };
  const demo = await utfall('demo');
  if (demo.code !== 0) throw new Error(demo.err);
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('utfall narrative and workflow --period', () => {
  it('writes and reads an interim text beside the year’s', async () => {
    const file = join(dataDir, 'interim.md');
    writeFileSync(file, 'Januari–augusti.\n');
    const set = await utfall(
      'narrative',
      'set',
      '--unit',
      'STK',
      '--period',
      '2023-08',
      '--section',
      'events',
      '--lang',
      'sv',
      '--file',
      file,
    );
    expect(set.err).toBe('');
    // --lang sv names the text's language, and the CLI then speaks Swedish.
    expect(set.out).toBe('Sparade events (sv) för STK (1–8) som version 1.\n');
    const interim = await utfall(
      'narrative',
      'get',
      '--unit',
      'STK',
      '--period',
      '2023-08',
      '--json',
    );
    // Beside the demo's interim outcome texts (revenue, costs, margin), the new events text.
    expect(JSON.parse(interim.out)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          section: 'events',
          lang: 'sv',
          body: 'Januari–augusti.\n',
          version: 1,
        }),
      ]),
    );
    const year = await utfall(
      'narrative',
      'get',
      '--unit',
      'STK',
      '--section',
      'events',
      '--lang',
      'sv',
    );
    expect(year.out).not.toContain('Januari–augusti.');
    expect(year.out).toContain('## events (sv');
  });

  it('moves the interim report through its own workflow', async () => {
    const step = (action: string, ...more: string[]) =>
      utfall('workflow', action, '--unit', 'STK', '--period', '2023-08', ...more);
    expect((await step('submit')).out).toBe('The report of STK (1–8) is now submitted.\n');
    expect((await step('approve')).out).toBe('The report of STK (1–8) is now approved.\n');
    expect((await step('status')).out).toMatch(
      /^The report of STK \(1–8\) is approved \(by [^,]+, \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d\)\.\n$/,
    );
    expect((await utfall('workflow', 'status', '--unit', 'STK')).out).toBe(
      'The report of STK is a draft: it has not been submitted yet.\n',
    );
    const snapshots = await utfall('snapshots', '--unit', 'STK', '--json');
    expect((JSON.parse(snapshots.out) as { period: number }[]).map((s) => s.period)).toEqual([8]);
    expect((await step('reopen', '--reason', 'Rättas.')).out).toBe(
      'The report of STK (1–8) is now a draft.\n',
    );
  });

  it('sets and lists a key goal’s interim status beside the year’s', async () => {
    const year = JSON.parse((await utfall('goals', 'list', '--unit', 'STK', '--json')).out) as {
      id: number;
      status: string;
    }[];
    const id = String(year[0]!.id);
    const set = await utfall('goals', 'set', id, '--period', '2023-04', '--status', 'postponed');
    expect(set.err).toBe('');
    expect(JSON.parse(set.out)).toMatchObject({ status: 'postponed', version: 1 });
    const first = async (period?: string) =>
      (
        JSON.parse(
          (
            await utfall(
              'goals',
              'list',
              '--unit',
              'STK',
              ...(period ? ['--period', period] : []),
              '--json',
            )
          ).out,
        ) as { status: string }[]
      )[0];
    expect(await first('2023-04')).toMatchObject({ status: 'postponed' });
    expect(await first()).toMatchObject({ status: year[0]!.status });
  });

  it('refuses a period that is not a month of the year, with the message', async () => {
    const cases: [string[], string][] = [
      [
        ['--period', '2023-13'],
        '"2023-13" is not a month of the year (expected 01–12, e.g. 2023-08).',
      ],
      [
        ['--period', '2023-00'],
        '"2023-00" is not a month of the year (expected 01–12, e.g. 2023-08).',
      ],
      [
        ['--period', 'augusti'],
        '"augusti" is not a reporting period (expected a year and month, e.g. 2023-08).',
      ],
      [['--year', '2023', '--period', '2022-08'], 'The period 2022-08 is not in the year 2023.'],
    ];
    // The narrative and workflow commands read --period alike: the first case for both.
    const runs = [
      { command: ['narrative', 'set'], case: cases[0]! },
      ...cases.map((c) => ({ command: ['workflow', 'submit'], case: c })),
    ];
    for (const {
      command,
      case: [options, message],
    } of runs) {
      const more =
        command[0] === 'narrative' ? ['--section', 'events', '--lang', 'en', '--file', 'x.md'] : [];
      const run = await utfall(...command, '--unit', 'STK', ...more, ...options);
      expect(run.code, run.err).not.toBe(0);
      expect(run.err).toContain(message);
      expect(run.out).toBe('');
    }
  });

  it('refuses a report for month 13, month 00 or a year not held, and prints the interim table', async () => {
    for (const [period, message] of [
      ['2023-13', '"2023-13" is not a month of the year (expected 01–12, e.g. 2023-08).'],
      ['2023-00', '"2023-00" is not a month of the year (expected 01–12, e.g. 2023-08).'],
      ['2031-08', 'lovisa has no fiscal year 2031 (its fiscal years: 2022, 2023).'],
    ] as const) {
      const run = await utfall('report', '--unit', 'STK', '--period', period, '--format', 'json');
      expect(run.code, period).not.toBe(0);
      expect(run.err).toContain(message);
      expect(run.out).toBe('');
    }
    const text = await utfall('report', '--unit', 'STK', '--period', '2023-08', '--lang', 'fi');
    expect(text.out).toContain('Kaupunginkanslian keskus — Talouden toteutuma 1–8/2023');
    expect(text.out).toContain('ENNUSTE 2023');
    expect(text.out).not.toContain('TILINPÄÄTÖS 2023');
  });
});

describe('utfall forecast', () => {
  it('enters a forecast, lists it with who entered it, and refuses the closed year', async () => {
    const set = await utfall(
      'forecast',
      'set',
      '--period',
      '2023-08',
      '--unit',
      'STK-ICT',
      '--line',
      'otherCosts',
      '--amount',
      '-40 000',
    );
    expect(set.err).toBe('');
    expect(set.out).toBe(
      'The forecast of STK-ICT, Other operating expenses at 1–8/2023 is −40\u00a0000 €.\n',
    );
    const list = await utfall(
      'forecast',
      'list',
      '--period',
      '2023-08',
      '--unit',
      'STK-ICT',
      '--json',
    );
    const line = (
      JSON.parse(list.out) as {
        lines: { code: string; forecast: number; own: { updatedBy: string } | null }[];
      }
    ).lines.find((l) => l.code === 'otherCosts')!;
    expect(line.forecast).toBe(-4_000_000);
    expect(line.own?.updatedBy).toBeTruthy();
    const json = await utfall(
      'report',
      '--unit',
      'STK-ICT',
      '--period',
      '2023-08',
      '--format',
      'json',
    );
    const reported = (JSON.parse(json.out) as { lines: { code: string; forecast: number }[] })
      .lines;
    expect(reported.find((l) => l.code === 'otherCosts')!.forecast).toBe(-4_000_000);
    const closed = await utfall(
      'forecast',
      'set',
      '--period',
      '2023-12',
      '--unit',
      'STK-ICT',
      '--line',
      'otherCosts',
      '--amount',
      '1',
    );
    expect(closed.code).not.toBe(0);
    expect(closed.err).toContain('Forecasts are made for an interim period (months 1–11)');
  });
});
