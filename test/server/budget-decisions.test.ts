/**
 * The budget decision routes of issue 14 on both engines: finance corrects a decision with
 * PATCH and deletes it with DELETE, each based on the version it was shown; a stale version is
 * 409 with a message in the user's language, an unknown decision 404, a reader or editor 403;
 * both land in the audit log as budgetChange update and delete.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetChangeView } from '../../src/api/pages.js';
import { DEMO_MUNICIPALITY, DEMO_YEAR } from '../../src/service/demo.js';
import { ENGINES } from '../support/engines.js';
import { demoServer, type DemoServer } from './pages-support.js';

const base = `/api/m/${DEMO_MUNICIPALITY}/${DEMO_YEAR}/budget-changes`;

describe.each(ENGINES)('budget decision routes on $name', (engine) => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await demoServer(engine);
  });
  afterAll(async () => {
    await server.close();
  });

  it('corrects and deletes a decision by its version, audited', async () => {
    const created = await server.as('finance', {
      method: 'POST',
      url: base,
      payload: {
        decision: 'KF 12.6.2023 § 45',
        date: '2023-06-12',
        text: 'Tilläggsanslag',
        amounts: [{ unit: 'STK-ICT', line: 'services', amount: -5_000_000 }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const change = created.json<BudgetChangeView>();
    expect(change).toMatchObject({ version: 1, text: 'Tilläggsanslag', profile: null });
    const correction = {
      version: 1,
      decision: 'KF 12.6.2023 § 46',
      date: '2023-06-12',
      text: 'Tilläggsanslag för IT',
      amounts: [{ unit: 'STK-ICT', line: 'services', amount: -4_000_000 }],
    };
    for (const role of ['reader', 'editor'] as const) {
      const refused = await server.as(role, {
        method: 'PATCH',
        url: `${base}/${change.id}`,
        payload: correction,
      });
      expect(refused.statusCode).toBe(403);
      const notDeleted = await server.as(role, {
        method: 'DELETE',
        url: `${base}/${change.id}?version=1`,
      });
      expect(notDeleted.statusCode).toBe(403);
    }
    const corrected = await server.as('finance', {
      method: 'PATCH',
      url: `${base}/${change.id}`,
      payload: correction,
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json<BudgetChangeView>()).toMatchObject({
      version: 2,
      decision: 'KF 12.6.2023 § 46',
      total: -4_000_000,
    });

    const stale = await server.as('finance', {
      method: 'DELETE',
      url: `${base}/${change.id}?version=1`,
      lang: 'fi',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ error: string; message: string }>()).toMatchObject({
      error: 'budgetChange.stale',
      message:
        'Ei tallennettu: päätöstä KF 12.6.2023 § 46 on muutettu sillä välin (nyt versio 2, muutoksesi perustui versioon 1). Lataa sivu uudelleen ja tee muutos uudestaan.',
    });
    const deleted = await server.as('finance', {
      method: 'DELETE',
      url: `${base}/${change.id}?version=2`,
    });
    expect(deleted.statusCode, deleted.body).toBe(200);
    const gone = await server.as('finance', {
      method: 'PATCH',
      url: `${base}/${change.id}`,
      payload: { ...correction, version: 3 },
      lang: 'sv',
    });
    expect(gone.statusCode).toBe(404);
    expect(gone.json<{ message: string }>().message).toBe(
      `Det finns ingen budgetförändring med id ${change.id} år 2023.`,
    );

    const audit = await server.as('reader', {
      url: `/api/m/${DEMO_MUNICIPALITY}/audit?entity=budgetChange`,
    });
    const entries = audit.json<{ entries: { action: string; actor: string; key: string }[] }>()
      .entries;
    expect(
      entries.filter((e) => e.key === `${DEMO_YEAR}/change/${change.id}`).map((e) => e.action),
    ).toEqual(expect.arrayContaining(['create', 'update', 'delete']));
  });
});
