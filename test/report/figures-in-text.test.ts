/**
 * Live figures in texts (issue 11): a narrative, a goal text and a goal indicator bound to a
 * figure print the data's current figures in sv, fi and en, in the report's HTML, PDF (read with
 * pdftotext) and DOCX (its document.xml); after another actuals import they print the new ones.
 * A placeholder of an unknown unit prints a visible marker. Proposed outcome sentences are only
 * in the preview. Needs Chromium and poppler-utils, as the PDF tests do.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import { systemActor } from '../../src/domain/access.js';
import { formatEuros, formatPercent } from '../../src/domain/format.js';
import { LANGUAGES, type Language } from '../../src/domain/lines.js';
import type { LineFigures } from '../../src/domain/model.js';
import { usePercent } from '../../src/domain/progress.js';
import { buildReport } from '../../src/report/build.js';
import type { FigureTableBlock, ReportDocument } from '../../src/report/document.js';
import { renderReport } from '../../src/report/render.js';
import { getNarratives, setNarrative } from '../../src/service/content.js';
import { DEMO_MUNICIPALITY, loadDemo } from '../../src/service/demo.js';
import { goals, updateGoal } from '../../src/service/goals.js';
import { unitPageFor } from '../../src/service/pages.js';
import { roundToEuros } from '../../src/domain/money.js';
import { runImport } from '../../src/service/imports.js';
import { ENGINES } from '../support/engines.js';

const actor = systemActor('test');
const common = { municipalityId: DEMO_MUNICIPALITY, year: 2023 };

/** The same sentence in each language, with live figures of STK-ICT and of an unknown unit. */
const BODY: Record<Language, string> = {
  sv: 'Verksamhetsbidraget blev {{figure STK-ICT margin actual}} euro, {{figure STK-ICT margin use}} av budgeten. Okänd: {{figure STK-XYZ margin actual}}.',
  fi: 'Toimintakate oli {{figure STK-ICT margin actual}} euroa, {{figure STK-ICT margin use}} talousarviosta. Tuntematon: {{figure STK-XYZ margin actual}}.',
  en: 'The margin was €{{figure STK-ICT margin actual}}, {{figure STK-ICT margin use}} of the budget. Unknown: {{figure STK-XYZ margin actual}}.',
};

