/**
 * The report document built from the Lovisa 2023 demo: sections in the seed's order, the
 * central's figures to the euro, the binding line, goals by theme, languages and rounding.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import { LINES } from '../../src/domain/lines.js';
import { roundToThousands } from '../../src/domain/money.js';
import { buildReport } from '../../src/report/build.js';
import type {
  FigureTableBlock,
  GoalTableBlock,
  ReportDocument,
  ReportSection,
} from '../../src/report/document.js';
import { DEMO_MUNICIPALITY, loadDemo } from '../../src/service/demo.js';
import { goals, themes } from '../../src/service/goals.js';
import { ENGINES } from '../support/engines.js';

const common = { municipalityId: DEMO_MUNICIPALITY, year: 2023 };

function section(doc: ReportDocument, code: string): ReportSection {
  const found = doc.sections.find((s) => s.unitCode === code);
  if (!found) throw new Error(`no section ${code}`);
  return found;
}

function figureTable(doc: ReportDocument, code: string): FigureTableBlock {
  const block = section(doc, code).blocks.find((b) => b.kind === 'figureTable');
  if (!block) throw new Error(`no figure table for ${code}`);
  return block;
}

function row(table: FigureTableBlock, line: string) {
  const found = table.rows.find((r) => r.line === line);
  if (!found) throw new Error(`no row ${line}`);
  return found;
}

describe.each(ENGINES)('the report document on $name', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await engine.open();
    await loadDemo(store.db);
  });
  afterAll(async () => {
    await store.close();
  });

  it('gives the central and its areas in order, with the seed figures and binding line', async () => {
    const doc = await buildReport(store.db, { ...common, unitCode: 'STK', lang: 'sv' });
    expect(doc.sections.map((s) => [s.unitCode, s.level])).toEqual([
      ['STK', 1],
      ['STK-ADM', 2],
      ['STK-ICT', 2],
      ['STK-EKP', 2],
    ]);
    expect(doc.title).toBe('Stadskanslicentralen — Verksamhetsberättelse 2023');
    expect(doc.additive).toBe(false);
    const stk = section(doc, 'STK');
    expect(stk.heading).toBe('Stadskanslicentralen');
    expect(stk.responsible).toBe('Ansvarsperson: tf stadsdirektören');
    expect(stk.blocks.map((b) => b.kind)).toEqual([
      'heading',
      'markdown',
      'heading',
      'markdown',
      'figureTable',
      'heading',
      'markdown',
      'markdown',
      'markdown',
      'chart',
      'heading',
      'goalTable',
    ]);

    const table = figureTable(doc, 'STK');
    const margin = row(table, 'margin');
    expect(margin.printed).toMatchObject({
      budget: -4_136_458,
      actual: -3_890_507,
      deviation: 245_951,
    });
    expect(margin.binding).toBe(true);
    expect(margin.total).toBe(true);
    expect(margin.label).toBe('Verksamhetsbidrag, externt');
    expect(row(table, 'revenue').printed.actual).toBe(185_185);
    expect(table.rows.filter((r) => r.binding).map((r) => r.line)).toEqual(['margin']);
    // The printed table's lines: those with figures, plus the totals and the lines below.
    expect(table.rows.map((r) => r.line)).not.toContain('stockChange');
    expect(table.rows.map((r) => r.line)).toContain('imputed');
    expect(table.columns.map((c) => c.label)).toContain('BOKSLUT 2023');
    expect(doc.footnotes.join(' ')).toMatch(/avrundningsdifferenser/);

    // An area without written outcome comments prints none: Utfall's proposed sentences are
    // only in the preview (issue 11), marked as proposals.
    const adm = section(doc, 'STK-ADM');
    expect(adm.blocks.filter((b) => b.kind === 'paragraph')).toEqual([]);
    const preview = await buildReport(store.db, {
      ...common,
      unitCode: 'STK',
      lang: 'sv',
      proposals: true,
    });
    const proposed = section(preview, 'STK-ADM').blocks.filter((b) => b.kind === 'paragraph');
    expect(proposed.length).toBe(3);
    expect(proposed.every((b) => b.kind === 'paragraph' && b.proposal === true)).toBe(true);
  });

  it('groups the goals by theme in ascending order, with Swedish texts', async () => {
    const doc = await buildReport(store.db, { ...common, unitCode: 'STK', lang: 'sv' });
    const table = section(doc, 'STK').blocks.find((b) => b.kind === 'goalTable');
    expect(table).toBeDefined();
    const stored = await goals(store.db, DEMO_MUNICIPALITY, 2023, 'STK');
    const names = await themes(store.db, DEMO_MUNICIPALITY, 2023);
    expect(table!.rows).toHaveLength(stored.length);
    const order = table!.rows.map((r) => r.theme);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(order)).toEqual(new Set(stored.map((g) => g.theme)));
    for (const goalRow of table!.rows) {
      expect(goalRow.themeName).toBe(names.find((n) => n.number === goalRow.theme)!.names.sv);
      if (goalRow.fallback.length === 0) {
        expect(stored.some((g) => g.goal.sv === goalRow.goal)).toBe(true);
      }
    }
    expect(table!.rows[0]!.goal).toBe(
      'Lovisa blir mer känt och bilden av staden som helhet blir mer positiv.',
    );
    expect(table!.rows.find((r) => r.status === 'achieved')?.statusLabel).toBe('uppnått');
    expect(table!.columns.map((c) => c.label)).toContain('Nyckelmål');
  });

  it('speaks Finnish in fi, and falls back to another language where a text is missing', async () => {
    const doc = await buildReport(store.db, { ...common, unitCode: 'STK', lang: 'fi' });
    expect(doc.title).toBe('Kaupunginkanslian keskus — Toimintakertomus 2023');
    const stk = section(doc, 'STK');
    expect(stk.heading).toBe('Kaupunginkanslian keskus');
    expect(stk.responsible).toMatch(/^Vastuuhenkilö: /);
    expect(stk.blocks[0]).toEqual({
      kind: 'heading',
      level: 2,
      text: 'Toimintaan vaikuttaneet tapahtumat vuoden aikana',
    });
    expect(stk.blocks[1]).toMatchObject({
      kind: 'markdown',
      section: 'events',
      fallbackLang: null,
    });
    const table = figureTable(doc, 'STK');
    expect(row(table, 'margin').label).toBe('Toimintakate, ulkoinen');
    expect(row(table, 'revenue').label).toBe('Toimintatuotot');
    expect(table.columns.map((c) => c.label)).toEqual([
      'TALOUSARVIO 2023',
      'TALOUSARVIOMUUTOKSET',
      'TA MUUTOSTEN JÄLKEEN',
      'TILINPÄÄTÖS 2023',
      'POIKKEAMA',
      // The demo holds 2022: its actual and the change % stand beside 2023's.
      'TP 2022',
      'MUUTOS %',
    ]);
    expect(section(doc, 'STK-ICT').heading).toBe('Tieto- ja viestintäteknologiapalvelut');
    const goalTable = stk.blocks.find((b) => b.kind === 'goalTable') as GoalTableBlock;
    expect(goalTable.rows[0]!.themeName).toBe('Elinvoimainen kaupunki');
    expect(goalTable.rows[0]!.statusLabel).toBe('osittain saavutettu');

    // The demo has no English narratives: they are shown in Swedish and marked.
    const en = await buildReport(store.db, { ...common, unitCode: 'STK', lang: 'en' });
    expect(section(en, 'STK').blocks[1]).toMatchObject({ kind: 'markdown', fallbackLang: 'sv' });
    const enGoals = section(en, 'STK').blocks.find((b) => b.kind === 'goalTable') as GoalTableBlock;
    expect(enGoals.rows[1]!.fallback).toEqual(['sv']);
    expect(enGoals.rows[0]!.goal).toBe(
      'Lovisa becomes better known and its overall image more positive.',
    );
  });

  it('rounds additively on request: every printed total is the sum of its printed parts', async () => {
    const doc = await buildReport(store.db, {
      ...common,
      unitCode: 'STK',
      lang: 'sv',
      additive: true,
    });
    expect(doc.additive).toBe(true);
    expect(doc.footnotes.join(' ')).toMatch(/summorna i varje kolumn stämmer/);
    for (const code of ['STK', 'STK-ADM', 'STK-ICT', 'STK-EKP']) {
      const table = figureTable(doc, code);
      const printed = new Map(table.rows.map((r) => [r.line, r.printed]));
      for (const line of LINES) {
        if (!line.sumOf) continue;
        const total = printed.get(line.code);
        expect(total).toBeDefined();
        for (const column of ['budget', 'changes', 'revised', 'actual'] as const) {
          if (total![column] === null) continue;
          const parts = line.sumOf.reduce(
            (sum, part) => sum + (printed.get(part)?.[column] ?? 0),
            0,
          );
          expect([code, line.code, column, total![column]]).toEqual([
            code,
            line.code,
            column,
            parts,
          ]);
        }
      }
      for (const r of table.rows) {
        for (const column of ['budget', 'changes', 'revised', 'actual', 'deviation'] as const) {
          const exact = r.cells[column];
          if (exact === null) continue;
          expect(Math.abs(r.printed[column]! * 100 - exact)).toBeLessThan(100);
        }
      }
    }
    expect(row(figureTable(doc, 'STK'), 'margin').printed.actual).toBe(-3_890_507);
  });

  it('prints thousands of euros on request, rounded from the cents, additive or not', async () => {
    for (const additive of [false, true]) {
      const doc = await buildReport(store.db, {
        ...common,
        unitCode: 'STK',
        lang: 'sv',
        additive,
        thousands: true,
      });
      expect(doc.thousands).toBe(true);
      const table = figureTable(doc, 'STK');
      expect(table.caption).toBe('Utfallet för de ekonomiska målen 2023 (1 000 €)');
      expect(doc.footnotes.join(' ')).toMatch(/tusen euro/);
      // −3 890 507,30 € is −3 891 thousand; the binding line is the same line.
      expect(row(table, 'margin').printed.actual).toBe(-3_891);
      expect(row(table, 'margin').printed.budget).toBe(-4_136);
      for (const code of ['STK', 'STK-ADM', 'STK-ICT', 'STK-EKP']) {
        for (const r of figureTable(doc, code).rows) {
          for (const column of ['budget', 'changes', 'revised', 'actual', 'deviation'] as const) {
            const exact = r.cells[column];
            if (exact === null) {
              expect(r.printed[column]).toBeNull();
              continue;
            }
            if (!additive) expect(r.printed[column]).toBe(roundToThousands(exact));
            // Within one thousand of the exact figure, additive or not.
            expect(Math.abs(r.printed[column]! * 100_000 - exact)).toBeLessThan(100_000);
          }
        }
      }
      if (additive) {
        const printed = new Map(table.rows.map((r) => [r.line, r.printed.actual ?? 0]));
        const parts = (line: 'revenue' | 'costs') =>
          LINES.find((l) => l.code === line)!.sumOf!.reduce(
            (sum, part) => sum + (printed.get(part) ?? 0),
            0,
          );
        expect(printed.get('revenue')).toBe(parts('revenue'));
        expect(printed.get('costs')).toBe(parts('costs'));
        expect(printed.get('margin')).toBe(printed.get('revenue')! + printed.get('costs')!);
      }
    }
    const fi = await buildReport(store.db, {
      ...common,
      unitCode: 'STK',
      lang: 'fi',
      thousands: true,
    });
    expect(figureTable(fi, 'STK').caption).toBe(
      'Taloudellisten tavoitteiden toteutuminen 2023 (1 000 €)',
    );
    expect(fi.footnotes[0]).toMatch(/^Tuhatta euroa/);
    const city = await buildReport(store.db, { ...common, lang: 'en', thousands: true });
    const summary = city.sections[0]!.blocks.find((b) => b.kind === 'summaryTable');
    expect(summary?.caption).toBe('Binding towards the council (€ thousand)');
    expect(summary?.rows[0]?.printed.actual).toBe(-3_891);
  });

  it('gives the whole city with a summary of the binding lines, and interim titles', async () => {
    const doc = await buildReport(store.db, { ...common, lang: 'sv' });
    expect(doc.sections.map((s) => s.unitCode)).toEqual(['LOVISA', 'STK']);
    const summary = doc.sections[0]!.blocks.find((b) => b.kind === 'summaryTable');
    expect(summary?.rows).toHaveLength(1);
    expect(summary!.rows[0]).toMatchObject({
      unitCode: 'STK',
      unitName: 'Stadskanslicentralen',
      line: 'margin',
      breach: false,
      printed: { revised: -4_136_458, actual: -3_890_507, deviation: 245_951 },
    });

    const interim = await buildReport(store.db, {
      ...common,
      unitCode: 'STK',
      lang: 'sv',
      toMonth: 6,
      includeAreas: false,
    });
    expect(interim.sections.map((s) => s.unitCode)).toEqual(['STK']);
    expect(interim.title).toBe('Stadskanslicentralen — Delårsrapport 1–6/2023');
    expect(interim.footnotes.at(-1)).toMatch(/januari–6\/2023/);
    await expect(
      buildReport(store.db, { ...common, lang: 'sv', toMonth: 13 }),
    ).rejects.toMatchObject({ code: 'period.month' });
  });
});
