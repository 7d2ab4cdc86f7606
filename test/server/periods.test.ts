/**
 * `?period=YYYY-MM` on the narrative and workflow routes (issue 13), on both engines: an
 * interim text is saved beside the year's, the interim report's workflow is its own, and a
 * period outside the path's year or not a month is refused with 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNarratives, reportState } from '../../src/service/content.js';
import { DEMO_MUNICIPALITY, DEMO_YEAR } from '../../src/service/demo.js';
import type { GoalView, NarrativeView } from '../../src/api/pages.js';
import { goals } from '../../src/service/goals.js';
import { ENGINES } from '../support/engines.js';
import { demoServer, type DemoServer } from './pages-support.js';

const base = `/api/m/${DEMO_MUNICIPALITY}/${DEMO_YEAR}/units/STK-ICT`;
const ict = { municipalityId: DEMO_MUNICIPALITY, year: DEMO_YEAR, unitCode: 'STK-ICT' };

describe.each(ENGINES)('period routes on $name', (engine) => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await demoServer(engine);
  });
  afterAll(async () => {
    await server.close();
  });

  const put = (query: string, body: string, version: number | null) =>
    server.as('editor', {
      method: 'PUT',
      url: `${base}/narratives/events/sv${query}`,
      payload: { body, version },
    });
  const post = (role: 'editor' | 'finance', action: string, query: string, reason?: string) =>
    server.as(role, {
      method: 'POST',
      url: `${base}/workflow/${action}${query}`,
      ...(reason ? { payload: { reason } } : {}),
    });

  it('saves an interim text and runs the interim workflow beside the year’s', async () => {
    const yearText = (await getNarratives(server.store.db, ict)).find(
      (n) => n.section === 'events' && n.lang === 'sv',
    )!;
    const saved = await put('?period=2023-08', 'Januari–augusti.', null);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<NarrativeView>()).toMatchObject({ body: 'Januari–augusti.', version: 1 });
    // Beside the demo's interim outcome texts, the events text written now.
    expect(
      (await getNarratives(server.store.db, { ...ict, period: 8 })).filter(
        (n) => n.section === 'events',
      ),
    ).toMatchObject([{ section: 'events', lang: 'sv', body: 'Januari–augusti.' }]);
    expect(
      (await getNarratives(server.store.db, ict)).find(
        (n) => n.section === 'events' && n.lang === 'sv',
      ),
    ).toEqual(yearText);

    expect((await post('editor', 'submit', '?period=2023-08')).json()).toEqual({
      state: 'submitted',
      reason: null,
    });
    expect((await post('finance', 'approve', '?period=2023-08')).json()).toEqual({
      state: 'approved',
      reason: null,
    });
    expect(await reportState(server.store.db, ict)).toEqual({ state: 'draft', reason: null });

    const frozen = await put('?period=2023-08', 'Efter godkännandet.', 1);
    expect(frozen.statusCode).toBe(409);
    expect(frozen.json<{ error: string }>().error).toBe('content.notEditable');
    const year = await put('', 'Året.', yearText.version);
    expect(year.statusCode, year.body).toBe(200);
    expect((await put('?period=2023-12', 'Året igen.', yearText.version + 1)).statusCode).toBe(200);

    const reopened = await post('finance', 'reopen', '?period=2023-08', 'Rättas.');
    expect(reopened.json()).toEqual({ state: 'draft', reason: 'Rättas.' });
    expect((await put('?period=2023-08', 'Rättad.', 1)).statusCode).toBe(200);
  });

  it('sets a key goal’s interim status and outcome with ?period, the year’s left as they were', async () => {
    const [goal] = await goals(server.store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK');
    const url = `/api/m/${DEMO_MUNICIPALITY}/${DEMO_YEAR}/goals/${goal!.id}`;
    const patched = await server.as('finance', {
      method: 'PATCH',
      url: `${url}?period=2023-08`,
      payload: { status: 'postponed', outcome: { sv: 'Skjuts upp.' } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<GoalView>()).toMatchObject({
      status: 'postponed',
      outcome: { sv: 'Skjuts upp.' },
      version: 1,
    });
    expect((await goals(server.store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK'))[0]).toEqual(goal);
    const indicators = await server.as('finance', {
      method: 'PATCH',
      url: `${url}?period=2023-08`,
      payload: { indicators: [{ index: 0, actual: '1' }] },
    });
    expect(indicators.statusCode).toBe(400);
  });

  it('refuses a period that is not a month of the path’s year', async () => {
    for (const period of ['2023-13', '2023-00', '2023-8x'])
      expect((await put(`?period=${period}`, 'x', null)).statusCode).toBe(400);
    const other = await post('editor', 'submit', '?period=2022-08');
    expect(other.statusCode).toBe(400);
    expect(other.json<{ error: string; message: string }>()).toEqual({
      error: 'period.otherYear',
      message: 'The period 2022-08 is not in the year 2023.',
    });
  });
});
