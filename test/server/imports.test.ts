/**
 * Imports through the API on the demo, on both engines: previews of every bad fixture name the
 * uploaded file, the row and the column and write nothing; a good file changes the figures; a
 * header no import knows is mapped by the user; a bad commit is a 422 that leaves the database
 * as it was; uploads over the limit are a 413; no temporary file outlives its request.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../../src/db/figures.js';
import { buildServer } from '../../src/server/app.js';
import type { ImportAnswer } from '../../src/api/imports.js';
import { DEMO_MUNICIPALITY, DEMO_YEAR } from '../../src/service/demo.js';
import { figuresReport } from '../../src/service/figures.js';
import { ENGINES } from '../support/engines.js';
import { multipart } from './multipart.js';
import { demoServer, type DemoRole, type DemoServer } from './pages-support.js';

const BAD = 'fixtures/import/bad';
const DEMO = 'fixtures/import/demo';
const imports = `/api/m/${DEMO_MUNICIPALITY}/imports`;

/** The import kind of each bad fixture (fixtures/import/README.md); goals and risks are not imports of these routes. */
const BAD_KINDS: Record<string, 'org' | 'mapping' | 'budget' | 'actuals' | 'forecast'> = {
  'wrong-delimiter.csv': 'budget',
  'text-in-amount.csv': 'budget',
  'unknown-unit.csv': 'budget',
  'unmapped-account.csv': 'budget',
  'empty.csv': 'budget',
  'header-only.csv': 'budget',
  'wrong-encoding.csv': 'budget',
  'utf16-no-bom.csv': 'budget',
  'binary.csv': 'budget',
  'duplicate-header.csv': 'budget',
  'missing-column.csv': 'budget',
  'too-many-decimals.csv': 'budget',
  'budget-total-line.csv': 'budget',
  'mixed-encoding.csv': 'actuals',
  'bad-date.csv': 'actuals',
  'date-other-year.csv': 'actuals',
  'date-and-period.csv': 'actuals',
  'unclosed-quote.csv': 'actuals',
  'many-errors.csv': 'actuals',
  'org-cycle.csv': 'org',
  'org-unknown-parent.csv': 'org',
  'org-duplicate-code.csv': 'org',
  'mapping-overlap.csv': 'mapping',
  'mapping-reversed.csv': 'mapping',
  'mapping-total-line.csv': 'mapping',
  'decimal-comma.csv': 'budget',
  'budget-mixed-encoding.csv': 'budget',
  'budget-sum-range.csv': 'budget',
  'ragged-rows.csv': 'actuals',
  'actuals-sum-range.csv': 'actuals',
  'org-mixed-encoding.csv': 'org',
  'budget-period-bad.csv': 'budget',
  'forecast-bad.csv': 'forecast',
};

// Uploads go to the system's temporary folder: this file's own, to see that each is removed.
const uploads = mkdtempSync(join(tmpdir(), 'utfall-imports-test-'));
const savedTmp = process.env.TMPDIR;
beforeAll(() => {
  process.env.TMPDIR = uploads;
});
afterAll(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(uploads, { recursive: true, force: true });
});

/** Temporary files left in the uploads folder (the engines' own files excluded). */
function leftovers(): string[] {
  return readdirSync(uploads).filter((name) => name.startsWith('utfall-upload-'));
}

