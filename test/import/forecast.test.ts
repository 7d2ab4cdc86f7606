/**
 * Forecast files (issue 13): the reader (headers and lines in sv, fi and en, amounts by the
 * amount rule, periods given or not, every bad cell a problem with row and column, CSV and XLSX)
 * and, on the Lovisa demo on PGlite and PostgreSQL, the import: the good file's forecasts are
 * what the interim report's figures carry, audited and logged; the bad file lists every problem
 * and leaves the database as it was; the editor of STK-ICT imports the rows of STK-ICT and its
 * cost centres only; an approved interim report refuses the whole file; the upload of kind
 * `forecast` answers as the other kinds. And `utfall import forecast` on an embedded database.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportAnswer } from '../../src/api/imports.js';
import { forecasts } from '../../src/db/forecasts.js';
import { snapshot } from '../../src/db/figures.js';
import type { Actor } from '../../src/domain/access.js';
import type { UtfallError } from '../../src/domain/errors.js';
import { formatCents } from '../../src/domain/format.js';
import type { LineCode } from '../../src/domain/lines.js';
import { translate } from '../../src/i18n/index.js';
import { errorMessage } from '../../src/i18n/errors.js';
import { parseForecasts } from '../../src/import/forecasts.js';
import { formatProblem } from '../../src/import/problems.js';
import { auditLog, changeState } from '../../src/service/content.js';
import { DEMO_MUNICIPALITY as M, DEMO_YEAR as YEAR } from '../../src/service/demo.js';
import { figuresReport } from '../../src/service/figures.js';
import { importForecasts } from '../../src/service/forecast-import.js';
import { undoImport } from '../../src/service/import-undo.js';
import { importHistory } from '../../src/service/imports.js';
import { runCli } from '../support/cli.js';
import { ENGINES } from '../support/engines.js';
import { multipart } from '../server/multipart.js';
import { demoServer, type DemoServer } from '../server/pages-support.js';
import { BAD, context, GOOD } from './context.js';

const GOOD_FILE = `${GOOD}/forecast.csv`;
const BAD_FILE = `${BAD}/forecast-bad.csv`;
const ICT_FILE = 'fixtures/import/demo/forecast-ict.csv';
const PERIOD = 8;

/** The good file's forecasts, in cents. */
const GOOD_FORECASTS: [string, LineCode, number][] = [
  ['STK-ADM', 'personnel', -85_000_000],
  ['STK-ADM', 'services', -33_500_000],
  ['STK-ICT', 'personnel', -37_500_050],
  ['STK-ICT', 'services', -79_500_000],
];

function member(name: string, role: 'reader' | 'editor' | 'finance', units: string[] = []): Actor {
  return { name, system: false, memberships: { [M]: { role, units } }, everywhere: null };
}
const finance = member('finance', 'finance');
const editor = member('editor', 'editor', ['STK-ICT']);
const reader = member('reader', 'reader');

