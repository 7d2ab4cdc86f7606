/**
 * What is signed stays true (issue 11): approving a unit's report freezes what it is built from
 * as a snapshot; a write that would change a frozen unit's figures is refused and leaves the
 * database as it was; a reopening (with a reason, audited) lets it in; the report of a frozen
 * unit prints the snapshot with its approval and hash, and `check` says where live data and a
 * snapshot differ. Both engines.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../../src/db/figures.js';
import type { Store } from '../../src/db/open.js';
import { systemActor } from '../../src/domain/access.js';
import { formatEuros } from '../../src/domain/format.js';
import { UtfallError } from '../../src/domain/errors.js';
import { errorMessage } from '../../src/i18n/errors.js';
import { translate } from '../../src/i18n/index.js';
import { buildReport } from '../../src/report/build.js';
import { renderHtml } from '../../src/report/html.js';
import { renderPdf } from '../../src/report/pdf.js';
import { runChecks } from '../../src/service/checks.js';
import { auditLog, changeState, setNarrative } from '../../src/service/content.js';
import { DEMO_MUNICIPALITY, DEMO_YEAR, loadDemo } from '../../src/service/demo.js';
import { undoImport } from '../../src/service/import-undo.js';
import { figuresReport } from '../../src/service/figures.js';
import { runImport } from '../../src/service/imports.js';
import { reportFor, snapshotsFor } from '../../src/service/reports.js';
import { unitPageFor } from '../../src/service/pages.js';
import { ENGINES } from '../support/engines.js';

const common = { municipalityId: DEMO_MUNICIPALITY, year: DEMO_YEAR };
const finance = systemActor('controller');
const folder = mkdtempSync(join(tmpdir(), 'utfall-freeze-'));
/** One more December booking on an ICT cost centre (accounting sign: a cost is positive). */
const ICT_DECEMBER = join(folder, 'ict-december.csv');
writeFileSync(
  ICT_DECEMBER,
  'Datum;Konto;Kostnadsställe;Belopp;Text\n28.12.2023;4320;120103;12345,00;Licenser december\n',
);
/** The same for a cost centre of STK-EKP, which is not frozen. */
const EKP_DECEMBER = join(folder, 'ekp-december.csv');
writeFileSync(
  EKP_DECEMBER,
  'Datum;Konto;Kostnadsställe;Belopp;Text\n28.12.2023;4320;130101;100,00;Kontorsmaterial\n',
);
/** STK-ICT renamed: an organisation change of the frozen unit. */
const ICT_RENAMED = join(folder, 'org-renamed.csv');
writeFileSync(
  ICT_RENAMED,
  'code,parent,kind,name_sv,name_fi,name_en\nSTK-ICT,STK,area,IT-tjänster,IT-palvelut,IT services\n',
);
/** A mapping that moves purchased services (43xx) to other costs. */
const SERVICES_MOVED = join(folder, 'mapping-moved.csv');
writeFileSync(
  SERVICES_MOVED,
  [
    'from,to,line',
    '3000,3199,sales',
    '3200,3299,fees',
    '3300,3399,grants',
    '3400,3599,otherRevenue',
    '4000,4299,personnel',
    '4300,4499,otherCosts',
    '4500,4699,materials',
    '4700,4799,subsidies',
    '4800,4999,otherCosts',
  ].join('\n') + '\n',
);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const ict = { ...common, unitCode: 'STK-ICT' };

