/**
 * Forecasts for the year on the Lovisa demo, on PGlite and PostgreSQL: the form of an interim
 * period (its figures, Utfall's proposals, who may change it), entering a forecast (who may,
 * which period and line, a stale version, an approved period, the audit entry), the overview's
 * early warning on a binding line forecast to end worse than its revised budget and the check
 * that says the same, the HTTP answers the web reads through src/api, and on PostgreSQL two
 * saves of one line at once.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forecastFormSchema, overviewSchema } from '../../src/api/pages.js';
import { openStore, type Store } from '../../src/db/open.js';
import { lockUnit, lockYearShared } from '../../src/db/units.js';
import type { Actor } from '../../src/domain/access.js';
import { LINES, type LineCode } from '../../src/domain/lines.js';
import type { Cents } from '../../src/domain/money.js';
import { checkFindingText } from '../../src/i18n/findings.js';
import { translate } from '../../src/i18n/index.js';
import { buildServer } from '../../src/server/app.js';
import { checksFor } from '../../src/service/checks.js';
import { auditLog, changeState } from '../../src/service/content.js';
import { loadDemo } from '../../src/service/demo.js';
import { forecastForm, setForecast, type ForecastScope } from '../../src/service/forecasts.js';
import { yearOverview } from '../../src/service/overview.js';
import { addUser } from '../../src/service/users.js';
import { ENGINES, POSTGRES_TEST_URL } from '../support/engines.js';
import { hold } from '../support/hold.js';

const M = 'lovisa';
const YEAR = 2023;
const c = (n: number) => n as Cents;

function member(name: string, role: 'reader' | 'editor' | 'finance', units: string[] = []): Actor {
  return { name, system: false, memberships: { [M]: { role, units } }, everywhere: null };
}
const editor = member('editor', 'editor', ['STK-ICT']);
const reader = member('reader', 'reader');
const finance = member('finance', 'finance');

const scope = (unitCode: string, period = 8): ForecastScope => ({
  municipalityId: M,
  year: YEAR,
  unitCode,
  period,
});

async function lineOf(store: Store, unitCode: string, line: LineCode, actor: Actor = finance) {
  const form = await forecastForm(store.db, actor, scope(unitCode));
  return form.lines.find((l) => l.code === line)!;
}

describe.each(ENGINES)('forecasts on $name', (engine) => {
  let store: Store;

  beforeAll(async () => {
    store = await engine.open();
    await loadDemo(store.db);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('gives the form of an interim period: every line, its figures and proposals; editable for the editor of STK-ICT only', async () => {
    const form = await forecastForm(store.db, editor, scope('STK-ICT'));
    expect(form.period).toBe(8);
    expect(form.editable).toBe(true);
    expect(form.lines.map((l) => l.code)).toEqual(LINES.map((l) => l.code));
    // The demo forecast some of STK-ICT's lines for 2023-08, not its other operating expenses.
    const other = form.lines.find((l) => l.code === 'otherCosts')!;
    expect(other.actual).not.toBeNull();
    // Nobody forecast it: it follows its budget for the months left.
    const remaining = other.actual! + other.revised! - other.revisedToDate!;
    expect(other).toMatchObject({ forecast: remaining, entered: false, own: null });
    expect(other.forecastDeviation).toBe(remaining - other.revised!);
    const proposals = new Map(other.proposals.map((p) => [p.method, p.amount]));
    expect(proposals.get('remaining')).toBe(remaining);
    // Rounded half away from zero, to the cent.
    const rate = (other.actual! * 12) / 8;
    expect(proposals.get('runRate')).toBe(Math.sign(rate) * Math.round(Math.abs(rate)));
    expect(
      [...proposals.keys()].every((m) => ['remaining', 'runRate', 'previousYear'].includes(m)),
    ).toBe(true);
    // Totals add up their lines' forecasts.
    const costs = form.lines.find((l) => l.code === 'costs')!;
    const costLines = LINES.find((l) => l.code === 'costs')!.sumOf!;
    expect(costs.forecast).toBe(
      form.lines
        .filter((l) => costLines.includes(l.code))
        .reduce((sum, l) => sum + (l.forecast ?? 0), 0),
    );

    expect((await forecastForm(store.db, editor, scope('STK-ADM'))).editable).toBe(false);
    expect((await forecastForm(store.db, reader, scope('STK-ICT'))).editable).toBe(false);
    expect((await forecastForm(store.db, finance, scope('STK-ADM'))).editable).toBe(true);
    await expect(forecastForm(store.db, editor, scope('STK-ICT', 12))).rejects.toMatchObject({
      code: 'forecast.period',
    });
  });

  it('lets the editor of STK-ICT enter a forecast, rolled up to STK and audited; a stale version is refused', async () => {
    const stkBefore = await lineOf(store, 'STK', 'sales');
    const ictBefore = await lineOf(store, 'STK-ICT', 'sales');
    expect(ictBefore.own).toBeNull();
    const amount = c(3_000_000);
    const saved = await setForecast(
      store.db,
      scope('STK-ICT'),
      { line: 'sales', amount, baseVersion: null },
      editor,
    );
    expect(saved.version).toBe(1);
    const after = await lineOf(store, 'STK-ICT', 'sales', editor);
    expect(after).toMatchObject({
      forecast: amount,
      forecastDeviation: amount - after.revised!,
      entered: true,
      own: { amount, version: 1, updatedBy: 'editor' },
    });
    // The central's forecast stands on its area's: moved by exactly the change.
    const stkAfter = await lineOf(store, 'STK', 'sales');
    expect(stkAfter.forecast).toBe(stkBefore.forecast! + (amount - ictBefore.forecast!));
    expect(stkAfter).toMatchObject({ entered: true, own: null });

    const audit = await auditLog(store.db, M, {
      entity: 'forecast',
      key: `${YEAR}/STK-ICT/8/sales`,
    });
    expect(audit.map((a) => [a.actor, a.action, a.before, a.after])).toEqual([
      ['editor', 'create', null, { amount, version: 1 }],
    ]);

    // Saved over the version seen: a new version; over an older one: refused, nothing written.
    expect(
      (
        await setForecast(
          store.db,
          scope('STK-ICT'),
          { line: 'sales', amount: c(3_100_000), baseVersion: 1 },
          editor,
        )
      ).version,
    ).toBe(2);
    await expect(
      setForecast(
        store.db,
        scope('STK-ICT'),
        { line: 'sales', amount: c(1), baseVersion: 1 },
        finance,
      ),
    ).rejects.toMatchObject({ code: 'forecast.conflict', params: { by: 'editor' } });
    await expect(
      setForecast(
        store.db,
        scope('STK-ICT'),
        { line: 'sales', amount: c(1), baseVersion: null },
        finance,
      ),
    ).rejects.toMatchObject({ code: 'forecast.conflict' });
    expect((await lineOf(store, 'STK-ICT', 'sales')).own).toMatchObject({
      amount: 3_100_000,
      version: 2,
    });
    // A cost centre under STK-ICT is the editor's too.
    expect(
      (
        await setForecast(
          store.db,
          scope('120101'),
          { line: 'materials', amount: c(-500_000), baseVersion: null },
          editor,
        )
      ).version,
    ).toBe(1);
    // Removed, the line follows its budget again.
    await setForecast(
      store.db,
      scope('STK-ICT'),
      { line: 'sales', amount: null, baseVersion: 2 },
      editor,
    );
    expect(await lineOf(store, 'STK-ICT', 'sales')).toMatchObject({ own: null, entered: false });
    expect(
      (await auditLog(store.db, M, { entity: 'forecast', key: `${YEAR}/STK-ICT/8/sales` })).map(
        (a) => a.action,
      ),
    ).toEqual(['create', 'update', 'delete']);
  });

  it('refuses the editor on STK-ADM, the reader, the year, a sum line and an approved period', async () => {
    const entry = { line: 'services', amount: c(-100), baseVersion: null };
    await expect(setForecast(store.db, scope('STK-ADM'), entry, editor)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(setForecast(store.db, scope('STK-ICT'), entry, reader)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(setForecast(store.db, scope('STK-ICT', 12), entry, editor)).rejects.toMatchObject({
      code: 'forecast.period',
    });
    await expect(
      setForecast(store.db, scope('STK-ICT'), { ...entry, line: 'costs' }, editor),
    ).rejects.toMatchObject({ code: 'forecast.line' });

    // The interim report 1–8 of STK-EKP approved: its forecasts of period 8 are frozen, the form
    // says so; period 4 has a workflow of its own and stays open.
    const ekp = { municipalityId: M, year: YEAR, unitCode: 'STK-EKP', period: 8 };
    await changeState(store.db, ekp, 'submit', finance);
    await changeState(store.db, ekp, 'approve', finance);
    await expect(setForecast(store.db, scope('STK-EKP'), entry, finance)).rejects.toMatchObject({
      code: 'content.notEditable',
    });
    await expect(setForecast(store.db, scope('130101'), entry, finance)).rejects.toMatchObject({
      code: 'content.notEditable',
    });
    expect((await forecastForm(store.db, finance, scope('STK-EKP'))).editable).toBe(false);
    expect((await forecastForm(store.db, finance, scope('STK-EKP', 4))).editable).toBe(true);
    expect((await setForecast(store.db, scope('STK-EKP', 4), entry, finance)).version).toBe(1);
  });

  it('flags on the overview and in the checks a binding line forecast to end worse than its revised budget', async () => {
    // STK's margin binds (the demo's one binding). STK-ICT's purchases of services moved so that
    // STK's margin is forecast 1 000,00 € better, then 1 000,00 € worse than its revised budget.
    const services = await lineOf(store, 'STK-ICT', 'services');
    const marginOf = async () => {
      const overview = await yearOverview(store.db, M, YEAR, { toMonth: 8 });
      return { overview, stk: overview.units.find((u) => u.code === 'STK')! };
    };
    const start = await marginOf();
    expect(start.stk.binding).toMatchObject({ line: 'margin', bound: true });
    const deviation = start.stk.binding!.forecastDeviation!;
    let version = services.own?.version ?? null;
    const moveTo = async (target: number) => {
      const amount = c(services.forecast! - deviation + target);
      ({ version } = await setForecast(
        store.db,
        scope('STK-ICT'),
        { line: 'services', amount, baseVersion: version },
        finance,
      ));
      return marginOf();
    };
    const checked = async (toMonth?: number) =>
      (
        await checksFor(store.db, reader, M, YEAR, {
          lang: 'sv',
          reports: false,
          additive: false,
          ...(toMonth === undefined ? {} : { toMonth }),
        })
      ).findings.filter((f) => f.rule === 'binding.forecast-exceeded');

    const within = await moveTo(100_000);
    expect(within.stk.binding!.forecastDeviation).toBe(100_000);
    expect(within.stk.forecastExceeded).toBe(false);
    expect(await checked(8)).toEqual([]);

    const { overview, stk } = await moveTo(-100_000);
    expect(stk.binding).toMatchObject({
      forecast: start.stk.binding!.forecast! - deviation - 100_000,
      forecastDeviation: -100_000,
    });
    expect(stk.forecastExceeded).toBe(true);
    // Only a stated binding is flagged: STK-ICT's margin, shown in its place, is not.
    const ict = overview.units.find((u) => u.code === 'STK-ICT')!;
    expect(ict.binding).toMatchObject({ line: 'margin', bound: false });
    expect(ict.binding!.forecast).not.toBeNull();
    expect(ict.forecastExceeded).toBe(false);
    expect(overview.units.filter((u) => u.forecastExceeded).map((u) => u.code)).toEqual(['STK']);
    expect(overview.findings.warnings).toBe(within.overview.findings.warnings + 1);
    expect(overviewSchema.shape.units.element.parse({ ...stk, editable: false })).toBeTruthy();
    // The year has no forecast.
    const year = await yearOverview(store.db, M, YEAR, { toMonth: 12 });
    expect(year.units.find((u) => u.code === 'STK')).toMatchObject({
      binding: { forecast: null, forecastDeviation: null },
      forecastExceeded: false,
    });

    // The check at 2023-08 says the same, in words; at the year (the default: December is the
    // last month booked) it has nothing to say of forecasts.
    const found = await checked(8);
    expect(found).toEqual([
      expect.objectContaining({
        severity: 'warning',
        unitCode: 'STK',
        line: 'margin',
        expected: stk.binding!.revised,
        found: stk.binding!.forecast,
        period: 8,
      }),
    ]);
    expect(checkFindingText(found[0]!, translate('sv'), 'sv')).toMatch(
      /^STK, Verksamhetsbidrag, externt är bindande mot fullmäktige: prognosen för året −[\d\u00a0]+\u00a0€ \(delårsrapport 1–8\) är sämre än budgeten efter förändringar −[\d\u00a0]+\u00a0€ \(prognosavvikelse −[\d\u00a0]+\u00a0€\)$/,
    );
    expect(checkFindingText(found[0]!, translate('fi'), 'fi')).toContain('koko vuoden ennuste');
    expect(await checked()).toEqual([]);
    expect(await checked(12)).toEqual([]);

    // The demo's forecast back, as it was.
    await setForecast(
      store.db,
      scope('STK-ICT'),
      {
        line: 'services',
        amount: services.own ? c(services.own.amount) : null,
        baseVersion: version,
      },
      finance,
    );
    expect((await marginOf()).stk.binding!.forecastDeviation).toBe(deviation);
  });

  it('answers over HTTP as the web reads it: the form, and 409 on a stale version', async () => {
    // One user, the demo editor's role and unit (each password costs a scrypt hash).
    const password = 'forecast-editor-2023';
    await addUser(store.db, {
      username: 'editor',
      displayName: 'Editor',
      password,
      memberships: { [M]: { role: 'editor', units: ['STK-ICT'] } },
    });
    const app: FastifyInstance = await buildServer({ store, webRoot: null });
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username: 'editor', password },
      });
      const cookie = login.cookies.find((k) => k.name === 'utfall_session')!;
      const headers = {
        cookie: `${cookie.name}=${cookie.value}`,
        'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken,
        'accept-language': 'sv',
      };
      const url = `/api/m/${M}/${YEAR}/units/STK-ICT/forecasts`;
      const form = await app.inject({ url: `${url}?period=2023-08`, headers });
      expect(form.statusCode).toBe(200);
      const parsed = forecastFormSchema.parse(form.json());
      expect(parsed).toMatchObject({ period: 8, editable: true });
      const put = (version: number | null) =>
        app.inject({
          method: 'PUT',
          url: `${url}/otherCosts`,
          headers,
          payload: { period: '2023-08', amount: -3_000_000, version },
        });
      expect((await put(null)).json()).toEqual({ version: 1 });
      const stale = await put(null);
      expect(stale.statusCode).toBe(409);
      expect(stale.json()).toMatchObject({ error: 'forecast.conflict' });
      expect(stale.json<{ message: string }>().message).toContain('editor');
      const year = await app.inject({ url: `${url}?period=2023-12`, headers });
      expect(year.statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });

  it.runIf(engine.name === 'postgres')(
    'two saves of one line at once are serialised: the second on the first’s version succeeds, one on a stale version is refused',
    async () => {
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(
        store.db,
      );
      const other = await openStore({ url: POSTGRES_TEST_URL, schema: rows[0]!.schema });
      try {
        const line = 'internal';
        const base = (await lineOf(store, 'STK-ICT', line)).own?.version ?? null;
        const first = (base ?? 0) + 1;
        // Another writer holds the unit, as a save does: the saves below must queue behind it.
        let holderPid = 0;
        const holder = await hold(other.db, async (trx) => {
          holderPid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx))
            .rows[0]!.pid;
          await lockYearShared(trx, M, YEAR);
          await lockUnit(trx, { municipalityId: M, year: YEAR, unitCode: 'STK-ICT' });
        });
        const save = (amount: number, baseVersion: number | null) =>
          setForecast(store.db, scope('STK-ICT'), { line, amount: c(amount), baseVersion }, editor);
        // Started one after the other, each waiting before the next starts: they queue in order.
        const outcomes: Promise<{ version: number | null }>[] = [];
        for (const [amount, baseVersion] of [
          [-1_000_000, base],
          [-2_000_000, first],
          [-3_000_000, base],
        ] as const) {
          const pending = save(amount, baseVersion);
          pending.catch(() => undefined);
          outcomes.push(pending);
          await waitersOf(other, holderPid, outcomes.length);
        }
        await holder.release();
        const settled = await Promise.allSettled(outcomes);
        expect(settled[0]).toEqual({ status: 'fulfilled', value: { version: first } });
        expect(settled[1]).toEqual({ status: 'fulfilled', value: { version: first + 1 } });
        expect(settled[2]).toMatchObject({
          status: 'rejected',
          reason: { code: 'forecast.conflict' },
        });
        expect((await lineOf(store, 'STK-ICT', line)).own).toMatchObject({
          amount: -2_000_000,
          version: first + 1,
        });
        const audit = await auditLog(store.db, M, {
          entity: 'forecast',
          key: `${YEAR}/STK-ICT/8/${line}`,
        });
        expect(audit.map((a) => (a.after as { amount: number }).amount)).toEqual([
          -1_000_000, -2_000_000,
        ]);
      } finally {
        await other.close();
      }
    },
  );
});

/**
 * Waits until `count` backends wait, directly or behind one another, on the holder's locks (so
 * that writers started one after the other are queued in that order).
 */
async function waitersOf(store: Store, holderPid: number, count: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { rows } = await sql<{ pid: number; blockers: number[] }>`
      select pid, pg_blocking_pids(pid) as blockers from pg_stat_activity
      where cardinality(pg_blocking_pids(pid)) > 0
    `.execute(store.db);
    const waiting = new Set<number>();
    for (let grown = true; grown;) {
      grown = false;
      for (const row of rows) {
        if (waiting.has(row.pid)) continue;
        if (row.blockers.some((b) => b === holderPid || waiting.has(b))) {
          waiting.add(row.pid);
          grown = true;
        }
      }
    }
    if (waiting.size >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`fewer than ${count} writers waiting on the held unit`);
}