const folder = mkdtempSync(join(tmpdir(), 'utfall-forecast-import-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the forecast file', () => {
  const ctx = { ...context(), year: YEAR };

  it('reads the good file: Swedish headers, lines by code and by label in sv, fi and en, periods given or not', async () => {
    const result = await parseForecasts(GOOD_FILE, ctx, PERIOD);
    expect(result.problems).toEqual([]);
    expect(result.records.map((r) => [r.unitCode, r.line, r.amount])).toEqual(GOOD_FORECASTS);
    expect(result.records.map((r) => r.row)).toEqual([2, 3, 4, 5]);
    expect(result.units).toEqual([
      { code: 'STK-ADM', row: 2 },
      { code: 'STK-ICT', row: 4 },
    ]);
    // In accounting sign (debit +) the same file is the opposite forecast.
    const accounting = await parseForecasts(GOOD_FILE, { ...ctx, sign: 'accounting' }, PERIOD);
    expect(accounting.records.map((r) => r.amount)).toEqual(GOOD_FORECASTS.map(([, , a]) => -a));
    // At another period, every period cell given is another period's.
    const other = await parseForecasts(GOOD_FILE, ctx, 4);
    expect(other.problems.map((p) => [p.row, p.column, p.value, p.code])).toEqual([
      [2, 'period', '2023-08', 'forecastPeriod.other'],
      [3, 'period', '2023-08', 'forecastPeriod.other'],
      [5, 'period', '8/2023', 'forecastPeriod.other'],
    ]);
    expect(other.problems[0]!.expected).toBe("the import's period 2023-04, or an empty cell");
  });

  it('lists every problem of the bad file with its row, column, value and what was expected', async () => {
    const result = await parseForecasts(BAD_FILE, ctx, PERIOD);
    expect(result.problems.map((p) => [p.row, p.column, p.value, p.code])).toEqual([
      [2, 'line', 'costs', 'line.notLeaf'],
      [3, 'unit', 'STK-XYZ', 'unit.unknown'],
      [4, 'amount', '-12,3x', 'amount.invalid'],
      [5, 'line', 'Lönekostnader', 'line.unknown'],
      [6, 'period', '2023-07', 'forecastPeriod.other'],
      [8, 'line', 'Personalkostnader', 'forecast.duplicate'],
    ]);
    expect(result.problemCount).toBe(6);
    // Only the first of the two rows of STK-ADM × personnel is read.
    expect(result.records.map((r) => r.row)).toEqual([7]);
    const t = translate('en');
    expect(result.problems.map((p) => formatProblem(p, t))).toEqual([
      `${BAD_FILE}, row 2, column "line": "costs" is a total line (expected: a line fed by accounts, internal or imputed items (not a total))`,
      `${BAD_FILE}, row 3, column "unit": unknown unit "STK-XYZ" (expected: a unit of the organisation of the year)`,
      `${BAD_FILE}, row 4, column "amount": "-12,3x" is not an amount (expected: an amount like -1 234,56)`,
      `${BAD_FILE}, row 5, column "line": "Lönekostnader" is not a report line (expected: a report line code or label)`,
      `${BAD_FILE}, row 6, column "period": "2023-07" is not the period of the import (expected: the import's period 2023-08, or an empty cell)`,
      `${BAD_FILE}, row 8, column "line": unit STK-ADM already has a forecast for "Personalkostnader" (expected: one forecast per unit and line (the first on row 7))`,
    ]);
    // Every unit the file names and the organisation knows, for the access check.
    expect(result.units).toEqual([
      { code: 'STK-ADM', row: 2 },
      { code: 'STK-ICT', row: 4 },
    ]);
  });

  it('reads a workbook: amounts as numbers, a period as a date cell, headers in Finnish', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Ennusteet');
    sheet.addRow(['Yksikkö', 'Rivi', 'Summa', 'Kausi']);
    sheet.addRow(['STK-ICT', 'Palvelujen ostot', -795000, new Date(Date.UTC(2023, 7, 1))]);
    sheet.addRow(['STK-ICT', 'materials', -52000.5, '2023-08']);
    const path = join(folder, 'ennusteet.xlsx');
    await book.xlsx.writeFile(path);
    const result = await parseForecasts(path, ctx, PERIOD);
    expect(result.source.format).toBe('xlsx');
    expect(result.problems).toEqual([]);
    expect(result.records.map((r) => [r.unitCode, r.line, r.amount])).toEqual([
      ['STK-ICT', 'services', -79_500_000],
      ['STK-ICT', 'materials', -5_200_050],
    ]);
  });
});

