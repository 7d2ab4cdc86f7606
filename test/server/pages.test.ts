/**
 * The overview, unit, checks, budget-change and report routes on the demo, on both engines:
 * the figures are those of `utfall report`, the marks follow the user's units, a budget change
 * entered as a council decision moves the revised budget, and every report format downloads
 * with its content type.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../../src/db/figures.js';
import { runChecks } from '../../src/service/checks.js';
import { DEMO_MUNICIPALITY, DEMO_YEAR } from '../../src/service/demo.js';
import { figuresReport } from '../../src/service/figures.js';
import type { BudgetChangeView, ChecksView, Overview, UnitPage } from '../../src/api/pages.js';
import { ENGINES } from '../support/engines.js';
import { demoServer, type DemoServer } from './pages-support.js';

const base = `/api/m/${DEMO_MUNICIPALITY}/${DEMO_YEAR}`;

describe.each(ENGINES)('page routes on $name', (engine) => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await demoServer(engine);
  });
  afterAll(async () => {
    await server.close();
  });

  const overview = async (role: 'admin' | 'finance' | 'editor' | 'reader', query = '') => {
    const response = await server.as(role, { url: `${base}/overview${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Overview>();
  };
  const margin = async (unit: string, toMonth?: number) =>
    (
      await figuresReport(
        server.store.db,
        DEMO_MUNICIPALITY,
        DEMO_YEAR,
        unit,
        toMonth === undefined ? {} : { toMonth },
      )
    ).lines.find((l) => l.code === 'margin')!;

  it('gives the unit tree with the binding-line figures of utfall report', async () => {
    const view = await overview('reader');
    expect(view.year).toBe(DEMO_YEAR);
    expect(view.toMonth).toBe(12);
    expect(view.units.map((u) => u.code).slice(0, 3)).toEqual(['LOVISA', 'STK', 'STK-ADM']);
    const stk = view.units.find((u) => u.code === 'STK')!;
    expect(stk.depth).toBe(1);
    expect(stk.binding?.line).toBe('margin');
    expect(stk.binding?.bound).toBe(true);
    const { code: _code, ...figures } = await margin('STK');
    expect(stk.binding).toMatchObject(figures);
    // Costs used: the margin's actual over its revised budget, one decimal.
    const expected = Math.round((1000 * figures.actual!) / figures.revised!) / 10;
    expect(stk.binding?.usePercent).toBe(expected);
    expect(stk.breach).toBe(figures.actual! < figures.revised!);
    // An area without a binding of its own shows its margin, marked as not bound.
    const ict = view.units.find((u) => u.code === 'STK-ICT')!;
    expect(ict.binding).toMatchObject({ line: 'margin', bound: false });
    expect(ict.breach).toBe(false);
    // The findings the checks page lists in the request's language (English here): the stored
    // data's and the rendered reports' (test/server/overview-marks.test.ts has each language).
    const { findings } = (await server.as('reader', { url: `${base}/checks` })).json<ChecksView>();
    expect(view.findings.errors + view.findings.warnings).toBe(findings.length);
    for (const unit of view.units) {
      const own = findings.filter((f) => f.unitCode === unit.code);
      expect(unit.findings.errors + unit.findings.warnings).toBe(own.length);
      expect(unit.state).toBe('draft');
    }
  });

  it('marks as editable what the user may edit: an editor their area and its cost centres', async () => {
    const editable = (view: Overview) => view.units.filter((u) => u.editable).map((u) => u.code);
    expect(editable(await overview('editor'))).toEqual([
      'STK-ICT',
      '120101',
      '120102',
      '120103',
      '120104',
    ]);
    expect(editable(await overview('reader'))).toEqual([]);
    const all = await overview('finance');
    expect(editable(all)).toHaveLength(all.units.length);
  });

  it('runs the figures up to a period, and refuses a period of another year', async () => {
    const view = await overview('reader', '?period=2023-06');
    expect(view.toMonth).toBe(6);
    // An interim period compares with the budget to date, as the figures contract with --period.
    const { lines } = await figuresReport(server.store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK', {
      toMonth: 6,
      period: true,
    });
    const toDate = lines.find((l) => l.code === 'margin')!;
    expect(view.units.find((u) => u.code === 'STK')!.binding).toMatchObject({
      budget: toDate.budget,
      changes: toDate.changes,
      revised: toDate.revised,
      actual: toDate.actual,
      revisedToDate: toDate.revisedToDate,
      deviation: toDate.deviation,
      usePercent: toDate.useRate,
    });
    const other = await server.as('reader', { url: `${base}/overview?period=2022-06`, lang: 'sv' });
    expect(other.statusCode).toBe(400);
    expect(other.json<{ message: string }>().message).toContain('2022-06');
    const missing = await server.as('reader', { url: `/api/m/${DEMO_MUNICIPALITY}/2019/overview` });
    expect(missing.statusCode).toBe(404);
  });

  it('gives a unit page with the table, the monthly development and the content', async () => {
    const response = await server.as('editor', { url: `${base}/units/STK` });
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json<UnitPage>();
    const report = await figuresReport(server.store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK');
    expect(page.lines.map(({ label: _label, binding: _binding, ...line }) => line)).toEqual(
      report.lines,
    );
    expect(page.lines.filter((l) => l.binding).map((l) => l.code)).toEqual(['margin']);
    expect(page.lines[0]!.label.sv).toBe('Försäljningsintäkter');
    expect(page.ancestors.map((a) => a.code)).toEqual(['LOVISA']);
    expect(page.children.map((c) => c.code)).toEqual(['STK-ADM', 'STK-ICT', 'STK-EKP']);
    // The editor is assigned STK-ICT, not the central: read-only, no actions.
    expect(page.editable).toBe(false);
    expect(page.actions).toEqual([]);
    expect(page.state).toEqual({ state: 'draft', reason: null });
    // Monthly: cumulative actuals reach the year's actual, the budget the revised budget.
    const marginLine = report.lines.find((l) => l.code === 'margin')!;
    expect(page.monthly).toHaveLength(12);
    expect(page.monthly[11]).toEqual({
      month: 12,
      actual: marginLine.actual,
      budget: marginLine.revised,
    });
    expect(page.monthly[5]!.actual).toBe((await margin('STK', 6)).actual);
    // June's budget is the budget to date by the stored months (the demo's profiles).
    const june = await figuresReport(server.store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK', {
      toMonth: 6,
      period: true,
    });
    expect(page.monthly[5]!.budget).toBe(
      june.lines.find((l) => l.code === 'margin')!.revisedToDate,
    );
    expect(page.narratives.some((n) => n.section === 'events' && n.lang === 'sv')).toBe(true);
    expect(page.sections).toEqual(['events', 'risks', 'revenue', 'costs', 'margin']);
    expect(page.goals.length).toBeGreaterThanOrEqual(10);
    expect(page.themes.length).toBeGreaterThanOrEqual(4);
    expect(page.risks.every((r) => r.unitCode === 'STK')).toBe(true);

    const ict = (
      await server.as('editor', { url: `${base}/units/STK-ICT?period=2023-06` })
    ).json<UnitPage>();
    expect(ict.editable).toBe(true);
    expect(ict.actions).toEqual(['submit']);
    expect(ict.toMonth).toBe(6);
    expect(ict.monthly[5]!.actual).toBe((await margin('STK-ICT', 6)).actual);
    expect(ict.monthly.slice(6).every((m) => m.actual === null)).toBe(true);
    const finance = (await server.as('finance', { url: `${base}/units/STK-ICT` })).json<UnitPage>();
    // Lock only from approved: a draft offers finance only its submission.
    expect(finance.actions).toEqual(['submit']);

    const unknown = await server.as('reader', { url: `${base}/units/NOPE`, lang: 'fi' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ message: string }>().message).toContain('NOPE');
  });

  it('lists every finding in the request language with the place it concerns', async () => {
    const sv = await server.as('reader', { url: `${base}/checks`, lang: 'sv' });
    expect(sv.statusCode, sv.body).toBe(200);
    const checks = sv.json<ChecksView>();
    const stored = await runChecks(server.store.db, DEMO_MUNICIPALITY, DEMO_YEAR);
    expect(checks.findings.filter((f) => !/^(table|report)\./.test(f.rule))).toHaveLength(
      stored.length,
    );
    expect(checks.summary.errors + checks.summary.warnings).toBe(checks.findings.length);
    const sign = checks.findings.find((f) => f.rule === 'data.sign');
    expect(sign).toBeDefined();
    expect(sign!.link).toEqual({ unit: sign!.unitCode, line: sign!.line });
    expect(sign!.message).toContain('Avgiftsintäkter');
    const fi = (
      await server.as('reader', { url: `${base}/checks`, lang: 'fi' })
    ).json<ChecksView>();
    expect(fi.findings.find((f) => f.rule === 'data.sign')!.message).toContain('Maksutuotot');
    // The demo's texts exist in sv and fi; an English report shows them in another language.
    const en = (
      await server.as('reader', { url: `${base}/checks?lang=en&reports=true`, lang: 'en' })
    ).json<ChecksView>();
    expect(en.findings.some((f) => f.rule === 'report.missing-text')).toBe(true);
    const storedOnly = (
      await server.as('reader', { url: `${base}/checks?lang=en&reports=false` })
    ).json<ChecksView>();
    expect(storedOnly.findings).toHaveLength(stored.length);
  });

  it('serves the report in every format with its content type and file name', async () => {
    const report = (query: string) =>
      server.as('reader', { url: `${base}/report?unit=STK&lang=sv&${query}` });
    const document = await report('format=document');
    expect(document.statusCode, document.body).toBe(200);
    expect(document.headers['content-type']).toMatch(/^application\/json/);
    expect(document.json<{ lang: string; toMonth: number }>()).toMatchObject({
      lang: 'sv',
      toMonth: 12,
    });
    const html = await report('format=html&period=2023-08');
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.headers['content-disposition']).toMatch(
      /^inline; filename="utfall-lovisa-2023-STK-2023-08-sv\.html"/,
    );
    // Previewed in a frame of the web application: same origin only.
    expect(html.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(html.body).toContain('<html');
    const csv = await report('format=csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename=".*\.csv"/);
    const xlsx = await report('format=xlsx');
    expect(xlsx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const docx = await report('format=docx');
    expect(docx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(docx.headers['content-disposition']).toMatch(/attachment; filename=".*\.docx"/);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const city = await server.as('reader', { url: `${base}/report?format=document&lang=fi` });
    expect(city.statusCode).toBe(200);
    expect((await report('format=nope')).statusCode).toBe(400);
    expect(
      (await server.as('reader', { url: `${base}/report?unit=NOPE&format=html` })).statusCode,
    ).toBe(404);
  });

  // Printed by the Chromium that CI installs (.ci/run): a missing browser fails, never skips.
  it('serves the report as PDF', async () => {
    const pdf = await server.as('reader', {
      url: `${base}/report?unit=STK-ICT&lang=fi&format=pdf`,
    });
    expect(pdf.statusCode, pdf.body.slice(0, 300)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(
      'attachment; filename="utfall-lovisa-2023-STK-ICT-fi.pdf"',
    );
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('records a council decision that moves the revised budget, for finance only', async () => {
    const before = (await overview('reader')).units.find((u) => u.code === 'STK')!.binding!;
    const decision = {
      decision: 'KF 12.6.2023 §45',
      date: '2023-06-12',
      amounts: [
        { unit: 'STK-ICT', line: 'services', amount: -1_500_000 },
        { unit: '110101', line: 'personnel', amount: -250_050 },
        { unit: 'STK-EKP', line: 'sales', amount: 100_000 },
      ],
    };
    const refused = await server.as('editor', {
      method: 'POST',
      url: `${base}/budget-changes`,
      payload: decision,
    });
    expect(refused.statusCode).toBe(403);

    const unchanged = await snapshot(server.store.db, DEMO_MUNICIPALITY);
    for (const bad of [
      { ...decision, amounts: [{ unit: 'NOPE', line: 'services', amount: 1 }] },
      { ...decision, amounts: [{ unit: 'STK', line: 'costs', amount: 1 }] },
      { ...decision, amounts: [{ unit: 'STK', line: 'services', amount: 1.5 }] },
      { ...decision, date: '2023-02-30x' },
      { ...decision, decision: ' ' },
    ]) {
      const response = await server.as('finance', {
        method: 'POST',
        url: `${base}/budget-changes`,
        payload: bad,
        lang: 'sv',
      });
      expect(response.statusCode, JSON.stringify(bad)).toBe(400);
    }
    const unknownUnit = await server.as('finance', {
      method: 'POST',
      url: `${base}/budget-changes`,
      payload: { ...decision, amounts: [{ unit: 'NOPE', line: 'services', amount: 1 }] },
      lang: 'sv',
    });
    expect(unknownUnit.json<{ message: string }>().message).toBe(
      'Det finns ingen enhet NOPE detta år.',
    );
    expect(await snapshot(server.store.db, DEMO_MUNICIPALITY)).toBe(unchanged);

    const created = await server.as('finance', {
      method: 'POST',
      url: `${base}/budget-changes`,
      payload: decision,
    });
    expect(created.statusCode, created.body).toBe(201);
    const change = created.json<BudgetChangeView>();
    expect(change).toMatchObject({ decision: 'KF 12.6.2023 §45', date: '2023-06-12' });
    expect(change.total).toBe(-1_650_050);
    expect(change.amounts).toHaveLength(3);

    const after = (await overview('reader')).units.find((u) => u.code === 'STK')!.binding!;
    expect(after.budget).toBe(before.budget);
    expect(after.changes).toBe(before.changes! - 1_650_050);
    expect(after.revised).toBe(before.revised! - 1_650_050);
    expect(after.actual).toBe(before.actual);
    const { code: _code, ...figures } = await margin('STK');
    expect(after).toMatchObject(figures);

    const list = await server.as('reader', { url: `${base}/budget-changes` });
    expect(list.json<{ changes: BudgetChangeView[] }>().changes).toEqual([change]);
    const audit = await server.as('reader', {
      url: `/api/m/${DEMO_MUNICIPALITY}/audit?entity=budgetChange`,
    });
    const entries = audit.json<{ entries: { actor: string; after: { decision: string } }[] }>()
      .entries;
    expect(entries.map((e) => [e.actor, e.after.decision])).toEqual([
      ['finance', 'KF 12.6.2023 §45'],
    ]);
  });
});
