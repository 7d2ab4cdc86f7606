/**
 * Issue 14 on both engines: an ERP's column mapping, remembered under a name by finance for a
 * header row no import knows, reads the next file of that kind with that header row (cells
 * compared trimmed and in any case) and the answer names it; columns the user gives win; a
 * reader may not remember or forget one; forgetting it is audited and the header is unknown
 * again. The import history, an undo and the audit log name a file by its own name, never by
 * the path it had on the server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnMappingView, ImportAnswer } from '../../src/api/imports.js';
import { systemActor } from '../../src/domain/access.js';
import { DEMO_MUNICIPALITY } from '../../src/service/demo.js';
import { runImport } from '../../src/service/imports.js';
import { ENGINES } from '../support/engines.js';
import { multipart } from './multipart.js';
import { demoServer, type DemoRole, type DemoServer } from './pages-support.js';

const imports = `/api/m/${DEMO_MUNICIPALITY}/imports`;
const folder = mkdtempSync(join(tmpdir(), 'utfall-mappings-'));
/** An ERP's export: the same header as the demo's own-header file, written another way. */
const ERP = join(folder, 'raindance-2023-09.csv');
writeFileSync(ERP, ' ansvar ;POST;Netto;\n120101;services;-2 000,00;\n');
const OWN = resolve('fixtures/import/demo/budget-own-headers.csv');
const fields = {
  year: '2023',
  stage: 'change',
  decision: 'KF 1.9.2023 § 80',
  date: '2023-09-01',
};
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.each(ENGINES)('remembered column mappings on $name', (engine) => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await demoServer(engine);
  });
  afterAll(async () => {
    await server.close();
  });

  const preview = async (path: string, extra: Record<string, string> = {}) => {
    const body = multipart({ path }, { ...fields, ...extra });
    const response = await server.as('finance', {
      method: 'POST',
      url: `${imports}/budget/preview`,
      payload: body.payload,
      headers: body.headers,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<ImportAnswer>();
  };
  const remember = (role: DemoRole, body: object) =>
    server.as(role, { method: 'POST', url: `${imports}/mappings`, payload: body });
  const audit = async () =>
    (
      await server.as('reader', {
        url: `${imports.replace('/imports', '')}/audit?entity=columnMapping`,
      })
    ).json<{ entries: { action: string; actor: string; after: unknown }[] }>().entries;

  it('remembers a mapping, applies it by the header row, and forgets it', async () => {
    const unknown = await preview(ERP);
    expect(unknown).toMatchObject({ ok: false, mapping: null });
    expect(unknown.problems.some((p) => p.code === 'header.missing')).toBe(true);

    const mapping = {
      kind: 'budget',
      name: 'Raindance-export',
      header: ['Ansvar', 'Post', 'Netto'],
      columns: { unit: 'Ansvar', line: 'Post', amount: 'Netto' },
    };
    expect((await remember('reader', mapping)).statusCode).toBe(403);
    expect((await remember('editor', mapping)).statusCode).toBe(403);
    const wrong = await remember('finance', {
      ...mapping,
      columns: { unit: 'Ansvar', amount: 'Summa' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: 'columnMapping.columns' });
    const saved = await remember('finance', mapping);
    expect(saved.statusCode, saved.body).toBe(201);
    const stored = saved.json<ColumnMappingView>();
    expect(stored).toMatchObject({
      name: 'Raindance-export',
      createdBy: 'finance',
      deletable: true,
    });

    // The next file with that header row, however its cells are spaced or cased, is read by it.
    const applied = await preview(ERP);
    expect(applied).toMatchObject({
      ok: true,
      records: 1,
      mapping: { id: stored.id, name: 'Raindance-export' },
      // The columns of this file, as its header row writes them.
      columns: { unit: 'ansvar', line: 'POST', amount: 'Netto' },
    });
    expect((await preview(OWN)).mapping).toMatchObject({ name: 'Raindance-export' });
    // Columns the user gives are read instead.
    const own = await preview(ERP, {
      columns: JSON.stringify({ unit: 'Ansvar', amount: 'Netto' }),
    });
    expect(own.mapping).toBeNull();
    expect(own.ok).toBe(false);

    const listed = await server.as('reader', { url: `${imports}/mappings` });
    expect(listed.json<{ mappings: ColumnMappingView[] }>().mappings).toEqual([
      { ...stored, deletable: false },
    ]);
    expect(
      (await server.as('reader', { method: 'DELETE', url: `${imports}/mappings/${stored.id}` }))
        .statusCode,
    ).toBe(403);
    const forgotten = await server.as('finance', {
      method: 'DELETE',
      url: `${imports}/mappings/${stored.id}`,
    });
    expect(forgotten.statusCode, forgotten.body).toBe(200);
    expect((await preview(ERP)).mapping).toBeNull();
    const again = await server.as('finance', {
      method: 'DELETE',
      url: `${imports}/mappings/${stored.id}`,
      lang: 'sv',
    });
    expect(again.statusCode).toBe(404);
    expect(again.json<{ message: string }>().message).toBe(
      `Det finns ingen sparad kolumnkoppling med id ${stored.id} i den här kommunen.`,
    );
    expect((await audit()).map((e) => [e.action, e.actor])).toEqual(
      expect.arrayContaining([
        ['create', 'finance'],
        ['delete', 'finance'],
      ]),
    );
  });

  it('names every file by its own name in the history, an undo and the audit log', async () => {
    // A CLI import logs the path it was given.
    const done = await runImport(
      server.store.db,
      {
        kind: 'budget',
        municipalityId: DEMO_MUNICIPALITY,
        year: 2023,
        stage: 'change',
        decision: 'KF 2.10.2023 § 90',
        date: '2023-10-02',
        columns: { unit: 'Ansvar', line: 'Post', amount: 'Netto' },
        file: ERP,
      },
      systemActor('operator'),
    );
    expect(done.importId).not.toBeNull();
    const history = await server.as('reader', { url: imports });
    const entry = history
      .json<{ imports: { id: number; fileName: string }[] }>()
      .imports.find((i) => i.id === done.importId);
    expect(entry?.fileName).toBe('raindance-2023-09.csv');
    const undone = await server.as('finance', {
      method: 'POST',
      url: `${imports}/undo/${done.importId}`,
      payload: {},
    });
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json()).toMatchObject({ fileName: 'raindance-2023-09.csv' });
    const log = await server.as('reader', {
      url: `/api/m/${DEMO_MUNICIPALITY}/audit?entity=import`,
    });
    for (const response of [history, undone, log]) {
      expect(response.body).not.toContain(folder);
      expect(response.body).not.toContain(tmpdir());
    }
  });
});