describe.each(ENGINES)('frozen approvals on $name', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await engine.open();
    await loadDemo(store.db);
  });
  afterAll(async () => {
    await store.close();
  });

  const importDecember = (file: string) =>
    runImport(
      store.db,
      { ...common, kind: 'actuals', file, sign: 'accounting', append: true },
      finance,
    );
  const marginOf = async (unitCode: string) => {
    const doc = await buildReport(store.db, { ...common, unitCode, lang: 'sv' });
    const table = doc.sections[0]!.blocks.find((b) => b.kind === 'figureTable');
    if (table?.kind !== 'figureTable') throw new Error('no figure table');
    return table.rows.find((r) => r.line === 'margin')!.cells.actual;
  };

  it('refuses an import into an approved unit, names it and writes nothing; a reopening lets it in', async () => {
    const before = await marginOf('STK-ICT');
    await changeState(store.db, ict, 'submit', finance);
    await changeState(store.db, ict, 'approve', finance);
    const fingerprint = await snapshot(store.db, DEMO_MUNICIPALITY);

    // The dry run says beforehand that the import will be refused, and why.
    const dryRun = await runImport(
      store.db,
      { ...common, kind: 'actuals', file: ICT_DECEMBER, sign: 'accounting', dryRun: true },
      finance,
    );
    expect(dryRun.preview?.frozen).toEqual([{ unit: 'STK-ICT', period: 12, units: ['120103'] }]);

    const refused = await importDecember(ICT_DECEMBER).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UtfallError);
    const error = refused as UtfallError;
    expect(error.code).toBe('frozen.changed');
    expect(error.params.units).toBe('STK-ICT');
    const message = errorMessage(error, translate('sv'), 'api');
    expect(message).toContain('STK-ICT');
    expect(message).toContain('1–12');
    expect(message).toContain('Köp av tjänster');
    expect(message).toContain('utfall månad 12');
    expect(message).not.toMatch(/\$t\(|\{\{/);
    expect(await snapshot(store.db, DEMO_MUNICIPALITY)).toBe(fingerprint);
    expect(await marginOf('STK-ICT')).toBe(before);

    // An organisation or mapping change that touches the frozen unit is refused too.
    await expect(
      runImport(store.db, { ...common, kind: 'org', file: ICT_RENAMED }, finance),
    ).rejects.toMatchObject({ code: 'frozen.changedOther', params: { unit: 'STK-ICT' } });
    await expect(
      runImport(store.db, { ...common, kind: 'mapping', file: SERVICES_MOVED }, finance),
    ).rejects.toMatchObject({ code: 'frozen.changed', params: { units: 'STK-ICT' } });
    expect(await snapshot(store.db, DEMO_MUNICIPALITY)).toBe(fingerprint);

    // A unit outside the frozen one takes its import.
    const ekp = await importDecember(EKP_DECEMBER);
    expect(ekp.written).toBe(true);

    // Texts of the approved unit are frozen too, and those of its units' above it stay open.
    await expect(
      setNarrative(
        store.db,
        ict,
        { section: 'events', lang: 'sv', body: 'Ny text', baseVersion: null },
        finance,
      ),
    ).rejects.toMatchObject({ code: 'content.notEditable' });

    await changeState(store.db, ict, 'reopen', finance, 'Decemberfakturan saknades');
    const after = await importDecember(ICT_DECEMBER);
    expect(after.written).toBe(true);
    expect(await marginOf('STK-ICT')).toBe((before ?? 0) - 12_345_00);

    // Approved again, the import can no more be undone than another import can go in.
    await changeState(store.db, ict, 'submit', finance);
    await changeState(store.db, ict, 'approve', finance);
    const frozenAgain = await snapshot(store.db, DEMO_MUNICIPALITY);
    await expect(
      undoImport(store.db, finance, {
        municipalityId: DEMO_MUNICIPALITY,
        importId: after.importId!,
      }),
    ).rejects.toMatchObject({ code: 'frozen.changed', params: { units: 'STK-ICT' } });
    expect(await snapshot(store.db, DEMO_MUNICIPALITY)).toBe(frozenAgain);
    await changeState(store.db, ict, 'reopen', finance, 'Fel godkännande');

    // Every snapshot is kept: the first, released by the reopening, still prints as approved.
    const kept = await snapshotsFor(store.db, finance, { ...common, unitCode: 'STK-ICT' });
    expect(kept.map((k) => k.released?.reason)).toEqual([
      'Decemberfakturan saknades',
      'Fel godkännande',
    ]);
    const copy = await reportFor(store.db, finance, {
      ...common,
      lang: 'sv',
      format: 'document',
      snapshotId: kept[0]!.id,
    });
    expect(copy.unitCode).toBe('STK-ICT');
    expect(copy.document.approvals).toMatchObject([
      { snapshotId: kept[0]!.id, sha256: kept[0]!.sha256, released: { by: 'controller' } },
    ]);
    expect(copy.document.approvals[0]!.note).toContain('öppnades igen');
    const table = copy.document.sections[0]!.blocks.find((b) => b.kind === 'figureTable');
    expect(
      table?.kind === 'figureTable' && table.rows.find((r) => r.line === 'margin')?.cells.actual,
    ).toBe(before);
    await expect(
      reportFor(store.db, finance, { ...common, lang: 'sv', format: 'document', snapshotId: 999 }),
    ).rejects.toMatchObject({ code: 'snapshot.unknown' });

    const entries = await auditLog(store.db, DEMO_MUNICIPALITY, {
      entity: 'workflow',
      key: `${DEMO_YEAR}/STK-ICT`,
    });
    const reopen = entries.find((e) => e.action === 'reopen' && e.before === 'approved');
    expect(reopen?.after).toMatchObject({ state: 'draft', reason: 'Decemberfakturan saknades' });
    const approve = entries.find((e) => e.action === 'approve');
    expect(approve?.after).toMatchObject({ state: 'approved', period: 12 });
  });

  it('prints an approved report from its snapshot with the approval date and hash, and check tells where live data differs', async () => {
    const stk = { ...common, unitCode: 'STK' };
    await changeState(store.db, stk, 'submit', finance);
    await changeState(store.db, stk, 'approve', finance);
    await changeState(store.db, stk, 'lock', finance);
    const frozenMargin = await marginOf('STK-ICT');
    const { rows } = await sql<{ sha256: string }>`
      select sha256 from report_snapshot
      where municipality_id = ${DEMO_MUNICIPALITY} and unit_code = 'STK' and released_at is null
    `.execute(store.db);
    const sha256 = rows[0]!.sha256;
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    // The pages say so: STK shows its approval, and STK-ICT is frozen by STK's.
    const stkPage = await unitPageFor(store.db, finance, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK');
    expect(stkPage.approval).toMatchObject({ approvedBy: 'controller', sha256 });
    const ictPage = await unitPageFor(store.db, finance, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK-ICT');
    expect(ictPage.frozenBy).toEqual({ code: 'STK', state: 'locked' });
    expect(ictPage.editable).toBe(false);
    expect(ictPage.actions).not.toContain('submit');
    await expect(changeState(store.db, ict, 'submit', finance)).rejects.toMatchObject({
      code: 'content.notEditable',
      params: { unit: 'STK' },
    });

    // Live data changed behind Utfall's back (no writer of Utfall's can do it): the report
    // still prints what was approved, and check says where live data now differs.
    await sql`
      update actual set amounts[12] = amounts[12] + 100000
      where municipality_id = ${DEMO_MUNICIPALITY} and unit_code = '120103' and account = '4320'
    `.execute(store.db);
    expect(await marginOf('STK-ICT')).toBe(frozenMargin);
    // `report --format json` (the figures contract) too.
    const figures = await figuresReport(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, 'STK-ICT');
    expect(figures.lines.find((l) => l.code === 'margin')?.actual).toBe(frozenMargin);

    for (const lang of ['sv', 'fi'] as const) {
      const doc = await buildReport(store.db, { ...common, unitCode: 'STK', lang });
      expect(doc.approvals.map((a) => a.sha256)).toEqual([sha256]);
      const pdf = join(folder, `stk-${lang}.pdf`);
      writeFileSync(pdf, await renderPdf(renderHtml(doc), doc.title));
      const text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' });
      expect(text.replace(/\s+/g, '')).toContain(sha256);
      expect(text).toContain(lang === 'sv' ? 'godkänd' : 'hyväksytty');
      expect(text).toMatch(/\d{1,2}\.\d{1,2}\.20\d\d/);
      // The snapshot's figures, not the live ones (live has 1 000 € more costs in STK-ICT).
      const digits = (t: string) => t.replace(/[\s\u00a0\u202f]/g, '');
      expect(digits(text)).toContain(digits(formatEuros(frozenMargin, lang)));
      expect(digits(text)).not.toContain(digits(formatEuros((frozenMargin ?? 0) + 100_000, lang)));
    }

    const findings = await runChecks(store.db, DEMO_MUNICIPALITY, DEMO_YEAR);
    const differs = findings.filter((f) => f.rule === 'snapshot.differs');
    expect(differs.map((f) => f.unitCode)).toEqual(['STK']);
    // A snapshot altered behind Utfall's back no longer matches its hash: the report says so.
    await sql`update report_snapshot set data = replace(data, 'Stadskanslicentralen', 'X')
      where municipality_id = ${DEMO_MUNICIPALITY} and unit_code = 'STK'`.execute(store.db);
    const damaged = await buildReport(store.db, { ...common, unitCode: 'STK', lang: 'sv' });
    expect(damaged.approvals[0]!.note).toContain('VARNING');
    const checked = await runChecks(store.db, DEMO_MUNICIPALITY, DEMO_YEAR);
    expect(checked.find((f) => f.rule === 'snapshot.differs')?.detail).toContain('SHA-256 ≠');

    // A report approved before approvals froze (an earlier version) has no snapshot: check says so.
    await sql`insert into report_state (municipality_id, year, unit_code, period, state, changed_by)
      values (${DEMO_MUNICIPALITY}, ${DEMO_YEAR}, 'STK-EKP', 12, 'approved', 'old version')
      on conflict (municipality_id, year, unit_code, period) do update set state = 'approved'`.execute(
      store.db,
    );
    const missing = (await runChecks(store.db, DEMO_MUNICIPALITY, DEMO_YEAR)).filter(
      (f) => f.rule === 'snapshot.missing',
    );
    expect(missing.map((f) => f.unitCode)).toEqual(['STK-EKP']);

    // An import is refused as long as live data and the snapshot differ.
    await expect(importDecember(EKP_DECEMBER)).rejects.toMatchObject({ code: 'frozen.changed' });
  });
});
