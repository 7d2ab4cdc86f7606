/** `utfall check`: findings on the stored data of a year. */
import type { Db } from '../db/db.js';
import { leafAmounts, unitCodesWithEntries, type StoredEntryKey } from '../db/figures.js';
import { listBindings, listUnits } from '../db/units.js';
import {
  bindingFindings,
  signFindings,
  unknownUnitFindings,
  unmappedFindings,
  type CheckFinding,
} from '../domain/checks.js';
import { unitFigures } from '../domain/figures.js';
import type { Language } from '../domain/lines.js';
import type { Binding, LeafAmounts, Unit } from '../domain/model.js';
import { buildReport } from '../report/build.js';
import { checkDocument, type DocumentCheck } from '../report/checks.js';
import { goalContradictions, goals, type StoredGoal } from './goals.js';
import { unitCodeLookup, withBoundActual } from '../domain/figure-refs.js';
import type { Actor } from '../domain/access.js';
import { requireRule } from './access.js';
import { snapshotFindings } from './freeze.js';
import { assertYear } from './tenant.js';
import { textCheckFindings } from './text-checks.js';

/** What the checks read of a year; a caller that has read it already passes it in. */
export interface StoredYear {
  units: Unit[];
  /** The whole year's (all twelve months). */
  leaves: LeafAmounts[];
  unmapped: StoredEntryKey[];
  bindings: Binding[];
  /** The year's key goals, when the caller has read them. */
  goals?: StoredGoal[];
}

export async function runChecks(
  db: Db,
  municipalityId: string,
  year: number,
  stored?: StoredYear,
): Promise<CheckFinding[]> {
  const units = stored?.units ?? (await listUnits(db, municipalityId, year));
  const { leaves, unmapped } = stored ?? (await leafAmounts(db, municipalityId, year));
  const bindings = stored?.bindings ?? (await listBindings(db, municipalityId, year));
  // Indicators bound to a figure are judged by the live figure.
  const codeOf = unitCodeLookup(units);
  const figuresOf = (written: string) => {
    const code = codeOf(written);
    return code === undefined ? null : unitFigures(units, code, leaves);
  };
  const found = goalContradictions(
    (stored?.goals ?? (await goals(db, municipalityId, year))).map((goal) => ({
      ...goal,
      indicators: goal.indicators.map((i) => withBoundActual(i, figuresOf)),
    })),
  );
  const contradictions: CheckFinding[] = found.map(({ goal, contradiction }) => ({
    rule: 'goal.contradiction',
    severity: 'error',
    unitCode: goal.unitCode,
    line: null,
    account: null,
    column: null,
    expected: null,
    found: null,
    source: null,
    goalId: goal.id,
    detail: `${contradiction.reason}: ${goal.status}; ${contradiction.indicators
      .map((i) => {
        const indicator = goal.indicators[i];
        return indicator
          ? `${indicator.name.sv ?? indicator.name.fi ?? indicator.name.en ?? i} ${indicator.operator} ${indicator.target}, ${indicator.actual ?? '—'}`
          : String(i);
      })
      .join('; ')}`,
  }));
  return [
    ...contradictions,
    ...unmappedFindings(unmapped),
    ...unknownUnitFindings(units, await unitCodesWithEntries(db, municipalityId, year)),
    ...signFindings(leaves),
    ...bindingFindings(bindings, (code) => unitFigures(units, code, leaves)),
    ...(await snapshotFindings(db, municipalityId, year)),
    ...(await textCheckFindings(db, municipalityId, year, units, leaves, stored?.goals)),
  ];
}

/** Builds the report of every central (with its areas) as Utfall renders it, and checks it. */
export async function checkRenderedReports(
  db: Db,
  municipalityId: string,
  year: number,
  lang: Language,
  additive: boolean,
): Promise<DocumentCheck & { units: string[] }> {
  const centrals = (await listUnits(db, municipalityId, year)).filter((u) => u.kind === 'central');
  const result: DocumentCheck & { units: string[] } = { tables: [], missing: [], units: [] };
  for (const central of centrals) {
    const doc = await buildReport(db, {
      municipalityId,
      year,
      unitCode: central.code,
      lang,
      additive,
    });
    const check = checkDocument(doc);
    result.tables.push(...check.tables);
    result.missing.push(...check.missing);
    result.units.push(central.code);
  }
  return result;
}

export interface ChecksOfYear {
  /** The checks on the stored data. */
  findings: CheckFinding[];
  /** The checks of the rendered reports, unless they were not asked for. */
  reports: (DocumentCheck & { units: string[] }) | null;
  /** The year's unit codes: the findings that name one of them can be linked to it. */
  unitCodes: string[];
}

/** Every check of a year, as `utfall check` and the checks page run them. */
export async function checksFor(
  db: Db,
  actor: Actor,
  municipalityId: string,
  year: number,
  options: { lang: Language; reports: boolean; additive: boolean },
): Promise<ChecksOfYear> {
  requireRule(actor, municipalityId, 'reader');
  await assertYear(db, municipalityId, year);
  const units = await listUnits(db, municipalityId, year);
  const findings = await runChecks(db, municipalityId, year);
  const reports = options.reports
    ? await checkRenderedReports(db, municipalityId, year, options.lang, options.additive)
    : null;
  return { findings, reports, unitCodes: units.map((u) => u.code) };
}