describe.each(ENGINES)('imports through the API on $name', (engine) => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await demoServer(engine);
  });
  afterAll(async () => {
    await server.close();
  });

  const state = () => snapshot(server.store.db, DEMO_MUNICIPALITY);

  function upload(
    role: DemoRole,
    url: string,
    file: string | { name: string; bytes: Buffer | string },
    fields: Record<string, string> = {},
    lang: 'sv' | 'fi' | 'en' = 'en',
  ) {
    const body = multipart(typeof file === 'string' ? { path: file } : file, fields);
    return server.as(role, {
      method: 'POST',
      url,
      payload: body.payload,
      headers: body.headers,
      lang,
    });
  }

  it('lists every problem of every bad file with file, row and column, and writes nothing', async () => {
    const csvs = readdirSync(BAD).filter(
      (name) => name.endsWith('.csv') && !name.startsWith('goals-') && !name.startsWith('risks-'),
    );
    expect(csvs.filter((name) => !BAD_KINDS[name])).toEqual([]);
    const before = await state();
    for (const name of csvs) {
      const kind = BAD_KINDS[name]!;
      const role = kind === 'org' || kind === 'mapping' ? 'admin' : 'finance';
      const response = await upload(role, `${imports}/${kind}/preview`, `${BAD}/${name}`, {
        year: String(DEMO_YEAR),
        // A forecast file is for an interim period.
        ...(kind === 'forecast' ? { period: `${DEMO_YEAR}-08` } : {}),
      });
      expect(response.statusCode, name).toBe(200);
      const answer = response.json<ImportAnswer>();
      expect(answer, name).toMatchObject({ ok: false, written: false, kind, importId: null });
      expect(answer.problemCount, name).toBeGreaterThan(0);
      expect(answer.problems.length, name).toBe(Math.min(answer.problemCount, 1000));
      for (const found of answer.problems) {
        // The user's file name, never the temporary path.
        expect(found.file, name).toBe(name);
        expect(found.message.startsWith(`${name}, `) || found.message.startsWith(`${name}:`)).toBe(
          true,
        );
        expect(found.message).not.toContain(uploads);
        if (found.row !== null) expect(found.message).toContain(`row ${found.row}`);
        if (found.column !== null) expect(found.message).toContain(`column "${found.column}"`);
        expect(found.message).toContain('expected: ');
      }
    }
    expect(await state()).toBe(before);
    expect(leftovers()).toEqual([]);
  });

  it('words the problems in the language asked for, with the detected format and first rows', async () => {
    const response = await upload(
      'finance',
      `${imports}/budget/preview`,
      `${BAD}/text-in-amount.csv`,
      { year: '2023' },
      'sv',
    );
    const answer = response.json<ImportAnswer>();
    expect(answer.source).toMatchObject({
      file: 'text-in-amount.csv',
      format: 'csv',
      delimiter: ';',
      encoding: 'utf-8',
      rows: 2,
    });
    expect(answer).toMatchObject({
      headerRow: 1,
      header: ['enhet', 'konto', 'belopp'],
      columns: { unit: 'enhet', account: 'konto', line: null, amount: 'belopp', kind: null },
      rows: [
        ['110100', '4000', '-1 000'],
        ['120100', '4300', '12,3x'],
      ],
      rowNumbers: [2, 3],
    });
    const amount = answer.problems.find((p) => p.code === 'amount.invalid');
    expect(amount).toMatchObject({ row: 3, column: 'belopp', value: '12,3x' });
    expect(amount?.message).toMatch(
      /^text-in-amount\.csv, rad 3, kolumn "belopp": .*12,3x.*väntat/,
    );
  });

  it('writes a good file in one go and the figures change', async () => {
    const revised = async () =>
      (await figuresReport(server.store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK-ICT')).lines.find(
        (line) => line.code === 'services',
      )!.revised;
    const before = await revised();
    const fields = {
      year: '2023',
      stage: 'change',
      decision: 'KF 12.6.2023 §45',
      date: '12.6.2023',
    };
    const preview = await upload(
      'finance',
      `${imports}/budget/preview`,
      `${DEMO}/budget-change.csv`,
      fields,
    );
    expect(preview.json()).toMatchObject({ ok: true, written: false, records: 2, problems: [] });
    expect(await revised()).toBe(before);

    const response = await upload(
      'finance',
      `${imports}/budget`,
      `${DEMO}/budget-change.csv`,
      fields,
    );
    expect(response.statusCode).toBe(200);
    const answer = response.json<ImportAnswer>();
    expect(answer).toMatchObject({
      ok: true,
      written: true,
      kind: 'budget',
      year: 2023,
      records: 2,
    });
    expect(answer.importId).toEqual(expect.any(Number));
    expect(await revised()).toBe(before! - 750_000);

    const history = await server.as('reader', { method: 'GET', url: imports });
    expect(history.statusCode).toBe(200);
    expect(history.json<{ imports: unknown[] }>().imports[0]).toMatchObject({
      id: answer.importId,
      kind: 'budget',
      year: 2023,
      fileName: 'budget-change.csv',
      format: 'csv',
      rows: 2,
      importedBy: 'finance',
      stage: 'change',
      decision: 'KF 12.6.2023 §45',
    });
    expect(leftovers()).toEqual([]);
  });

  it('maps the columns of a header that no import knows', async () => {
    const fields = {
      year: '2023',
      stage: 'change',
      decision: 'KF 1.9.2023 §80',
      date: '2023-09-01',
    };
    const url = `${imports}/budget/preview`;
    const unknown = (
      await upload('finance', url, `${DEMO}/budget-own-headers.csv`, fields)
    ).json<ImportAnswer>();
    expect(unknown.ok).toBe(false);
    expect(new Set(unknown.problems.map((p) => p.code))).toEqual(new Set(['header.missing']));
    expect(unknown.header).toEqual(['Ansvar', 'Post', 'Netto']);
    expect(unknown.columns).toMatchObject({ unit: null, line: null, amount: null });

    const columns = JSON.stringify({ unit: 'Ansvar', line: 'Post', amount: 'Netto' });
    const mapped = (
      await upload('finance', url, `${DEMO}/budget-own-headers.csv`, { ...fields, columns })
    ).json<ImportAnswer>();
    expect(mapped).toMatchObject({
      ok: true,
      records: 2,
      columns: { unit: 'Ansvar', account: null, line: 'Post', amount: 'Netto', kind: null },
    });

    const wrong = JSON.stringify({ unit: 'Ansvar', line: 'Post', amount: 'Summa' });
    const unmatched = (
      await upload('finance', url, `${DEMO}/budget-own-headers.csv`, { ...fields, columns: wrong })
    ).json<ImportAnswer>();
    expect(unmatched.problems[0]).toMatchObject({
      code: 'header.unmatched',
      row: 1,
      value: 'Summa',
    });
    expect(unmatched.problems[0]?.message).toContain('"Summa"');

    const written = await upload('finance', `${imports}/budget`, `${DEMO}/budget-own-headers.csv`, {
      ...fields,
      columns,
    });
    expect(written.statusCode).toBe(200);
    expect(written.json()).toMatchObject({ written: true, records: 2 });

    const field = await upload('finance', url, `${DEMO}/budget-own-headers.csv`, {
      ...fields,
      columns: JSON.stringify({ cost: 'Netto' }),
    });
    expect(field.statusCode).toBe(400);
    expect(field.json()).toMatchObject({ error: 'columnsField' });
    expect(field.json<{ message: string }>().message).toContain('cost');
    const json = await upload('finance', url, `${DEMO}/budget-own-headers.csv`, {
      ...fields,
      columns: '{unit:',
    });
    expect(json.statusCode).toBe(400);
    expect(json.json()).toMatchObject({ error: 'columns' });
  });

  it('answers a bad commit with 422 and every problem, and the database stays as it was', async () => {
    const before = await state();
    const response = await upload('finance', `${imports}/actuals`, `${DEMO}/actuals-bad.csv`, {
      year: '2023',
    });
    expect(response.statusCode).toBe(422);
    const body = response.json<{ error: string; message: string; details: ImportAnswer }>();
    expect(body.error).toBe('importProblems');
    expect(body.message).toContain('actuals-bad.csv');
    expect(body.details).toMatchObject({ ok: false, written: false, importId: null });
    expect(body.details.problems.map((p) => [p.code, p.row, p.column, p.value])).toEqual([
      ['unit.unknown', 3, 'unit', '999999'],
      ['date.invalid', 4, 'date', '31.6.2023'],
      ['amount.invalid', 5, 'amount', '12,3x'],
    ]);
    expect(await state()).toBe(before);

    const org = await upload('admin', `${imports}/org`, `${BAD}/org-cycle.csv`, { year: '2023' });
    expect(org.statusCode).toBe(422);
    expect(await state()).toBe(before);
    expect(leftovers()).toEqual([]);
  });

  it('refuses uploads without a file, with bad fields or for an unknown year', async () => {
    const url = `${imports}/budget/preview`;
    const none = multipart(null, { year: '2023' });
    const missing = await server.as('finance', {
      method: 'POST',
      url,
      payload: none.payload,
      headers: none.headers,
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: 'fileMissing' });

    const notMultipart = await server.as('finance', {
      method: 'POST',
      url,
      payload: { year: 2023 },
    });
    expect(notMultipart.statusCode).toBe(400);
    expect(notMultipart.json()).toMatchObject({ error: 'notMultipart' });

    const sign = await upload('finance', url, `${DEMO}/budget-change.csv`, { sign: 'upside-down' });
    expect(sign.statusCode).toBe(400);
    expect(sign.json()).toMatchObject({ error: 'fields' });

    const year = await upload('finance', url, `${DEMO}/budget-change.csv`, { year: '2031' }, 'sv');
    expect(year.statusCode).toBe(400);
    expect(year.json()).toMatchObject({ error: 'yearUnknown' });
    expect(year.json<{ message: string }>().message).toContain('2031');

    const change = await upload('finance', url, `${DEMO}/budget-change.csv`, {
      year: '2023',
      stage: 'change',
    });
    expect(change.statusCode).toBe(400);
    expect(change.json()).toMatchObject({ error: 'budget.decisionMissing' });

    const elsewhere = await upload(
      'finance',
      `/api/m/nowhere/imports/budget/preview`,
      `${DEMO}/budget-change.csv`,
    );
    expect(elsewhere.statusCode).toBe(404);
    expect(leftovers()).toEqual([]);
  });

  it('keeps the file name of an XLSX upload and reads it as a workbook', async () => {
    const response = await upload(
      'finance',
      `${imports}/budget/preview`,
      'fixtures/import/good/budget.xlsx',
      {
        year: '2023',
      },
    );
    const answer = response.json<ImportAnswer>();
    expect(answer.source).toMatchObject({ file: 'budget.xlsx', format: 'xlsx' });
    expect(answer.rows.length).toBeGreaterThan(0);
    // The fixture's cost centres are not the demo's: problems, named by the workbook's name.
    expect(answer.problems.every((p) => p.file === 'budget.xlsx')).toBe(true);
  });
});