describe.each(ENGINES)('forecast imports on $name', (engine) => {
  let server: DemoServer;
  const db = () => server.store.db;
  const request = (file: string, period = PERIOD) => ({
    municipalityId: M,
    year: YEAR,
    period,
    file,
  });
  const forecastOf = async (unit: string, line: LineCode) =>
    (await figuresReport(db(), M, YEAR, unit, { toMonth: PERIOD, period: true })).lines.find(
      (l) => l.code === line,
    )!.forecast;

  beforeAll(async () => {
    server = await demoServer(engine);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it("writes the good file: the interim report's figures carry its forecasts; audited, logged, not undoable", async () => {
    const stkBefore = await forecastOf('STK', 'personnel');
    const admBefore = await forecastOf('STK-ADM', 'personnel');
    const ictBefore = await forecastOf('STK-ICT', 'personnel');
    const outcome = await importForecasts(db(), request(GOOD_FILE), finance);
    expect(outcome).toMatchObject({ ok: true, written: true, kind: 'forecast', records: 4 });
    expect(outcome.units).toEqual(['STK-ADM', 'STK-ICT']);
    // The demo's own forecasts (fixtures/lovisa-2023/forecasts-2023-08.csv) were there before.
    expect(outcome.forecasts.map((f) => [f.unit, f.line, f.before, f.after])).toEqual([
      ['STK-ADM', 'personnel', -84_000_000, -85_000_000],
      ['STK-ADM', 'services', -33_000_000, -33_500_000],
      ['STK-ICT', 'personnel', -37_200_000, -37_500_050],
      ['STK-ICT', 'services', -79_000_000, -79_500_000],
    ]);
    for (const [unit, line, amount] of GOOD_FORECASTS)
      expect(await forecastOf(unit, line), `${unit} ${line}`).toBe(amount);
    // The central's forecast stands on its areas'.
    expect(await forecastOf('STK', 'personnel')).toBe(
      stkBefore! + (-85_000_000 - admBefore!) + (-37_500_050 - ictBefore!),
    );
    const stored = await forecasts(db(), M, YEAR, PERIOD);
    const adm = stored.find((f) => f.unitCode === 'STK-ADM' && f.line === 'personnel')!;
    expect(adm).toMatchObject({ version: 2, updatedBy: 'finance' });

    const entries = await auditLog(db(), M, {
      entity: 'forecast',
      key: `${YEAR}/STK-ADM/${PERIOD}/personnel`,
    });
    expect(entries.at(-1)).toMatchObject({
      actor: 'finance',
      action: 'update',
      before: { amount: -84_000_000, version: 1 },
      after: { amount: -85_000_000, version: 2, importId: outcome.importId },
    });
    const imported = await auditLog(db(), M, {
      entity: 'import',
      key: `${YEAR}/${outcome.importId}`,
    });
    expect(imported).toHaveLength(1);
    expect(imported[0]).toMatchObject({
      action: 'import',
      after: { kind: 'forecast', period: PERIOD, records: 4, units: ['STK-ADM', 'STK-ICT'] },
    });

    const history = (await importHistory(db(), M)).find((e) => e.id === outcome.importId)!;
    expect(history).toMatchObject({
      kind: 'forecast',
      fileName: 'forecast.csv',
      importedBy: 'finance',
      undoable: false,
    });
    await expect(
      undoImport(db(), finance, { municipalityId: M, importId: outcome.importId! }),
    ).rejects.toMatchObject({ code: 'import.notUndoable' });

    // The same file again: logged, nothing changes, no new versions.
    const again = await importForecasts(db(), request(GOOD_FILE), finance);
    expect(again).toMatchObject({ ok: true, written: true, units: [] });
    expect(again.forecasts.every((f) => f.before === f.after)).toBe(true);
    expect(
      (await forecasts(db(), M, YEAR, PERIOD)).find(
        (f) => f.unitCode === 'STK-ADM' && f.line === 'personnel',
      )!.version,
    ).toBe(2);
  });

  it('refuses the bad file with every problem, a closed year and a dry run, and changes nothing', async () => {
    const before = await snapshot(db(), M);
    const outcome = await importForecasts(db(), request(BAD_FILE), finance);
    expect(outcome).toMatchObject({ ok: false, written: false, importId: null, forecasts: [] });
    expect(outcome.problems.map((p) => [p.file, p.row, p.column, p.code])).toEqual([
      [BAD_FILE, 2, 'line', 'line.notLeaf'],
      [BAD_FILE, 3, 'unit', 'unit.unknown'],
      [BAD_FILE, 4, 'amount', 'amount.invalid'],
      [BAD_FILE, 5, 'line', 'line.unknown'],
      [BAD_FILE, 6, 'period', 'forecastPeriod.other'],
      [BAD_FILE, 8, 'line', 'forecast.duplicate'],
    ]);
    // The closed year has its actual, not a forecast.
    await expect(importForecasts(db(), request(GOOD_FILE, 12), finance)).rejects.toMatchObject({
      code: 'forecast.period',
    });
    const dry = await importForecasts(db(), { ...request(ICT_FILE), dryRun: true }, finance);
    expect(dry).toMatchObject({
      ok: true,
      written: false,
      importId: null,
      units: ['120101', 'STK-ICT'],
    });
    expect(await snapshot(db(), M)).toBe(before);
  });

  it('lets the editor of STK-ICT import the rows of STK-ICT and its cost centres, and no other', async () => {
    const before = await snapshot(db(), M);
    const refused = importForecasts(db(), request(GOOD_FILE), editor);
    await expect(refused).rejects.toMatchObject({
      code: 'forecast.importForbidden',
      kind: 'forbidden',
      params: { file: GOOD_FILE, row: 2, unit: 'STK-ADM' },
    });
    // Also with problems elsewhere in the file: who may import is judged first.
    await expect(importForecasts(db(), request(BAD_FILE), editor)).rejects.toMatchObject({
      code: 'forecast.importForbidden',
      params: { row: 2, unit: 'STK-ADM' },
    });
    await expect(importForecasts(db(), request(ICT_FILE), reader)).rejects.toMatchObject({
      code: 'forbiddenRole',
    });
    expect(await snapshot(db(), M)).toBe(before);
    const error = await refused.catch((e: unknown) => e);
    expect(errorMessage(error as UtfallError, translate('en'), 'api')).toBe(
      `${GOOD_FILE}, row 2: you may not change the forecasts of unit STK-ADM: it is not among your units. Nothing was imported.`,
    );

    const outcome = await importForecasts(db(), request(ICT_FILE), editor);
    expect(outcome).toMatchObject({ ok: true, written: true, units: ['120101', 'STK-ICT'] });
    expect(await forecastOf('STK-ICT', 'materials')).toBe(-5_400_000);
    expect(await forecastOf('120101', 'otherCosts')).toBe(-250_050);
  });

  it('refuses the whole file when the interim report of a unit of it, or of one above it, is approved', async () => {
    const ict = { municipalityId: M, year: YEAR, unitCode: 'STK-ICT', period: PERIOD };
    await changeState(db(), ict, 'submit', finance);
    await changeState(db(), ict, 'approve', finance);
    const before = await snapshot(db(), M);
    const refused = importForecasts(db(), request(GOOD_FILE), finance);
    await expect(refused).rejects.toMatchObject({
      code: 'forecast.importFrozen',
      kind: 'conflict',
      params: { row: 4, unit: 'STK-ICT', by: 'STK-ICT', state: 'approved' },
    });
    const frozen = (await refused.catch((e: unknown) => e)) as UtfallError;
    expect(errorMessage(frozen, translate('en'), 'api')).toBe(
      `${GOOD_FILE}, row 4: the forecasts of STK-ICT for 1–8 can no longer change: the interim report of STK-ICT is approved. Nothing was imported. Finance can reopen the report with a reason.`,
    );
    // A cost centre under it too; the year's report and the other periods are not frozen.
    await expect(importForecasts(db(), request(ICT_FILE), editor)).rejects.toMatchObject({
      code: 'forecast.importFrozen',
      params: { unit: '120101', by: 'STK-ICT' },
    });
    expect(await snapshot(db(), M)).toBe(before);
    expect((await importForecasts(db(), request(ICT_FILE, 9), editor)).written).toBe(true);
    await changeState(db(), ict, 'reopen', finance, 'the forecasts are revised');
    expect((await importForecasts(db(), request(GOOD_FILE), finance)).written).toBe(true);
  });

  it('takes the upload of kind forecast with its period, and answers as the other kinds', async () => {
    const upload = (role: 'finance' | 'editor', path: string, url: string, fields = {}) => {
      const body = multipart({ path }, { period: `${YEAR}-08`, ...fields });
      return server.as(role, {
        method: 'POST',
        url: `/api/m/${M}/imports/forecast${url}`,
        payload: body.payload,
        headers: body.headers,
      });
    };
    const before = await snapshot(db(), M);
    const checked = await upload('finance', BAD_FILE, '/preview');
    expect(checked.statusCode).toBe(200);
    const answer = checked.json<ImportAnswer>();
    expect(answer).toMatchObject({ ok: false, written: false, kind: 'forecast', period: 8 });
    expect(answer.problems.map((p) => [p.file, p.row, p.column, p.code])[0]).toEqual([
      'forecast-bad.csv',
      2,
      'line',
      'line.notLeaf',
    ]);
    expect(answer.columns).toEqual({
      unit: 'unit',
      line: 'line',
      amount: 'amount',
      period: 'period',
    });
    const bad = await upload('finance', BAD_FILE, '');
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ details: ImportAnswer }>().details.problemCount).toBe(6);
    expect((await upload('editor', GOOD_FILE, '')).statusCode).toBe(403);
    expect((await upload('finance', GOOD_FILE, '', { period: '' })).json()).toMatchObject({
      error: 'forecast.periodMissing',
    });
    expect(await snapshot(db(), M)).toBe(before);

    const written = await upload('editor', ICT_FILE, '', { year: String(YEAR) });
    expect(written.statusCode).toBe(200);
    expect(written.json<ImportAnswer>()).toMatchObject({
      ok: true,
      written: true,
      kind: 'forecast',
      year: YEAR,
      records: 2,
      preview: null,
      forecasts: [
        { unit: '120101', line: 'otherCosts', row: 3, before: -250_050, after: -250_050 },
        { unit: 'STK-ICT', line: 'materials', row: 2, before: -5_400_000, after: -5_400_000 },
      ],
    });
  });
});

