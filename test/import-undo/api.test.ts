/**
 * The December example through the API the web's wizard uses, on both engines: the preview's
 * answer lists the units whose December changes (and, with replaceAll, the absent ones); the
 * history marks what may be undone; POST …/imports/undo/:id undoes, audited, and is refused for
 * the reader, twice, and for the organisation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  importAnswerSchema,
  importHistorySchema,
  importUndoSchema,
} from '../../src/api/imports.js';
import { snapshot } from '../../src/db/figures.js';
import { ENGINES } from '../support/engines.js';
import { multipart } from '../server/multipart.js';
import { demoServer, type DemoRole, type DemoServer } from '../server/pages-support.js';
import { M } from './support.js';

const FILE = 'fixtures/import/demo/actuals-december.csv';
const base = `/api/m/${M}/imports`;

describe.each(ENGINES)('previews and undos through the API on $name', (engine) => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await demoServer(engine);
  });
  afterAll(async () => {
    await server.close();
  });

  const upload = (url: string, fields: Record<string, string>) => {
    const body = multipart({ path: FILE }, fields);
    return server.as('finance', {
      method: 'POST',
      url,
      payload: body.payload,
      headers: body.headers,
    });
  };
  const undo = (role: DemoRole, id: number, lang: 'sv' | 'fi' | 'en' = 'en') =>
    server.as(role, { method: 'POST', url: `${base}/undo/${id}`, lang });

  it('answers the preview per unit and month, and the absent units with replaceAll', async () => {
    const own = importAnswerSchema.parse(
      (await upload(`${base}/actuals/preview`, { year: '2023' })).json(),
    );
    expect(own.preview?.mode).toBe('units');
    expect(own.preview?.absentUnits).toEqual([]);
    expect(own.preview?.cells.map((c) => `${c.unit}/${c.month}`)).toEqual([
      '110101/12',
      '110102/12',
      '120101/12',
      '120103/12',
    ]);
    const all = importAnswerSchema.parse(
      (await upload(`${base}/actuals/preview`, { year: '2023', replaceAll: 'true' })).json(),
    );
    expect(all.preview?.mode).toBe('all');
    expect(all.preview?.absentUnits).toContain('130101');
  });

  it('undoes an import from the history, audited; refuses the reader, twice and the organisation', async () => {
    const written = importAnswerSchema.parse(
      (await upload(`${base}/actuals`, { year: '2023' })).json(),
    );
    const id = written.importId!;
    const history = importHistorySchema.parse((await server.as('finance', { url: base })).json());
    expect(history.imports.find((i) => i.id === id)).toMatchObject({
      undoable: true,
      undoneAt: null,
    });
    expect(history.imports.find((i) => i.kind === 'org')?.undoable).toBe(false);

    const fingerprint = await snapshot(server.store.db, M);
    expect((await undo('reader', id)).statusCode).toBe(403);
    expect(await snapshot(server.store.db, M)).toBe(fingerprint);

    const done = await undo('finance', id);
    expect(done.statusCode).toBe(200);
    expect(importUndoSchema.parse(done.json()).units).toContain('120101');
    const after = importHistorySchema.parse((await server.as('finance', { url: base })).json());
    expect(after.imports.find((i) => i.id === id)).toMatchObject({
      undoable: false,
      undoneBy: 'finance',
    });

    const twice = await undo('finance', id, 'sv');
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ error: 'import.alreadyUndone' });
    expect(twice.json<{ message: string }>().message).toContain('redan ångrad');

    const orgId = history.imports.find((i) => i.kind === 'org')!.id;
    const org = await undo('admin', orgId);
    expect(org.statusCode).toBe(400);
    expect(org.json()).toMatchObject({ error: 'import.notUndoable' });

    const audit = await server.as('reader', {
      url: `/api/m/${M}/audit?entity=import&unit=120101`,
    });
    expect(audit.statusCode).toBe(200);
    const entries = audit.json<{ entries: { key: string; action: string }[] }>().entries;
    expect(entries.filter((e) => e.key === `2023/${id}`).map((e) => e.action)).toEqual([
      'undo',
      'import',
    ]);
  });
});