/** Text with no-break spaces as plain spaces, as pdftotext and a reader see them. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

function marginOf(doc: ReportDocument, code: string): LineFigures {
  const table = doc.sections
    .find((s) => s.unitCode === code)
    ?.blocks.find((b): b is FigureTableBlock => b.kind === 'figureTable');
  const row = table?.rows.find((r) => r.line === 'margin');
  if (!row) throw new Error(`no margin for ${code}`);
  return { code: 'margin', ...row.cells };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'utfall-figures-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function pdfText(doc: ReportDocument): Promise<string> {
  const file = join(dir, `${doc.lang}-${Date.now()}.pdf`);
  writeFileSync(file, await renderReport(doc, 'pdf'));
  return plain(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }));
}

async function docxText(doc: ReportDocument): Promise<string> {
  const zip = await JSZip.loadAsync(await renderReport(doc, 'docx'));
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  return plain(xml.replace(/<w:p[ >][^]*?<\/w:p>/g, (p) => p.replace(/<[^>]+>/g, '') + '\n'));
}

describe.each(ENGINES)('live figures in texts on $name', (engine) => {
  let store: Store;
  /** STK-ICT's margin actual before the import, in cents. */
  let ictBefore = 0;
  beforeAll(async () => {
    store = await engine.open();
    await loadDemo(store.db);
    const scope = { ...common, unitCode: 'STK-ICT' };
    const stored = await getNarratives(store.db, scope);
    for (const lang of LANGUAGES) {
      const before = stored.find((n) => n.section === 'events' && n.lang === lang);
      await setNarrative(
        store.db,
        scope,
        { section: 'events', lang, body: BODY[lang], baseVersion: before?.version ?? null },
        actor,
      );
    }
    // STK's first goal with an indicator: bound to the central's margin, its outcome a live figure.
    const goal = (await goals(store.db, DEMO_MUNICIPALITY, 2023, 'STK')).find(
      (g) => g.indicators.length > 0,
    )!;
    await updateGoal(
      store.db,
      common,
      goal.id,
      {
        outcome: {
          sv: 'Verksamhetsbidraget: {{figure STK margin actual}} euro.',
          fi: 'Toimintakate: {{figure STK margin actual}} euroa.',
          en: 'Margin: €{{figure STK margin actual}}.',
        },
        indicators: [{ index: 0, figure: 'STK margin actual' }],
      },
      actor,
    );
  }, 60_000);
  afterAll(async () => {
    await store.close();
  });

  it(
    'prints the current figures in sv, fi and en in HTML, PDF and DOCX',
    { timeout: 120_000 },
    async () => {
      for (const lang of LANGUAGES) {
        const doc = await buildReport(store.db, { ...common, unitCode: 'STK', lang });
        const ict = marginOf(doc, 'STK-ICT');
        const stk = marginOf(doc, 'STK');
        const actual = plain(formatEuros(ict.actual, lang));
        const use = plain(formatPercent(usePercent(ict.actual, ict.revised), lang));
        // The demo's figures, as the seed prints them.
        expect(actual).toMatch(/^−9\d\d \d{3}$/);
        expect(use).toMatch(lang === 'en' ? /^\d+\.\d %$/ : /^\d+,\d %$/);
        const central = plain(formatEuros(stk.actual, lang));
        expect(central).toBe('−3 890 507');
        ictBefore = ict.actual!;
        const goalRow = doc.sections
          .find((s) => s.unitCode === 'STK')!
          .blocks.flatMap((b) => (b.kind === 'goalTable' ? b.rows : []))
          .find((r) => r.indicators.some((i) => i.figure));
        expect(plain(goalRow!.indicators[0]!.actual!)).toBe(central);
        // The unit page shows (and marks) the bound indicator by the live figure too.
        const page = await unitPageFor(store.db, actor, DEMO_MUNICIPALITY, 2023, 'STK');
        const bound = page.goals.flatMap((g) => g.indicators).find((i) => i.figure);
        expect(bound?.actual).toBe(String(roundToEuros(stk.actual!)));
        expect(plain(goalRow!.outcome)).toContain(central);
        const marker = { sv: 'okänd siffra', fi: 'tuntematon luku', en: 'unknown figure' }[lang];

        const html = plain((await renderReport(doc, 'html')) as string);
        const pdf = await pdfText(doc);
        const docx = await docxText(doc);
        for (const [format, text] of [
          ['html', html],
          ['pdf', pdf],
          ['docx', docx],
        ] as const) {
          const where = `${format} ${lang}`;
          expect(text, where).toContain(actual);
          expect(text, where).toContain(use);
          expect(text, where).toContain(`${marker}: STK-XYZ margin actual`);
          expect(text, where).not.toContain('{{figure');
          // The goal's outcome and its bound indicator: the central's margin.
          expect(text.split(central).length - 1, where).toBeGreaterThanOrEqual(2);
        }
      }
    },
  );

  it('prints the new figures after another actuals import', { timeout: 120_000 }, async () => {
    // 1 000 € more ICT costs in December (accounting sign: a cost is a debit, positive).
    const file = join(dir, `december-${engine.name}.csv`);
    writeFileSync(file, 'date;account;unit;amount\n29.12.2023;4320;120101;1000,00\n');
    const imported = await runImport(
      store.db,
      { ...common, kind: 'actuals', file, sign: 'accounting', append: true },
      actor,
    );
    expect(imported.problems).toEqual([]);
    expect(imported.written).toBe(true);
    const before = plain(formatEuros(ictBefore));
    const after = plain(formatEuros(ictBefore - 1000_00));
    for (const lang of LANGUAGES) {
      const doc = await buildReport(store.db, { ...common, unitCode: 'STK', lang });
      expect(plain(formatEuros(marginOf(doc, 'STK-ICT').actual, lang))).toBe(after);
      for (const format of ['html', 'docx'] as const) {
        const text =
          format === 'html'
            ? plain((await renderReport(doc, 'html')) as string)
            : await docxText(doc);
        expect(text, `${format} ${lang}`).toContain(after);
        expect(text, `${format} ${lang}`).not.toContain(before);
        expect(text, `${format} ${lang}`).toContain('−3 891 507');
      }
    }
    const pdf = await pdfText(
      await buildReport(store.db, { ...common, unitCode: 'STK', lang: 'fi' }),
    );
    expect(pdf).toContain(after);
    expect(pdf).not.toContain(before);
  });

  it('refuses to bind an indicator to a figure that names no line or column', async () => {
    const goal = (await goals(store.db, DEMO_MUNICIPALITY, 2023, 'STK')).find(
      (g) => g.indicators.length > 0,
    )!;
    for (const figure of ['STK profit actual', 'STK margin total', 'STK margin']) {
      await expect(
        updateGoal(store.db, common, goal.id, { indicators: [{ index: 0, figure }] }, actor),
      ).rejects.toMatchObject({ code: 'goal.badIndicatorFigure', params: { value: figure } });
    }
    // Unbinding gives the typed value back to the report.
    await updateGoal(
      store.db,
      common,
      goal.id,
      { indicators: [{ index: 0, figure: null }] },
      actor,
    );
    const unbound = (await goals(store.db, DEMO_MUNICIPALITY, 2023, 'STK')).find(
      (g) => g.id === goal.id,
    )!;
    expect(unbound.indicators[0]!.figure).toBeUndefined();
    expect(unbound.indicators[0]!.actual).toBe(goal.indicators[0]!.actual);
  });

  it('shows Utfall’s proposed outcome sentences only in the preview, marked', async () => {
    // STK-ADM has no written outcome comments.
    const final = await buildReport(store.db, { ...common, unitCode: 'STK', lang: 'sv' });
    const adm = final.sections.find((s) => s.unitCode === 'STK-ADM')!;
    expect(adm.blocks.filter((b) => b.kind === 'paragraph')).toEqual([]);
    expect(adm.blocks.some((b) => b.kind === 'heading' && /Kommentarer/.test(b.text))).toBe(false);
    const html = (await renderReport(final, 'html')) as string;
    expect(html).not.toContain('Förslag från Utfall');

    const preview = await buildReport(store.db, {
      ...common,
      unitCode: 'STK',
      lang: 'sv',
      proposals: true,
    });
    const proposed = preview.sections
      .find((s) => s.unitCode === 'STK-ADM')!
      .blocks.filter((b) => b.kind === 'paragraph');
    expect(proposed).toHaveLength(3);
    for (const block of proposed) {
      expect(block).toMatchObject({ proposal: true });
      expect(block.kind === 'paragraph' && block.text).toMatch(/^Förslag från Utfall/);
    }
    const previewHtml = (await renderReport(preview, 'html')) as string;
    expect(previewHtml).toContain('<p class="proposal">Förslag från Utfall');
    // The central's written comments stay as written, in the preview too.
    const stk = preview.sections.find((s) => s.unitCode === 'STK')!;
    expect(stk.blocks.filter((b) => b.kind === 'paragraph')).toEqual([]);
  });
});