describe('utfall import forecast', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'utfall-forecast-cli-'));
  const env = { UTFALL_DATA: dataDir, DATABASE_URL: '', UTFALL_LANG: 'en' };
  const utfall = (...args: string[]) => runCli(['-m', 'prognos', ...args], env);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints what it wrote per unit, or the problems; the report of the period carries it', async () => {
    const org = join(folder, 'org.csv');
    writeFileSync(
      org,
      [
        'code,parent,kind,name_sv',
        'LOVISA,,city,Lovisa',
        'STK,LOVISA,central,Stadskansliet',
        'STK-ADM,STK,area,Förvaltning',
        'STK-ICT,STK,area,ICT',
      ].join('\n') + '\n',
    );
    expect((await utfall('import', 'org', org, '--year', String(YEAR))).code).toBe(0);
    const missing = await utfall('import', 'forecast', GOOD_FILE);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--period YYYY-MM');

    const bad = await utfall('import', 'forecast', BAD_FILE, '--period', '2023-08');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`${BAD_FILE}, row 2, column "line": "costs" is a total line`);
    expect(bad.err).toContain(`${BAD_FILE}: rejected with 6 problems; nothing was written`);

    const good = await utfall('import', 'forecast', GOOD_FILE, '--period', '2023-08');
    expect(good.err).toBe('');
    expect(good.code).toBe(0);
    expect(good.out.split('\n')).toEqual([
      `${GOOD_FILE}: 4 forecasts for 1–8/2023 read, 4 changed:`,
      ...GOOD_FORECASTS.map(
        ([unit, line, amount]) =>
          `  ${unit}\t${line === 'personnel' ? 'Personnel expenses' : 'Purchases of services'}\t– → ${formatCents(amount, 'en')}`,
      ),
      '',
    ]);
    const report = await utfall(
      'report',
      '--unit',
      'STK-ICT',
      '--period',
      '2023-08',
      '--format',
      'json',
    );
    expect(report.code).toBe(0);
    const lines = (JSON.parse(report.out) as { lines: { code: string; forecast: number }[] }).lines;
    expect(lines.find((l) => l.code === 'personnel')!.forecast).toBe(-37_500_050);
    expect(lines.find((l) => l.code === 'services')!.forecast).toBe(-79_500_000);
  });
});