describe('uploads over the limit', () => {
  it('answers 413 with a translated message, and removes what was received', async () => {
    const store = await ENGINES[0]!.open();
    const app = await buildServer({ store, webRoot: null, uploadLimit: 1024 * 1024 });
    try {
      const folder = join(uploads, 'big');
      mkdirSync(folder, { recursive: true });
      const lines = ['unit,account,amount'];
      while (lines.length < 100_000) lines.push('120101,4300,-12.50');
      writeFileSync(join(folder, 'big.csv'), lines.join('\n'));
      // Not logged in, the upload is refused before a byte of it is stored.
      const body = multipart({ path: join(folder, 'big.csv') }, { year: '2023' });
      const anonymous = await app.inject({
        method: 'POST',
        url: '/api/m/lovisa/imports/budget/preview',
        payload: body.payload,
        headers: body.headers,
      });
      expect(anonymous.statusCode).toBe(401);

      const { addUser } = await import('../../src/service/users.js');
      await addUser(store.db, {
        username: 'fia',
        displayName: 'Fia',
        password: 'fia-password-2023',
        // A member of the municipality of the address: for anyone else it does not exist (404).
        memberships: { lovisa: { role: 'finance', units: [] } },
      });
      const login = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username: 'fia', password: 'fia-password-2023' },
      });
      const cookie = login.cookies.find((c) => c.name === 'utfall_session')!;
      const response = await app.inject({
        method: 'POST',
        url: '/api/m/lovisa/imports/budget',
        payload: body.payload,
        headers: {
          ...body.headers,
          cookie: `${cookie.name}=${cookie.value}`,
          'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken,
          'accept-language': 'sv',
        },
      });
      expect(response.statusCode).toBe(413);
      const refusal = response.json<{ error: string; message: string }>();
      expect(refusal.error).toBe('tooLarge');
      expect(refusal.message).toBe(
        'big.csv är större än gränsen för uppladdningar, 1 MB: ingenting skrevs.',
      );
      expect(leftovers()).toEqual([]);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
