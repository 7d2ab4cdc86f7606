/**
 * GET and POST /api/m/:m/years on the demo: the years with the start proposed and whether the
 * caller may start one; a start by finance answered with what was copied, refused for readers
 * and editors (403), again (409 year.exists), into a year not after its source (400) and from a
 * year that does not exist (404). On one engine: the copy itself is tested on both
 * (test/service/year-start.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yearsSchema, yearStartedSchema } from '../../src/api/years.js';
import { ENGINES } from '../support/engines.js';
import { demoServer, type DemoServer } from './pages-support.js';

const engine = ENGINES.find((e) => e.name === 'postgres') ?? ENGINES[0]!;
const url = '/api/m/lovisa/years';

describe(`the years routes on ${engine.name}`, () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await demoServer(engine);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists the years and proposes the next one; only finance and admin may start it', async () => {
    const reader = await server.as('reader', { method: 'GET', url });
    expect(reader.statusCode).toBe(200);
    const view = yearsSchema.parse(reader.json());
    expect(view.mayStart).toBe(false);
    expect(view.proposal).toEqual({ year: 2024, from: 2023 });
    expect(view.years.find((y) => y.year === 2023)?.units).toBeGreaterThan(0);
    for (const role of ['finance', 'admin'] as const) {
      const answer = yearsSchema.parse((await server.as(role, { method: 'GET', url })).json());
      expect(answer.mayStart, role).toBe(true);
    }
    for (const role of ['reader', 'editor'] as const) {
      const refused = await server.as(role, {
        method: 'POST',
        url,
        payload: { year: 2024, from: 2023 },
      });
      expect(refused.statusCode, role).toBe(403);
    }
  });

  it('starts 2024 from 2023 and answers what was copied', async () => {
    const response = await server.as('finance', {
      method: 'POST',
      url,
      payload: { year: 2024, from: 2023 },
    });
    expect(response.statusCode).toBe(201);
    const started = yearStartedSchema.parse(response.json());
    expect(started).toMatchObject({ year: 2024, from: 2023 });
    expect(started.copied.units).toBeGreaterThan(0);
    expect(started.copied.goals).toBeGreaterThan(0);
    const view = yearsSchema.parse((await server.as('finance', { method: 'GET', url })).json());
    expect(view.proposal).toEqual({ year: 2025, from: 2024 });
    expect(view.years.find((y) => y.year === 2024)?.units).toBe(started.copied.units);
    const meta = await server.as('reader', { method: 'GET', url: '/api/meta' });
    expect(meta.json<{ municipalities: { years: number[] }[] }>().municipalities[0]?.years).toEqual(
      expect.arrayContaining([2023, 2024]),
    );
  });

  it('refuses a second start (409), a year not after (400) and an unknown source (404)', async () => {
    const post = (payload: Record<string, unknown>, lang: 'sv' | 'en' = 'en') =>
      server.as('admin', { method: 'POST', url, payload, lang });
    const again = await post({ year: 2024, from: 2023 }, 'sv');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      error: 'year.exists',
      message: expect.stringContaining('Året 2024 har redan startats') as unknown,
    });
    const notAfter = await post({ year: 2023, from: 2024 });
    expect(notAfter.statusCode).toBe(400);
    expect(notAfter.json()).toMatchObject({
      error: 'year.notAfter',
      message: 'A new year is started from an earlier one: 2023 does not come after 2024.',
    });
    const unknown = await post({ year: 2031, from: 2030 });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: 'year.unknown' });
    const invalid = await post({ year: 'next', from: 2023 });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ error: 'validation' });
  });
});
